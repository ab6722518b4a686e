"""The monthly vote on a real city problem (seed 004: «Ежемесячные (не реже) голосования, как
практика взаимодействия. Количество проголосовавших»), month by month since the town began.

Each month's vote is made from the town's monthly template, opened, voted in and closed and
counted at that month's dates through the votes' services under the demo's clock, so the
ledger's ballots, the votes page and the scorecard's «votes» indicator all read the same real
votes. Turnout grows over the months (the town's path toward the 10% goal); the main town
holds a vote every month, the second town started later and skipped some months."""

import datetime as dt
import random

from django.utils import timezone

from veche.practices.scorecard.compute import add_months, month_of
from veche.registry.models import Person
from veche.votes.models import Recurrence, Vote
from veche.votes.services import (
    ballots_bulk_create,
    option_add,
    vote_close,
    vote_create,
    vote_from_template,
    vote_open,
    vote_results_publish,
)
from veche.votes.validation import eligibility_problem

from .capabilities import DemoTown
from .clock import at_day, demo_clock

PROBLEMS = ["Ямы на дорогах во дворах", "Переполненные контейнерные площадки",
            "Нет освещения на пешеходных переходах", "Бродячие собаки у школ",
            "Очереди в поликлинике"]
# Voters as a share of residents 14+, first month → this month (main town, second town).
TURNOUT = {True: (0.008, 0.02), False: (0.004, 0.011)}
# Holiday January and vacation August are quieter.
SEASON = {1: 0.7, 7: 0.85, 8: 0.8}
MAIN_MONTHS, OTHER_MONTHS = 24, 14
# The second town held no vote in these months of its series (counted from its first month).
OTHER_SKIPPED = {2, 6, 7}


def _voters(rng: random.Random, town: DemoTown, vote: Vote, n: int, day: dt.date) -> list:
    """A loyal core (the town's most active residents vote nearly every month) and others
    from the residents who take part this year, a few from the whole registry."""
    pool = town.active or town.persons
    core = pool[:max(4, len(pool) // 12)]
    picked: dict[int, Person] = {}
    for p in core:
        if rng.random() < 0.75:
            picked[p.pk] = p
    while len(picked) < n and len(picked) < len(pool):
        p = rng.choice(pool) if rng.random() < 0.9 else rng.choice(town.persons)
        picked.setdefault(p.pk, p)
    ok = [p for p in picked.values() if eligibility_problem(vote, p, today=day) is None]
    return ok[:n]


def _template(town: DemoTown, staff, first: dt.date) -> Vote:
    topic = town.topics[0] if town.topics else None
    with demo_clock(at_day(first - dt.timedelta(days=5), 11)):
        template = vote_create(territory=town.town, title="Какая проблема города самая острая",
                               created_by=staff, topic=topic, is_template=True,
                               recurrence=Recurrence.MONTHLY, results_visibility="live")
        for i, text in enumerate(PROBLEMS):
            option_add(vote=template, text=text, order=i + 1)
    return template


def create(rng: random.Random, town: DemoTown, staff) -> tuple[int, int, Vote]:
    """Every month's vote up to this one (open now). Returns (months held, ballots, this
    month's vote)."""
    now = timezone.now()
    this_month = month_of(timezone.localdate())
    span = MAIN_MONTHS if town.is_main else OTHER_MONTHS
    first = add_months(this_month, -(span - 1))
    template = _template(town, staff, first)
    population = town.town.population_14_plus
    low, high = TURNOUT[town.is_main]
    held = ballots = 0
    current = None
    for k in range(span):
        period = add_months(first, k)
        if not town.is_main and k in OTHER_SKIPPED:
            continue
        with demo_clock(at_day(period, 9)):
            vote = vote_from_template(template=template, period=period, created_by=staff)
            vote_open(vote=vote, by=staff)
        share = (low + (high - low) * k / max(1, span - 1)) * SEASON.get(period.month, 1.0)
        last_day = min(timezone.localdate(), add_months(period, 1) - dt.timedelta(days=1))
        voters = _voters(rng, town, vote, max(3, round(population * share)), period)
        options = list(vote.options.order_by("order").values_list("pk", flat=True))
        # What hurts most moves with the seasons: dark crossings in winter, dogs in spring.
        weights = [3 + (i == k % len(options)) * 3 + rng.random() for i in range(len(options))]
        span_days = (last_day - period).days
        rows = []
        for p in voters:
            day = period + dt.timedelta(days=min(span_days, int(rng.triangular(0, span_days,
                                                                               2))))
            cast = at_day(day, rng.randint(10, 21), rng.randint(0, 59))  # opened at 9
            rows.append({"person": p, "answers": {
                "option": rng.choices(options, weights=weights)[0]},
                "cast_at": min(cast, now - dt.timedelta(minutes=rng.randint(5, 600)))})
        if rows:
            ballots += ballots_bulk_create(vote=vote, rows=rows)
        held += 1
        if period == this_month:
            current = vote
            continue
        with demo_clock(at_day(add_months(period, 1), 0, 5)):
            vote_close(vote=vote, by=staff)
        with demo_clock(at_day(add_months(period, 1), 10)):
            vote_results_publish(vote=vote, by=staff)
    assert current is not None  # the loop always reaches this month
    return held, ballots, current
