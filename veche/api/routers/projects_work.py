"""The project's remaining writes through /api/v1/ (projects.py has the reads and the first
writes): the resident vote made from a shortlist and its results back (veche.bridges), conflicts
of interest, body members and sessions, a plan's approval and evaluation decision (the table in
veche.practices.lifecycle), manual ticks of the stage checklist and the current stage.

Bodies with an object id in the path keep their fields optional, so that another town's object
is a 404 before the body is judged; the services say what is missing."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from pydantic import StrictBool

from veche.bridges.project_vote import shortlist_vote_create, shortlist_vote_summary
from veche.practices import access
from veche.practices.lifecycle import PLAN, plan_decide
from veche.practices.models import Shortlist
from veche.practices.projects.bodies import body_member_add, body_session_create
from veche.practices.projects.expert import conflict_declare
from veche.practices.projects.selectors import project_current, review_item
from veche.practices.projects.services import project_stage_set, stage_mark_set
from veche.registry.models import Person

from ..errors import protected
from .projects_common import EXPERT, OFFICE, PlanCreated, plan_out, town_project

router = Router(auth=OFFICE)  # tags come from the parent, projects.py


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
    found = shortlist_vote_summary(shortlist=shortlist)
    found["rows"] = [{**r, "item": r["key"]} for r in found["rows"]]
    return found


@router.get("/t/{slug}/project/shortlists/{shortlist_id}/vote/",
            response=protected({200: VoteOutcome}),
            summary="Голосование жителей по перечню: статус и рейтинг по итогам")
def shortlist_vote(request, slug: str, shortlist_id: int):
    return _outcome(access.access_shortlist(request.auth, request.territory, shortlist_id))


@router.post("/t/{slug}/project/shortlists/{shortlist_id}/vote/",
             response=protected({201: VoteOutcome}),
             summary="Создать черновик рейтингового голосования жителей по перечню")
def shortlist_vote_add(request, slug: str, shortlist_id: int):
    shortlist = access.access_shortlist(request.auth, request.territory, shortlist_id)
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
    project = town_project(request, payload.year, expert=True)
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
    is_community_member: StrictBool = False


class BodyMemberOut(Schema):
    id: int
    name: str
    role: str
    position: str
    is_community_member: bool


@router.post("/t/{slug}/project/bodies/{body_id}/members/",
             response=protected({201: BodyMemberOut}),
             summary="Добавить члена органа (житель из реестра или ФИО)")
def member_add(request, slug: str, body_id: int, payload: MemberIn):
    body = access.access_body(request.auth, request.territory, body_id)
    person = None
    if payload.person_id is not None:
        person = Person.objects.filter(territory=request.territory, pk=payload.person_id).first()
        if person is None:
            raise ValidationError({"person_id": [ValidationError(
                _("Нет такого жителя в реестре города."), code="no_person")]})
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


class BodySessionOut(Schema):
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
             response=protected({201: BodySessionOut}),
             summary="Заседание органа: повестка, протокол, решения")
def session_add(request, slug: str, body_id: int, payload: SessionIn):
    body = access.access_body(request.auth, request.territory, body_id)
    # A session may belong to no project: a year without a project leaves it unattached.
    project = project_current(territory=request.territory, year=payload.year)
    data = payload.dict(exclude={"year"})
    return Status(201, body_session_create(body=body, project=project, by=request.auth, **data))


# --- plans: approval and the evaluation decision (the table in practices.lifecycle) -----

class ApproveIn(Schema):
    legal_act: str = Field("", description="акт об утверждении: номер и дата")


@router.post("/t/{slug}/project/plans/{implementationplan_id}/approve/",
             response=protected({200: PlanCreated}), summary="Утвердить план актом")
def plan_approve_api(request, slug: str, implementationplan_id: int, payload: ApproveIn):
    plan = access.access_plan(request.auth, request.territory, implementationplan_id)
    return plan_out(PLAN.run("approve", plan, by=request.auth, legal_act=payload.legal_act))


class DecisionIn(Schema):
    decision: str = Field("", description="continue | change_resources | stop")
    reason: str = ""


class PlanDecisionMade(Schema):
    decision: str
    reason: str
    decided_at: dt.datetime
    plan_status: str


@router.post("/t/{slug}/project/plans/{implementationplan_id}/decisions/",
             response=protected({201: PlanDecisionMade}),
             summary="Решение по итогам: продолжить, изменить ресурсы или прекратить")
def decision_add(request, slug: str, implementationplan_id: int, payload: DecisionIn):
    plan = access.access_plan(request.auth, request.territory, implementationplan_id)
    made = plan_decide(plan=plan, decision=payload.decision, reason=payload.reason,
                       by=request.auth)
    return Status(201, {"decision": made.decision, "reason": made.reason,
                        "decided_at": made.decided_at, "plan_status": plan.status})


# --- the stage checklist -------------------------------------------------------------------

class MarkIn(Schema):
    result_code: str = Field(..., description="stages: meetings[].results[].code")
    done: StrictBool = True
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
    project = town_project(request, payload.year)
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
    project = project_stage_set(project=town_project(request, payload.year), stage=payload.stage)
    return {"year": project.year, "current_stage": project.current_stage}
