"""The practice's figures (seed 002, point 9 of the passport) for any period: meetings held,
participants, appeals received, done, overdue, average time to solve, satisfaction — plus
monthly series for the charts. A handful of grouped queries, each table read once: the
appeals in one pass with FILTERed counts grouped by (month, channel, topic), from which the
headline, the monthly series and the channel and topic tables are all summed."""

import datetime as dt
from collections import defaultdict

from django.conf import settings
from django.core.cache import cache
from django.db.models import (
    Avg,
    BooleanField,
    Case,
    Count,
    ExpressionWrapper,
    F,
    IntegerField,
    Q,
    Sum,
    Value,
    When,
)
from django.db.models.functions import TruncMonth
from django.utils import timezone

from veche.territories.models import CityTopic, Territory

from ..models import Appeal, AppealChannel, AppealFeedback, Assignment, HeadMeeting
from ..models.appeals import OPEN_STATUSES
from ..models.assignments import AssignmentStatus
from .selectors import HELD

DONE_STATUSES = ("answered", "closed")
OPEN_ASSIGNMENT = (AssignmentStatus.ASSIGNED, AssignmentStatus.IN_WORK)
# Figures of a closed period are reused this long (see practice_figures); 0 turns it off.
CACHE_SECONDS = getattr(settings, "VECHE_PRACTICE_FIGURES_CACHE_SECONDS", 300)


def _bounds(since: dt.date, until: dt.date) -> tuple[dt.datetime, dt.datetime]:
    tz = timezone.get_current_timezone()
    return (dt.datetime.combine(since, dt.time(), tz),
            dt.datetime.combine(until + dt.timedelta(days=1), dt.time(), tz))


MAX_MONTHS = 120  # the monthly series of a longer period shows its last ten years


def _months(since: dt.date, until: dt.date) -> list[dt.date]:
    out, m = [], since.replace(day=1)
    while m <= until:
        out.append(m)
        m = (m + dt.timedelta(days=32)).replace(day=1)
    return out[-MAX_MONTHS:]


def _month_key(value) -> dt.date:
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        return value.date().replace(day=1)
    return value.replace(day=1)


def practice_figures(*, territory: Territory, since: dt.date, until: dt.date) -> dict:
    """Headline figures and monthly series for [since, until] (dates inclusive).

    A closed period (ending before today) is served from the cache for CACHE_SECONDS: its
    numbers can still move (an old appeal gets answered or reopened by «not solved», an
    assignment is done, an open appeal passes its deadline), so the cache is short and keyed by
    today as well; a period that includes today is always counted afresh."""
    today = timezone.localdate()
    if until >= today or CACHE_SECONDS <= 0:
        return _compute(territory, since, until, today)
    # created_at: a town rebuilt under the same id (demo rebuild, tests) never reads another's.
    key = (f"veche:practice-figures:{territory.pk}:{territory.created_at.timestamp()}:"
           f"{since}:{until}:{today}")
    figures = cache.get_or_set(key, lambda: _compute(territory, since, until, today),
                               CACHE_SECONDS)
    return figures if figures is not None else _compute(territory, since, until, today)


def _compute(territory: Territory, since: dt.date, until: dt.date, today: dt.date) -> dict:
    """Meetings by month, appeals by (month, channel, topic) with every count a FILTERed
    aggregate of one pass, the assignments of those appeals, feedback; topic names last."""
    start, end = _bounds(since, until)
    series: dict[dt.date, defaultdict[str, int]] = {
        m: defaultdict(int) for m in _months(since, until)}
    held = {"n": 0, "people": 0}
    meetings = (HeadMeeting.objects.filter(territory=territory, status__in=HELD,
                                           starts_at__gte=start, starts_at__lt=end)
                .annotate(m=TruncMonth("starts_at")).values("m").order_by()
                .annotate(n=Count("id"), people=Sum("participants_count")))
    for row in meetings:
        held["n"] += row["n"]
        held["people"] += row["people"] or 0
        _put(series, row["m"], meetings=row["n"], participants=row["people"])
    appeals = Appeal.objects.filter(territory=territory, received_at__gte=start,
                                    received_at__lt=end)
    done_q, open_q = Q(status__in=DONE_STATUSES), Q(status__in=OPEN_STATUSES)
    solved_q = done_q & Q(answered_at__isnull=False)
    months = list(series)
    groups = list(
        appeals.annotate(m=_month_index(months, "received_at", since))
        .values("m", "channel", "topic_id")
        .order_by()
        .annotate(n=Count("id"), done=Count("id", filter=done_q),
                  open=Count("id", filter=open_q),
                  overdue=Count("id", filter=open_q & Q(answer_due__lt=today)),
                  forwarded=Count("id", filter=Q(status="forwarded")),
                  solved=Count("id", filter=solved_q),
                  solve_time=Sum(F("answered_at") - F("received_at"), filter=solved_q)))
    counts: defaultdict[str, int] = defaultdict(int)
    solve_us = 0
    # [received, done] by channel and by topic id (None: no topic).
    by_channel: defaultdict[str | int | None, list[int]] = defaultdict(lambda: [0, 0])
    by_topic: defaultdict[str | int | None, list[int]] = defaultdict(lambda: [0, 0])
    for g in groups:
        for name in ("n", "done", "open", "overdue", "forwarded", "solved"):
            counts[name] += g[name]
        if g["channel"] == AppealChannel.HEAD_MEETING:
            counts["from_meetings"] += g["n"]
        solve_us += _microseconds(g["solve_time"])
        if g["m"] >= 0:
            _put(series, months[g["m"]], received=g["n"], done=g["done"])
        for bucket, key in ((by_channel, g["channel"]), (by_topic, g["topic_id"])):
            bucket[key][0] += g["n"]
            bucket[key][1] += g["done"]
    assign = _assignment_counts(territory, appeals, start, end, counts["n"], today)
    feedback = AppealFeedback.objects.filter(territory=territory, answered_at__gte=start,
                                             answered_at__lt=end)
    fb = feedback.aggregate(n=Count("id"), avg=Avg("satisfaction"),
                            solved=Count("id", filter=Q(solved=True)))
    received = counts["n"]
    return {
        "since": since, "until": until,
        "meetings_held": held["n"],
        "participants": held["people"],
        "appeals_received": received,
        "appeals_from_meetings": counts["from_meetings"],
        "appeals_done": counts["done"],
        "appeals_open": counts["open"],
        "appeals_overdue": counts["overdue"],
        "appeals_forwarded": counts["forwarded"],
        "done_share": counts["done"] / received if received else 0,
        "avg_days_to_solve": (round(solve_us / counts["solved"] / 86_400_000_000, 1)
                              if counts["solved"] else None),
        "assignments": assign["total"], "assignments_done": assign["done"],
        "assignments_overdue": assign["overdue"],
        "feedback_answers": fb["n"],
        "satisfaction": round(fb["avg"], 2) if fb["avg"] is not None else None,
        "solved_share": fb["solved"] / fb["n"] if fb["n"] else None,
        "monthly": [{"month": m, "meetings": v["meetings"], "participants": v["participants"],
                     "received": v["received"], "done": v["done"]}
                    for m, v in series.items()],
        # Set when the period is longer than the series: the page says so.
        "monthly_since": months[0] if months and months[0] > since else None,
        "by_channel": _top(by_channel, dict(AppealChannel.choices), 20),
        "by_topic": _top(_topic_names(by_topic), {}, 10),
    }


