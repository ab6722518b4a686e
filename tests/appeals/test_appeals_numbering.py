"""Registration numbers under concurrency: parallel registrations in one town never share a
number and leave no gaps (PostgreSQL: the counter row's lock; SQLite serialises writers)."""

import threading

import pytest
from django.db import connection

from tests.browser.conftest import ledger_rows_removable  # noqa: F401 - fixture
from veche.accounts.factories import make_user
from veche.appeals.models import Appeal
from veche.appeals.services import appeal_create
from veche.registry.factories import make_person
from veche.territories.factories import make_town
from veche.territories.scoping import all_towns, town_scope

pytestmark = pytest.mark.django_db(transaction=True)
THREADS, EACH = 6, 4


def test_parallel_registrations_get_distinct_consecutive_numbers(ledger_rows_removable):  # noqa: F811
    with all_towns():
        town = make_town(slug="zarechny", name="Заречный")
    with town_scope(town):
        person = make_person(town, surname="Параллельный", given_name="Пётр",
                             email="p@example.ru")
    desk = make_user(email="desk@zarechny.ru")
    start = threading.Barrier(THREADS)
    # SQLite has one writer at a time (and the test database is shared in memory): the lock
    # stands for that; on PostgreSQL the threads really race for the counter row.
    serial = threading.Lock() if connection.vendor == "sqlite" else None
    errors = []

    def work():
        try:
            start.wait()
            for i in range(EACH):
                with town_scope(town):
                    if serial:
                        with serial:
                            _one(town, person, desk, i)
                    else:
                        _one(town, person, desk, i)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=work) for _ in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with town_scope(town):
        numbers = sorted(Appeal.objects.values_list("number", flat=True))
    year = numbers[0].split("-")[1]
    assert numbers == [f"П-{year}-{n:06d}" for n in range(1, THREADS * EACH + 1)]


def _one(town, person, desk, i):
    appeal_create(territory=town, channel="phone", applicant=person, text=f"Вопрос {i}",
                  reply_email="p@example.ru", created_by=desk, register=True)
