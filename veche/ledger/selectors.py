"""Reads of the ledger: engagement figures for a town (the seed's 10% goal) and a person's
profile. All run inside the caller's town scope and read the rollups, not the raw ledger.

The figures are counts that name no one and the profile is a person's own record: each says so
to the consent gate (purposes «statistics» and «record», veche/registry/purposes.py)."""

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db.models import Case, Count, IntegerField, Q, QuerySet, Sum, Value, When
from django.utils import timezone

from veche.registry.consent import Purpose, analysis_basis, analysis_persons
from veche.registry.models import Person, Segment
from veche.territories.models import District, Territory

from .models import Action, ActionKind, MonthlyActivity, PersonActivity, TownMonthActivity

WINDOWS = (30, 90, 365)
AGE_BANDS = ((14, 17), (18, 29), (30, 44), (45, 59), (60, 74), (75, 200))


def _share(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 0.0


def engagement_summary(*, territory: Territory, now: dt.datetime | None = None) -> dict:
    """Active residents in the last 30/90/365 days against the town's goal base (seed 000:
    «ориентир 10% жителей» — the town's population by default, or its residents 14+ where
    the town's setting says so), with the share of residents 14+ beside it."""
    return engagement_summaries(territories=[territory], now=now)[territory.pk]


def _active(territory: Territory, days: int, now: dt.datetime | None) -> QuerySet[Person]:
    since = (now or timezone.now()) - dt.timedelta(days=days)
    return analysis_persons(Person.objects.filter(activity__last_at__gte=since,
                                                  territory=territory), Purpose.STATISTICS)


def engagement_by_district(*, territory: Territory, days: int = 365, now=None) -> list[dict]:
    active = dict(
        _active(territory, days, now).values_list("district_id").annotate(n=Count("id"))
    )
    return [
        {"district": d.name, "population_14_plus": d.population_14_plus,
         "active": active.get(d.pk, 0), "share": _share(active.get(d.pk, 0), d.population_14_plus)}
        for d in District.objects.filter(territory=territory)
    ] + ([{"district": "Район не указан", "population_14_plus": 0,
           "active": active[None], "share": 0.0}] if active.get(None) else [])


def _age_band_expression(today: dt.date):
    whens = []
    for low, high in AGE_BANDS:
        # born after (today - high-1 years) and on or before (today - low years)
        oldest = today.replace(year=today.year - high - 1)
        youngest = today.replace(year=today.year - low)
        whens.append(When(birth_date__gt=oldest, birth_date__lte=youngest, then=Value(low)))
    return Case(*whens, default=Value(-1), output_field=IntegerField())


def age_band_label(low: int) -> str:
    for lo, hi in AGE_BANDS:
        if lo == low:
            return f"{lo}+" if hi >= 200 else f"{lo}–{hi}"
    return "возраст не указан"


def engagement_by_age_band(*, territory: Territory, days: int = 365, now=None) -> list[dict]:
    today = timezone.localdate(now) if now else timezone.localdate()
    rows = dict(
        _active(territory, days, now).annotate(band=_age_band_expression(today))
        .values_list("band").annotate(n=Count("id"))
    )
    return [
        {"band": age_band_label(low), "active": rows.get(low, 0)}
        for low, _ in AGE_BANDS
    ] + ([{"band": age_band_label(-1), "active": rows[-1]}] if rows.get(-1) else [])


def engagement_by_segment(*, territory: Territory, days: int = 365, now=None) -> list[dict]:
    """Members and active members per segment: one pass over the memberships (person ⨝ its
    activity rollup), no DISTINCT — a person is in a segment at most once."""
    analysis_basis(Purpose.STATISTICS)
    since = (now or timezone.now()) - dt.timedelta(days=days)
    membership = Person.segments.through
    counts = {
        r["segment_id"]: r
        for r in membership.objects.filter(person__territory=territory)
        .values("segment_id")
        .annotate(members=Count("person_id"),
                  active=Count("person_id", filter=Q(person__activity__last_at__gte=since)))
    }
    out = []
    for s in Segment.objects.filter(territory=territory):
        c = counts.get(s.pk, {"members": 0, "active": 0})
        out.append({"segment": s.name, "code": s.code, "members": c["members"],
                    "active": c["active"], "share": _share(c["active"], c["members"])})
    return out


def engagement_trend(*, territory: Territory, months: int = 12, now=None) -> list[dict]:
    """Active persons and actions per month for the last `months` months, oldest first."""
    return engagement_trends(territories=[territory], months=months, now=now)[territory.pk]


def actions_in_town(*, territory: Territory, kind: str | None = None,
                    since: dt.datetime | None = None, person: Person | None = None,
                    until: dt.datetime | None = None, topic_id: int | None = None) -> QuerySet:
    qs = Action.objects.filter(territory=territory).select_related("person", "topic")
    if kind:
        qs = qs.filter(kind=kind)
    if since:
        qs = qs.filter(occurred_at__gte=since)
    if until:
        qs = qs.filter(occurred_at__lt=until)
    if topic_id:
        qs = qs.filter(topic_id=topic_id)
    if person is not None:
        qs = qs.filter(person=person)
    return qs


def engagement_summaries(*, territories: list[Territory], now: dt.datetime | None = None
                         ) -> dict[int, dict]:
    """`engagement_summary` for several towns in one query (network home, curator overview).
    Runs inside a scope that covers all of `territories` (towns_scope)."""
    analysis_basis(Purpose.STATISTICS)
    now = now or timezone.now()
    counts: dict[int, dict[str, Any]] = {
        r["territory_id"]: dict(r) for r in PersonActivity.objects.filter(territory__in=territories)
        .values("territory_id").annotate(**{
            f"d{d}": Count("id", filter=Q(last_at__gte=now - dt.timedelta(days=d)))
            for d in WINDOWS
        })
    }
    out = {}
    for t in territories:
        c = counts.get(t.pk, {})
        base = t.goal_base_population
        goal_count = round(base * t.engagement_goal)
        year = c.get(f"d{WINDOWS[-1]}", 0)
        out[t.pk] = {
            # What the goal is counted against: the town's setting, its figure, source, date.
            "base": {"kind": t.engagement_base, "label": str(t.get_engagement_base_display()),
                     "population": base, "source": t.population_source,
                     "as_of": t.population_as_of},
            "population_total": t.population_total, "population_14_plus": t.population_14_plus,
            "goal_share": t.engagement_goal, "goal_count": goal_count,
            # `share` is of the base; `share_14_plus` of the residents aged 14+, shown beside.
            "windows": [{"days": d, "active": c.get(f"d{d}", 0),
                         "share": _share(c.get(f"d{d}", 0), base),
                         "share_14_plus": _share(c.get(f"d{d}", 0), t.population_14_plus)}
                        for d in WINDOWS],
            "share_of_base": _share(year, base),
            "share_14_plus": _share(year, t.population_14_plus),
            "progress_to_goal": _share(year, goal_count),
        }
    return out


def engagement_trends(*, territories: list[Territory], months: int = 12, now=None
                      ) -> dict[int, list[dict]]:
    """`engagement_trend` for several towns in one query, inside a scope covering them all."""
    today = timezone.localdate(now) if now else timezone.localdate()
    first = dt.date(today.year, today.month, 1)
    for _ in range(months - 1):
        first = (first - dt.timedelta(days=1)).replace(day=1)
    rows = {
        (r.territory_id, r.month): {"active": r.active_persons, "actions": r.actions_count}
        for r in TownMonthActivity.objects.filter(territory__in=territories, month__gte=first)
    }
    out: dict[int, list[dict]] = {}
    for t in territories:
        series, month = [], first
        while month <= today:
            r = rows.get((t.pk, month), {})
            series.append({"month": month, "active": r.get("active", 0),
                           "actions": r.get("actions", 0)})
            month = (month + dt.timedelta(days=32)).replace(day=1)
        out[t.pk] = series
    return out


def person_profile(*, person: Person) -> dict:
    """A person's engagement profile: totals by kind, first and last action, monthly activity
    — of the human: the records merged into this one count with it, as the rollups do."""
    analysis_basis(Purpose.RECORD)
    # The person's actions and those of the records merged into it (registry/merges.py).
    mine = Q(person=person) | Q(person__merged_into=person)
    by_kind = dict(
        Action.objects.filter(mine).values_list("kind").annotate(n=Count("id"))
    )
    activity = PersonActivity.objects.filter(person=person).first()
    return {
        "by_kind": [
            {"kind": k, "label": ActionKind(k).label, "count": by_kind.get(k, 0)}
            for k in ActionKind.values
        ],
        "total": sum(by_kind.values()),
        "first_at": activity.first_at if activity else None,
        "last_at": activity.last_at if activity else None,
        "volunteer_hours": Action.objects.filter(
            mine, kind=ActionKind.VOLUNTEER_HOURS
        ).aggregate(h=Sum("weight"))["h"] or 0,
        "months": list(
            MonthlyActivity.objects.filter(person=person).order_by("month")
            .values("month", "actions_count")
        ),
    }


def recent_actions_by_kind(*, territory: Territory, days: int = 30, now=None) -> dict[str, int]:
    since = (now or timezone.now()) - dt.timedelta(days=days)
    return dict(
        Action.objects.filter(territory=territory, occurred_at__gte=since).order_by()
        .values_list("kind").annotate(n=Count("id"))
    )


def town_figures_cached(*, territory: Territory) -> dict:
    """The public headline of a town home (summary and monthly trend), shared by all visitors
    for VECHE_FIGURES_CACHE_SECONDS: the 10% goal does not move by the second, and a busy home
    page must not recount the activity rollup per visitor."""
    def compute() -> dict:
        return {"summary": engagement_summary(territory=territory),
                "trend": engagement_trend(territory=territory)}

    ttl = getattr(settings, "VECHE_FIGURES_CACHE_SECONDS", 60)
    if ttl <= 0:
        return compute()
    figures = cache.get_or_set(f"veche:town-figures:{territory.pk}", compute, ttl)
    return figures if figures is not None else compute()
