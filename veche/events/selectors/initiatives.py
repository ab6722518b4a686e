"""Reads of initiatives, volunteer tasks, hours and speakers: querysets with the counts a page
shows annotated in the same query (constant queries per page, whatever the list's length)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from veche.accounts.models import User
from veche.registry.models import Person
from veche.territories.models import Territory

from ..access_initiatives import ORGANISE
from ..models import (
    CitizenInitiative,
    Event,
    InitiativeLink,
    InitiativeMember,
    Speaker,
    SpeakerAppearance,
    VolunteerHours,
    VolunteerSignup,
    VolunteerTask,
)

_SIGNED = Q(signups__status=VolunteerSignup.Status.SIGNED)


def initiatives_in_town(*, territory: Territory, status: str = "", topic_id: int | None = None,
                        district_id: int | None = None, kind: str = "",
                        q: str = "") -> QuerySet[CitizenInitiative]:
    """The town's initiatives with the size of their group and their open tasks."""
    qs = CitizenInitiative.objects.filter(territory=territory)
    if status:
        qs = qs.filter(status=status)
    if topic_id:
        qs = qs.filter(topic_id=topic_id)
    if district_id:
        qs = qs.filter(district_id=district_id)
    if kind:
        qs = qs.filter(kind=kind)
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(goals__icontains=q))
    return qs.select_related("topic", "district").annotate(
        members_count=Count("members", distinct=True),
        open_tasks=Count("tasks", filter=Q(tasks__status=VolunteerTask.Status.OPEN),
                         distinct=True),
    ).order_by("-created_at", "-id")


def initiative_leaders(initiatives: list[CitizenInitiative]) -> dict[int, Person]:
    """{initiative id: leader person}, one query (staff lists show who leads)."""
    rows = InitiativeMember.objects.filter(
        initiative__in=initiatives, role=InitiativeMember.Role.LEADER).select_related("person")
    return {m.initiative_id: m.person for m in rows}


def initiative_members(*, initiative: CitizenInitiative) -> QuerySet[InitiativeMember]:
    return initiative.members.select_related("person")


def is_member(*, initiative: CitizenInitiative, person: Person | None) -> bool:
    return person is not None and initiative.members.filter(person=person).exists()


def tasks_with_counts(qs: QuerySet[VolunteerTask]) -> QuerySet[VolunteerTask]:
    return qs.select_related("initiative", "event").annotate(
        signed_count=Count("signups", filter=_SIGNED, distinct=True))


def initiative_tasks(*, initiative: CitizenInitiative) -> QuerySet[VolunteerTask]:
    return tasks_with_counts(initiative.tasks.all())


def event_tasks(*, event: Event) -> QuerySet[VolunteerTask]:
    return tasks_with_counts(event.volunteer_tasks.all())


def open_tasks(*, territory: Territory) -> QuerySet[VolunteerTask]:
    """Tasks still recruiting, of live initiatives and of events not yet over."""
    now = timezone.now()
    live = (Q(initiative__status__in=[CitizenInitiative.Status.PROPOSED,
                                      CitizenInitiative.Status.RECRUITING,
                                      CitizenInitiative.Status.IN_PROGRESS])
            | Q(event__ends_at__gte=now, event__status__in=["announced", "held"]))
    return tasks_with_counts(VolunteerTask.objects.filter(
        territory=territory, status=VolunteerTask.Status.OPEN).filter(live)
    ).order_by("starts_at", "id")


def my_signups(*, person: Person | None) -> QuerySet[VolunteerSignup]:
    if person is None:
        return VolunteerSignup.objects.none()
    return (VolunteerSignup.objects.filter(person=person)
            .select_related("task", "task__initiative", "task__event")
            .annotate(hours_confirmed=Sum(
                "hours__hours", filter=Q(hours__status=VolunteerHours.Status.CONFIRMED)))
            .order_by("-signed_at", "-id"))


def signed_task_ids(*, person: Person | None, tasks) -> set[int]:
    if person is None:
        return set()
    return set(VolunteerSignup.objects.filter(
        person=person, task__in=tasks, status=VolunteerSignup.Status.SIGNED)
        .values_list("task_id", flat=True))


