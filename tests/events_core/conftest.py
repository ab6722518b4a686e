"""Fixtures of the events core tests: Заречный with staff, an enterprise representative, a
resident with a registry person, and an announced event that takes registration."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from tests.web.helpers import login
from veche.accounts.factories import add_totp, grant_role, make_user
from veche.accounts.models import Role
from veche.events.lifecycle import EVENT
from veche.events.models import OrganiserKind, VenueKind
from veche.events.services.events import event_create
from veche.registry.factories import make_person
from veche.territories.scoping import town_scope


def new_event(town, **over):
    now = timezone.now()
    fields = dict(kind="meeting", title="Встреча с жителями",
                  organiser_kind=OrganiserKind.ADMINISTRATION,
                  venue_kind=VenueKind.PUBLIC, venue_name="ДК «Современник»",
                  address="ул. Ленина, 1", starts_at=now - dt.timedelta(minutes=30),
                  ends_at=now + dt.timedelta(hours=2), registration_open=True, capacity=50)
    fields.update(over)
    return event_create(territory=town, **fields)


@pytest.fixture
def ew(town, other_town):
    """The events world."""
    with town_scope(town):
        staff = make_user(email="events-staff@zarechny.ru", full_name="Сотрудникова Анна")
        grant_role(staff, town, Role.STAFF)
        add_totp(staff)
        rep = make_user(email="rep@zarechny.ru", full_name="Предприятиев Пётр")
        grant_role(rep, town, Role.ENTERPRISE)
        resident = make_user(email="zhitel@zarechny.ru", full_name="Иванова Анна")
        grant_role(resident, town, Role.RESIDENT)
        me = make_person(town, surname="Иванова", given_name="Анна", patronymic="Петровна",
                         email="zhitel@zarechny.ru", user=resident)
        other = make_person(town, surname="Соседов", given_name="Иван")
        event = new_event(town)
        EVENT.run("announce", event, by=staff)
    with town_scope(other_town):
        far = make_person(other_town, surname="Озерская", given_name="Ольга")
        far_event = new_event(other_town, title="Озёрская встреча")
        EVENT.run("announce", far_event, by=None)
    return {"town": town, "other_town": other_town, "staff": staff, "rep": rep,
            "resident": resident, "me": me, "other": other, "event": event, "far": far,
            "far_event": far_event}


@pytest.fixture
def make_event():
    return new_event


@pytest.fixture
def as_user():
    def make(user, verified=True):
        return login(Client(), user, verified=verified)
    return make
