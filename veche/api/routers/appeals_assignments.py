"""Assignments of appeals through the API, on the same router as `appeals.py`: create one
from an appeal, an executor's list and reports, the control view and the quality figures."""


from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from ninja import Query, Status

from veche.accounts.models import Department, Role, User
from veche.appeals import selectors as sel
from veche.appeals import services as svc
from veche.appeals.models import Assignment

from ..errors import protected
from ..pagination import page_of, paginate
from ..security import TOWN_STAFF
from .appeals import _appeal, _manager, _of_town, _viewer, router
from .appeals_schemas import (
    AssignmentFilters,
    AssignmentIn,
    AssignmentOut,
    ControlOut,
    QualityOut,
    ReportIn,
    ReportOut,
)


@router.post("/t/{slug}/appeals/{appeal_id}/assignments",
             response=protected({201: AssignmentOut}), auth=TOWN_STAFF,
             summary="Дать поручение отделу или организации")
def assignment_create(request, slug: str, appeal_id: int, payload: AssignmentIn):
    appeal = _appeal(_manager(request), appeal_id)
    errors: dict = {}
    department = _of_town(Department, payload.department_id, "department_id", errors)
    executor = None
    if payload.executor_id is not None:
        executor = User.objects.filter(
            pk=payload.executor_id, memberships__territory=request.territory,
            memberships__role__in=(Role.STAFF, Role.HEAD)).first()
        if executor is None:
            errors["executor_id"] = ["Нет такого сотрудника в администрации города."]
    if errors:
        raise ValidationError(errors)
    assignment = svc.assignment_create(
        appeal=appeal, task=payload.task, deadline=payload.deadline, actor=request.auth,
        department=department, organisation=payload.organisation, executor=executor)
    return Status(201, assignment)


@router.get("/t/{slug}/assignments/", response=protected({200: page_of(AssignmentOut)}),
            auth=TOWN_STAFF, summary="Поручения (исполнителю — своего отдела)")
def assignment_list(request, slug: str, filters: Query[AssignmentFilters]):
    qs = sel.assignments_visible(_viewer(request))
    if filters.department:
        qs = qs.filter(department_id=filters.department)
    if filters.bucket:
        qs = sel.control_list(qs, bucket=filters.bucket)
    qs = qs.select_related("appeal", "department").prefetch_related("reports").order_by(
        "deadline", "id")
    return paginate(request, qs, filters)


@router.post("/t/{slug}/assignments/{assignment_id}/reports",
             response=protected({201: ReportOut}), auth=TOWN_STAFF,
             summary="Отчёт исполнителя (marks_done — поручение исполнено)")
def assignment_report(request, slug: str, assignment_id: int, payload: ReportIn):
    viewer = _viewer(request)
    try:
        assignment = sel.assignments_visible(viewer).get(pk=assignment_id)
    except Assignment.DoesNotExist:
        raise Http404("Нет такого поручения среди доступных вам.") from None
    if not sel.may_report(viewer, assignment):
        raise PermissionDenied("Отчитывается исполнитель или его отдел.")
    report = svc.assignment_report(assignment=assignment, text=payload.text,
                                   author=request.auth, marks_done=payload.marks_done)
    return Status(201, report)


@router.get("/t/{slug}/appeals-control/", response=protected({200: ControlOut}),
            auth=TOWN_STAFF, summary="Контроль: просрочено, скоро срок, в работе, исполнено")
def control(request, slug: str, department: int | None = None):
    return sel.control_figures(sel.assignments_visible(_viewer(request)),
                               department_id=department)


@router.get("/t/{slug}/appeals-quality/", response=protected({200: QualityOut}),
            auth=TOWN_STAFF, summary="Удовлетворённость и время до ответа по отделам и темам")
def quality(request, slug: str):
    _manager(request)
    t = request.territory
    return {"by_department": sel.satisfaction_by(territory=t, group="department"),
            "by_topic": sel.satisfaction_by(territory=t, group="topic")}


# Photos and e-mail letters: routes on this router, kept in their own module for size.
