"""A resident on a phone files an appeal: a mistake keeps the draft, the fixed form gives a
registration number, and the appeal with its history is in the cabinet."""

import re

import pytest
from playwright.sync_api import expect

from veche.accounts.factories import PASSWORD
from veche.appeals.models import Appeal
from veche.territories.factories import make_topic
from veche.territories.scoping import town_scope

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_resident_files_an_appeal_on_a_phone(live_server, new_page, shot, town_data, tmp_path):
    with town_scope(town_data["town"]):
        make_topic(town_data["town"], "Освещение")
    page = new_page(width=390, height=844)
    page.goto(f"{live_server.url}/t/zarechny/appeals/new/")
    page.fill("input[name=username]", "resident@zarechny.ru")
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    expect(page).to_have_url(re.compile(r"/t/zarechny/appeals/new/"))
    # The registry person's surname is filled in; no e-mail or postal address yet.
    expect(page.locator("#id_surname")).to_have_value("Жителева")

    page.select_option("#id_topic", label="Освещение")
    page.fill("#id_text", "Третью неделю не горит фонарь у подъезда 2, вечером темно.")
    page.fill("#id_address_text", "ул. Ленина, 7")
    # Standing by the lamp post, the resident gives the point from the phone's location.
    page.context.grant_permissions(["geolocation"])
    page.context.set_geolocation({"latitude": 56.8123, "longitude": 60.6051})
    page.get_by_text("Точка на карте (необязательно)").click()
    page.get_by_role("button", name="Указать моё местоположение").click()
    expect(page.locator("#locate-status")).to_contain_text("Точка указана")
    expect(page.locator("#id_latitude")).to_have_value("56.812300")
    page.fill("#id_reply_email", "")
    photo = tmp_path / "fonar.txt"
    photo.write_text("это не фотография")
    page.set_input_files("#id_photos", str(photo))
    page.get_by_role("button", name="Отправить обращение").click()

    summary = page.locator("#error-summary")
    expect(summary).to_contain_text("не фотография")
    expect(summary).to_contain_text("59-ФЗ")
    # The draft is kept.
    expect(page.locator("#id_text")).to_have_value(re.compile("не горит фонарь"))
    expect(page.locator("#id_address_text")).to_have_value("ул. Ленина, 7")
    shot(page, "appeal-phone-errors")

    page.fill("#id_reply_email", "zhiteleva@example.ru")
    page.get_by_role("button", name="Отправить обращение").click()
    expect(page.locator("h1")).to_contain_text("Обращение П-")
    expect(page.locator(".messages")).to_contain_text("Обращение принято")
    expect(page.locator("main")).to_contain_text("поступило")
    shot(page, "appeal-phone-filed")

    with town_scope(town_data["town"]):
        appeal = Appeal.objects.get()
    assert appeal.channel == "web" and appeal.applicant == town_data["me"]
    assert appeal.reply_email == "zhiteleva@example.ru"
    assert (round(appeal.latitude, 4), round(appeal.longitude, 4)) == (56.8123, 60.6051)
    page.goto(f"{live_server.url}/t/zarechny/cabinet/appeals/")
    expect(page.locator("main")).to_contain_text(appeal.number)
