"""What the head's meetings practice learns, on the same router as `meetings.py`: where to go
next, recurring questions (found in the background), the town's and network's template
solutions with suggestions for an appeal's text, and the practice's figures for a period.

A child router of meetings.py, which runs the meetings themselves (schedule, questions,
participants, minutes); everything here is for the town's staff and head. The endpoints were
first defined in meetings.py, so each keeps that module's operation id by naming it: clients
generated from the schema call them by these ids."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from veche.appeals import access
from veche.appeals.knowledge import suggest_solutions
from veche.appeals.knowledge.selectors import solutions_for
from veche.appeals.knowledge.services import solution_create
from veche.appeals.meetings.figures import default_period, practice_figures
from veche.appeals.meetings.selectors import where_next
from veche.appeals.recurring.selectors import (
    recurring_latest_run,
    recurring_questions,
    trend_summary,
)
from veche.appeals.recurring.services import recurring_run_request
from veche.appeals.recurring.tasks import run_recurring_find
from veche.territories.models import CityTopic

from ..errors import protected
from ..pagination import PageParams, page_of, paginate
from .appeals_common import MEETINGS

router = Router()  # tags come from the parent, meetings.py


class PlaceOut(Schema):
    building_id: int
    address: str
    appeals: int
    open: int
    last_meeting: dt.datetime | None
    score: float


class RecurringOut(Schema):
    id: int
    label: str
    terms: list[str]
    size: int
    meetings_count: int
    trend: list[dict]
    direction: str = Field(description="up / down / flat: последние 3 месяца против 3 до них")
    solution_id: int | None

    @staticmethod
    def resolve_direction(obj) -> str:
        return trend_summary(obj.trend, today=timezone.localdate())["direction"]


class RunOut(Schema):
    id: int
    status: str
    documents_count: int
    clusters_count: int
    seconds: float


class SolutionOut(Schema):
    id: int
    title: str
    problem: str
    steps: list[str]
    keywords: str
    network_wide: bool
    score: float | None = None

    @staticmethod
    def resolve_network_wide(obj):
        return obj.territory_id is None

    @staticmethod
    def resolve_score(obj):
        return getattr(obj, "score", None)


class SolutionIn(Schema):
    title: str = Field(..., max_length=300)
    problem: str = Field(..., max_length=5000)
    steps: list[str] = Field(..., max_length=30)
    keywords: str = Field("", max_length=500)


class SuggestIn(Schema):
    text: str = Field(..., max_length=100_000)
    topic: str = Field("", description="slug темы города")


class PeriodQuery(Schema):
    date_from: dt.date | None = None
    date_to: dt.date | None = None


@router.get("/t/{slug}/meeting-places/", response=protected({200: list[PlaceOut]}),
            auth=MEETINGS, summary="Куда идти дальше: дворы по обращениям и давности встреч",
            operation_id="veche_api_routers_meetings_places")
def places(request, slug: str, filters: Query[PeriodQuery]):
    rows = where_next(territory=request.territory, since=filters.date_from,
                      until=filters.date_to, limit=50)
    return [{"building_id": r["id"], **r} for r in rows]


@router.get("/t/{slug}/recurring-questions/", response=protected(
    {200: list[RecurringOut]}), auth=MEETINGS, summary="Повторяющиеся вопросы",
    operation_id="veche_api_routers_meetings_recurring_list")
def recurring_list(request, slug: str):
    return list(recurring_questions(territory=request.territory)[:200])


@router.post("/t/{slug}/recurring-questions/run", response=protected({202: RunOut}),
             auth=MEETINGS, summary="Найти повторяющиеся вопросы заново (в фоне)",
             operation_id="veche_api_routers_meetings_recurring_run")
def recurring_run(request, slug: str):
    run = recurring_run_request(territory=request.territory, requested_by=request.auth)
    run_recurring_find.enqueue(run_id=run.pk, territory_id=request.territory.pk)
    return Status(202, recurring_latest_run(territory=request.territory))


@router.get("/t/{slug}/solutions/", response=protected({200: page_of(SolutionOut)}),
            auth=MEETINGS, summary="Типовые решения города и сети",
            operation_id="veche_api_routers_meetings_solution_list")
def solution_list(request, slug: str, filters: Query[PageParams]):
    return paginate(request, solutions_for(territory=request.territory), filters)


@router.get("/t/{slug}/solutions/{solution_id}", response=protected({200: SolutionOut}),
            auth=MEETINGS, summary="Типовое решение",
            operation_id="veche_api_routers_meetings_solution_detail")
def solution_detail(request, slug: str, solution_id: int):
    return access.access_solution(request.auth, request.territory, solution_id)


@router.post("/t/{slug}/solutions/", response=protected({201: SolutionOut}), auth=MEETINGS,
             summary="Добавить типовое решение",
             operation_id="veche_api_routers_meetings_solution_add")
def solution_add(request, slug: str, payload: SolutionIn):
    s = solution_create(territory=request.territory, title=payload.title,
                        problem=payload.problem, steps=payload.steps, keywords=payload.keywords,
                        created_by=request.auth)
    return Status(201, s)


@router.post("/t/{slug}/solution-suggestions", response=protected({200: list[SolutionOut]}),
             auth=MEETINGS, summary="Подходящие типовые решения для текста обращения",
             operation_id="veche_api_routers_meetings_solution_suggest")
def solution_suggest(request, slug: str, payload: SuggestIn):
    topic = CityTopic.objects.filter(slug=payload.topic).first() if payload.topic else None
    return suggest_solutions(territory=request.territory, text=payload.text, topic=topic)


@router.get("/t/{slug}/practice-figures/", response=protected({200: dict}), auth=MEETINGS,
            summary="Показатели практики за период",
            operation_id="veche_api_routers_meetings_figures")
def figures(request, slug: str, filters: Query[PeriodQuery]):
    since, until = default_period()
    since, until = filters.date_from or since, filters.date_to or until
    if since > until:
        raise ValidationError({"date_to": [ValidationError(
            _("Дата «по» раньше даты «с»."), code="period_reversed")]})
    f = practice_figures(territory=request.territory, since=since, until=until)
    f["monthly"] = [{**m, "month": m["month"].isoformat()} for m in f["monthly"]]
    f["since"], f["until"] = since.isoformat(), until.isoformat()
    return f
