"""Engagement figures of a town, computed from the ledger (the seed's 10% goal). Public:
every figure is a count over many people, none names anyone."""

import datetime as dt

from ninja import Field, Query, Router, Schema

from veche.ledger.selectors import (
    engagement_by_age_band,
    engagement_by_district,
    engagement_by_segment,
    engagement_summary,
    engagement_trend,
)
from veche.ledger.snapshots import BREAKDOWN_DAYS, engagement_breakdowns

from ..errors import public

router = Router(tags=["Вовлечённость"])


class Window(Schema):
    days: int
    active: int
    share: float


class Summary(Schema):
    population_14_plus: int
    goal_share: float
    goal_count: int
    windows: list[Window]
    progress_to_goal: float


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
