"""Fixtures of the votes pages: a town with a district, a resident with a registry person, staff,
a moderator, and votes of every kind made through the core's factories."""

import datetime as dt

import pytest

from tests.web.helpers import login
from veche.accounts.factories import add_totp, grant_role, make_user
from veche.registry.factories import make_person
from veche.registry.models import VerificationLevel
from veche.territories.factories import make_district, make_topic
from veche.territories.scoping import town_scope
from veche.votes.factories import make_vote


@pytest.fixture
def vt(town, resident_user):
    """The town's scope stays open for the whole test (the pages open their own per request)."""
    with town_scope(town):
        north = make_district(town, "Северный", population_14_plus=4000)
        topic = make_topic(town, "Дворы")
        me = make_person(town, surname="Жителева", given_name="Мария", patronymic="Ивановна",
                         user=resident_user, district=north, birth_date=dt.date(1950, 3, 1),
                         verification=VerificationLevel.EMAIL)
        for i in range(3):
            make_person(town, surname=f"Соседов{'абв'[i]}", given_name="Пётр", district=north)
        yield {"town": town, "north": north, "topic": topic, "me": me,
               "user": resident_user}


@pytest.fixture
def vote_factory(vt):
    def make(**kw):
        kw.setdefault("min_age", 14)
        return make_vote(vt["town"], **kw)
    return make


@pytest.fixture
def resident(client, resident_user):
    return login(client, resident_user, verified=False)


@pytest.fixture
def staff(client, staff_user):
    return login(client, staff_user)


@pytest.fixture
def moderator(client, town):
    user = make_user(email="moderator@zarechny.ru", full_name="Модератор Голосований")
    grant_role(user, town, "moderator")
    return login(client, user)  # moderators pass the second factor (SECOND_FACTOR_ROLES)


@pytest.fixture
def head_user(town):
    user = make_user(email="head@zarechny.ru", full_name="Глава Города")
    grant_role(user, town, "head")
    add_totp(user)
    return user


def url(town, name, *args):
    from django.urls import reverse

    return reverse(f"web:{name}", args=[town.slug, *args])


def options_of(vote):
    return list(vote.options.order_by("order", "id"))
