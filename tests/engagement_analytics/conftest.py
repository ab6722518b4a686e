"""Fixtures of the engagement analytics tests: Заречный with a year of actions by people who
came through different channels and events (one person at a meeting by QR, one at a subbotnik
through the bot, one through a vote on the web), staff, the head and a curator."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from tests.web.helpers import login
from veche.accounts.factories import add_totp, grant_role, make_user
from veche.events.models import Event, OrganiserKind, VenueKind
from veche.ledger.services import action_record
from veche.registry.factories import make_person
from veche.territories.factories import make_district
from veche.territories.scoping import town_scope


def months_ago(now: dt.datetime, months: int, day: int = 10) -> dt.datetime:
    """A moment `months` calendar months before `now`'s month, on `day` at noon."""
    local = timezone.localtime(now)
    year, month = local.year, local.month - months
    while month < 1:
        year, month = year - 1, month + 12
    return timezone.make_aware(dt.datetime(year, month, day, 12))


def make_event(town, kind: str, title: str) -> Event:
    now = timezone.now()
    return Event.objects.create(territory=town, kind=kind, title=title,
                                organiser_kind=OrganiserKind.ADMINISTRATION,
                                venue_kind=VenueKind.PUBLIC, starts_at=now, ends_at=now,
                                status="held")


@pytest.fixture
def eng(town, other_town):
    """Four persons of Заречный (one never acted), one of Озёрск."""
    now = timezone.now()
    with town_scope(town):
        town.population_total, town.population_14_plus = 40, 30
        town.save()
        north = make_district(town, "Северный", population_14_plus=20)
        meeting = make_event(town, "meeting", "Встреча во дворе")
        subbotnik = make_event(town, "subbotnik", "Субботник в парке")
        anna = make_person(town, surname="Аннина", given_name="Анна", district=north)
        boris = make_person(town, surname="Борисов", given_name="Борис", district=north)
        vera = make_person(town, surname="Верина", given_name="Вера")
        make_person(town, surname="Молчанов", given_name="Олег")
        # Анна: first at the meeting by QR two months ago, again last month and this month.
        action_record(person=anna, kind="feedback", object_type="events.event",
                      object_id=meeting.pk, source="qr", occurred_at=months_ago(now, 2))
        action_record(person=anna, kind="proposal", occurred_at=months_ago(now, 1))
        action_record(person=anna, kind="ballot", object_type="votes.vote", object_id=7,
                      occurred_at=months_ago(now, 0, day=1))
        # Борис: first at the subbotnik through the bot last month, once.
        action_record(person=boris, kind="volunteer_hours", object_type="events.event",
                      object_id=subbotnik.pk, source="bot", occurred_at=months_ago(now, 1))
        # Вера: a vote on the web two months ago, twice in the same month.
        action_record(person=vera, kind="ballot", object_type="votes.vote", object_id=7,
                      source="web", occurred_at=months_ago(now, 2, day=3))
        action_record(person=vera, kind="comment", object_type="votes.vote", object_id=7,
                      source="web", occurred_at=months_ago(now, 2, day=5))
    with town_scope(other_town):
        far = make_person(other_town, surname="Озерская", given_name="Ольга")
        action_record(person=far, kind="appeal", occurred_at=months_ago(now, 1))
    return {"town": town, "other_town": other_town, "now": now, "meeting": meeting,
            "subbotnik": subbotnik, "anna": anna, "boris": boris, "vera": vera}


@pytest.fixture
def staff_client(staff_user):
    return login(Client(), staff_user)


@pytest.fixture
def head_client(town):
    user = make_user(email="head@zarechny.ru", full_name="Глава Города")
    grant_role(user, town, "head")
    add_totp(user)
    return login(Client(), user)


@pytest.fixture
def curator_client(town, other_town):
    user = make_user(email="curator@network.ru", full_name="Куратор Сети")
    grant_role(user, town, "curator")
    grant_role(user, other_town, "curator")
    add_totp(user)
    return login(Client(), user)


@pytest.fixture
def resident_client(resident_user):
    return login(Client(), resident_user, verified=False)
