"""API of a town's project: implementation plans with expected results and tasks, and the
monitoring reports of current against planned indicators (attached to the projects router)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status

from veche.practices import access
from veche.practices.models import Initiative
from veche.practices.projects.plans import (
    plan_create,
    plan_indicator_add,
    plan_task_add,
    report_create,
    report_rows,
)
from veche.practices.projects.selectors import (
    plans_of,
    practices_by_ids,
    project_current,
)

from ..errors import protected
from ..pagination import PageParams, page_of, paginate
from .projects_common import OFFICE, PlanCreated, PlanIn, plan_out
from .schemas import Text

router = Router(auth=OFFICE)  # tags come from the parent, projects.py


# --- plans and reports -------------------------------------------------------------------

class IndicatorOut(Schema):
    id: int
    name: str
    unit: str
    baseline: float
    target: float
    deadline: dt.date | None
    current: float | None = None
    progress: float | None = None


class TaskOut(Schema):
    title: str
    responsible: str
    deadline: dt.date
    done_on: dt.date | None


class PlanReportOut(Schema):
    id: int
    period_start: dt.date
    period_end: dt.date
    comment: str
    links: list[str]
    indicators: list[IndicatorOut]


class PlanDecisionOut(Schema):
    decision: str
    reason: str
    decided_at: dt.datetime


class PlanOut(Schema):
    id: int
    title: str
    status: Text
    resource_sources: str
    legal_changes: str
    legal_act: str
    starts_on: dt.date | None
    ends_on: dt.date | None
    initiative_id: int | None
    practice_id: int | None


class PlanDetail(PlanOut):
    indicators: list[IndicatorOut]
    tasks: list[TaskOut]
    reports: list[PlanReportOut]
    decisions: list[PlanDecisionOut]


@router.get("/t/{slug}/project/plans/", response=protected({200: page_of(PlanOut)}),
            summary="Планы реализации")
def plans(request, slug: str, q: Query[PageParams]):
    return paginate(request, plans_of(territory=request.territory), q)


def _report_out(r) -> dict:
    return {"id": r.pk, "period_start": r.period_start, "period_end": r.period_end,
            "comment": r.comment, "links": r.links,
            "indicators": [{**{f: getattr(x["indicator"], f) for f in
                               ("id", "name", "unit", "baseline", "target", "deadline")},
                            "current": x["current"], "progress": x["progress"]}
                           for x in report_rows(report=r)]}


@router.get("/t/{slug}/project/plans/{implementationplan_id}",
            response=protected({200: PlanDetail}), summary="План: результаты, задачи, отчёты")
def plan_detail(request, slug: str, implementationplan_id: int):
    plan = access.access_plan(request.auth, request.territory, implementationplan_id)
    out = PlanOut.from_orm(plan).dict()
    return {**out, "indicators": list(plan.indicators.all()), "tasks": list(plan.tasks.all()),
            "reports": [_report_out(r) for r in plan.reports.all()],
            "decisions": list(plan.decisions.all())}


# In this router, not projects_work.py: ninja serves a path from one router only.
@router.post("/t/{slug}/project/plans/", response=protected({201: PlanCreated}),
             summary="План реализации с ожидаемыми результатами и задачами")
def plan_add(request, slug: str, payload: PlanIn):
    initiative = practice = None
    if payload.initiative_id is not None:
        initiative = Initiative.objects.filter(pk=payload.initiative_id).first()
        if initiative is None:
            raise ValidationError({"initiative_id": [ValidationError(
                _("Нет такой инициативы в этом городе."), code="no_initiative")]})
    if payload.practice_id is not None:
        practice = practices_by_ids([payload.practice_id]).get(payload.practice_id)
        if practice is None:
            raise ValidationError({"practice_id": [ValidationError(
                _("Нет такой опубликованной практики."), code="no_practice")]})
    plan = plan_create(
        territory=request.territory, project=project_current(territory=request.territory,
                                                             year=payload.year),
        title=payload.title, initiative=initiative, practice=practice,
        resource_sources=payload.resource_sources, legal_changes=payload.legal_changes,
        starts_on=payload.starts_on, ends_on=payload.ends_on, by=request.auth)
    for i in payload.indicators:
        plan_indicator_add(plan=plan, **i.dict())
    for t in payload.tasks:
        plan_task_add(plan=plan, **t.dict())
    return Status(201, plan_out(plan))


class PlanReportIn(Schema):
    # Optional here so that a plan of another town is a 404 before the body is judged; the
    # service says in Russian what is missing.
    period_start: dt.date | None = None
    period_end: dt.date | None = None
    values: dict[str, float] = {}
    comment: str = ""
    participants: str = ""
    links: list[str] = []


@router.post("/t/{slug}/project/plans/{implementationplan_id}/reports/",
             response=protected({201: PlanReportOut}),
             summary="Отчёт мониторинга: факт против плана")
def report_add(request, slug: str, implementationplan_id: int, payload: PlanReportIn):
    plan = access.access_plan(request.auth, request.territory, implementationplan_id)
    report = report_create(plan=plan, by=request.auth, **payload.dict())
    return Status(201, _report_out(report))


# The plan's approval and decisions, with the project's other writes, are in projects_work.py
# and the scorecard in projects_scorecard.py, to keep each file readable; all are child
# routers of projects.py with the same tags.
