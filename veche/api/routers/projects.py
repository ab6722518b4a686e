"""A town's best-practices project and the KPI scorecard (seed 004), for the town's staff and
head, its experts (scoring) and the network's curators (ranking). Writes go through the same
services as the pages, so the API refuses bad input with the same Russian messages.

This module has the stages, problems, initiatives and bodies; expert scores and shortlists,
plans, the remaining writes and the scorecard are child routers (projects_expertise.py,
projects_plans.py, projects_work.py, projects_scorecard.py). They share projects_common.py and
import nothing from each other; objects come through veche.practices.access."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from veche.practices import access
from veche.practices.models import CityProblem, Initiative
from veche.practices.projects.bodies import bodies_overlap, body_create
from veche.practices.projects.checklist import checklist_summary, stage_checklist
from veche.practices.projects.selectors import initiatives_of, problems_of
from veche.practices.projects.services import initiative_create, problem_create
from veche.territories.models import CityTopic

from ..errors import protected
from ..pagination import PageParams, page_of, paginate
from . import (
    projects_expertise,
    projects_plans,
    projects_residents,
    projects_running,
    projects_scorecard,
    projects_work,
)
from .projects_common import OFFICE, TAGS, YearQuery, town_project

router = Router(tags=TAGS, auth=OFFICE)


# --- stages -----------------------------------------------------------------------------

class ResultOut(Schema):
    code: str
    text: str
    done: bool
    auto: bool
    needs: str
    evidence: str = ""


class ProjectMeetingOut(Schema):
    code: str
    title: str
    participants: list[str]
    sessions: list[dt.date]
    results: list[ResultOut]


class StageOut(Schema):
    number: int
    code: str
    title: str
    done: int
    total: int
    current: bool
    meetings: list[ProjectMeetingOut]


class ChecklistOut(Schema):
    year: int
    title: str
    current_stage: int
    done: int
    total: int
    stages: list[StageOut]


@router.get("/t/{slug}/project/stages/", response=protected({200: ChecklistOut}),
            summary="Этапы проекта: что сделано и чего не хватает")
def stages(request, slug: str, q: Query[YearQuery]):
    project = town_project(request, q.year)
    items = stage_checklist(project=project)
    summary = checklist_summary(items)
    return {
        "year": project.year, "title": project.title, "current_stage": project.current_stage,
        "done": summary["done"], "total": summary["total"],
        "stages": [{
            "number": s["stage"].number, "code": s["stage"].code, "title": s["stage"].title,
            "done": s["done"], "total": s["total"], "current": s["current"],
            "meetings": [{
                "code": m["meeting"].code, "title": m["meeting"].title,
                "participants": list(m["meeting"].participants),
                "sessions": [x.held_on for x in m["sessions"]],
                "results": [{"code": r["result"].code, "text": r["result"].text,
                             "done": r["done"], "auto": r["auto"], "needs": r["needs"],
                             "evidence": (r["mark"].evidence_text or r["mark"].evidence_url)
                             if r["mark"] else ""} for r in m["results"]],
            } for m in s["meetings"]],
        } for s in items],
    }


# --- problems and initiatives -----------------------------------------------------------

class ProblemOut(Schema):
    id: int
    text: str
    topic: str | None = None
    source: str
    supports: int = Field(..., description="поддержали жители (каждый сам, один раз)")
    supports_before_self: int = Field(..., description="поддержка до запуска самоподдержки: "
                                      "прежняя ручная запись, в порядок не входит")
    initiatives_count: int = 0

    @staticmethod
    def resolve_topic(obj) -> str | None:
        return obj.topic.slug if obj.topic_id else None


class ProblemIn(Schema):
    text: str
    topic: str | None = Field(None, description="slug темы города")
    source: str = CityProblem.Source.STAFF
    year: int | None = None


class ListQuery(PageParams):
    year: int | None = Field(None, ge=2017, le=2100)


@router.get("/t/{slug}/project/problems/", response=protected({200: page_of(ProblemOut)}),
            summary="Перечень городских проблем")
def problems(request, slug: str, q: Query[ListQuery]):
    return paginate(request, problems_of(project=town_project(request, q.year)), q)


@router.post("/t/{slug}/project/problems/", response=protected({201: ProblemOut}),
             summary="Добавить городскую проблему")
def problem_add(request, slug: str, payload: ProblemIn):
    topic = None
    if payload.topic:
        topic = CityTopic.objects.filter(slug=payload.topic).first()
        if topic is None:
            raise ValidationError({"topic": [ValidationError(
                _("Нет темы «%(topic)s» в этом городе."), code="no_topic",
                params={"topic": payload.topic})]})
    project = town_project(request, payload.year)
    problem = problem_create(territory=request.territory, project=project,
                             text=payload.text, topic=topic, source=payload.source,
                             by=request.auth)
    return Status(201, problem)


class InitiativeOut(Schema):
    id: int
    title: str
    description: str
    status: str
    problem_id: int | None
    authors: list[str]


class InitiativeIn(Schema):
    title: str
    description: str = ""
    problem_id: int | None = None
    author_names: list[str] = []
    year: int | None = None


def _initiative_out(i: Initiative) -> dict:
    names = [a.full_name for a in i.authors.all()] + [
        n for n in i.author_names.splitlines() if n.strip()]
    return {"id": i.pk, "title": i.title, "description": i.description, "status": i.status,
            "problem_id": i.problem_id, "authors": names}


@router.get("/t/{slug}/project/initiatives/",
            response=protected({200: page_of(InitiativeOut)}), summary="Инициативы с авторами")
def initiatives(request, slug: str, q: Query[ListQuery]):
    page = paginate(request, initiatives_of(project=town_project(request, q.year)), q)
    page["results"] = [_initiative_out(i) for i in page["results"]]
    return page


@router.post("/t/{slug}/project/initiatives/", response=protected({201: InitiativeOut}),
             summary="Добавить инициативу")
def initiative_add(request, slug: str, payload: InitiativeIn):
    project = town_project(request, payload.year)
    problem = None
    if payload.problem_id is not None:
        problem = CityProblem.objects.filter(pk=payload.problem_id).first()
        if problem is None:
            raise ValidationError({"problem_id": [ValidationError(
                _("Нет такой проблемы в этом городе."), code="no_problem")]})
    initiative = initiative_create(territory=request.territory, project=project,
                                   title=payload.title, description=payload.description,
                                   problem=problem, author_names=payload.author_names)
    return Status(201, _initiative_out(initiative))


# --- bodies -----------------------------------------------------------------------------

class BodyMemberBrief(Schema):
    name: str
    role: str
    person_id: int | None
    user_id: int | None


class BodyOut(Schema):
    id: int
    kind: str
    name: str
    order_number: str
    order_date: dt.date | None
    members: int
    shared_members: int
    shared_share: float
    overlap_warning: bool


class OverlapPerson(Schema):
    name: str
    bodies: list[str]


class BodiesOut(Schema):
    warning: bool
    bodies: list[BodyOut]
    people_in_several_bodies: list[OverlapPerson]


class BodyIn(Schema):
    kind: str = Field(..., description="working_group | expert_council | public_council")
    name: str
    order_number: str = ""
    order_date: dt.date | None = None
    tasks: str = ""


def _bodies(request) -> dict:
    found = bodies_overlap(territory=request.territory)
    return {"warning": found["warning"], "people_in_several_bodies": found["people"],
            "bodies": [{"id": r["body"].pk, "kind": r["body"].kind, "name": r["body"].name,
                        "order_number": r["body"].order_number,
                        "order_date": r["body"].order_date, "members": r["members"],
                        "shared_members": r["shared"], "shared_share": r["share"],
                        "overlap_warning": r["warning"]} for r in found["bodies"]]}


@router.get("/t/{slug}/project/bodies/", response=protected({200: BodiesOut}),
            summary="Органы проекта и пересечение составов")
def bodies(request, slug: str):
    return _bodies(request)


@router.post("/t/{slug}/project/bodies/", response=protected({201: BodyOut}),
             summary="Создать орган")
def body_add(request, slug: str, payload: BodyIn):
    made = body_create(territory=request.territory, **payload.dict())
    return Status(201, next(b for b in _bodies(request)["bodies"] if b["id"] == made.pk))


class BodySessionBrief(Schema):
    id: int
    held_on: dt.date
    title: str
    stage: int | None
    agenda: list[str]
    minutes: str
    decisions: list[str]


class BodyDetail(Schema):
    id: int
    kind: str
    name: str
    members: list[BodyMemberBrief]
    sessions: list[BodySessionBrief]


@router.get("/t/{slug}/project/bodies/{body_id}", response=protected({200: BodyDetail}),
            summary="Орган: состав и заседания")
def body_detail(request, slug: str, body_id: int):
    body = access.access_body(request.auth, request.territory, body_id)
    return {"id": body.pk, "kind": body.kind, "name": body.name,
            "members": list(body.members.all()), "sessions": list(body.sessions.all())}


for child in (projects_expertise, projects_plans, projects_work, projects_scorecard,
              projects_running, projects_residents):
    router.add_router("", child.router)
