"""Writes to assignments: create from an appeal, executor's report, status changes."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from veche.accounts.models import Department, Membership, Role, User
from veche.territories.calendar import add_working_days

from .. import deadlines
from ..models import (
    Appeal,
    AppealEvent,
    AppealStatus,
    Assignment,
    AssignmentReport,
    AssignmentStatus,
)
from ..validation import SHORT_TEXT_MAX, check_attachments, check_deadline, check_text
from .verdicts import done_notify, term_notify
from .workflow import _move, event_add

A = AssignmentStatus
ACTIVE = (A.ASSIGNED, A.IN_WORK)


def check_executor(territory_id: int, executor: User | None,
                   department: Department | None) -> None:
    if executor is None:
        return
    membership = Membership.objects.filter(
        territory_id=territory_id, user=executor, role__in=(Role.STAFF, Role.HEAD)
    ).first()
    if membership is None:
        raise ValidationError({"executor": ValidationError(
            _("Исполнитель не работает в администрации города."), code="executor_not_staff")})
    if department is not None and membership.department_id not in (None, department.pk):
        raise ValidationError({"executor": ValidationError(
            _("%(executor)s работает не в отделе «%(department)s». Выберите исполнителя из "
              "отдела или другой отдел."), code="executor_other_department",
            params={"executor": executor, "department": department})})


@transaction.atomic
def assignment_create(
    *, appeal: Appeal, task: str, deadline: dt.date, actor: User | None,
    department: Department | None = None, organisation: str = "",
    executor: User | None = None, created_at: dt.datetime | None = None,
) -> Assignment:
    errors: dict[str, list[ValidationError]] = {}
    try:
        task = check_text(task, label=_("Поручение"), limit=SHORT_TEXT_MAX)
    except ValidationError as exc:
        errors["task"] = exc.error_list
    try:
        organisation = check_text(organisation, label=_("Организация"), limit=300,
                                  required=False)
    except ValidationError as exc:
        errors["organisation"] = exc.error_list
    if department is None and not organisation and "organisation" not in errors:
        errors["department"] = [ValidationError(
            _("Выберите отдел или впишите организацию (управляющую компанию, предприятие)."),
            code="executor_missing")]
    if department is not None and department.territory_id != appeal.territory_id:
        errors["department"] = [ValidationError(_("Отдел относится к другому городу."),
                                                code="other_town")]
    try:
        check_deadline(deadline, label=_("Срок исполнения"),
                       not_before=timezone.localdate(created_at) if created_at else None)
        if appeal.answer_due and deadline > appeal.answer_due:
            raise ValidationError({"deadline": ValidationError(
                _("Срок исполнения позже срока ответа заявителю (%(date)s). Продлите срок "
                  "обращения или выберите более раннюю дату."), code="deadline_after_answer_due",
                params={"date": appeal.answer_due.strftime("%d.%m.%Y")})})
    except ValidationError as exc:
        errors.update(exc.error_dict)
    try:
        check_executor(appeal.territory_id, executor, department)
    except ValidationError as exc:
        errors.update(exc.error_dict)
    if not errors and appeal.status not in (AppealStatus.REGISTERED, AppealStatus.IN_WORK,
                                            AppealStatus.REOPENED):
        errors["__all__"] = [ValidationError(
            _("Поручение можно дать по зарегистрированному обращению в работе; обращение "
              "%(number)s — «%(status)s»."), code="appeal_wrong_state",
            params={"number": appeal.number, "status": appeal.get_status_display()})]
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
    term_notify(assignment=assignment)
    return assignment


@transaction.atomic
def assignment_report(*, assignment: Assignment, text: str, author: User,
                      marks_done: bool = False, files=(),
                      at: dt.datetime | None = None) -> AssignmentReport:
    """An executor's report; `marks_done` closes the assignment. Photos like an appeal's."""
    from .appeals import attachments_add

    errors = {}
    try:
        text = check_text(text, label=_("Отчёт"), limit=SHORT_TEXT_MAX)
    except ValidationError as exc:
        errors["text"] = exc.error_list
    try:
        infos = check_attachments(files)
    except ValidationError as exc:
        errors.update(exc.error_dict)
    if not errors and assignment.status not in ACTIVE:
        errors["__all__"] = [ValidationError(
            _("Поручение уже «%(status)s»: отчёт не нужен."), code="assignment_closed",
            params={"status": assignment.get_status_display()})]
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
    fields = ["status", "done_at"]
    if marks_done:
        # A new completion: the applicant is asked again (their last words stay for history).
        assignment.applicant_verdict, assignment.verdict_at = "", None
        fields += ["applicant_verdict", "verdict_at"]
    assignment.save(update_fields=fields)
    event_add(assignment.appeal, kind=AppealEvent.Kind.REPORT, actor=author, public=False, at=at,
              comment=("Исполнено: " if marks_done else "Отчёт: ") + text)
    if marks_done:
        done_notify(assignment=assignment)
    return report


@transaction.atomic
def assignment_status_change(*, assignment: Assignment, to_status: str, actor: User,
                             comment: str = "") -> Assignment:
    """Cancel an assignment or send a done one back to work."""
    allowed: dict[str, set[str]] = {A.ASSIGNED: {A.IN_WORK, A.CANCELLED}, A.IN_WORK: {A.CANCELLED},
               A.DONE: {A.IN_WORK}, A.CANCELLED: set()}
    if to_status not in allowed.get(assignment.status, set()):
        if to_status not in A.values:
            raise ValidationError(_("Неизвестный статус поручения."),
                                  code="assignment_status_unknown")
        raise ValidationError(
            _("Поручение в статусе «%(status)s» нельзя перевести в «%(target)s»."),
            code="assignment_wrong_state",
            params={"status": assignment.get_status_display(),
                    "target": AssignmentStatus(to_status).label})
    comment = check_text(comment, label=_("Комментарий"), limit=SHORT_TEXT_MAX, required=False)
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
    new_deadline = add_working_days(timezone.localdate(), deadlines.REDO_WORKING_DAYS)
    for assignment in done:
        assignment.status = A.IN_WORK
        assignment.done_at = None
        assignment.deadline = max(assignment.deadline, new_deadline)
        assignment.escalated_at = None
        assignment.save(update_fields=["status", "done_at", "deadline", "escalated_at"])
        event_add(appeal, kind=AppealEvent.Kind.ASSIGNMENT, actor=actor, public=False,
                  comment=f"Поручение «{assignment.addressee}» снова в работе: {reason}")
    return len(done)
