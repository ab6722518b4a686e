"""The foundation's browser test: staff log in with password + TOTP, search the registry, open a
person card and see the ledger chart; a resident withdraws a consent and sees it withdrawn."""

import re

import pytest
from django_otp.oath import totp
from playwright.sync_api import expect

from veche.accounts.factories import PASSWORD
from veche.registry.consent import has_consent
from veche.registry.models import CardAccess
from veche.territories.scoping import town_scope

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def code_for(device) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def test_staff_log_in_with_totp_search_open_card_and_see_ledger_chart(
        live_server, new_page, shot, town_data):
    page = new_page()
    page.goto(f"{live_server.url}/t/zarechny/office/registry/")
    # Not logged in: the login page, then the second factor, then back to the registry.
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    page.fill("input[name=username]", "staff@zarechny.ru")
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    expect(page).to_have_url(re.compile(r"/accounts/otp/"))
    page.fill("input[name=code]", code_for(town_data["device"]))
    page.locator("main form button[type=submit]").first.click()
    expect(page).to_have_url(re.compile(r"/t/zarechny/office/registry/"))
    expect(page.locator("h1")).to_have_text("Реестр жителей")

    # Live search (htmx): typing narrows the table without a page load.
    page.fill("#id_q", "петр")
    expect(page.locator("#registry-count")).to_contain_text("Найдено: 1")
    expect(page.locator("#registry-results")).not_to_contain_text("Сидорова")
    shot(page, "staff-registry-search")

    page.get_by_role("link", name="Петров Пётр Ильич").click()
    expect(page.locator("h1")).to_have_text("Петров Пётр Ильич")
    expect(page.locator("#person-chart svg")).to_be_visible()
    with town_scope(town_data["town"]):
        assert CardAccess.objects.filter(person=town_data["petrov"],
                                         viewer=town_data["staff"]).count() == 1
    shot(page, "staff-person-card")

    page.get_by_role("navigation", name="Разделы администрации").get_by_role(
        "link", name="Реестр действий").click()
    chart = page.locator("#ledger-chart svg")
    expect(chart).to_be_visible()
    assert chart.locator("rect.bar").count() == 12
    expect(page.locator(".actions-table")).to_contain_text("Петров Пётр Ильич")
    shot(page, "staff-ledger")


def test_resident_withdraws_a_consent_and_sees_it_withdrawn(live_server, new_page, shot,
                                                            town_data):
    page = new_page(width=390, height=844)     # a phone
    page.goto(f"{live_server.url}/t/zarechny/cabinet/")
    page.fill("input[name=username]", "resident@zarechny.ru")
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    expect(page).to_have_url(re.compile(r"/t/zarechny/cabinet/"))

    row = page.locator("#consent-messages-email")
    expect(row).to_contain_text("дано")
    row.get_by_role("button", name=re.compile("Отозвать")).click()
    expect(row).to_contain_text("отозвано")
    with town_scope(town_data["town"]):
        assert not has_consent(town_data["me"], "messages", "email")
    shot(page, "resident-consent-withdrawn")
    # Giving it again: the wording and its version are shown first, then agreed to.
    row.get_by_text("Дать согласие").click()
    expect(row).to_contain_text("Текст согласия, версия 1")
    row.get_by_role("button", name=re.compile("Согласен, даю согласие")).click()
    expect(row).to_contain_text("дано")
    with town_scope(town_data["town"]):
        assert has_consent(town_data["me"], "messages", "email")
    row.get_by_role("button", name=re.compile("Отозвать")).click()
    expect(row).to_contain_text("отозвано")

    page.reload()
    expect(page.locator("#consent-messages-email")).to_contain_text("отозвано")
