"""Reads of the appeals area: who sees which appeals, lists with filters, the control figures
and the satisfaction / time-to-solve statistics.

Who sees what (`viewer_for`; veche/appeals/access.py checks it for every page and endpoint):
- the head of town, staff without a department and staff of an «appeals desk» department
  (AppealDesk: the head's office, the general department) see every appeal of the town;
- other staff are executors: only appeals addressed to their department (responsible
  department, or an assignment to it) or assigned to them personally;
- a resident sees only their own appeals (the registry person linked to their login).
"""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Avg, Count, DurationField, ExpressionWrapper, F, Q, QuerySet
from django.utils import timezone

from veche.accounts.contract import OFFICE
from veche.accounts.models import Department, Membership, Role, User
from veche.registry.models import Person
from veche.territories.models import Territory

from . import deadlines
from .models import (
    OPEN_STATUSES,
    Appeal,
    AppealDesk,
    AppealFeedback,
    AppealStatus,
    Assignment,
    AssignmentStatus,
)

ACTIVE = (AssignmentStatus.ASSIGNED, AssignmentStatus.IN_WORK)
STAFF_ROLES = OFFICE  # the back office: staff (the desk and executors) and the head


@dataclass
class Viewer:
    user: User
    territory: Territory
    sees_all: bool = False
    department_id: int | None = None
    is_staff: bool = False
    roles: set = field(default_factory=set)

    @property
    def is_executor(self) -> bool:
        return self.is_staff and not self.sees_all


def viewer_for(user: User, territory: Territory) -> Viewer:
    viewer = Viewer(user=user, territory=territory)
    if not user.is_authenticated:
        return viewer
    memberships = list(Membership.objects.filter(territory=territory, user=user))
    viewer.roles = {m.role for m in memberships}
    staff = [m for m in memberships if m.role in STAFF_ROLES]
    if not staff:
        return viewer
    viewer.is_staff = True
    if any(m.role == Role.HEAD for m in staff):
        viewer.sees_all = True
        return viewer
    dept = staff[0].department_id
    viewer.department_id = dept
    viewer.sees_all = dept is None or AppealDesk.objects.filter(
        territory=territory, department_id=dept).exists()
    return viewer


def appeals_visible(viewer: Viewer) -> QuerySet[Appeal]:
    qs = Appeal.objects.filter(territory=viewer.territory)
    if viewer.sees_all:
        return qs
    if viewer.is_staff:
        mine = Q(assignments__executor=viewer.user)
        if viewer.department_id:
            mine |= Q(department_id=viewer.department_id) | Q(
                assignments__department_id=viewer.department_id)
        return qs.filter(pk__in=Appeal.objects.filter(
            mine, territory=viewer.territory).values("pk"))
    return appeals_of_resident(viewer.user, viewer.territory)


def assignments_visible(viewer: Viewer) -> QuerySet[Assignment]:
    qs = Assignment.objects.filter(territory=viewer.territory)
    if viewer.sees_all:
        return qs
    if viewer.is_staff:
        mine = Q(executor=viewer.user)
        if viewer.department_id:
            mine |= Q(department_id=viewer.department_id)
        return qs.filter(mine)
    return qs.none()


def my_person(user: User, territory: Territory) -> Person | None:
    if not user.is_authenticated:
        return None
    return Person.objects.filter(territory=territory, user=user, is_erased=False).first()


def appeals_of_resident(user: User, territory: Territory) -> QuerySet[Appeal]:
    person = my_person(user, territory)
    if person is None:
        return Appeal.objects.filter(territory=territory).none()
    return Appeal.objects.filter(territory=territory, applicant=person)


def appeal_visible_get(viewer: Viewer, appeal_id: int) -> Appeal:
    """One appeal the viewer may see (Appeal.DoesNotExist otherwise: a 404, not a 403, so
    ids of other departments' appeals are not confirmed)."""
    return appeals_visible(viewer).select_related(
        "applicant", "topic", "department", "building", "territory").get(pk=appeal_id)


def may_manage(viewer: Viewer) -> bool:
    """Register, answer, extend, forward, assign: the appeals desk and the head."""
    return viewer.sees_all and viewer.is_staff


def may_report(viewer: Viewer, assignment: Assignment) -> bool:
    if not viewer.is_staff:
        return False
    return viewer.sees_all or assignment.executor_id == viewer.user.pk or (
        viewer.department_id is not None and assignment.department_id == viewer.department_id)


