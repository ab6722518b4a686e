"""Thirty simultaneous sends of one appeal make one appeal: the resident's form (its hidden
key), the API with an Idempotency-Key and the API without one (the same words).

On PostgreSQL the threads really race (the author's row lock decides); SQLite has one writer at
a time, and the test database is shared in memory, so there a lock stands for that (as in
test_appeals_numbering.py) and the test checks the same outcome one send after another."""

import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from tests.browser.conftest import ledger_rows_removable  # noqa: F401 - fixture
from tests.web.helpers import login
from veche.accounts.factories import grant_role, make_user
from veche.accounts.models import Role
from veche.appeals.models import Appeal
from veche.ledger.models import Action
from veche.registry.factories import make_person
from veche.territories.factories import make_town
from veche.territories.scoping import all_towns, town_scope

pytestmark = pytest.mark.django_db(transaction=True)
SENDS = 30
TEXT = "Во дворе дома 7 по ул. Ленина третий день не горит фонарь."
KEY = "0b8f6c3e2a7d4e1f9c5b3a2d1e0f4a6b"


def _race(send) -> list:
    """Run `send()` in SENDS threads released together; the responses' status codes."""
    start = threading.Barrier(SENDS)
    serial = threading.Lock() if connection.vendor == "sqlite" else None
    codes: list = []

    def work():
        try:
            start.wait()
            if serial:
                with serial:
                    codes.append(send())
            else:
                codes.append(send())
        except Exception as exc:  # noqa: BLE001 - reported by the caller's assert
            codes.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=work) for _ in range(SENDS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return codes


@pytest.fixture
def resident(ledger_rows_removable):  # noqa: F811
    with all_towns():
        town = make_town(slug="zarechny", name="Заречный")
    user = make_user(email="zhitel@zarechny.ru", full_name="Жителева Мария")
    grant_role(user, town, Role.RESIDENT)
    with town_scope(town):
        make_person(town, surname="Жителева", given_name="Мария", email="zhitel@zarechny.ru",
                    user=user)
    return town, user


def _one_appeal(town) -> None:
    with town_scope(town):
        assert Appeal.objects.count() == 1
        assert Action.objects.filter(kind="appeal").count() == 1


@pytest.mark.parametrize("with_key", [True, False], ids=["idempotency-key", "same-words"])
def test_thirty_simultaneous_api_sends_make_one_appeal(resident, with_key):
    town, user = resident
    headers = {"HTTP_IDEMPOTENCY_KEY": KEY} if with_key else {}
    clients = [login(Client(), user, verified=False) for _ in range(SENDS)]
    it = iter(clients)
    lock = threading.Lock()

    def send():
        with lock:
            client = next(it)
        return client.post(f"/api/v1/t/{town.slug}/my/appeals/",
                           {"text": TEXT, "reply_email": "zhitel@zarechny.ru"},
                           content_type="application/json", **headers).status_code

    codes = _race(send)
    assert sorted(codes) == [200] * (SENDS - 1) + [201], codes
    _one_appeal(town)


def test_thirty_simultaneous_sends_of_one_form_make_one_appeal(resident):
    town, user = resident
    url = reverse("web:appeals_new", args=[town.slug])
    clients = [login(Client(), user, verified=False) for _ in range(SENDS)]
    it = iter(clients)
    lock = threading.Lock()
    data = {"text": TEXT, "surname": "Жителева", "given_name": "Мария",
            "reply_email": "zhitel@zarechny.ru", "submission_key": KEY}

    def send():
        with lock:
            client = next(it)
        response = client.post(url, data)
        return response.status_code, response.get("Location")

    results = _race(send)
    assert all(isinstance(r, tuple) and r[0] == 302 for r in results), results
    # Every send lands on the one appeal's page.
    assert len({location for _, location in results}) == 1
    _one_appeal(town)
