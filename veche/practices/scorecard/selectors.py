"""Reads of the scorecard: a town's months, the curator's ranking of towns, trends."""

import datetime as dt
from typing import Any

from veche.territories.models import Territory

from ..models import ScorecardMonth
from .compute import add_months, month_of


def town_months(*, territory: Territory, months: int = 24,
                until: dt.date | None = None) -> list[ScorecardMonth]:
    end = month_of(until or dt.date.today())
    return list(ScorecardMonth.objects.filter(
        territory=territory, month__gt=add_months(end, -months), month__lte=end)
        .order_by("month"))


def latest_month(*, territories: list[Territory]) -> dt.date | None:
    row = (ScorecardMonth.objects.filter(territory__in=territories).order_by("-month")
           .values_list("month", flat=True).first())
    return row


def ranking(*, territories: list[Territory], month: dt.date) -> list[dict]:
    """Towns by total for a month (cut-off towns last, by their raw total), with rank."""
    rows = {r.territory_id: r for r in ScorecardMonth.objects.filter(
        territory__in=territories, month=month_of(month))}
    out: list[dict[str, Any]] = [{"town": t, "row": rows.get(t.pk)} for t in territories]
    out.sort(key=lambda r: (r["row"] is None, r["row"].cut_off if r["row"] else True,
                            -(r["row"].total_raw if r["row"] else 0), r["town"].name))
    for n, r in enumerate(out, start=1):
        r["rank"] = n
    return out


def trends(*, territories: list[Territory], months: list[dt.date]) -> dict[int, list[dict]]:
    """Per town, one row per month: total and raw total (0 where not computed)."""
    found = {(r.territory_id, r.month): r for r in ScorecardMonth.objects.filter(
        territory__in=territories, month__in=months)}
    return {t.pk: [{"month": m, "total": found[(t.pk, m)].total if (t.pk, m) in found else 0,
                    "total_raw": found[(t.pk, m)].total_raw if (t.pk, m) in found else 0}
                   for m in months] for t in territories}