def appeals_search(qs: QuerySet[Appeal], *, q: str = "", status: str = "", channel: str = "",
                   topic_id: int | None = None, department_id: int | None = None,
                   overdue: bool = False, since: dt.date | None = None,
                   until: dt.date | None = None) -> QuerySet[Appeal]:
    q = " ".join((q or "").replace("\x00", "").split())[:100]
    if q:
        if q.upper().startswith("П-") or q.isdigit():
            qs = qs.filter(number__icontains=q)
        else:
            qs = qs.filter(Q(applicant_surname__icontains=q) | Q(text__icontains=q)
                           | Q(address_text__icontains=q))
    if status:
        qs = qs.filter(status=status)
    if channel:
        qs = qs.filter(channel=channel)
    if topic_id:
        qs = qs.filter(topic_id=topic_id)
    if department_id:
        qs = qs.filter(department_id=department_id)
    if overdue:
        qs = qs.filter(status__in=OPEN_STATUSES, answer_due__lt=timezone.localdate())
    if since:
        qs = qs.filter(received_at__date__gte=since)
    if until:
        qs = qs.filter(received_at__date__lte=until)
    return qs.select_related("topic", "department").order_by("-received_at", "-id")


def appeal_history(appeal: Appeal, *, public_only: bool) -> QuerySet:
    qs = appeal.events.select_related("actor")
    return qs.filter(public=True) if public_only else qs


# --- control view -----------------------------------------------------------------------

def _buckets(today: dt.date, since: dt.datetime) -> dict:
    soon = today + dt.timedelta(days=deadlines.DUE_SOON_DAYS)
    active = Q(status__in=ACTIVE)
    return {
        "overdue": Count("id", filter=active & Q(deadline__lt=today)),
        "due_soon": Count("id", filter=active & Q(deadline__gte=today, deadline__lte=soon)),
        "in_time": Count("id", filter=active & Q(deadline__gt=soon)),
        "done": Count("id", filter=Q(status=AssignmentStatus.DONE, done_at__gte=since)),
    }


def control_figures(qs: QuerySet[Assignment], *, today: dt.date | None = None,
                    done_days: int = 30, department_id: int | None = None,
                    executor_id: int | None = None) -> dict:
    """Assignments by bucket (overdue, due in 3 days, in time, done in the last `done_days`),
    for the town and by department and by executor, from one grouped query."""
    today = today or timezone.localdate()
    since = timezone.now() - dt.timedelta(days=done_days)
    base = qs.filter(Q(status__in=ACTIVE) | Q(status=AssignmentStatus.DONE, done_at__gte=since))
    if department_id:
        base = base.filter(department_id=department_id)
    if executor_id:
        base = base.filter(executor_id=executor_id)
    buckets = _buckets(today, since)
    # One grouped query by (department or organisation, executor); the town's total and the
    # two breakdowns are summed from its few rows (one scan instead of three: bench 1).
    # Grouped by ids only (a hash aggregate, no join before it); names come after, for the
    # few departments and executors found.
    rows: list[dict[str, Any]] = [
        dict(r) for r in base.values("department_id", "organisation", "executor_id")
        .annotate(**buckets).order_by()]
    dept_names = dict(Department.objects.filter(
        pk__in={r["department_id"] for r in rows} - {None}).values_list("pk", "name"))
    people = {pk: (name, email) for pk, name, email in User.objects.filter(
        pk__in={r["executor_id"] for r in rows} - {None}).values_list(
            "pk", "full_name", "email")}
    for row in rows:
        row["department__name"] = dept_names.get(row["department_id"])
        row["executor__full_name"], row["executor__email"] = people.get(
            row["executor_id"], (None, None))
    keys = list(buckets)
    total = dict.fromkeys(keys, 0)
    depts: dict = {}
    execs: dict = {}
    for row in rows:
        dept = depts.setdefault((row["department_id"], row["organisation"]), {
            "department_id": row["department_id"], "department__name": row["department__name"],
            "organisation": row["organisation"], **dict.fromkeys(keys, 0)})
        person = execs.setdefault(row["executor_id"], {
            "executor_id": row["executor_id"], "executor__full_name": row["executor__full_name"],
            "executor__email": row["executor__email"], **dict.fromkeys(keys, 0)})
        for key in keys:
            total[key] += row[key]
            dept[key] += row[key]
            person[key] += row[key]
    by_dept = list(depts.values())
    by_exec = list(execs.values())
    for row in by_dept:
        row["label"] = row["department__name"] or row["organisation"] or "—"
    for row in by_exec:
        row["label"] = row["executor__full_name"] or row["executor__email"] or "не назначен"
    by_dept.sort(key=lambda r: (-r["overdue"], r["label"]))
    by_exec.sort(key=lambda r: (-r["overdue"], r["executor_id"] is None, r["label"]))
    return {"total": total, "by_department": by_dept, "by_executor": by_exec, "today": today}


