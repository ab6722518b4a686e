"""The expert council's part of a town's project, a child router of `projects.py`: the
experts' scores (1–5 per criterion, aggregated with their spread) and the shortlists the
council approves for the resident vote.

Kept apart from projects.py, which has the stages, problems, initiatives and bodies. The
endpoints were first defined there, so each keeps that module's operation id by naming it:
clients generated from the schema call them by these ids."""

import datetime as dt
from typing import Any

from ninja import Field, Query, Router, Schema, Status

from veche.practices.models import Shortlist
from veche.practices.projects.expert import (
    aggregate_scores,
    expert_score_set,
    shortlist_approve,
    shortlist_for_vote,
)
from veche.practices.projects.selectors import review_item, scoring_items, shortlists_of

from ..errors import protected
from .projects_common import EXPERT, OFFICE, YearQuery, town_project

router = Router(auth=OFFICE)  # tags come from the parent, projects.py


class ScoreAgg(Schema):
    item: str
    kind: str
    title: str
    experts: int
    mean: float | None
    std: float | None
    min: float | None
    max: float | None
    criteria: dict[str, float | None]
    conflicts: int


@router.get("/t/{slug}/project/scores/", response=protected({200: list[ScoreAgg]}),
            summary="Сводные оценки экспертов (средневзвешенное и разброс)",
            operation_id="veche_api_routers_projects_scores")
def scores(request, slug: str, q: Query[YearQuery]):
    project = town_project(request, q.year)
    agg = aggregate_scores(project=project)
    empty: dict[str, Any] = {"n": 0, "mean": None, "std": None, "min": None, "max": None,
                             "criteria": {}, "conflicts": 0}
    rows = []
    for item in scoring_items(project=project):
        a = agg.get(item["key"], empty)
        rows.append({"item": item["key"], "kind": item["kind"], "title": item["title"],
                     "experts": a["n"], **{k: a[k] for k in ("mean", "std", "min", "max",
                                                             "criteria", "conflicts")}})
    return rows


class ScoreIn(Schema):
    item: str = Field(..., description="initiative:ID или practice:ID")
    effect: int
    resources: int
    timeframe: int
    fit: int
    comment: str = ""
    round: int = Field(1, description="1 — первичная экспертиза (этап 3), 2 — вторичная: "
                                      "победители голосования жителей (этап 5)")
    year: int | None = None


class ScoreOut(Schema):
    item: str
    effect: int
    resources: int
    timeframe: int
    fit: int


@router.post("/t/{slug}/project/scores/", response=protected({201: ScoreOut}), auth=EXPERT,
             summary="Оценка эксперта (1–5 по каждому критерию)",
             operation_id="veche_api_routers_projects_score_set")
def score_set(request, slug: str, payload: ScoreIn):
    project = town_project(request, payload.year, expert=True)
    initiative, practice = review_item(project=project, item=payload.item)
    expert_score_set(project=project, expert=request.auth, initiative=initiative,
                     practice=practice, effect=payload.effect, resources=payload.resources,
                     timeframe=payload.timeframe, fit=payload.fit, comment=payload.comment,
                     expert_round=payload.round)
    return Status(201, payload.dict())


class VoteOption(Schema):
    title: str
    description: str
    practice_ref: str
    initiative_ref: str
    score: float | None


class ShortlistOut(Schema):
    id: int
    decision: str
    approved_at: dt.datetime
    vote_ref: str
    options: list[VoteOption]


class ShortlistIn(Schema):
    items: list[str] = Field(..., description="initiative:ID / practice:ID по порядку")
    decision: str
    year: int | None = None


def _shortlist_out(s: Shortlist) -> dict:
    return {"id": s.pk, "decision": s.decision, "approved_at": s.approved_at,
            "vote_ref": s.vote_ref, "options": shortlist_for_vote(shortlist=s)}


@router.get("/t/{slug}/project/shortlists/", response=protected({200: list[ShortlistOut]}),
            summary="Перечни для голосования жителей (варианты для модуля голосований)",
            operation_id="veche_api_routers_projects_shortlists")
def shortlists(request, slug: str, q: Query[YearQuery]):
    return [_shortlist_out(s) for s in shortlists_of(project=town_project(request, q.year))]


@router.post("/t/{slug}/project/shortlists/", response=protected({201: ShortlistOut}),
             summary="Утвердить перечень для голосования",
             operation_id="veche_api_routers_projects_shortlist_add")
def shortlist_add(request, slug: str, payload: ShortlistIn):
    made = shortlist_approve(project=town_project(request, payload.year), items=payload.items,
                             decision=payload.decision, by=request.auth)
    return Status(201, _shortlist_out(made))