def _assignment_counts(territory, appeals, start, end, received: int, today) -> dict:
    """Assignments of the period's appeals. Joining them with a year of appeals hashes 100,000
    appeals against 300,000 assignments; when the period holds most of the town's appeals (the
    default twelve months), one scan of the town's assignments that drops those of the few
    appeals outside the period (a hashed IN over their ids, found through the appeal index)
    gives the same numbers without the join."""
    assignments = Assignment.objects.filter(territory=territory)
    outside = Appeal.objects.filter(Q(received_at__lt=start) | Q(received_at__gte=end),
                                    territory=territory)
    if outside.count() >= received:
        return _assignment_aggregate(assignments.filter(appeal__in=appeals), today)
    rows = (assignments.order_by()
            .annotate(outside=ExpressionWrapper(Q(appeal_id__in=outside.values("id")),
                                                output_field=BooleanField()),
                      late=ExpressionWrapper(Q(deadline__lt=today), output_field=BooleanField()))
            .values("outside", "status", "late").annotate(n=Count("id")))
    out = {"total": 0, "done": 0, "overdue": 0}
    for row in rows:
        if row["outside"]:
            continue
        out["total"] += row["n"]
        if row["status"] == AssignmentStatus.DONE:
            out["done"] += row["n"]
        elif row["late"] and row["status"] in OPEN_ASSIGNMENT:
            out["overdue"] += row["n"]
    return out


def _assignment_aggregate(assignments, today) -> dict:
    return assignments.aggregate(
        total=Count("id"), done=Count("id", filter=Q(status=AssignmentStatus.DONE)),
        overdue=Count("id", filter=Q(status__in=OPEN_ASSIGNMENT, deadline__lt=today)))


def _month_index(months: list[dt.date], field: str, since: dt.date) -> Case:
    """The row's month as an index into months (−1 before the first — a period longer than
    MAX_MONTHS — or past the last): comparisons with each month's local start, several times
    cheaper per row than TruncMonth's time-zone shift."""
    tz = timezone.get_current_timezone()
    nexts = [*months[1:], (months[-1] + dt.timedelta(days=32)).replace(day=1)] if months else []
    before = ([When(**{f"{field}__lt": dt.datetime.combine(months[0], dt.time(), tz)},
                    then=Value(-1))] if months and months[0] > since else [])
    return Case(*before,
                *(When(**{f"{field}__lt": dt.datetime.combine(m, dt.time(), tz)}, then=Value(i))
                  for i, m in enumerate(nexts)),
                default=Value(-1), output_field=IntegerField())


def _put(series: dict, month, **values) -> None:
    key = _month_key(month)
    if key in series:
        for name, value in values.items():
            series[key][name] += value or 0


def _microseconds(value) -> int:
    if value is None:
        return 0
    if isinstance(value, dt.timedelta):
        return value // dt.timedelta(microseconds=1)
    return int(value)  # SQLite returns microseconds


def _topic_names(by_id: dict) -> dict:
    """Topic ids → names; topics that share a name count together, as grouping by name did."""
    names = dict(CityTopic.objects.filter(pk__in=[k for k in by_id if k is not None])
                 .values_list("pk", "name"))
    out: defaultdict[str | None, list[int]] = defaultdict(lambda: [0, 0])
    for pk, (n, done) in by_id.items():
        row = out[names.get(pk)]
        row[0] += n
        row[1] += done
    return out


def _top(groups: dict, labels: dict, limit: int) -> list[dict]:
    rows = [{"label": str(labels.get(key, key or "без темы")), "count": n, "done": done}
            for key, (n, done) in groups.items()]
    rows.sort(key=lambda r: (-r["count"], r["label"]))
    return rows[:limit]


def default_period() -> tuple[dt.date, dt.date]:
    """The last twelve months, to today."""
    today = timezone.localdate()
    return (today.replace(day=1) - dt.timedelta(days=335)).replace(day=1), today
