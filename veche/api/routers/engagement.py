"""Engagement figures of a town, computed from the ledger (the seed's 10% goal). Public:
every figure is a count over many people, none names anyone. Staff and the head set what the
goal is counted against (the town's population figures, their source and date)."""

import datetime as dt
from typing import Literal

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from veche.documents.download import file_response
from veche.ledger.report import engagement_report, month_choices, report_file
from veche.ledger.selectors import (
    engagement_by_age_band,
    engagement_by_district,
    engagement_by_segment,
    engagement_summary,
    engagement_trend,
)
from veche.ledger.snapshots import (
    BREAKDOWN_DAYS,
    engagement_breakdowns,
    engagement_breakdowns_many,
)
from veche.territories.models import EngagementBase
from veche.territories.scoping import towns_scope
from veche.territories.selectors import active_towns
from veche.territories.services import territory_population_set

from ..errors import protected, public
from ..security import CURATOR, TOWN_STAFF

router = Router(tags=["Вовлечённость"])


class Window(Schema):
    days: int
    active: int
    share: float = Field(description="Доля от базы цели (base.population)")
    share_14_plus: float = Field(description="Доля от жителей 14 лет и старше")


class GoalBase(Schema):
    """What the 10% goal is counted against (seed 000: «ориентир 10% жителей»)."""

    kind: Literal[tuple(EngagementBase.values)] = Field(  # type: ignore[valid-type]
        description="population — все жители города; population_14_plus — жители 14+")
    label: str
    population: int = Field(description="Численность, от которой считается цель")
    source: str = Field(description="Источник численности населения")
    as_of: dt.date | None = Field(description="На какую дату дана численность")


class Summary(Schema):
    base: GoalBase
    population_total: int
    population_14_plus: int
    goal_share: float
    goal_count: int
    windows: list[Window]
    share_of_base: float = Field(description="Активные за год — доля от базы цели")
    share_14_plus: float = Field(description="Активные за год — доля жителей 14+")
    progress_to_goal: float = Field(description="Активные за год — доля от цели (goal_count)")


class DistrictRow(Schema):
    district: str
    population_14_plus: int
    active: int
    share: float


class AgeBandRow(Schema):
    band: str
    active: int


class SegmentRow(Schema):
    segment: str
    code: str
    members: int
    active: int
    share: float


class MonthRow(Schema):
    month: dt.date
    active: int
    actions: int


class TownRef(Schema):
    slug: str
    name: str


class EngagementOut(Schema):
    territory: TownRef
    days: int
    summary: Summary
    by_district: list[DistrictRow]
    by_age_band: list[AgeBandRow]
    by_segment: list[SegmentRow]
    trend: list[MonthRow]


class EngagementParams(Schema):
    days: int = Field(365, ge=1, le=3650, description="Окно для разрезов: активны за N дней")
    months: int = Field(12, ge=1, le=60, description="Месяцев в динамике")


@router.get("/t/{slug}/engagement/", response=public({200: EngagementOut}),
            summary="Вовлечённость жителей")
def engagement(request, slug: str, params: Query[EngagementParams]):
    town, days = request.territory, params.days
    if days == BREAKDOWN_DAYS:  # the usual year: the stored breakdowns (refreshed by a worker)
        stored = engagement_breakdowns(territory=town)
        breakdowns = {k: stored[k] for k in ("by_district", "by_age_band", "by_segment")}
    else:
        breakdowns = {
            "by_district": engagement_by_district(territory=town, days=days),
            "by_age_band": engagement_by_age_band(territory=town, days=days),
            "by_segment": engagement_by_segment(territory=town, days=days),
        }
    return {
        "territory": town,
        "days": days,
        "summary": engagement_summary(territory=town),
        **breakdowns,
        "trend": engagement_trend(territory=town, months=params.months),
    }


class GoalBaseIn(Schema):
    engagement_base: Literal[tuple(EngagementBase.values)] = Field(  # type: ignore[valid-type]
        EngagementBase.POPULATION,
        description="От какой численности считать цель: population — все жители (как в "
                    "семени 000), population_14_plus — жители 14+")
    population_total: int = Field(ge=0, description="Все жители города")
    population_14_plus: int = Field(ge=0, description="Жители 14 лет и старше")
    population_source: str = Field(max_length=200, description="Источник численности")
    population_as_of: dt.date = Field(description="На какую дату дана численность")


@router.put("/t/{slug}/engagement/base", response=protected({200: GoalBase}), auth=TOWN_STAFF,
            summary="Задать базу цели 10 %: численность, её источник и дату")