def my_hours(*, person: Person | None) -> QuerySet[VolunteerHours]:
    if person is None:
        return VolunteerHours.objects.none()
    return VolunteerHours.objects.filter(signup__person=person).select_related("signup__task")


def task_signups(*, task: VolunteerTask) -> QuerySet[VolunteerSignup]:
    """The task's volunteers with their confirmed hours (the organiser's page)."""
    return task.signups.select_related("person").annotate(
        hours_confirmed=Sum("hours__hours",
                            filter=Q(hours__status=VolunteerHours.Status.CONFIRMED)))


def task_hours(*, task: VolunteerTask) -> QuerySet[VolunteerHours]:
    return VolunteerHours.objects.filter(signup__task=task).select_related("signup__person")


def hours_to_confirm(*, territory: Territory, user: User, roles: set[str]
                     ) -> QuerySet[VolunteerHours]:
    """Claims waiting for this organiser: all of the town's for the office, those of the
    initiatives they lead for a leader."""
    qs = VolunteerHours.objects.filter(territory=territory,
                                       status=VolunteerHours.Status.CLAIMED)
    if not roles & ORGANISE:
        qs = qs.filter(signup__task__initiative__members__person__user=user,
                       signup__task__initiative__members__role=InitiativeMember.Role.LEADER)
    return qs.select_related("signup__person", "signup__task", "signup__task__initiative",
                             "signup__task__event").order_by("done_on", "id")


def led_initiatives(*, person: Person | None) -> QuerySet[CitizenInitiative]:
    if person is None:
        return CitizenInitiative.objects.none()
    return CitizenInitiative.objects.filter(members__person=person,
                                            members__role=InitiativeMember.Role.LEADER)


def hours_confirmed_total(*, tasks) -> Decimal:
    total = VolunteerHours.objects.filter(signup__task__in=tasks,
                                          status=VolunteerHours.Status.CONFIRMED
                                          ).aggregate(s=Sum("hours"))["s"]
    return total or Decimal(0)


def initiatives_linked_to(*, territory: Territory, object_type: str,
                          object_id: str | int) -> QuerySet[CitizenInitiative]:
    """The other side of a link: initiatives that name this practice, vote, appeal, event."""
    return CitizenInitiative.objects.filter(
        territory=territory, links__object_type=object_type,
        links__object_id=str(object_id)).distinct()


def initiative_links(*, initiative: CitizenInitiative) -> QuerySet[InitiativeLink]:
    return initiative.links.all()


# --- speakers ---------------------------------------------------------------------------------

def quarter_of(day: dt.date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def last_quarters(today: dt.date, n: int = 4) -> list[tuple[int, int]]:
    year, quarter = quarter_of(today)
    out = []
    for _i in range(n):
        out.append((year, quarter))
        year, quarter = (year, quarter - 1) if quarter > 1 else (year - 1, 4)
    return out[::-1]


def speakers_with_counts(*, territory: Territory, quarters: int = 4) -> tuple[
        list[Speaker], list[tuple[int, int]]]:
    """The town's speakers, each with `.per_quarter` (appearances in each of the last
    `quarters` quarters, oldest first), `.appearances_total` and `.audience_total`: two
    queries whatever the number of speakers."""
    speakers: list[Speaker] = list(
        Speaker.objects.filter(territory=territory).select_related("person")
        .annotate(appearances_total=Count("appearances"),
                  audience_total=Sum("appearances__audience"))
        .order_by("-is_active", "person__surname", "id"))
    columns = last_quarters(timezone.localdate(), quarters)
    since = dt.date(columns[0][0], (columns[0][1] - 1) * 3 + 1, 1)
    counts: dict[int, dict[tuple[int, int], int]] = defaultdict(lambda: defaultdict(int))
    for speaker_id, on_date in SpeakerAppearance.objects.filter(
            territory=territory, on_date__gte=since).values_list("speaker_id", "on_date"):
        counts[speaker_id][quarter_of(on_date)] += 1
    for s in speakers:
        s.per_quarter = [counts[s.pk][c] for c in columns]  # type: ignore[attr-defined]
    return speakers, columns


def speaker_appearances(*, speaker: Speaker) -> QuerySet[SpeakerAppearance]:
    return speaker.appearances.select_related("event")
