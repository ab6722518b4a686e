"""Writes to assignments: create from an appeal, executor's report, status changes."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from veche.accounts.models import Department, Membership, Role, User

from ..models import (
    Appeal,
    AppealEvent,
    AppealStatus,
    Assignment,
    AssignmentReport,
    AssignmentStatus,
)
from ..validation import SHORT_TEXT_MAX, check_attachments, check_deadline, check_text
from .workflow import _move, event_add

A = AssignmentStatus
ACTIVE = (A.ASSIGNED, A.IN_WORK)
# A reopened appeal's assignments get at least this many days to be done again.
REOPEN_DAYS = 10


def check_executor(territory_id: int, executor: User | None,
                   department: Department | None) -> None:
    if executor is None:
        return
    membership = Membership.objects.filter(
        territory_id=territory_id, user=executor, role__in=(Role.STAFF, Role.HEAD)
    ).first()
    if membership is None:
        raise ValidationError({"executor": ["Исполнитель не работает в администрации города."]})
    if department is not None and membership.department_id not in (None, department.pk):
        raise ValidationError({"executor": [
            f"{executor} работает не в отделе «{department}». Выберите исполнителя из отдела "
            "или другой отдел."]})


@transaction.atomic
def assignment_create(
    *, appeal: Appeal, task: str, deadline: dt.date, actor: User | None,
    department: Department | None = None, organisation: str = "",
    executor: User | None = None, created_at: dt.datetime | None = None,
) -> Assignment:
    errors: dict[str, list[str]] = {}
    try:
        task = check_text(task, label="Поручение", limit=SHORT_TEXT_MAX)
    except ValidationError as exc:
        errors["task"] = exc.messages
    try:
        organisation = check_text(organisation, label="Организация", limit=300, required=False)
    except ValidationError as exc:
        errors["organisation"] = exc.messages
    if department is None and not organisation and "organisation" not in errors:
        errors["department"] = [
            "Выберите отдел или впишите организацию (управляющую компанию, предприятие)."]
    if department is not None and department.territory_id != appeal.territory_id:
        errors["department"] = ["Отдел относится к другому городу."]
    try:
        check_deadline(deadline, label="Срок исполнения",
                       not_before=timezone.localdate(created_at) if created_at else None)
        if appeal.answer_due and deadline > appeal.answer_due:
            raise ValidationError({"deadline": [
                f"Срок исполнения позже срока ответа заявителю ({appeal.answer_due:%d.%m.%Y}). "
                "Продлите срок обращения или выберите более раннюю дату."]})
    except ValidationError as exc:
        errors.update(exc.message_dict)
    try:
        check_executor(appeal.territory_id, executor, department)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if not errors and appeal.status not in (AppealStatus.REGISTERED, AppealStatus.IN_WORK,
                                            AppealStatus.REOPENED):
        errors["__all__"] = [
            f"Поручение можно дать по зарегистрированному обращению в работе; обращение "
            f"{appeal.number} — «{appeal.get_status_display()}»."]
    if errors:
        raise ValidationError(errors)
    assignment = Assignment.objects.create(
        territory_id=appeal.territory_id, appeal=appeal, department=department,
        organisation=organisation, executor=executor, task=task, deadline=deadline,
        created_by=actor if actor and actor.is_authenticated else None,
        created_at=created_at or timezone.now(),
    )
    if appeal.department_id is None and department is not None:
        appeal.department = department
    if appeal.status != AppealStatus.IN_WORK:
        _move(appeal, AppealStatus.IN_WORK, actor=actor, at=created_at)
    appeal.save()
    who = assignment.addressee + (f", исполнитель {executor}" if executor else "")
    event_add(appeal, kind=AppealEvent.Kind.ASSIGNMENT, actor=actor, at=created_at,
              comment=f"{who}, срок {deadline:%d.%m.%Y}")
    return assignment


@transaction.atomic
def assignment_report(*, assignment: Assignment, text: str, author: User,
                      marks_done: bool = False, files=(),
                      at: dt.datetime | None = None) -> AssignmentReport:
    """An executor's report; `marks_done` closes the assignment. Photos like an appeal's."""
    from .appeals import attachments_add

    errors = {}
    try:
        text = check_text(text, label="Отчёт", limit=SHORT_TEXT_MAX)
    except ValidationError as exc:
        errors["text"] = exc.messages
    try:
        infos = check_attachments(files)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if not errors and assignment.status not in ACTIVE:
        errors["__all__"] = [f"Поручение уже «{assignment.get_status_display()}»: отчёт не нужен."]
    if errors:
        raise ValidationError(errors)
    at = at or timezone.now()
    report = AssignmentReport.objects.create(
        territory_id=assignment.territory_id, assignment=assignment, text=text,
        marks_done=marks_done, author=author, at=at,
    )
    if files:
        attachments_add(appeal=assignment.appeal, files=list(files), by=author, report=report,
                        infos=infos)
    assignment.status = A.DONE if marks_done else A.IN_WORK
    assignment.done_at = at if marks_done else None
    assignment.save(update_fields=["status", "done_at"])
    event_add(assignment.appeal, kind=AppealEvent.Kind.REPORT, actor=author, public=False, at=at,
              comment=("Исполнено: " if marks_done else "Отчёт: ") + text)
    return report


@transaction.atomic
def assignment_status_change(*, assignment: Assignment, to_status: str, actor: User,
                             comment: str = "") -> Assignment:
    """Cancel an assignment or send a done one back to work."""
    allowed = {A.ASSIGNED: {A.IN_WORK, A.CANCELLED}, A.IN_WORK: {A.CANCELLED},
               A.DONE: {A.IN_WORK}, A.CANCELLED: set()}
    if to_status not in allowed.get(assignment.status, set()):
        raise ValidationError(
            f"Поручение в статусе «{assignment.get_status_display()}» нельзя перевести в "
            f"«{AssignmentStatus(to_status).label}»." if to_status in A.values
            else "Неизвестный статус поручения.")
    comment = check_text(comment, label="Комментарий", limit=SHORT_TEXT_MAX, required=False)
    before = assignment.get_status_display()
    assignment.status = to_status
    assignment.done_at = None
    assignment.save(update_fields=["status", "done_at"])
    event_add(assignment.appeal, kind=AppealEvent.Kind.ASSIGNMENT, actor=actor, public=False,
              comment=f"Поручение «{assignment.addressee}»: {before} → "
                      f"{assignment.get_status_display()}. {comment}".strip())
    return assignment


def assignments_back_to_work(*, appeal: Appeal, actor: User | None, reason: str) -> int:
    """A reopened appeal puts its done assignments back in work (the caller is atomic)."""
    done = list(appeal.assignments.filter(status=A.DONE))
    new_deadline = timezone.localdate() + dt.timedelta(days=REOPEN_DAYS)
    for assignment in done:
        assignment.status = A.IN_WORK
        assignment.done_at = None
        assignment.deadline = max(assignment.deadline, new_deadline)
        assignment.escalated_at = None
        assignment.save(update_fields=["status", "done_at", "deadline", "escalated_at"])
        event_add(appeal, kind=AppealEvent.Kind.ASSIGNMENT, actor=actor, public=False,
                  comment=f"Поручение «{assignment.addressee}» снова в работе: {reason}")
    return len(done)
