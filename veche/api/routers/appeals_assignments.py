"""Assignments of appeals through the API, a child router of `appeals.py`: create one from
an appeal, hand part of one down (a sub-assignment), an executor's list and reports, the
control view and the quality figures."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from veche.accounts.models import Department, User
from veche.appeals import access
from veche.appeals import selectors as sel
from veche.appeals import services as svc
from veche.appeals.lifecycle import APPEAL, perform

from ..errors import protected
from ..pagination import page_of, paginate
from .appeals_common import STAFF, of_town
from .appeals_schemas import (
    AssignmentFilters,
    AssignmentIn,
    AssignmentOut,
    AssignmentReportIn,
    AssignmentReportOut,
    ControlOut,
    QualityOut,
)

router = Router()  # tags come from the parent, appeals.py


@router.post("/t/{slug}/appeals/{appeal_id}/assignments",
             response=protected({201: AssignmentOut}), auth=STAFF,
             summary="Дать поручение отделу или организации")
def assignment_create(request, slug: str, appeal_id: int, payload: AssignmentIn):
    appeal = access.access_appeal(request.auth, request.territory, appeal_id, manage=True)
    department, executor = _addressee(request, payload)
    assignment = perform(
        APPEAL, "assign", appeal, by=request.auth, task=payload.task, deadline=payload.deadline,
        department=department, organisation=payload.organisation, executor=executor)
    return Status(201, assignment)


def _addressee(request, payload: AssignmentIn) -> tuple[Department | None, User | None]:
    """The department and executor named by ids: the town's own, or a 400 naming the field."""
    errors: dict = {}
    department = of_town(Department, payload.department_id, "department_id", errors)
    executor = None
    if payload.executor_id is not None:
        executor = User.objects.filter(
            pk=payload.executor_id, memberships__territory=request.territory,
            memberships__role__in=access.MANAGE).first()
        if executor is None:
            errors["executor_id"] = [ValidationError(
                _("Нет такого сотрудника в администрации города."), code="not_staff")]
    if errors:
        raise ValidationError(errors)
    return department, executor


@router.post("/t/{slug}/assignments/{assignment_id}/sub-assignments",
             response=protected({201: AssignmentOut}), auth=STAFF,
             summary="Передать часть поручения дальше (подпоручение, срок не позже исходного)")
def assignment_hand_down(request, slug: str, assignment_id: int, payload: AssignmentIn):
    parent = access.access_assignment(request.auth, request.territory, assignment_id)
    department, executor = _addressee(request, payload)
    child = svc.assignment_delegate(
        parent=parent, task=payload.task, deadline=payload.deadline, actor=request.auth,
        department=department, organisation=payload.organisation, executor=executor)
    return Status(201, child)


@router.get("/t/{slug}/assignments/", response=protected({200: page_of(AssignmentOut)}),
            auth=STAFF, summary="Поручения (исполнителю — своего отдела)")
def assignment_list(request, slug: str, filters: Query[AssignmentFilters]):
    qs = sel.assignments_visible(access.access_office(request.auth, request.territory))
    if filters.department:
        qs = qs.filter(department_id=filters.department)
    if filters.bucket:
        qs = sel.control_list(qs, bucket=filters.bucket)
    qs = qs.select_related("appeal", "department").prefetch_related("reports").order_by(
        "deadline", "id")
    return paginate(request, qs, filters)


@router.post("/t/{slug}/assignments/{assignment_id}/reports",
             response=protected({201: AssignmentReportOut}), auth=STAFF,
             summary="Отчёт исполнителя (marks_done — поручение исполнено)")
def assignment_report(request, slug: str, assignment_id: int, payload: AssignmentReportIn):
    assignment = access.access_assignment(request.auth, request.territory, assignment_id)
    report = svc.assignment_report(assignment=assignment, text=payload.text,
                                   author=request.auth, marks_done=payload.marks_done)
    return Status(201, report)


@router.get("/t/{slug}/appeals-control/", response=protected({200: ControlOut}),
            auth=STAFF, summary="Контроль: просрочено, скоро срок, в работе, исполнено")
def control(request, slug: str, department: int | None = None):
    viewer = access.access_office(request.auth, request.territory)
    return sel.control_figures(sel.assignments_visible(viewer), department_id=department)


@router.get("/t/{slug}/appeals-quality/", response=protected({200: QualityOut}),
            auth=STAFF, summary="Удовлетворённость и время до ответа по отделам и темам")
def quality(request, slug: str):
    access.access_quality(request.auth, request.territory)
    t = request.territory
    return {"by_department": sel.satisfaction_by(territory=t, group="department"),
            "by_topic": sel.satisfaction_by(territory=t, group="topic")}

