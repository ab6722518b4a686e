"""On a phone (390×844): a resident proposes an initiative and adds a task for volunteers,
another resident signs up for it and claims hours (first too many, then right), and the leader
confirms them — one ledger action of volunteer hours."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from veche.accounts.factories import PASSWORD, grant_role, make_user
from veche.ledger.models import Action
from veche.registry.factories import make_person
from veche.territories.scoping import town_scope

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _login(page, base, email, next_path):
    # Through the login page: some of these pages are public and would not ask for it.
    page.goto(f"{base}/accounts/login/?next={next_path}")
    page.fill("input[name=username]", email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    expect(page).to_have_url(re.compile(re.escape(next_path)))


def test_initiative_volunteer_hours_on_a_phone(live_server, new_page, shot, town_data):
    town = town_data["town"]
    helper = make_user(email="helper@zarechny.ru", full_name="Пётр Помогаев")
    grant_role(helper, town, "resident")
    with town_scope(town):
        make_person(town, surname="Помогаев", given_name="Пётр", user=helper)
    base = live_server.url

    leader = new_page(width=390, height=844)
    _login(leader, base, "resident@zarechny.ru", "/t/zarechny/initiatives/new/")
    leader.get_by_role("button", name="Предложить").click()
    expect(leader.locator(".errorlist").first).to_be_visible()
    leader.fill("#id_title", "Сквер у школы №3")
    leader.fill("#id_goals", "Посадить деревья и поставить скамейки")
    leader.get_by_role("button", name="Предложить").click()
    expect(leader.locator("h1")).to_have_text("Сквер у школы №3")
    expect(leader.locator(".messages")).to_contain_text("Инициатива предложена")
    leader.get_by_role("button", name="Открыть набор участников").click()
    expect(leader.locator(".messages")).to_contain_text("Набор участников открыт")
    leader.get_by_role("link", name="Добавить задачу").click()
    leader.fill("#id_title", "Посадка деревьев")
    leader.fill("#id_volunteers_needed", "5")
    leader.fill("#id_hours_planned", "3")
    leader.get_by_role("button", name="Добавить задачу").click()
    expect(leader.locator("h1")).to_have_text("Посадка деревьев")
    initiative_url = leader.url
    shot(leader, "initiative-phone-leader")

    volunteer = new_page(width=390, height=844)
    _login(volunteer, base, "helper@zarechny.ru", "/t/zarechny/volunteer/")
    card = volunteer.locator("li.card", has_text="Посадка деревьев")
    card.get_by_role("button", name="Записаться волонтёром").click()
    expect(volunteer.locator(".messages")).to_contain_text("Вы записаны волонтёром")
    volunteer.get_by_role("link", name="Отметить часы").click()
    yesterday = (timezone.localdate() - dt.timedelta(days=1)).isoformat()
    volunteer.fill("#id_done_on", yesterday)
    volunteer.fill("#id_hours", "30")
    volunteer.get_by_role("button", name="Отправить организатору").click()
    expect(volunteer.locator(".errorlist")).to_contain_text("Нельзя указать больше 24 ч")
    volunteer.fill("#id_hours", "2,5")
    volunteer.get_by_role("button", name="Отправить организатору").click()
    expect(volunteer.locator(".messages")).to_contain_text("Часы отмечены")
    expect(volunteer.locator("main")).to_contain_text("ждёт подтверждения")
    shot(volunteer, "initiative-phone-volunteer")
    assert volunteer.evaluate("document.documentElement.scrollWidth") <= 390

    leader.goto(initiative_url)
    expect(leader.locator("main")).to_contain_text("Помогаев")
    leader.get_by_role("button", name="Подтвердить").first.click()
    expect(leader.locator(".messages")).to_contain_text("Часы подтверждены и учтены")
    shot(leader, "initiative-phone-confirmed")
    with town_scope(town):
        action = Action.objects.get(kind="volunteer_hours")
    assert action.weight == 2.5 and action.object_type == "events.initiative"
