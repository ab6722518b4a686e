"""A town with a project, a few persons, an expert and a curator."""

import pytest

from veche.accounts.factories import add_totp, grant_role, make_user
from veche.accounts.models import Role
from veche.practices.projects.factories import make_expert, make_project
from veche.registry.factories import make_person
from veche.territories.scoping import town_scope


@pytest.fixture
def project(in_town):
    return make_project(in_town, 2026)


@pytest.fixture
def people(in_town):
    return [make_person(in_town, surname=s, given_name=g) for s, g in
            [("Петров", "Пётр"), ("Сидорова", "Анна"), ("Кузнецов", "Олег"),
             ("Орлова", "Мария")]]


@pytest.fixture
def expert(in_town):
    user = make_expert(in_town, email="expert@zarechny.ru", name="Эксперт Первый")
    add_totp(user)
    return user


@pytest.fixture
def expert2(in_town):
    return make_expert(in_town, email="expert2@zarechny.ru", name="Эксперт Второй")


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


__all__ = ["town_scope"]
