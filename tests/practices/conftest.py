"""Fixtures of the practices tests: the three real seed passports, towns in two regions,
verified staff of each town (the bank); a few persons, a curator and the head (projects and
the scorecard)."""

from pathlib import Path

import pytest

from tests.web.helpers import login
from veche.accounts.factories import add_totp, grant_role, make_user
from veche.accounts.models import Role
from veche.registry.factories import make_person
from veche.territories.factories import make_town
from veche.territories.models import Territory
from veche.territories.scoping import all_towns

SEEDS = Path(__file__).resolve().parents[1] / "fixtures" / "passports"


def seed_bytes(prefix: str) -> bytes:
    return next(SEEDS.glob(f"{prefix}_*.txt")).read_bytes()


@pytest.fixture
def seeds():
    return {p: seed_bytes(p) for p in ("001", "002", "003")}


@pytest.fixture
def far_town(db):
    """A town of another region, far away (not a neighbour of Заречный or Озёрск)."""
    with all_towns():
        t = make_town(slug="seversk", name="Северск")
        Territory.objects.filter(pk=t.pk).update(region="Томская область", latitude=56.60,
                                                    longitude=84.88)
        t.refresh_from_db()
        return t


@pytest.fixture
def staff_of():
    def make(town, email=None):
        user = make_user(email=email or f"staff@{town.slug}.ru", full_name="Сотрудник")
        grant_role(user, town, "staff")
        add_totp(user)
        from django.test import Client

        return user, login(Client(), user)

    return make


@pytest.fixture
def people(in_town):
    return [make_person(in_town, surname=s, given_name=g) for s, g in
            [("Петров", "Пётр"), ("Сидорова", "Анна"), ("Кузнецов", "Олег"),
             ("Орлова", "Мария")]]


@pytest.fixture
def curator(town, other_town):
    user = make_user(email="curator@network.ru", full_name="Куратор Сети")
    grant_role(user, town, Role.CURATOR)
    add_totp(user)
    return user


@pytest.fixture
def head(town):
    user = make_user(email="head@zarechny.ru", full_name="Глава Города")
    grant_role(user, town, Role.HEAD)
    add_totp(user)
    return user
