"""The Content-Security-Policy (settings.SECURE_CSP: scripts and styles only from the
installation, no inline script or style) breaks no page: Chromium reports no violation on the
public pages, the resident's and the staff's (after password and TOTP), and the pages still work
(htmx live search)."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.test_staff_flow import code_for
from veche.accounts.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PUBLIC = ["/", "/t/zarechny/", "/t/zarechny/topics/", "/t/zarechny/votes/",
          "/t/zarechny/meetings/", "/t/zarechny/problems/", "/t/zarechny/practices-running/",
          "/practices/", "/practices/matrix/", "/practices/similar/", "/accounts/login/",
          "/accounts/phone/", "/api/v1/docs"]
STAFF = ["/t/zarechny/office/", "/t/zarechny/office/population/", "/t/zarechny/office/registry/",
         "/t/zarechny/office/registry/imports/", "/t/zarechny/office/ledger/",
         "/t/zarechny/office/votes/", "/t/zarechny/office/votes/new/",
         "/t/zarechny/office/appeals/", "/t/zarechny/office/appeals/new/",
         "/t/zarechny/office/meetings/", "/t/zarechny/office/meetings/plan/",
         "/t/zarechny/office/meetings/figures/", "/t/zarechny/office/meetings/solutions/",
         "/t/zarechny/office/practices/", "/t/zarechny/office/practices/import/",
         "/t/zarechny/office/project/", "/t/zarechny/office/scorecard/"]


def _watched(page) -> list[str]:
    """Every CSP violation the page reports, from the DOM event and from the console."""
    seen: list[str] = []
    page.on("console", lambda m: seen.append(m.text)
            if "Content Security Policy" in m.text else None)
    page.add_init_script("""document.addEventListener('securitypolicyviolation', e =>
        console.error('Content Security Policy violation: ' + e.violatedDirective + ' '
                      + e.blockedURI + ' ' + e.sourceFile + ':' + e.lineNumber));""")
    return seen


def _visit(page, base: str, paths: list[str], seen: list[str]) -> None:
    for path in paths:
        response = page.goto(base + path, timeout=60_000)  # a shared CI machine can be slow
        assert response is not None and response.status < 400, path
        assert "script-src 'self'" in response.headers["content-security-policy"], path
        assert "camera=()" in response.headers["permissions-policy"], path
        page.wait_for_load_state("load")
        assert not seen, f"{path}: {seen}"


def test_public_pages_raise_no_csp_violation(live_server, new_page, town_data):
    page = new_page()
    seen = _watched(page)
    _visit(page, live_server.url, PUBLIC, seen)


def test_staff_pages_raise_no_csp_violation_and_htmx_still_works(live_server, new_page,
                                                                 town_data):
    page = new_page()
    seen = _watched(page)
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", "staff@zarechny.ru")
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    expect(page).to_have_url(re.compile(r"/accounts/otp/"))
    page.fill("input[name=code]", code_for(town_data["device"]))
    page.locator("main form button[type=submit]").first.click()
    expect(page).not_to_have_url(re.compile(r"/accounts/"))
    _visit(page, live_server.url, STAFF, seen)
    page.goto(f"{live_server.url}/t/zarechny/office/registry/")
    page.fill("#id_q", "петр")
    expect(page.locator("#registry-count")).to_contain_text("Найдено: 1")
    assert not seen, seen


def test_resident_pages_raise_no_csp_violation(live_server, new_page, town_data):
    page = new_page()
    seen = _watched(page)
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", "resident@zarechny.ru")
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))
    _visit(page, live_server.url, ["/t/zarechny/cabinet/", "/t/zarechny/appeals/new/",
                                   "/t/zarechny/cabinet/appeals/", "/t/zarechny/reception/"],
           seen)