def engagement_base_set(request, slug: str, payload: GoalBaseIn):
    town = territory_population_set(territory=request.territory, **payload.dict())
    return engagement_summary(territory=town)["base"]


# ---- Funnel, cohorts, origins and the monthly report (issue 17, docs/engagement.md) ----

class FunnelStage(Schema):
    code: Literal["registered", "acted", "repeated"]
    label: str
    count: int
    of_previous: float = Field(description="Доля от предыдущей ступени")
    of_registered: float = Field(description="Доля от числа людей в реестре")


class Funnel(Schema):
    months: int = Field(description="Окно: последние N календарных месяцев")
    since: dt.date
    stages: list[FunnelStage]


class CohortCell(Schema):
    offset: int = Field(description="Месяцев после месяца первого действия")
    month: dt.date
    active: int
    share: float


class CohortRow(Schema):
    cohort: dt.date = Field(description="Месяц первого действия")
    size: int
    cells: list[CohortCell]


class Cohorts(Schema):
    months: int
    offsets: list[int]
    rows: list[CohortRow]


class OriginRow(Schema):
    new: int = Field(description="Впервые проявили активность за период")
    returned: int = Field(description="Из них совершили два действия и более")
    share: float


class SourceRow(OriginRow):
    source: str
    label: str


class ObjectTypeRow(OriginRow):
    object_type: str
    label: str


class EngagementGroupRow(OriginRow):
    object_type: str
    type_label: str
    group: str = Field(description="Группа объекта, например вид мероприятия")


class Origins(Schema):
    days: int
    new: int
    returned: int
    returned_share: float
    by_source: list[SourceRow]
    by_object_type: list[ObjectTypeRow]
    by_group: list[EngagementGroupRow]


class AnalyticsOut(Schema):
    territory: TownRef
    computed_at: dt.datetime
    funnel: Funnel
    cohorts: Cohorts
    origins: Origins


@router.get("/t/{slug}/engagement/analytics", response=public({200: AnalyticsOut}),
            summary="Воронка, когорты и источники новых активных жителей")
def engagement_analytics(request, slug: str):
    stored = engagement_breakdowns(territory=request.territory)
    return {"territory": request.territory, "computed_at": stored["computed_at"],
            **{k: stored[k] for k in ("funnel", "cohorts", "origins")}}


class ReportParams(Schema):
    month: str = Field("", pattern=r"^(\d{4}-\d{2})?$",
                       description="Месяц отчёта, ГГГГ-ММ (по умолчанию текущий); один из 12 "
                                   "последних")


@router.get("/t/{slug}/engagement/report.pdf", response=protected({200: None}),
            auth=TOWN_STAFF, summary="Ежемесячный отчёт о вовлечённости (PDF)")
def engagement_report_pdf(request, slug: str, params: Query[ReportParams]):
    return _report_file(request, params, "pdf")


@router.get("/t/{slug}/engagement/report.xlsx", response=protected({200: None}),
            auth=TOWN_STAFF, summary="Ежемесячный отчёт о вовлечённости (XLSX)")
def engagement_report_xlsx(request, slug: str, params: Query[ReportParams]):
    return _report_file(request, params, "xlsx")


def _report_file(request, params: ReportParams, fmt: str) -> HttpResponse:
    months = month_choices()
    month = dt.date.fromisoformat(params.month + "-01") if params.month else months[0]
    if month not in months:
        raise ValidationError(_("Отчёт можно получить за один из последних 12 месяцев."),
                              code="report_month")
    built = engagement_report(territory=request.territory, month=month)
    data, kind = report_file(built, fmt)
    return file_response(data, filename=f"engagement-{request.territory.slug}-{month:%Y-%m}.{fmt}",
                         content_type=kind)


class CuratedFunnel(Schema):
    slug: str
    name: str
    computed_at: dt.datetime | None = Field(description="null: цифры ещё считаются")
    funnel: Funnel | None
    new: int | None = Field(description="Новых активных жителей за год")
    returned: int | None


@router.get("/curator/engagement/", response=protected({200: list[CuratedFunnel]}),
            auth=CURATOR, summary="Воронка и новые активные жители по городам куратора")
def curator_engagement(request):
    towns = list(active_towns().filter(pk__in=request.curated_ids))
    with towns_scope(towns):
        stored = engagement_breakdowns_many(territories=towns)
    return [{"slug": t.slug, "name": t.name,
             "computed_at": (s or {}).get("computed_at"), "funnel": (s or {}).get("funnel"),
             "new": s["origins"]["new"] if s else None,
             "returned": s["origins"]["returned"] if s else None}
            for t in towns for s in [stored[t.pk]]]
