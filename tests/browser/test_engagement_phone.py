"""On phones (390×844): staff open the engagement dashboard, see the funnel and the cohort
table without the page scrolling sideways, and download the monthly PDF; a curator opens the
across-towns page and a town's funnel."""

import re

import pytest
from django_otp.oath import totp
from playwright.sync_api import expect

from veche.accounts.factories import PASSWORD, add_totp, grant_role, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _code(device) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def _login(page, email: str, device) -> None:
    page.fill("input[name=username]", email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    page.fill("input[name=code]", _code(device))
    page.locator("main form button[type=submit]").first.click()


def _fits_the_phone(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 392, f"the page scrolls sideways: {width}px"


def test_staff_dashboard_report_and_curator_on_phones(live_server, new_page, shot, town_data):
    staff = new_page(width=390, height=844)
    staff.goto(f"{live_server.url}/t/zarechny/office/engagement/")
    _login(staff, "staff@zarechny.ru", town_data["device"])
    expect(staff).to_have_url(re.compile(r"/t/zarechny/office/engagement/"))
    expect(staff.locator("h1")).to_have_text("Вовлечённость жителей")
    funnel = staff.locator("[data-funnel] li")
    expect(funnel).to_have_count(3)
    expect(funnel.first).to_contain_text("В реестре")
    expect(staff.locator("[data-cohorts] tbody tr")).to_have_count(12)
    _fits_the_phone(staff)
    shot(staff, "engagement-dashboard-phone")
    with staff.expect_download() as download:
        staff.get_by_role("button", name="Скачать PDF").click()
    assert download.value.suggested_filename.endswith(".pdf")
    assert open(download.value.path(), "rb").read(4) == b"%PDF"

    curator_user = make_user(email="curator@network.ru", full_name="Куратор Сети")
    grant_role(curator_user, town_data["town"], "curator")
    device = add_totp(curator_user)
    curator = new_page(width=390, height=844)
    curator.goto(f"{live_server.url}/curator/")
    _login(curator, "curator@network.ru", device)
    expect(curator).to_have_url(re.compile(r"/curator/$"))
    expect(curator.locator("table.curator-table")).to_contain_text("Заречный")
    _fits_the_phone(curator)
    curator.get_by_role("link", name="Воронка и когорты").click()
    expect(curator.locator("[data-cohorts]")).to_be_visible()
    expect(curator.locator("[data-funnel] li").nth(1)).to_contain_text("Хотя бы одно действие")
    _fits_the_phone(curator)
    shot(curator, "engagement-curator-phone")
