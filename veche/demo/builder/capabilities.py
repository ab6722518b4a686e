"""What every capability's demo module receives, and the order they run in.

Each capability has one module here (votes.py, appeals.py, meetings.py, practices.py,
projects.py) with `create(rng, town: DemoTown) -> str`: it fills the town with realistic data
through the app's services (so the ledger and rollups stay true) and returns a one-line
summary for the console. They run after the logins exist, inside the demo's transaction and
the all-towns scope."""

import random
import time
from dataclasses import dataclass, field

from veche.accounts.models import Department, Membership, User
from veche.registry.models import Person
from veche.territories.models import Building, CityTopic, District, Territory


@dataclass
class DemoTown:
    town: Territory
    is_main: bool
    districts: list[District]
    buildings: list[Building]
    topics: list[CityTopic]
    departments: list[Department]
    persons: list[Person]  # the whole demo registry of the town
    active: list[Person]  # persons active in the ledger, those with an e-mail first
    users: dict[str, list[User]] = field(default_factory=dict)  # role -> users of this town

    def user(self, role: str) -> User | None:
        found = self.users.get(role) or []
        return found[0] if found else None


def attach_users(town: DemoTown) -> None:
    """Fill `town.users` from the memberships the accounts step created."""
    town.users = {}
    for m in Membership.objects.filter(territory=town.town).select_related("user"):
        town.users.setdefault(m.role, []).append(m.user)


def capabilities_create(rng: random.Random, town: DemoTown, log) -> None:
    from . import (
        appeals,
        events,
        meetings,
        practices,
        projects,
        registry_linkage,
        registry_lists,
        votes,
    )

    for module in (votes, appeals, meetings, practices, projects, events, registry_lists,
                   registry_linkage):
        started = time.perf_counter()
        summary = module.create(rng, town)
        if summary:
            log(f"    {summary} — {time.perf_counter() - started:.1f} с")
