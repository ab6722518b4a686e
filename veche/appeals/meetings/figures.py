"""The practice's figures (seed 002, point 9 of the passport) for any period: meetings held,
participants, appeals received, done, overdue, average time to solve, satisfaction — plus
monthly series for the charts. Grouped queries only: the cost does not grow with the number
of appeals beyond the index range scans."""

import datetime as dt
from collections import defaultdict

from django.db.models import Avg, Count, F, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from veche.territories.models import Territory

from ..models import Appeal, AppealChannel, AppealFeedback, Assignment, HeadMeeting
from ..models.appeals import OPEN_STATUSES
from ..models.assignments import AssignmentStatus
from .selectors import HELD

DONE_STATUSES = ("answered", "closed")


def _bounds(since: dt.date, until: dt.date) -> tuple[dt.datetime, dt.datetime]:
    tz = timezone.get_current_timezone()
    return (dt.datetime.combine(since, dt.time(), tz),
            dt.datetime.combine(until + dt.timedelta(days=1), dt.time(), tz))


def _months(since: dt.date, until: dt.date) -> list[dt.date]:
    out, m = [], since.replace(day=1)
    while m <= until and len(out) < 120:
        out.append(m)
        m = (m + dt.timedelta(days=32)).replace(day=1)
    return out


def _month_key(value) -> dt.date:
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        return value.date().replace(day=1)
    return value.replace(day=1)


def practice_figures(*, territory: Territory, since: dt.date, until: dt.date) -> dict:
    """Headline figures and monthly series for [since, until] (dates inclusive)."""
    start, end = _bounds(since, until)
    today = timezone.localdate()
    meetings = HeadMeeting.objects.filter(territory=territory, status__in=HELD,
                                          starts_at__gte=start, starts_at__lt=end)
    held = meetings.aggregate(n=Count("id"), people=Sum("participants_count"))
    appeals = Appeal.objects.filter(territory=territory, received_at__gte=start,
                                    received_at__lt=end)
    counts = appeals.aggregate(
        received=Count("id"),
        from_meetings=Count("id", filter=Q(channel=AppealChannel.HEAD_MEETING)),
        done=Count("id", filter=Q(status__in=DONE_STATUSES)),
        open=Count("id", filter=Q(status__in=OPEN_STATUSES)),
        overdue=Count("id", filter=Q(status__in=OPEN_STATUSES, answer_due__lt=today)),
        forwarded=Count("id", filter=Q(status="forwarded")),
    )
    solved = appeals.filter(status__in=DONE_STATUSES, answered_at__isnull=False)
    avg = solved.aggregate(avg=Avg(F("answered_at") - F("received_at")))["avg"]
    assignments = Assignment.objects.filter(territory=territory, appeal__in=appeals)
    assign = assignments.aggregate(
        total=Count("id"), done=Count("id", filter=Q(status=AssignmentStatus.DONE)),
        overdue=Count("id", filter=Q(status__in=(AssignmentStatus.ASSIGNED,
                                                  AssignmentStatus.IN_WORK),
                                     deadline__lt=today)))
    feedback = AppealFeedback.objects.filter(territory=territory, answered_at__gte=start,
                                             answered_at__lt=end)
    fb = feedback.aggregate(n=Count("id"), avg=Avg("satisfaction"),
                            solved=Count("id", filter=Q(solved=True)))
    return {
        "since": since, "until": until,
        "meetings_held": held["n"] or 0,
        "participants": held["people"] or 0,
        "appeals_received": counts["received"],
        "appeals_from_meetings": counts["from_meetings"],
        "appeals_done": counts["done"],
        "appeals_open": counts["open"],
        "appeals_overdue": counts["overdue"],
        "appeals_forwarded": counts["forwarded"],
        "done_share": counts["done"] / counts["received"] if counts["received"] else 0,
        "avg_days_to_solve": round(_days(avg), 1) if avg is not None else None,
        "assignments": assign["total"], "assignments_done": assign["done"],
        "assignments_overdue": assign["overdue"],
        "feedback_answers": fb["n"],
        "satisfaction": round(fb["avg"], 2) if fb["avg"] is not None else None,
        "solved_share": fb["solved"] / fb["n"] if fb["n"] else None,
        "monthly": _monthly(territory, since, until, start, end),
        "by_channel": _by(appeals, "channel", dict(AppealChannel.choices)),
        "by_topic": _by(appeals, "topic__name", {}, limit=10),
    }


def _days(value) -> float:
    if isinstance(value, dt.timedelta):
        return value.total_seconds() / 86400
    return float(value) / 86_400_000_000  # SQLite returns microseconds


def _by(appeals, field: str, labels: dict, limit: int = 20) -> list[dict]:
    rows = (appeals.values(field).annotate(n=Count("id"),
                                           done=Count("id", filter=Q(status__in=DONE_STATUSES)))
            .order_by("-n")[:limit])
    return [{"label": str(labels.get(r[field], r[field] or "без темы")), "count": r["n"],
             "done": r["done"]} for r in rows]


def _monthly(territory, since, until, start, end) -> list[dict]:
    series = {m: defaultdict(int) for m in _months(since, until)}

    def put(rows, key):
        for month, value in rows:
            k = _month_key(month)
            if k in series:
                series[k][key] += value or 0

    put(HeadMeeting.objects.filter(territory=territory, status__in=HELD, starts_at__gte=start,
                                   starts_at__lt=end)
        .annotate(m=TruncMonth("starts_at")).values("m")
        .annotate(n=Count("id")).values_list("m", "n"), "meetings")
    put(HeadMeeting.objects.filter(territory=territory, status__in=HELD, starts_at__gte=start,
                                   starts_at__lt=end)
        .annotate(m=TruncMonth("starts_at")).values("m")
        .annotate(n=Sum("participants_count")).values_list("m", "n"), "participants")
    appeals = Appeal.objects.filter(territory=territory, received_at__gte=start,
                                    received_at__lt=end)
    put(appeals.annotate(m=TruncMonth("received_at")).values("m").annotate(n=Count("id"))
        .values_list("m", "n"), "received")
    put(appeals.filter(status__in=DONE_STATUSES)
        .annotate(m=TruncMonth("received_at")).values("m").annotate(n=Count("id"))
        .values_list("m", "n"), "done")
    return [{"month": m, "meetings": v["meetings"], "participants": v["participants"],
             "received": v["received"], "done": v["done"]} for m, v in series.items()]


def default_period() -> tuple[dt.date, dt.date]:
    """The last twelve months, to today."""
    today = timezone.localdate()
    return (today.replace(day=1) - dt.timedelta(days=335)).replace(day=1), today
