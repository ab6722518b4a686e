"""Fixtures of the feedback and criteria tests: Заречный with staff, two residents with logins
(registry persons), and an event held yesterday with three checked-in residents."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from tests.web.helpers import login
from veche.accounts.factories import grant_role, make_user
from veche.events.models import Event, Registration
from veche.registry.factories import make_person
from veche.territories.scoping import town_scope


def resident(town, email: str, surname: str):
    user = make_user(email=email, full_name=surname)
    grant_role(user, town, "resident")
    with town_scope(town):
        person = make_person(town, surname=surname, given_name="Анна", user=user, email=email)
    return user, person


@pytest.fixture
def anna(town):
    return resident(town, "anna@zarechny.ru", "Отзывова")


@pytest.fixture
def boris(town):
    return resident(town, "boris@zarechny.ru", "Предлагаев")


def make_event(town, *, kind="public", title="Встреча во дворе", days_ago=1, **extra) -> Event:
    day = timezone.localdate() - dt.timedelta(days=days_ago)
    start = timezone.make_aware(dt.datetime.combine(day, dt.time(18, 0)))
    with town_scope(town):
        return Event.objects.create(
            territory=town, kind=kind, title=title, status="held",
            organiser_kind=extra.pop("organiser_kind", "administration"),
            venue_kind="public", starts_at=start, ends_at=start + dt.timedelta(hours=2),
            **extra)


@pytest.fixture
def event(town, anna, boris):
    """Held yesterday; Anna, Boris and one more resident were checked in."""
    found = make_event(town)
    with town_scope(town):
        third = make_person(town, surname="Третьякова", given_name="Вера")
        for person in (anna[1], boris[1], third):
            Registration.objects.create(territory=town, event=found, person=person,
                                        checked_in_at=timezone.now())
    return found


@pytest.fixture
def as_user():
    def make(user, verified=True):
        return login(Client(), user, verified=verified)
    return make
