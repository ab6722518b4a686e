"""Twelve months of ledger history, written through `action_record_many` (the ledger's only
writer). The year has a shape a town would recognise: strategy proposals in late winter, the
rating vote for public territories and the clean-up days in spring, the town day in September,
appeals all year round; a few opinion leaders do a lot, most active residents act once or twice.
"""

import datetime as dt
import itertools
import random
from bisect import bisect
from collections.abc import Sequence

from django.utils import timezone

from veche.ledger.models import Action, ActionKind
from veche.ledger.services import action_record_many
from veche.territories.models import CityTopic, District, Territory

from .people import Registry

K = ActionKind
# How busy each month is (January holidays and August vacations are quiet).
MONTH_WEIGHT = {1: 0.45, 2: 0.75, 3: 1.1, 4: 1.5, 5: 1.6, 6: 1.15, 7: 0.8, 8: 0.7, 9: 1.35,
                10: 1.05, 11: 0.95, 12: 0.9}
# How each kind of action spreads over the months, on top of MONTH_WEIGHT.
KIND_MONTHS: dict[str, dict[int, float]] = {
    K.BALLOT: {4: 5, 5: 6, 10: 2},
    K.PROPOSAL: {2: 3, 3: 4, 11: 2},
    K.VOLUNTEER_HOURS: {4: 4, 5: 3, 9: 3, 1: 0.3, 2: 0.3, 12: 0.5},
    K.EVENT_ACTION: {5: 2, 6: 2, 9: 3, 12: 2},
    K.FEEDBACK: {5: 2, 6: 2, 9: 2.5, 12: 1.5},
}
KIND_WEIGHT = {K.BALLOT: 24, K.COMMENT: 17, K.SUPPORT: 12, K.APPEAL: 10, K.EVENT_ACTION: 12,
               K.FEEDBACK: 9, K.PROPOSAL: 8, K.VOLUNTEER_HOURS: 8}
# Segments lean to their own kinds of action.
SEGMENT_KIND: dict[str, dict[str, float]] = {"volunteer": {K.VOLUNTEER_HOURS: 4, K.EVENT_ACTION: 2},
                "youth": {K.EVENT_ACTION: 2, K.BALLOT: 1.5, K.VOLUNTEER_HOURS: 2},
                "veteran": {K.APPEAL: 2.5, K.FEEDBACK: 2, K.EVENT_ACTION: 1.5},
                "ngo": {K.PROPOSAL: 3, K.COMMENT: 2, K.SUPPORT: 2},
                "deputy": {K.PROPOSAL: 3, K.COMMENT: 3, K.APPEAL: 0.3}}

# What the actions concern: (title, topic slug); "{district}" is filled with a district name.
OBJECTS: dict[str, list[tuple[str, str | None]]] = {
    K.BALLOT: [
        ("Рейтинговое голосование: общественная территория для благоустройства",
         "blagoustroystvo"),
        ("Голосование за проекты инициативного бюджетирования", "blagoustroystvo"),
        ("Опрос о маршрутах городских автобусов", "transport"),
    ],
    K.PROPOSAL: [
        ("Обсуждение проекта стратегии развития города до 2035 года", None),
        ("План благоустройства двора, {district}", "blagoustroystvo"),
        ("Сбор предложений в план мероприятий по экологии озера", "ekologiya"),
        ("Предложения молодёжного совета", "molodezh"),
    ],
    K.COMMENT: [
        ("Обсуждение проекта стратегии развития города до 2035 года", None),
        ("Обсуждение схемы движения в центре", "dorogi"),
        ("Обсуждение графика отключения горячей воды", "zhkh"),
        ("Обсуждение реконструкции стадиона", "kultura-sport"),
    ],
    K.FEEDBACK: [
        ("Встреча Главы с жителями, {district}", None),
        ("День города", "kultura-sport"),
        ("Экологический субботник на набережной", "ekologiya"),
        ("Приём в поликлинике", "zdravookhranenie"),
    ],
    K.APPEAL: [
        ("Обращение: протечка кровли", "zhkh"),
        ("Обращение: яма во дворе", "dorogi"),
        ("Обращение: освещение у школы", "bezopasnost"),
        ("Обращение: вывоз мусора", "ekologiya"),
        ("Обращение: запись к узким специалистам", "zdravookhranenie"),
        ("Обращение: места в детском саду", "obrazovanie"),
    ],
    K.VOLUNTEER_HOURS: [
        ("Субботник, {district}", "blagoustroystvo"),
        ("Уборка берега озера", "ekologiya"),
        ("Помощь ветеранам", None),
        ("Волонтёры Дня города", "kultura-sport"),
    ],
    K.EVENT_ACTION: [
        ("Встреча Главы с жителями, {district}", None),
        ("День города", "kultura-sport"),
        ("Форум молодёжи", "molodezh"),
        ("Публичные слушания по бюджету", None),
        ("Турнир по мини-футболу", "kultura-sport"),
    ],
    K.SUPPORT: [
        ("Инициатива: спортивная площадка, {district}", "kultura-sport"),
        ("Инициатива: пешеходный переход у школы", "bezopasnost"),
        ("Инициатива: экотропа вокруг озера", "ekologiya"),
        ("Инициатива: ремонт подъездов", "zhkh"),
    ],
}


