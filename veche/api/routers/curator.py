"""The curator's overview: aggregated figures of every town they curate, nothing about any
person. Runs outside any town URL, so it opens each curated town's scope itself."""

from ninja import Router, Schema

from veche.ledger.selectors import engagement_summary, engagement_trend
from veche.territories.models import Territory
from veche.territories.scoping import town_scope

from ..errors import protected
from ..security import CURATOR
from .engagement import MonthRow, Summary

router = Router(tags=["Куратор"])


class CuratedTown(Schema):
    slug: str
    name: str
    region: str
    summary: Summary
    trend: list[MonthRow]


class Totals(Schema):
    towns: int
    population_14_plus: int
    active_365: int
    share_365: float


class CuratorOverview(Schema):
    towns: list[CuratedTown]
    totals: Totals


@router.get("/curator/overview/", response=protected({200: CuratorOverview}), auth=CURATOR,
            summary="Сводка куратора по городам")
def curator_overview(request):
    towns = []
    for town in Territory.objects.filter(pk__in=request.curated_ids, is_active=True):
        with town_scope(town):
            towns.append({
                "slug": town.slug, "name": town.name, "region": town.region,
                "summary": engagement_summary(territory=town),
                "trend": engagement_trend(territory=town, months=12),
            })
    population = sum(t["summary"]["population_14_plus"] for t in towns)
    active = sum(t["summary"]["windows"][-1]["active"] for t in towns)
    return {
        "towns": towns,
        "totals": {"towns": len(towns), "population_14_plus": population, "active_365": active,
                   "share_365": round(active / population, 4) if population else 0.0},
    }
