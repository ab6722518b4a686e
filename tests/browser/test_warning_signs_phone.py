"""On phones (390×844): the head opens the town's warning signs and reads a sign's evidence;
a curator opens the towns × signs table, sorts it by a sign and opens a town's sign."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from django_otp.oath import totp
from playwright.sync_api import expect

from veche.accounts.factories import PASSWORD, add_totp, grant_role, make_user
from veche.events.services.events import event_announce, event_create, event_mark_held
from veche.territories.scoping import town_scope

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


def test_head_and_curator_read_the_warning_signs_on_phones(live_server, new_page, shot,
                                                           town_data):
    town = town_data["town"]
    with town_scope(town):
        for n in range(4):
            start = timezone.now() - dt.timedelta(days=5 + n)
            event = event_create(territory=town, kind="official", title=f"Собрание {n + 1}",
                                 organiser_kind="administration", venue_kind="administration",
                                 starts_at=start, ends_at=start + dt.timedelta(hours=1))
            event_announce(event=event)
            event_mark_held(event=event, actual_participants=40)
    head_user = make_user(email="head@zarechny.ru", full_name="Глава Города")
    grant_role(head_user, town, "head")
    device = add_totp(head_user)

    head = new_page(width=390, height=844)
    head.goto(f"{live_server.url}/t/zarechny/office/signs/")
    _login(head, "head@zarechny.ru", device)
    expect(head).to_have_url(re.compile(r"/t/zarechny/office/signs/"))
    expect(head.locator("h1")).to_have_text("Тревожные признаки")
    card = head.locator("section[id='events.official_only']")
    expect(card).to_contain_text("тревога")
    expect(card).to_contain_text("4 из 4 мероприятий (100 %)")
    card.get_by_text("Что это значит и что делать").click()
    expect(card.locator("blockquote")).to_contain_text("исключительно в стенах")
    expect(card.get_by_role("link", name="Собрание 1")).to_be_visible()
    _fits_the_phone(head)
    shot(head, "warning-signs-head-phone")
    head.select_option("#signs-days", "90")
    head.get_by_role("button", name="Показать").click()
    expect(head).to_have_url(re.compile(r"days=90"))

    curator_user = make_user(email="curator@network.ru", full_name="Куратор Сети")
    grant_role(curator_user, town, "curator")
    curator_device = add_totp(curator_user)
    curator = new_page(width=390, height=844)
    curator.goto(f"{live_server.url}/curator/signs/")
    _login(curator, "curator@network.ru", curator_device)
    expect(curator).to_have_url(re.compile(r"/curator/signs/"))
    table = curator.locator("table.signs-table")
    expect(table).to_contain_text("Заречный")
    _fits_the_phone(curator)
    shot(curator, "warning-signs-curator-phone")
    curator.get_by_role("link", name="Мероприятия дают только списки участников").click()
    expect(curator).to_have_url(re.compile(r"sort=events.lists_only"))
    curator.locator("td.sign-cell a").first.click()
    expect(curator).to_have_url(re.compile(r"/curator/signs/zarechny/"))
    expect(curator.locator("h1")).to_contain_text("Заречный")
    _fits_the_phone(curator)
