"""Fixtures of the votes tests: a town with districts, residents of various ages and a vote."""

import datetime as dt

import pytest

from tests.api.conftest import bearer, staff_client, user_with_role  # noqa: F401 (fixtures)
from veche.registry.factories import make_person
from veche.registry.models import VerificationLevel
from veche.territories.factories import make_district, make_topic
from veche.territories.scoping import town_scope
from veche.votes.factories import make_vote


@pytest.fixture
def votes_town(town):
    """Town scope open for the test; two districts; a topic."""
    with town_scope(town):
        centre = make_district(town, "Центральный", population_14_plus=3000)
        north = make_district(town, "Северный", population_14_plus=2000)
        topic = make_topic(town, "Дворы")
        yield {"town": town, "centre": centre, "north": north, "topic": topic}


@pytest.fixture
def voter_factory(votes_town):
    n = [0]

    def make(*, born=dt.date(1980, 1, 1), verification=VerificationLevel.PHONE, district=None,
             **kw):
        n[0] += 1
        letters = "".join("абвгдежзиклмнопрстуфхцчшэюя"[int(c)] for c in str(n[0]))
        return make_person(votes_town["town"], surname=f"Голосов-{letters}", given_name="Иван",
                           birth_date=born, verification=verification,
                           district=district or votes_town["centre"], **kw)
    return make


@pytest.fixture
def vote_factory(votes_town):
    def make(**kw):
        return make_vote(votes_town["town"], **kw)
    return make


def opts(vote):
    return [o.pk for o in vote.options.order_by("order", "id")]


@pytest.fixture
def ledger_flushable(transactional_db):
    """Transactional tests end with a flush, which the ledger's append-only triggers refuse:
    this lifts the triggers for the cleanup of this test's rows only, then restores them."""
    yield
    import importlib

    from django.db import connection

    triggers = importlib.import_module("veche.ledger.migrations.0002_append_only_triggers")
    with connection.cursor() as c:
        if connection.vendor == "postgresql":
            c.execute("ALTER TABLE ledger_action DISABLE TRIGGER ledger_action_no_update")
            c.execute("DELETE FROM ledger_action")
            c.execute("ALTER TABLE ledger_action ENABLE TRIGGER ledger_action_no_update")
        else:
            c.execute("DROP TRIGGER IF EXISTS ledger_action_no_update")
            c.execute("DROP TRIGGER IF EXISTS ledger_action_no_delete")
            c.execute("DELETE FROM ledger_action")
            for sql in triggers.SQLITE:
                c.execute(sql)
