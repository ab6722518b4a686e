"""At a head meeting, staff record a question on a phone: a mistake keeps what was typed,
the fixed form gives an appeal with channel head_meeting and an assignment (minutes)."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from django_otp.oath import totp
from playwright.sync_api import expect

from veche.accounts.factories import PASSWORD
from veche.accounts.models import Department
from veche.appeals.meetings.factories import make_building_with_coords, make_meeting
from veche.appeals.models import Appeal
from veche.territories.scoping import town_scope

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _code(device) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def test_staff_record_a_question_at_the_meeting_on_a_phone(live_server, new_page, shot,
                                                           town_data):
    town = town_data["town"]
    with town_scope(town):
        yard = make_building_with_coords(town, street="ул. Победы", house="12")
        meeting = make_meeting(town, building=yard, days=0)
        Department.objects.create(territory=town, name="Отдел ЖКХ и благоустройства")
    page = new_page(width=390, height=844)
    page.goto(f"{live_server.url}/t/zarechny/office/meetings/{meeting.pk}/record/")
    page.fill("input[name=username]", "staff@zarechny.ru")
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    page.fill("input[name=code]", _code(town_data["device"]))
    page.locator("main form button[type=submit]").first.click()
    expect(page).to_have_url(re.compile(rf"/office/meetings/{meeting.pk}/record/"))
    expect(page.locator("h1")).to_contain_text("ул. Победы, 12")

    # The touch targets are big enough for a thumb.
    box = page.get_by_role("button", name="Записать вопрос").bounding_box()
    assert box["height"] >= 44 and box["width"] >= 300

    page.fill("#id_surname", "Кузнецова")
    page.fill("#id_given_name", "Нина Петровна")
    page.fill("#id_apartment", "14")
    page.get_by_role("button", name="Записать вопрос").click()
    expect(page.locator("#id_text_error")).to_be_visible()
    expect(page.locator("#id_surname")).to_have_value("Кузнецова")  # nothing typed is lost
    shot(page, "meetings-record-error")

    page.fill("#id_text", "Во дворе не горит фонарь у второго подъезда, вечером темно.")
    page.locator("summary", has_text="Поручение сразу").click()
    page.fill("#id_task", "Восстановить освещение у подъезда")
    page.select_option("#id_department", label="Отдел ЖКХ и благоустройства")
    page.fill("#id_deadline", (timezone.localdate() + dt.timedelta(days=10)).isoformat())
    page.get_by_role("button", name="Записать вопрос").click()
    expect(page.locator(".messages")).to_contain_text("Вопрос записан: обращение П-")
    expect(page.locator("#recent-questions")).to_contain_text("не горит фонарь")
    shot(page, "meetings-record-done")

    with town_scope(town):
        appeal = Appeal.objects.get()
        assert appeal.channel == "head_meeting" and appeal.source_ref == f"meeting:{meeting.pk}"
        assert appeal.assignments.get().task == "Восстановить освещение у подъезда"
