"""Engagement figures of a town, computed from the ledger (the seed's 10% goal). Public:
every figure is a count over many people, none names anyone. Staff and the head set what the
goal is counted against (the town's population figures, their source and date)."""

import datetime as dt
from typing import Literal

from ninja import Field, Query, Router, Schema

from veche.ledger.selectors import (
    engagement_by_age_band,
    engagement_by_district,
    engagement_by_segment,
    engagement_summary,
    engagement_trend,
)
from veche.ledger.snapshots import BREAKDOWN_DAYS, engagement_breakdowns
from veche.territories.models import EngagementBase
from veche.territories.services import territory_population_set

from ..errors import protected, public
from ..security import TOWN_STAFF

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
