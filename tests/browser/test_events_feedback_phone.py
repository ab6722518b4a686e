"""On a phone (390 px): a resident opens an event's feedback link, answers, sees thanks; sending
the same form again says «уже ответили»; staff open the results page and the criteria."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.test_accessibility import log_in
from veche.events.models import Event, Registration
from veche.events.services.feedback import questionnaire_create
from veche.territories.scoping import town_scope

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_resident_answers_on_a_phone_and_staff_read_results(live_server, new_page, shot,
                                                           town_data):
    town = town_data["town"]
    start = timezone.now() - dt.timedelta(hours=3)
    with town_scope(town):
        event = Event.objects.create(
            territory=town, kind="public", title="Встреча о дворах", status="held",
            organiser_kind="administration", venue_kind="public", starts_at=start,
            ends_at=start + dt.timedelta(hours=2))
        Registration.objects.create(territory=town, event=event, person=town_data["me"],
                                    checked_in_at=start)
        form = questionnaire_create(event=event)
    url = f"{live_server.url}/t/zarechny/f/{form.slug}/?src=qr"

    page = new_page(width=390, height=844)
    log_in(page, live_server.url, "resident@zarechny.ru")
    page.goto(url)
    expect(page.locator("h1")).to_contain_text("Обратная связь")
    page.get_by_label("4", exact=True).check()
    page.get_by_label("Что вам понравилось?").fill("Ответили на вопросы о парковке")
    page.get_by_label(re.compile("Что бы вы предложили")).fill("Сделать парковку у школы")
    page.get_by_label("Да, хочу помочь").check()
    page.get_by_role("button", name="Отправить ответы").click()
    expect(page.locator("#feedback-thanks")).to_contain_text("Ваши ответы приняты")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shot(page, "events-feedback-phone-thanks")

    page.goto(url)
    expect(page.locator("#feedback-refusal")).to_contain_text("Вы уже ответили на эту анкету")
    shot(page, "events-feedback-phone-again")

    staff = new_page(width=390, height=844)
    log_in(staff, live_server.url, "staff@zarechny.ru", town_data["device"])
    staff.goto(f"{live_server.url}/t/zarechny/office/events/{event.pk}/feedback/results/")
    expect(staff.locator("h1")).to_have_text("Итоги анкеты")
    expect(staff.locator("main")).to_contain_text("Сделать парковку у школы")
    expect(staff.locator("main")).to_contain_text("ответов на анкету")
    shot(staff, "events-feedback-phone-results")
    staff.goto(f"{live_server.url}/t/zarechny/office/events/{event.pk}/criteria/")
    staff.get_by_role("button", name="Добавить рекомендуемые").click()
    expect(staff.locator("#scorecard-overall")).to_contain_text("из 3 критериев выполнены")
