"""Fixtures of the initiatives, volunteers and speakers tests: a town with a leader, a
volunteer and staff, each a registry person with a login; an event of three hours."""

import datetime as dt

import pytest
from django.utils import timezone

from veche.accounts.factories import grant_role, make_user
from veche.events.models import Event
from veche.registry.factories import make_person
from veche.territories.scoping import town_scope


@pytest.fixture
def leader_user(town):
    user = make_user(email="leader@zarechny.ru", full_name="Лидер Группы")
    grant_role(user, town, "resident")
    with town_scope(town):
        make_person(town, surname="Лидерова", given_name="Анна", user=user,
                    email="leader@zarechny.ru")
    return user


@pytest.fixture
def volunteer_user(town):
    user = make_user(email="volunteer@zarechny.ru", full_name="Волонтёр Города")
    grant_role(user, town, "resident")
    with town_scope(town):
        make_person(town, surname="Помогаев", given_name="Пётр", user=user,
                    email="volunteer@zarechny.ru")
    return user


@pytest.fixture
def three_hour_event(town):
    """An event of the town held yesterday from 10:00 to 13:00."""
    day = timezone.localdate() - dt.timedelta(days=1)
    start = timezone.make_aware(dt.datetime.combine(day, dt.time(10, 0)))
    with town_scope(town):
        return Event.objects.create(
            territory=town, kind="subbotnik", title="Субботник в парке", status="held",
            organiser_kind="administration", venue_kind="outdoors", starts_at=start,
            ends_at=start + dt.timedelta(hours=3))