def _day_sampler(start: dt.date, days: int, kind: str):
    """Cumulative weights over the days of the year for one kind (weekends busier for events)."""
    extra = KIND_MONTHS.get(kind, {})
    cumulative, total = [], 0.0
    for i in range(days):
        day = start + dt.timedelta(days=i)
        w = MONTH_WEIGHT[day.month] * extra.get(day.month, 1.0)
        if kind in (K.EVENT_ACTION, K.VOLUNTEER_HOURS) and day.weekday() >= 5:
            w *= 2.5
        total += w
        cumulative.append(total)
    return cumulative, total


def _actions_per_person(rng: random.Random, activity: float) -> int:
    # Pareto tail: most act once or twice, opinion leaders dozens of times.
    return min(120, max(1, int(rng.paretovariate(1.3) * (0.9 + activity / 2))))


def ledger_history_create(rng: random.Random, town: Territory, registry: Registry,
                          active_share: float, topics: Sequence[CityTopic],
                          districts: Sequence[District]) -> tuple[int, list]:
    """Returns the number of actions and the active persons, most active first."""
    now = timezone.now()
    days = 365
    start = timezone.localdate(now) - dt.timedelta(days=days - 1)
    samplers = {k: _day_sampler(start, days, k) for k in K.values}
    topic_of = {t.slug: t for t in topics}
    district_name: dict[int | None, str] = {d.pk: d.name for d in districts}

    persons = registry.persons
    target = min(round(town.population_14_plus * active_share), int(len(persons) * 0.9))
    # Weighted sampling without replacement (Efraimidis–Spirakis keys).
    keyed = sorted(persons, key=lambda p: rng.random() ** (1 / registry.activity[p.pk]),
                   reverse=True)
    active = keyed[:target]

    kinds = list(KIND_WEIGHT)
    actions: list[Action] = []
    for person in active:
        bias: dict[str, float] = {}
        for code in registry.codes[person.pk]:
            for kind, factor in SEGMENT_KIND.get(code, {}).items():
                bias[kind] = max(bias.get(kind, 1.0), factor)
        weights = [KIND_WEIGHT[k] * bias.get(k, 1.0) for k in kinds]
        born = person.birth_date
        assert born is not None  # every demo person is made with one (people.py)
        adult_from = born.replace(year=born.year + 14) \
            if not (born.month == 2 and born.day == 29) else dt.date(born.year + 14, 3, 1)
        for kind in rng.choices(kinds, weights=weights,
                                k=_actions_per_person(rng, registry.activity[person.pk])):
            cumulative, total = samplers[kind]
            day = start + dt.timedelta(days=min(days - 1, bisect(cumulative,
                                                                  rng.random() * total)))
            day = max(day, adult_from)
            at = timezone.make_aware(dt.datetime.combine(day, dt.time(
                rng.choice((8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 18, 19, 19, 20, 21)),
                rng.randint(0, 59), rng.randint(0, 59))))
            if at > now:
                at = now - dt.timedelta(minutes=rng.randint(1, 600))
            title, topic_slug = rng.choice(OBJECTS[kind])
            title = title.format(district=district_name.get(person.district_id, "центр"))
            topic = topic_of.get(topic_slug) if topic_slug else rng.choice(topics)
            weight = float(rng.choice((2, 2, 3, 3, 4, 6))) if kind == K.VOLUNTEER_HOURS else 1.0
            actions.append(Action(
                territory=town, person_id=person.pk, kind=kind, object_title=title,
                topic=topic, occurred_at=at, weight=weight, source="demo",
            ))
    # The ledger's own service writes, in batches of a month's worth of rows.
    actions.sort(key=lambda a: a.occurred_at)
    for batch in itertools.batched(actions, 20_000):
        action_record_many(actions=list(batch))
    per_person: dict[int, int] = {}
    for a in actions:
        per_person[a.person_id] = per_person.get(a.person_id, 0) + 1
    active.sort(key=lambda p: per_person.get(p.pk, 0), reverse=True)
    return len(actions), active
