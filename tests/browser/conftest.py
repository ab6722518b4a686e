"""Real headless Chromium (Debian's /usr/bin/chromium) driven by Playwright against pytest-django's
live_server. Never downloads a browser; `make test` installs chromium when it is missing."""

import datetime as dt
import os
from pathlib import Path

import pytest
from django.utils import timezone

from veche.accounts.factories import add_totp, grant_role, make_user
from veche.ledger.services import action_record
from veche.registry.consent import consent_grant
from veche.registry.factories import make_person
from veche.registry.models import ConsentPurpose, ConsentText
from veche.territories.factories import make_district, make_town
from veche.territories.scoping import all_towns, town_scope

# Playwright's sync API runs an event loop in this thread; Django's ORM calls made by the test
# itself (creating data, checking the database) are still synchronous and safe here.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "browser"


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Нет {CHROMIUM}: установите пакет chromium (apt-get install chromium).")
    from django.urls import get_resolver
    from playwright.sync_api import sync_playwright

    # The first request would import the whole URLconf (the API routers pull in scikit-learn):
    # many seconds on a busy machine, past a page's 10-second timeout. Import it here, once.
    assert get_resolver().url_patterns
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def new_page(browser):
    """Pages in fresh Russian-locale contexts (separate cookies per user)."""
    contexts = []

    def make(width: int = 1280, height: int = 900):
        context = browser.new_context(locale="ru-RU", viewport={"width": width, "height": height})
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def shot():
    ARTIFACTS.mkdir(parents=True, exist_ok=True)

    def save(page, name: str):
        page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)

    return save


@pytest.fixture
def ledger_rows_removable(transactional_db):
    """A transactional test ends by emptying every table. On SQLite that is a DELETE, which the
    ledger's append-only trigger refuses; remove this test's ledger rows with the trigger lifted
    for a moment, then put the trigger back so that other tests still run against it.
    (PostgreSQL empties tables with TRUNCATE, which the row trigger does not see.)"""
    yield
    from django.db import connection

    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT sql FROM sqlite_master WHERE type = 'trigger' "
                       "AND name = 'ledger_action_no_delete'")
        row = cursor.fetchone()
        if row is None:
            return
        cursor.execute("DROP TRIGGER ledger_action_no_delete")
        cursor.execute("DELETE FROM ledger_action")
        cursor.execute(row[0])


@pytest.fixture
def town_data(transactional_db, ledger_rows_removable):
    # A transactional test flushes the tables after itself, data migrations included.
    for purpose in ConsentPurpose.values:
        ConsentText.objects.get_or_create(purpose=purpose, version=1,
                                          defaults={"text": f"Согласие: {purpose}"})
    with all_towns():
        town = make_town(slug="zarechny", name="Заречный")
    staff = make_user(email="staff@zarechny.ru", full_name="Ольга Сотрудникова")
    grant_role(staff, town, "staff")
    device = add_totp(staff)
    resident = make_user(email="resident@zarechny.ru", full_name="Мария Жителева")
    grant_role(resident, town, "resident")
    with town_scope(town):
        north = make_district(town, "Северный")
        petrov = make_person(town, surname="Петров", given_name="Пётр", patronymic="Ильич",
                             district=north)
        make_person(town, surname="Сидорова", given_name="Анна", patronymic="")
        me = make_person(town, surname="Жителева", given_name="Мария", patronymic="",
                         user=resident)
        for months_ago in range(6):
            action_record(person=petrov, kind="ballot",
                          occurred_at=timezone.now() - dt.timedelta(days=30 * months_ago + 1))
        consent_grant(person=me, purpose="messages", channel="email")
    return {"town": town, "staff": staff, "device": device, "petrov": petrov, "me": me}
