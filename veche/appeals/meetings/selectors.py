"""Reads of head meetings, and the data that helps plan them: where appeals cluster and
which courtyards to visit next. Appeals are read here directly (read only)."""

import datetime as dt
from typing import Any

from django.db.models import Count, Max, Q, QuerySet
from django.utils import timezone

from veche.territories.models import Building, Territory

from ..models import Appeal, HeadMeeting, MeetingQuestion, MeetingStatus
from ..models.appeals import OPEN_STATUSES
from ..models.meetings import PUBLIC_STATUSES

S = MeetingStatus
HELD = (S.HELD, S.REPORTED)


def meetings_in_town(*, territory: Territory, status: str | None = None,
                     public_only: bool = False) -> QuerySet[HeadMeeting]:
    qs = HeadMeeting.objects.filter(territory=territory).select_related("building", "series")
    if public_only:
        qs = qs.filter(status__in=PUBLIC_STATUSES)
    if status:
        qs = qs.filter(status=status)
    return qs.annotate(questions_total=Count("questions"))


def meeting_get(*, territory: Territory, meeting_id: int,
                public_only: bool = False) -> HeadMeeting:
    """Raises HeadMeeting.DoesNotExist for another town's meeting or a draft shown publicly."""
    return meetings_in_town(territory=territory, public_only=public_only).get(pk=meeting_id)


def upcoming_meetings(*, territory: Territory, limit: int = 5) -> list[HeadMeeting]:
    """Announced meetings still ahead, soonest first (the town page and the public list)."""
    now = timezone.now() - dt.timedelta(hours=2)
    return list(HeadMeeting.objects.filter(territory=territory, status=S.ANNOUNCED,
                                           starts_at__gte=now)
                .select_related("building").order_by("starts_at", "id")[:limit])


def meeting_questions(*, meeting: HeadMeeting) -> QuerySet[MeetingQuestion]:
    """Questions with their appeals and assignments (the minutes, the staff page)."""
    return (MeetingQuestion.objects.filter(meeting=meeting)
            .select_related("appeal", "appeal__topic", "appeal__department")
            .prefetch_related("appeal__assignments__department",
                              "appeal__assignments__executor")
            .order_by("created_at", "id"))


def public_outcome(question: MeetingQuestion) -> str:
    """What the public results page says about a question: staff's words, else the status."""
    if question.public_outcome:
        return question.public_outcome
    appeal = question.appeal
    if appeal.status in ("answered", "closed"):
        return "Решено" if appeal.answered_at else "Закрыто"
    if appeal.status == "forwarded":
        return "Передано в компетентный орган"
    return "В работе"


def public_text(question: MeetingQuestion) -> str:
    """The question as residents see it: staff's public wording, else only its topic (the
    appeal's own text may carry names and flats)."""
    if question.public_text:
        return question.public_text
    topic = question.appeal.topic
    return f"Вопрос по теме «{topic.name}»" if topic else "Вопрос жителей"


def public_question_rows(*, meeting: HeadMeeting) -> list[dict]:
    """The questions of a meeting without personal data: the public wording, the topic, what
    was done. Names, flats and the appeal's own text never leave the back office."""
    rows = []
    for q in meeting_questions(meeting=meeting):
        rows.append({"number": q.appeal.number, "text": public_text(q),
                     "topic": q.appeal.topic.name if q.appeal.topic else "",
                     "outcome": public_outcome(q), "done": q.appeal.status in
                     ("answered", "closed"),
                     # the term the residents are promised: the latest assignment's deadline
                     "term": max((a.deadline for a in q.appeal.assignments.all()), default=None)})
    return rows


def _period(since: dt.date | None, until: dt.date | None) -> Q:
    q = Q()
    if since:
        q &= Q(received_at__date__gte=since)
    if until:
        q &= Q(received_at__date__lte=until)
    return q


def appeal_map(*, territory: Territory, since: dt.date | None = None,
               until: dt.date | None = None) -> list[dict]:
    """Per building with coordinates: appeals in the period, open ones, the last meeting there.
    Two grouped queries and one for the buildings, whatever the number of appeals."""
    counts: dict[int, dict[str, Any]] = {r["building"]: dict(r) for r in (
        Appeal.objects.filter(_period(since, until), territory=territory, building__isnull=False)
        .values("building")
        .annotate(appeals=Count("id"), open=Count("id", filter=Q(status__in=OPEN_STATUSES))))}
    last = dict(HeadMeeting.objects.filter(territory=territory, building__isnull=False,
                                           status__in=HELD)
                .values("building").annotate(last=Max("starts_at"))
                .values_list("building", "last"))
    next_planned = dict(HeadMeeting.objects.filter(territory=territory, building__isnull=False,
                                                   status__in=(S.PLANNED, S.ANNOUNCED),
                                                   starts_at__gte=timezone.now())
                        .values("building").annotate(first=Max("starts_at"))
                        .values_list("building", "first"))
    rows = []
    for b in Building.objects.filter(territory=territory, latitude__isnull=False,
                                     longitude__isnull=False).select_related("district"):
        c = counts.get(b.pk, {})
        rows.append({"building": b, "id": b.pk, "address": str(b), "district": b.district.name,
                     "lat": b.latitude, "lon": b.longitude, "appeals": c.get("appeals", 0),
                     "open": c.get("open", 0), "last_meeting": last.get(b.pk),
                     "planned": next_planned.get(b.pk)})
    return rows


def where_next(*, territory: Territory, since: dt.date | None = None,
               until: dt.date | None = None, limit: int = 20,
               rows: list[dict] | None = None) -> list[dict]:
    """Courtyards ranked for the next meeting: many appeals (open ones count double) and a long
    time since the head was last there (never = a full year). Buildings with a meeting already
    planned ahead are left out."""
    today = timezone.localdate()
    ranked = []
    for r in rows if rows is not None else appeal_map(territory=territory, since=since,
                                                      until=until):
        if not r["appeals"] or r["planned"]:
            continue
        days = (today - timezone.localdate(r["last_meeting"])).days if r["last_meeting"] \
            else 365
        weight = min(max(days, 0), 365) / 365
        score = (r["appeals"] + r["open"]) * weight
        if score > 0:
            ranked.append({**r, "days_since": days if r["last_meeting"] else None,
                           "score": round(score, 1)})
    ranked.sort(key=lambda r: (-r["score"], r["address"]))
    return ranked[:limit]
