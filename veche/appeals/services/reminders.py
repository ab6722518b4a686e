"""Reminders to executors before and on an assignment's deadline, and escalation to the head's
office when it is overdue. Run daily (`veche appeals_remind`, or the `remind_executors` task).

Idempotent: each (assignment, kind, deadline) is one AssignmentReminder row, written before the
e-mail goes; a second run the same day finds it and sends nothing. A failed send is recorded
as failed and retried on the next run. A moved deadline is a new key: reminders are owed again.
"""

import datetime as dt
import logging

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from veche.accounts.links import site_url
from veche.accounts.models import Membership, Role
from veche.registry.consent import Purpose, contact_allowed
from veche.territories.models import Territory

from .. import deadlines
from ..models import Assignment, AssignmentReminder, AssignmentStatus
from ..notifications import email_send

log = logging.getLogger("veche.appeals")
K = AssignmentReminder.Kind


def _kind_for(deadline: dt.date, today: dt.date) -> str | None:
    days = (deadline - today).days
    if days < 0:
        return K.OVERDUE
    if days == 0:
        return K.DUE
    if days == 1:
        return K.BEFORE_1
    if days == 3:
        return K.BEFORE_3
    return None


def _department_emails(territory_id: int, department_id: int | None) -> list[str]:
    if department_id is None:
        return []
    return [email for email in Membership.objects.filter(
        territory_id=territory_id, department_id=department_id, role=Role.STAFF,
        user__is_active=True, user__email__isnull=False,
    ).values_list("user__email", flat=True) if email is not None]


def _head_office_emails(territory_id: int) -> list[str]:
    """The head and the appeals desk (the head's office) get the escalations."""
    from ..models import AppealDesk

    desk = AppealDesk.objects.filter(territory_id=territory_id).values("department_id")
    return [email for email in Membership.objects.filter(
        Q(role=Role.HEAD) | Q(role=Role.STAFF, department_id__in=desk),
        territory_id=territory_id, user__is_active=True, user__email__isnull=False,
    ).values_list("user__email", flat=True).distinct() if email is not None]


def _message(assignment: Assignment, kind: str, today: dt.date) -> tuple[str, str]:
    appeal = assignment.appeal
    days = (assignment.deadline - today).days
    whens: dict[str, str] = {K.BEFORE_3: "через 3 дня", K.BEFORE_1: "завтра", K.DUE: "сегодня"}
    when = whens.get(kind)
    if kind == K.OVERDUE:
        subject = f"Просрочено поручение по обращению {appeal.number}"
        lead = (f"Поручение просрочено на {-days} дн. (срок был {assignment.deadline:%d.%m.%Y}). "
                "Сообщение направлено в приёмную Главы.")
    else:
        subject = f"Срок поручения по обращению {appeal.number} — {when}"
        lead = f"Срок исполнения поручения — {when}, {assignment.deadline:%d.%m.%Y}."
    path = f"/t/{appeal.territory.slug}/office/appeals/{appeal.pk}/"
    body = (f"{lead}\n\nОбращение {appeal.number}: {appeal.title}\n"
            f"Адрес: {appeal.address_text or '—'}\nПоручение: {assignment.task}\n"
            f"Исполнитель: {assignment.executor or assignment.addressee}\n\n"
            f"Карточка: {site_url(path)}\n")
    return subject, body


def appeals_remind(*, territory: Territory, today: dt.date | None = None) -> dict:
    """Send what is owed today in one town (run in its scope). Returns counts by kind."""
    today = today or timezone.localdate()
    horizon = today + dt.timedelta(days=max(deadlines.REMIND_BEFORE_DAYS))
    due = (
        Assignment.objects.filter(
            territory=territory, status__in=(AssignmentStatus.ASSIGNED, AssignmentStatus.IN_WORK),
            deadline__lte=horizon,
        )
        # An escalated assignment is not escalated again every day.
        .filter(Q(deadline__gte=today) | Q(escalated_at__isnull=True))
        .select_related("appeal", "appeal__territory", "executor", "department")
    )
    counts = {k: 0 for k in K.values} | {"failed": 0, "skipped": 0}
    head_office = None
    for assignment in due.iterator(chunk_size=500):
        kind = _kind_for(assignment.deadline, today)
        if kind is None:
            continue
        recipients = []
        if assignment.executor and assignment.executor.email:
            recipients.append(assignment.executor.email)
        else:
            recipients += _department_emails(territory.pk, assignment.department_id)
        if kind == K.OVERDUE:
            head_office = head_office if head_office is not None else \
                _head_office_emails(territory.pk)
            recipients += head_office
        recipients = sorted(set(recipients))
        counts[kind] += _send_once(assignment, kind, recipients, today)
    return counts


def _send_once(assignment: Assignment, kind: str, recipients: list[str], today) -> int:
    now = timezone.now()
    try:
        with transaction.atomic():
            reminder, created = AssignmentReminder.objects.get_or_create(
                assignment=assignment, kind=kind, deadline=assignment.deadline,
                defaults={"territory_id": assignment.territory_id, "at": now,
                          "outcome": "pending", "recipients": ", ".join(recipients)[:1000]},
            )
    except IntegrityError:  # a concurrent run took it
        return 0
    if not created and reminder.outcome == "sent":
        return 0
    if not recipients:
        reminder.outcome = "skipped"
        reminder.detail = "нет адреса: у исполнителя и отдела нет email"
        reminder.save(update_fields=["outcome", "detail"])
        return 0
    subject, body = _message(assignment, kind, today)
    # Staff written to about their own work: the gate's table holds the basis (official duty).
    contact_allowed(None, Purpose.STAFF_WORK, "email")
    try:
        email_send(to=recipients, subject=subject, body=body)
    except Exception as exc:  # noqa: BLE001 - recorded, retried next run
        log.warning("reminder for assignment %s failed: %s", assignment.pk, exc)
        reminder.outcome, reminder.detail = "failed", str(exc)[:300]
        reminder.save(update_fields=["outcome", "detail"])
        return 0
    reminder.outcome, reminder.at, reminder.detail = "sent", now, ""
    reminder.recipients = ", ".join(recipients)[:1000]
    reminder.save(update_fields=["outcome", "at", "detail", "recipients"])
    if kind == K.OVERDUE:
        Assignment.objects.filter(pk=assignment.pk).update(escalated_at=now)
    return 1
