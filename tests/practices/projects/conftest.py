"""A town with a project and its experts (the persons, the curator and the head, shared with the
scorecard's tests, are in tests/practices/conftest.py)."""

import pytest

from veche.accounts.factories import add_totp
from veche.practices.projects.factories import make_expert, make_project
from veche.territories.scoping import town_scope


@pytest.fixture
def project(in_town):
    return make_project(in_town, 2026)


@pytest.fixture
def expert(in_town):
    user = make_expert(in_town, email="expert@zarechny.ru", name="Эксперт Первый")
    add_totp(user)
    return user


@pytest.fixture
def expert2(in_town):
    return make_expert(in_town, email="expert2@zarechny.ru", name="Эксперт Второй")


__all__ = ["town_scope"]
