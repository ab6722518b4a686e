"""The project's remaining writes through /api/v1/ (projects.py has the reads and the first
writes): the resident vote made from a shortlist and its results back, conflicts of interest,
body members and sessions, implementation plans with results, tasks, approval and the
evaluation decision, manual ticks of the stage checklist and the current stage.

Bodies with an object id in the path keep their fields optional, so that another town's object
is a 404 before the body is judged; the services say in Russian what is missing."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status

from veche.accounts.models import Role
from veche.practices.models import Body, ImplementationPlan, Shortlist
from veche.practices.projects.bodies import body_member_add, body_session_create
from veche.practices.projects.expert import conflict_declare
from veche.practices.projects.plans import (
    decision_record,
    plan_approve,
)
from veche.practices.projects.selectors import project_current, review_item
from veche.practices.projects.services import project_stage_set, stage_mark_set
from veche.registry.models import Person
from veche.web.views.projects.vote_bridge import shortlist_vote_create, shortlist_vote_outcome

from ..errors import protected
from ..security import TOWN_STAFF, auth_for, town_roles

router = Router(tags=["Лучшие практики: проект и показатели"], auth=TOWN_STAFF)
EXPERT = auth_for(town_roles(Role.EXPERT))


def _project(request, year: int | None):
    project = project_current(territory=request.territory, year=year)
    if project is None:
        raise ValidationError({"year": ["В городе нет проекта этого года."]})
    return project


# --- the resident vote of a shortlist ------------------------------------------------------

class OutcomeRow(Schema):
    place: int
    title: str
    item: str
    points: float | None
    winner: bool
    expert_score: float | None


class VoteOutcome(Schema):
    vote_id: int | None
    status: str
    status_label: str
    ballots: int
    final: bool
    message: str
    rows: list[OutcomeRow]


def _outcome(shortlist: Shortlist) -> dict:
    found = shortlist_vote_outcome(shortlist=shortlist)
    if found is None:
        return {"vote_id": None, "status": "none", "status_label": "голосование не создано",
                "ballots": 0, "final": False, "rows": [],
                "message": "Голосование по перечню ещё не создано."}
    found["rows"] = [{**r, "item": r["key"]} for r in found["rows"]]
    return found


@router.get("/t/{slug}/project/shortlists/{shortlist_id}/vote/",
            response=protected({200: VoteOutcome}),
            summary="Голосование жителей по перечню: статус и рейтинг по итогам")
def shortlist_vote(request, slug: str, shortlist_id: int):
    return _outcome(get_object_or_404(Shortlist, pk=shortlist_id))


@router.post("/t/{slug}/project/shortlists/{shortlist_id}/vote/",
             response=protected({201: VoteOutcome}),
             summary="Создать черновик рейтингового голосования жителей по перечню")
def shortlist_vote_add(request, slug: str, shortlist_id: int):
    shortlist = get_object_or_404(Shortlist, pk=shortlist_id)
    shortlist_vote_create(shortlist=shortlist, by=request.auth)
    return Status(201, _outcome(shortlist))


# --- conflicts of interest -----------------------------------------------------------------

class ConflictIn(Schema):
    item: str = Field(..., description="initiative:ID или practice:ID")
    reason: str
    year: int | None = None


class ConflictOut(Schema):
    item: str
    reason: str
    declared_at: dt.datetime


@router.post("/t/{slug}/project/conflicts/", response=protected({201: ConflictOut}),
             auth=EXPERT, summary="Заявить конфликт интересов (оценка по пункту снимается)")
def conflict_add(request, slug: str, payload: ConflictIn):
    project = _project(request, payload.year)
    initiative, practice = review_item(project=project, item=payload.item)
    made = conflict_declare(project=project, expert=request.auth, reason=payload.reason,
                            initiative=initiative, practice=practice)
    return Status(201, {"item": payload.item, "reason": made.reason,
                        "declared_at": made.declared_at})


# --- bodies: members and sessions ---------------------------------------------------------

class MemberIn(Schema):
    person_id: int | None = None
    name: str = ""
    role: str = Field("member", description="chair | secretary | member")
    position: str = ""
    is_community_member: bool = False


class MemberOut(Schema):
    id: int
    name: str
    role: str
    position: str
    is_community_member: bool


@router.post("/t/{slug}/project/bodies/{body_id}/members/", response=protected({201: MemberOut}),
             summary="Добавить члена органа (житель из реестра или ФИО)")
def member_add(request, slug: str, body_id: int, payload: MemberIn):
    body = get_object_or_404(Body, pk=body_id)
    person = None
    if payload.person_id is not None:
        person = Person.objects.filter(territory=request.territory, pk=payload.person_id).first()
        if person is None:
            raise ValidationError({"person_id": ["Нет такого жителя в реестре города."]})
    data = payload.dict(exclude={"person_id"})
    return Status(201, body_member_add(body=body, person=person, **data))


class SessionIn(Schema):
    held_on: dt.date | None = None
    title: str = ""
    agenda: list[str] = []
    minutes: str = ""
    decisions: list[str] = []
    attendees: int = Field(0, ge=0)
    meeting_code: str = Field("", description="мероприятие этапа (stages: meetings[].code)")
    year: int | None = None


class SessionOut(Schema):
    id: int
    held_on: dt.date
    title: str
    stage: int | None
    meeting_code: str
    agenda: list[str]
    minutes: str
    decisions: list[str]
    attendees: int


@router.post("/t/{slug}/project/bodies/{body_id}/sessions/",
             response=protected({201: SessionOut}),
             summary="Заседание органа: повестка, протокол, решения")
def session_add(request, slug: str, body_id: int, payload: SessionIn):
    body = get_object_or_404(Body, pk=body_id)
    project = project_current(territory=request.territory, year=payload.year)
    data = payload.dict(exclude={"year"})
    return Status(201, body_session_create(body=body, project=project, by=request.auth, **data))


# --- plans ---------------------------------------------------------------------------------

class IndicatorIn(Schema):
    name: str
    unit: str = ""
    baseline: float = 0
    target: float
    deadline: dt.date | None = None


class TaskIn(Schema):
    title: str
    responsible: str
    deadline: dt.date | None = None


class PlanIn(Schema):
    title: str
    initiative_id: int | None = None
    practice_id: int | None = None
    resource_sources: str = ""
    legal_changes: str = ""
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None
    indicators: list[IndicatorIn] = Field([], description="ожидаемые результаты")
    tasks: list[TaskIn] = []
    year: int | None = None


class PlanCreated(Schema):
    id: int
    title: str
    status: str
    indicators: int
    tasks: int


def plan_out(plan: ImplementationPlan) -> dict:
    return {"id": plan.pk, "title": plan.title, "status": plan.status,
            "indicators": plan.indicators.count(), "tasks": plan.tasks.count()}


class ApproveIn(Schema):
    legal_act: str = Field("", description="акт об утверждении: номер и дата")


@router.post("/t/{slug}/project/plans/{implementationplan_id}/approve/",
             response=protected({200: PlanCreated}), summary="Утвердить план актом")
def plan_approve_api(request, slug: str, implementationplan_id: int, payload: ApproveIn):
    plan = get_object_or_404(ImplementationPlan, pk=implementationplan_id)
    return plan_out(plan_approve(plan=plan, legal_act=payload.legal_act))


class DecisionIn(Schema):
    decision: str = Field("", description="continue | change_resources | stop")
    reason: str = ""


class DecisionOut(Schema):
    decision: str
    reason: str
    decided_at: dt.datetime
    plan_status: str


@router.post("/t/{slug}/project/plans/{implementationplan_id}/decisions/",
             response=protected({201: DecisionOut}),
             summary="Решение по итогам: продолжить, изменить ресурсы или прекратить")
def decision_add(request, slug: str, implementationplan_id: int, payload: DecisionIn):
    plan = get_object_or_404(ImplementationPlan, pk=implementationplan_id)
    made = decision_record(plan=plan, decision=payload.decision, reason=payload.reason,
                           by=request.auth)
    return Status(201, {"decision": made.decision, "reason": made.reason,
                        "decided_at": made.decided_at, "plan_status": plan.status})


# --- the stage checklist -------------------------------------------------------------------

class MarkIn(Schema):
    result_code: str = Field(..., description="stages: meetings[].results[].code")
    done: bool = True
    evidence_text: str = ""
    evidence_url: str = ""
    year: int | None = None


class MarkOut(Schema):
    result_code: str
    done: bool
    evidence_text: str
    evidence_url: str


@router.post("/t/{slug}/project/marks/", response=protected({200: MarkOut}),
             summary="Отметить результат этапа, который не виден по данным (с подтверждением)")
def mark_set(request, slug: str, payload: MarkIn):
    project = _project(request, payload.year)
    return stage_mark_set(project=project, by=request.auth, **payload.dict(exclude={"year"}))


class StageIn(Schema):
    stage: int = Field(..., ge=1, le=7)
    year: int | None = None


class StageSetOut(Schema):
    year: int
    current_stage: int


@router.post("/t/{slug}/project/stage/", response=protected({200: StageSetOut}),
             summary="Перевести проект на этап 1–7")
def stage_set(request, slug: str, payload: StageIn):
    project = project_stage_set(project=_project(request, payload.year), stage=payload.stage)
    return {"year": project.year, "current_stage": project.current_stage}
