"""Build the demo towns: `build_demo()` runs the topic modules in order, in one transaction.

geography (town, districts, buildings, topics, departments) → people (lists, segments, persons,
facts, consents) → history (who takes part this year) → accounts (one login per role) → the
capabilities (capabilities.py), whose services make every action of the ledger, on its day.
"""

import datetime as dt
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from veche.ledger.models import Action, PersonActivity
from veche.territories.models import Territory
from veche.territories.scoping import all_towns

from .accounts import Login, accounts_create
from .capabilities import DemoTown, attach_users, capabilities_create
from .geography import (
    buildings_create,
    departments_create,
    districts_create,
    topics_create,
    town_create,
)
from .history import participants_choose
from .people import registry_create
from .spec import DEMO_TOWNS, TownSpec


@dataclass
class TownReport:
    slug: str
    name: str
    population_14_plus: int
    districts: int
    buildings: int
    persons: int
    actions: int
    active_persons: int


@dataclass
class DemoReport:
    towns: list[TownReport] = field(default_factory=list)
    logins: list[Login] = field(default_factory=list)
    seconds: float = 0.0


def demo_exists() -> bool:
    """A demo was built if its main town is there (the second run of `veche demo` skips)."""
    return Territory.objects.filter(slug=DEMO_TOWNS[0].slug).exists()


def _build_town(rng: random.Random, spec: TownSpec, scale: float):
    town = town_create(spec, scale)
    districts = districts_create(town, spec)
    buildings = buildings_create(rng, town, spec, districts)
    topics = topics_create(town)
    departments = departments_create(town, spec)
    registry = registry_create(rng, town, spec, scale, districts, buildings)
    active = participants_choose(rng, town, registry, spec.active_share)
    report = TownReport(
        slug=town.slug, name=town.name, population_14_plus=town.population_14_plus,
        districts=len(districts), buildings=len(buildings), persons=len(registry.persons),
        actions=0, active_persons=0,
    )
    # Residents who log in: active persons with an e-mail on file, most active first.
    with_email = [p for p in active if p.email] + [p for p in active if not p.email]
    demo_town = DemoTown(
        town=town, is_main=spec is DEMO_TOWNS[0], districts=districts, buildings=buildings,
        topics=topics, departments=departments, persons=registry.persons, active=with_email,
    )
    return demo_town, report


def build_demo(*, scale: float = 1.0, seed: int = 26,
               log: Callable[[str], None] = lambda _: None) -> DemoReport:
    """Build both demo towns and their logins. `scale` shrinks populations and the registry
    (tests use ~0.05); the same seed gives the same towns and people."""
    started = time.perf_counter()
    rng = random.Random(seed)
    report = DemoReport()
    # The demo's residents are invented: messages the services send them (feedback requests,
    # reminders) stay in memory instead of filling the console or reaching a real mailbox.
    locmem = {"BACKEND": "django.core.mail.backends.locmem.EmailBackend", "OPTIONS": {}}
    quiet = override_settings(MAILERS={"default": locmem},
                              VECHE_SMS_SENDER="veche.accounts.sms.LocmemSmsSender")
    with quiet, all_towns(), transaction.atomic():
        built = []
        for spec in DEMO_TOWNS:
            t0 = time.perf_counter()
            demo_town, town_report = _build_town(rng, spec, scale)
            built.append(demo_town)
            report.towns.append(town_report)
            log(f"  {demo_town.town.name}: {town_report.persons} чел. в реестре — "
                f"{time.perf_counter() - t0:.1f} с")
        report.logins = accounts_create([(t.town, t.active, t.departments) for t in built])
        for demo_town, town_report in zip(built, report.towns, strict=True):
            t0 = time.perf_counter()
            attach_users(demo_town)
            capabilities_create(rng, demo_town, log)
            # The figures are the ledger's own: what the services recorded.
            year_ago = timezone.now() - dt.timedelta(days=365)
            town_report.actions = Action.objects.filter(territory=demo_town.town).count()
            town_report.active_persons = PersonActivity.objects.filter(
                territory=demo_town.town, last_at__gte=year_ago).count()
            log(f"  {demo_town.town.name}: голосования, обращения, практики — "
                f"{town_report.actions} действий, {town_report.active_persons} активных за год"
                f" — {time.perf_counter() - t0:.1f} с")
    report.seconds = time.perf_counter() - started
    return report


__all__ = ["DEMO_TOWNS", "DemoReport", "Login", "build_demo", "demo_exists"]
