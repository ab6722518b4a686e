"""Test and demo helpers of the practices app (the bank here; a town's project in
veche/practices/projects/factories.py, called from ``tenancy_walk_objects``)."""

from __future__ import annotations

import importlib
from pathlib import Path

from veche.practices.models import Practice, Replication
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


def tenancy_walk_objects(*, territory, persons, marker: str) -> None:
    """Town A's rows for the tenancy walk: a DRAFT practice whose passport names a marked
    resident (it must never show outside the town's office), its lifecycle move, and a
    replication of another published practice of A — by A itself is not allowed, so the walk
    gets a published practice of A adopted nowhere, and A's replication row points to it."""
    from veche.practices.bank.services import practice_move
    from veche.practices.models import Stage

    person = persons[0]
    draft = make_practice(
        territory=territory, name=f"Черновик практики {marker}", publish=False,
        description=f"Лидер практики {person.surname} {person.given_name}",
        contact=(f"{person.surname} {person.given_name}", person.phone or ""),
    )
    practice_move(practice=draft, to_stage=Stage.OPTIONS)
    published = make_practice(territory=territory, name="Открытые встречи с жителями",
                              description="Встречи Главы с жителями во дворах")
    Replication.objects.create(territory=territory, practice=published,
                               adaptation_notes=f"Заметки {marker}")
    try:
        projects = importlib.import_module("veche.practices.projects.factories")
    except ModuleNotFoundError:
        return
    hook = getattr(projects, "tenancy_walk_project_objects", None)
    if hook is not None:
        hook(territory=territory, persons=persons, marker=marker)
