"""The KPI scorecard through /api/v1/ (seed 004): a town's months for its staff, the ranking of
the curated towns for a curator, and the curator's own inputs for a town and month: the expert
assessment (0–100 %) and the judgement of a cut-off indicator, each citing the month's reaction
figures (cut-off 7); the network's settings (what the seed leaves open), with their history
and the legend saying which numbers are the seed's."""

import datetime as dt

from ninja import Field, Query, Router, Schema
from pydantic import StrictBool

from veche.practices import access
from veche.practices.models import ScorecardMonth
from veche.practices.scorecard.compute import month_of
from veche.practices.scorecard.params import (
    current_params,
    legend,
    scorecard_settings_change,
    settings_history,
)
from veche.practices.scorecard.reaction import reaction_figures
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
    settings_version: int


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
    cited: list[str] = Field([], description="коды данных реакции, на которые ссылается "
                                             "оценка (GET …/figures/)")


class CutoffIn(Schema):
    town: str = Field("", description="адрес (slug) курируемого города")
    month: dt.date | None = None
    code: int | None = Field(None, description="1–8, см. cutoffs в строке показателей")
    failed: StrictBool = True
    comment: str = ""
    cited: list[str] = Field([], description="коды данных реакции, на которые ссылается "
                                             "оценка (GET …/figures/)")


# Outside /t/{slug}/: town APIs are for the town's own staff; a curator acts on curated towns.
@router.post("/curator/scorecard/assessment/", response=protected({200: ScorecardRow}),
             auth=CURATOR, summary="Экспертная оценка куратора за месяц (0–100 %)")
def assess(request, payload: AssessIn):
    t = access.access_curated_town(request.auth, payload.town)
    with towns_scope([t]):
        # An empty month or code is the service's to refuse, with its message for the field.
        curator_assess(territory=t, month=payload.month,  # type: ignore[arg-type]
                       score=payload.score, conclusion=payload.conclusion,
                       curator=request.auth, cited=payload.cited)
        return ScorecardMonth.objects.get(territory=t, month=month_of(payload.month))


@router.post("/curator/scorecard/cutoffs/", response=protected({200: ScorecardRow}),
             auth=CURATOR, summary="Решение куратора по отсекающему показателю")
def cutoff(request, payload: CutoffIn):
    t = access.access_curated_town(request.auth, payload.town)
    with towns_scope([t]):
        cutoff_judge(territory=t, month=payload.month, code=payload.code,  # type: ignore[arg-type]
                     failed=payload.failed, comment=payload.comment, curator=request.auth,
                     cited=payload.cited)
        return ScorecardMonth.objects.get(territory=t, month=month_of(payload.month))


class FigureOut(Schema):
    code: str
    label: str
    value: float | None
    detail: str
    source: str


class ScorecardMonthQuery(Schema):
    town: str = Field("", description="адрес (slug) курируемого города")
    month: dt.date = Field(description="Любой день месяца")


@router.get("/curator/scorecard/figures/", response=protected({200: list[FigureOut]}),
            auth=CURATOR, summary="Данные о скорости реакции и корректировке за месяц "
                                  "(к показателю 7)")
def figures(request, q: Query[ScorecardMonthQuery]):
    t = access.access_curated_town(request.auth, q.town)
    with towns_scope([t]):
        return reaction_figures(territory=t, month=month_of(q.month))


class SettingsRow(Schema):
    version: int
    votes_held_points: float
    voters_share_percent: float
    facts_full: int
    speakers_window_months: int
    no_events_fails: bool
    reason: str = ""
    changed_by: str = ""
    changed_at: dt.datetime | None = None


class LegendRow(Schema):
    what: str
    value: str
    source: str
    note: str


class SettingsOut(Schema):
    current: SettingsRow
    history: list[SettingsRow]
    legend: list[LegendRow]


class SettingsIn(Schema):
    votes_held_points: float | None = None
    voters_share_percent: float | None = None
    facts_full: int | None = None
    speakers_window_months: int | None = None
    no_events_fails: StrictBool | None = None
    reason: str = Field("", description="причина изменения (обязательно)")


def _settings_out() -> dict:
    params = current_params()
    history = [{"version": h.pk, "votes_held_points": h.votes_held_points,
                "voters_share_percent": h.voters_share_percent, "facts_full": h.facts_full,
                "speakers_window_months": h.speakers_window_months,
                "no_events_fails": h.no_events_fails, "reason": h.reason,
                "changed_by": (h.changed_by.full_name or h.changed_by.email)
                if h.changed_by else "", "changed_at": h.created_at}
               for h in settings_history()]
    current = history[0] if history else {
        "version": 0, **{k: getattr(params, k) for k in (
            "votes_held_points", "voters_share_percent", "facts_full",
            "speakers_window_months", "no_events_fails")}}
    return {"current": current, "history": history, "legend": legend(params)}


@router.get("/curator/scorecard/settings/", response=protected({200: SettingsOut}),
            auth=CURATOR, summary="Настройки показателей сети, их история и что задано семенем")
def settings_get(request):
    access.access_scorecard_settings(request.auth)
    return _settings_out()


@router.post("/curator/scorecard/settings/", response=protected({200: SettingsOut}),
             auth=CURATOR, summary="Изменить настройки показателей сети (с причиной); месяцы "
                                   "пересчитываются")
def settings_change(request, payload: SettingsIn):
    access.access_scorecard_settings(request.auth)
    values = {k: v for k, v in payload.model_dump().items() if k != "reason" and v is not None}
    scorecard_settings_change(by=request.auth, reason=payload.reason, **values)
    return _settings_out()
