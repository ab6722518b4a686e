"""Test and demo helpers of the project area: a town's project of a year and an expert.
The tenancy walk's rows of the project and the scorecard are in veche/practices/tenancy.py."""

from veche.accounts.factories import grant_role, make_user
from veche.accounts.models import Role

from .services import project_create


def make_project(territory, year: int = 2026):
    return project_create(territory=territory, year=year)


def make_expert(territory, email: str | None = None, name: str = "Эксперт Экспертов"):
    user = make_user(email=email, full_name=name)
    grant_role(user, territory, Role.EXPERT)
    return user
