"""Fixtures for API tests: a town with a registry and a ledger, callers of every kind."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from tests.web.helpers import login as session_login
from veche.accounts.factories import grant_role, make_user
from veche.accounts.tokens import api_token_create
from veche.ledger.services import action_record
from veche.registry.factories import make_person
from veche.registry.models import Segment
from veche.territories.factories import make_building, make_district, make_topic
from veche.territories.scoping import town_scope


def login_client(user, *, verified: bool = False, **client_options) -> Client:
    """A client logged in through the session; `verified` also marks the TOTP step as passed,
    as django-otp's login does after a correct code."""
    return session_login(Client(**client_options), user, verified=verified)


@pytest.fixture
def login():
    return login_client


@pytest.fixture
def bearer():
    return lambda key: {"HTTP_AUTHORIZATION": f"Bearer {key}"}


@pytest.fixture
def town_data(town):
    """Two districts, a building, a segment, a topic, three persons and their actions."""
    with town_scope(town):
        centre = make_district(town, "Центральный")
        north = make_district(town, "Северный")
        building = make_building(town, centre, street="ул. Ленина", house="5")
        veterans = Segment.objects.create(territory=town, code="veteran", name="Ветераны")
        topic = make_topic(town, "Благоустройство")
        anna = make_person(town, surname="Смирнова", given_name="Анна", patronymic="Ильинична",
                           phone="+79121234567", email="anna@example.ru", district=centre,
                           building=building, apartment="12", segments=[veterans])
        boris = make_person(town, surname="Кузнецов", given_name="Борис", district=north)
        vera = make_person(town, surname="Смирнова", given_name="Вера", district=north)
        now = timezone.now()
        action_record(person=anna, kind="ballot", topic=topic,
                      occurred_at=now - dt.timedelta(days=3))
        action_record(person=anna, kind="comment", occurred_at=now - dt.timedelta(days=40))
        action_record(person=boris, kind="appeal", occurred_at=now - dt.timedelta(days=200))
    return {"centre": centre, "north": north, "building": building, "veterans": veterans,
            "topic": topic, "anna": anna, "boris": boris, "vera": vera}


@pytest.fixture
def staff_client(staff_user):
    return login_client(staff_user, verified=True)


@pytest.fixture
def staff_token(staff_user):
    return api_token_create(user=staff_user, name="Интеграция")[1]


@pytest.fixture
def user_with_role(town):
    def make(role: str, territory=None, **kw):
        user = make_user(**kw)
        grant_role(user, territory or town, role)
        return user
    return make
