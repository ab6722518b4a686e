"""Who in a demo town takes part. The demo writes no ledger rows of its own: every action is
made by a capability's service with a real object behind it (a ballot in a vote, an appeal, its
feedback, a question at the head's meeting, a support of a city problem, an initiative's
author, a resident's proposal on a running practice, a participant's hours), dated on its day
(clock.py). Until a capability records a kind of action (comments, event actions), the demo
has none of it (tests/demo/test_demo_history.py).

This module only chooses the residents who take part this year, most active first: the
capabilities' builders draw their voters, applicants, supporters and volunteers mostly from
them, so a few opinion leaders do a lot and most active residents act once or twice, and
the segments of the registry (volunteers, youth, NGO members, deputies) lean to acting."""

import random

from veche.registry.models import Person
from veche.territories.models import Territory

from .people import Registry


def participants_choose(rng: random.Random, town: Territory, registry: Registry,
                        active_share: float) -> list[Person]:
    """About `active_share` of the town's residents 14+, weighted by their lists' activity
    (Efraimidis–Spirakis keys: weighted sampling without replacement), most active first."""
    persons = registry.persons
    target = min(round(town.population_14_plus * active_share), int(len(persons) * 0.9))
    keyed = sorted(persons, key=lambda p: rng.random() ** (1 / registry.activity[p.pk]),
                   reverse=True)
    return keyed[:target]
