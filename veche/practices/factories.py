"""Test and demo helpers of the practices app (the bank here; a town's project in
veche/practices/projects/factories.py)."""

from __future__ import annotations

from pathlib import Path

from veche.practices.models import Practice
from veche.practices.passport import Passport
from veche.practices.passport import schema as s

SEEDS = Path(__file__).resolve().parent / "seed_passports"


def seed_passport_files() -> list[Path]:
    """The three real passports of the seeds (001 Озёрск, 002 Заречный, 003 …), as text."""
    return sorted(SEEDS.glob("*.txt"))


def make_passport(*, name: str, territory: str = "", description: str = "",
                  prerequisites: str = "", dates: str = "2021 - по настоящее время",
                  contact: tuple[str, str] | None = None, **extra) -> Passport:
    p = Passport(name=name, territory=territory, description=description,
                 prerequisites=prerequisites, dates=dates, **extra)
    if contact:
        p.contacts = [s.Contact("1", contact[0], contact[1])]
    return p


def make_practice(*, territory, name: str, description: str = "", publish: bool = True,
                  method: str = "environment", function: str = "infrastructure",
                  user=None, **passport_fields) -> Practice:
    from veche.practices.bank.services import passport_save, practice_publish

    practice = Practice.objects.create(territory=territory, title=name, method=method,
                                       function=function, created_by=user)
    passport_save(practice=practice, user=user,
                  passport=make_passport(name=name, territory=territory.name,
                                         description=description, **passport_fields))
    if publish:
        practice_publish(practice=practice, user=user)
    return practice


# The tenancy walk's hook now lives in tenancy.py; the walk reads it here until it reads the
# capabilities' contracts.
