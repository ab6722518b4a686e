"""axe-core (WCAG 2.1 A/AA rules plus best practices) over the main pages of every audience,
in real Chromium: contrast, labels, landmarks, names of buttons and links, ARIA use."""

import json
from pathlib import Path

import pytest
from django_otp.oath import totp

from veche.accounts.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
AXE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text(encoding="utf-8")
RULES = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]


def violations(page) -> list[dict]:
    # Evaluated through the DevTools protocol: an inline <script> would be (rightly) refused by
    # the pages' Content-Security-Policy.
    page.evaluate(AXE)
    return page.evaluate(
        """async (tags) => (await axe.run(document, {runOnly: tags})).violations.map(
               v => ({id: v.id, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))""",
        RULES,
    )


def log_in(page, base, email, device=None):
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    if device is not None:
        page.fill("input[name=code]", f"{totp(device.bin_key, step=device.step, t0=device.t0):06d}")
        page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()


def check(page, url, found):
    page.goto(url)
    bad = violations(page)
    if bad:
        found[url] = bad


def test_main_pages_pass_axe(live_server, new_page, town_data):
    base, found = live_server.url, {}
    public = new_page(width=390, height=844)
    for path in ("/", "/t/zarechny/", "/t/zarechny/topics/", "/t/nowhere/", "/accounts/login/"):
        check(public, base + path, found)

    resident = new_page(width=390, height=844)
    log_in(resident, base, "resident@zarechny.ru")
    for path in ("/t/zarechny/cabinet/", "/t/zarechny/cabinet/erase/"):
        check(resident, base + path, found)

    staff = new_page()
    log_in(staff, base, "staff@zarechny.ru", town_data["device"])
    person = town_data["petrov"].pk
    for path in ("", "registry/", f"registry/{person}/", "registry/new/", "ledger/",
                 "access-log/", "topics/"):
        check(staff, f"{base}/t/zarechny/office/{path}", found)
    # A rejected form: error summary, invalid fields and their messages.
    staff.goto(f"{base}/t/zarechny/office/registry/new/")
    staff.fill("#id_surname", "<b>")
    staff.fill("#id_phone", "123")
    staff.get_by_role("button", name="Сохранить").click()
    assert "Запись не сохранена" in staff.content()
    bad = violations(staff)
    if bad:
        found["registry/new (errors)"] = bad

    assert not found, json.dumps(found, ensure_ascii=False, indent=1)
