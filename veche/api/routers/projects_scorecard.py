"""The KPI scorecard through /api/v1/ (seed 004): a town's months for its staff, the ranking of
the curated towns for a curator, and the curator's own inputs for a town and month: the expert
assessment (0–100 %) and the judgement of a cut-off indicator."""

import datetime as dt

from ninja import Field, Query, Router, Schema

from veche.practices import access
from veche.practices.models import ScorecardMonth
from veche.practices.scorecard.compute import month_of
from veche.practices.scorecard.selectors import latest_month, ranking, town_months
from veche.practices.scorecard.services import curator_assess, cutoff_judge
from veche.territories.scoping import towns_scope

from ..errors import protected
from ..security import CURATOR
from .projects_common import OFFICE

router = Router(auth=OFFICE)  # tags come from the parent, projects.py


class ScorecardRow(Schema):
    month: dt.date
    practices: int
    practices_points: float
    votes: int
    voters: int
    votes_points: float
    facts: int
    facts_points: float
    external: int
    external_points: float
    curator_score: int | None
    curator_points: float
    total_raw: float
    total: float
    cut_off: bool
    cutoffs: dict[str, dict]


class MonthsQuery(Schema):
    months: int = Field(24, ge=1, le=120)


@router.get("/t/{slug}/scorecard/", response=protected({200: list[ScorecardRow]}),
            summary="Целевые показатели города по месяцам")
def town_scorecard(request, slug: str, q: Query[MonthsQuery]):
    return town_months(territory=request.territory, months=q.months)


class RankRow(Schema):
    rank: int
    slug: str
    name: str
    scorecard: ScorecardRow | None


class RankingOut(Schema):
    month: dt.date | None
    towns: list[RankRow]


class RankingQuery(Schema):
    month: dt.date | None = Field(None, description="Любой день месяца, например 2026-03-01")


@router.get("/curator/scorecard/", response=protected({200: RankingOut}), auth=CURATOR,
            summary="Рейтинг курируемых городов по целевым показателям")
def curator_ranking(request, q: Query[RankingQuery]):
    towns = access.curated_towns(request.auth)
    with towns_scope(towns):
        month = month_of(q.month) if q.month else latest_month(territories=towns)
        if month is None:
            return {"month": None, "towns": []}
        rows = ranking(territories=towns, month=month)
    return {"month": month, "towns": [{"rank": r["rank"], "slug": r["town"].slug,
                                       "name": r["town"].name, "scorecard": r["row"]}
                                      for r in rows]}


# Fields are optional so that a town the caller does not curate is a 404 before the body is
# judged; the services say in Russian what is missing.
class AssessIn(Schema):
    town: str = Field("", description="адрес (slug) курируемого города")
    month: dt.date | None = Field(None, description="Любой день месяца")
    score: int | None = Field(None, description="0–100 %; в показатель идёт 20 % от неё")
    conclusion: str = ""


class CutoffIn(Schema):
    town: str = Field("", description="адрес (slug) курируемого города")
    month: dt.date | None = None
    code: int | None = Field(None, description="1–8, см. cutoffs в строке показателей")
    failed: bool = True
    comment: str = ""


# Outside /t/{slug}/: town APIs are for the town's own staff; a curator acts on curated towns.
@router.post("/curator/scorecard/assessment/", response=protected({200: ScorecardRow}),
             auth=CURATOR, summary="Экспертная оценка куратора за месяц (0–100 %)")
def assess(request, payload: AssessIn):
    t = access.access_curated_town(request.auth, payload.town)
    with towns_scope([t]):
        # An empty month or code is the service's to refuse, with its message for the field.
        curator_assess(territory=t, month=payload.month,  # type: ignore[arg-type]
                       score=payload.score, conclusion=payload.conclusion,
                       curator=request.auth)
        return ScorecardMonth.objects.get(territory=t, month=month_of(payload.month))


@router.post("/curator/scorecard/cutoffs/", response=protected({200: ScorecardRow}),
             auth=CURATOR, summary="Решение куратора по отсекающему показателю")
def cutoff(request, payload: CutoffIn):
    t = access.access_curated_town(request.auth, payload.town)
    with towns_scope([t]):
        cutoff_judge(territory=t, month=payload.month, code=payload.code,  # type: ignore[arg-type]
                     failed=payload.failed, comment=payload.comment, curator=request.auth)
        return ScorecardMonth.objects.get(territory=t, month=month_of(payload.month))