def control_list(qs: QuerySet[Assignment], *, bucket: str, today: dt.date | None = None,
                 done_days: int = 30) -> QuerySet[Assignment]:
    today = today or timezone.localdate()
    soon = today + dt.timedelta(days=deadlines.DUE_SOON_DAYS)
    filters = {
        "active": Q(status__in=ACTIVE),  # everything to do, the most urgent first
        "overdue": Q(status__in=ACTIVE, deadline__lt=today),
        "due_soon": Q(status__in=ACTIVE, deadline__gte=today, deadline__lte=soon),
        "in_time": Q(status__in=ACTIVE, deadline__gt=soon),
        "done": Q(status=AssignmentStatus.DONE,
                  done_at__gte=timezone.now() - dt.timedelta(days=done_days)),
    }
    order = "-done_at" if bucket == "done" else "deadline"
    return qs.filter(filters.get(bucket, filters["overdue"])).select_related(
        "appeal", "department", "executor").order_by(order, "id")


def appeal_figures(qs: QuerySet[Appeal], *, today: dt.date | None = None) -> dict:
    """Appeals by state: to register, overdue answers, in work, answered, closed."""
    today = today or timezone.localdate()
    return qs.aggregate(
        total=Count("id"),
        to_register=Count("id", filter=Q(status=AppealStatus.RECEIVED)),
        registration_overdue=Count("id", filter=Q(status=AppealStatus.RECEIVED,
                                                  registration_due__lt=today)),
        open=Count("id", filter=Q(status__in=OPEN_STATUSES)),
        answer_overdue=Count("id", filter=Q(status__in=OPEN_STATUSES, answer_due__lt=today)),
        answered=Count("id", filter=Q(status=AppealStatus.ANSWERED)),
        closed=Count("id", filter=Q(status=AppealStatus.CLOSED)),
        forwarded=Count("id", filter=Q(status=AppealStatus.FORWARDED)),
    )


# --- satisfaction and time to solve ------------------------------------------------------

def satisfaction_by(*, territory: Territory, group: str = "department",
                    since: dt.date | None = None, until: dt.date | None = None) -> list[dict]:
    """Per department or topic: answered appeals, average days from registration to answer,
    feedback answers, share solved, average satisfaction (1–5)."""
    key = {"department": "department__name", "topic": "topic__name"}[group]
    # Appeals answered without a department or a topic form a row of their own, named so.
    none = {"department": "отдел не назначен", "topic": "без темы"}[group]
    appeals = Appeal.objects.filter(territory=territory, answered_at__isnull=False,
                                    registered_at__isnull=False)
    if since:
        appeals = appeals.filter(answered_at__date__gte=since)
    if until:
        appeals = appeals.filter(answered_at__date__lte=until)
    solve = ExpressionWrapper(F("answered_at") - F("registered_at"), output_field=DurationField())
    rows = {
        r[key] or none: {"label": r[key] or none, "answered": r["n"],
                        "days": (r["avg"].total_seconds() / 86400) if r["avg"] else 0}
        for r in appeals.values(key).annotate(n=Count("id"), avg=Avg(solve))
    }
    fb = AppealFeedback.objects.filter(territory=territory, answered_at__isnull=False,
                                       appeal__in=appeals.values("pk"))
    for r in fb.values(f"appeal__{key}").annotate(
        n=Count("id"), solved=Count("id", filter=Q(solved=True)), score=Avg("satisfaction"),
    ):
        label = r[f"appeal__{key}"] or none
        row = rows.setdefault(label, {"label": label, "answered": 0, "days": 0})
        row.update(feedback=r["n"], solved_share=r["solved"] / r["n"] if r["n"] else 0,
                   satisfaction=r["score"] or 0)
    for row in rows.values():
        row.setdefault("feedback", 0)
        row.setdefault("solved_share", 0)
        row.setdefault("satisfaction", 0)
    return sorted(rows.values(), key=lambda r: (-r["answered"], r["label"]))


def appeals_by_topic(*, territory: Territory, days: int = 365) -> dict[int, int]:
    """Appeals per city topic received in the last `days` (counts only, for the public topics
    page: no text, no names)."""
    since = timezone.now() - dt.timedelta(days=days)
    return dict(Appeal.objects.filter(territory=territory, topic__isnull=False,
                                      received_at__gte=since).order_by()
                .values_list("topic").annotate(n=Count("id")))
