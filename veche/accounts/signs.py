"""The shape of a warning sign (seed 000, «Признаки того, что проект реализуется неправильно»).

A sign is declared by the capability that holds its data, in its manifest
(`Capability.warning_signs`, veche/accounts/contract.py); the ledger's own signs are declared in
the core (veche/ledger/signs.py), and veche/ledger/health.py evaluates them all. A sign's
`evaluate(towns, period)` answers for MANY towns in one go ({town id: SignResult}) with a fixed
number of aggregate queries, so the curator's table of 31 towns costs what one town costs.

The caller opens the scope (`town_scope` for one town, `towns_scope` for a curator's towns);
`evaluate` filters by the towns it is given. Evidence names objects as the ledger does
("app.model" + id), so the capabilities stay apart and the web turns them into links.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import F, QuerySet, Window
from django.db.models.functions import RowNumber
from django.utils import timezone
from django.utils.functional import Promise

OK, WARNING, NO_DATA = "ok", "warning", "no_data"
STATES = (WARNING, NO_DATA, OK)  # the order a table sorts by: the worst first
EVIDENCE_LIMIT = 10  # objects shown as evidence per sign and town (the total is said apart)


@dataclass(frozen=True)
class Period:
    """The days `start`..`end`, both included, in the server's time zone. `memo` lets the signs
    of one capability share a query within one evaluation (e.g. the ledger's kinds × topics)."""

    start: dt.date
    end: dt.date
    memo: dict[Any, Any] = field(default_factory=dict, compare=False, hash=False, repr=False)

    @classmethod
    def last_days(cls, days: int, *, today: dt.date | None = None) -> Period:
        end = today or timezone.localdate()
        return cls(start=end - dt.timedelta(days=days - 1), end=end)

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def bounds(self) -> tuple[dt.datetime, dt.datetime]:
        """[start, end) as aware datetimes: from the first day's midnight to the next day's
        after the last."""
        zone = timezone.get_current_timezone()
        start = dt.datetime.combine(self.start, dt.time.min, tzinfo=zone)
        end = dt.datetime.combine(self.end + dt.timedelta(days=1), dt.time.min, tzinfo=zone)
        return start, end

    def windows(self, days: int) -> list[Period]:
        """The period cut into about `days`-long windows, as many as fit (at least one), the
        first taking the odd days: a year's four quarters for «no joint event in a quarter»."""
        count = max(1, round(self.days / days))
        size, extra = divmod(self.days, count)
        out, start = [], self.start
        for i in range(count):
            length = size + (extra if i == 0 else 0)
            out.append(Period(start=start, end=start + dt.timedelta(days=length - 1)))
            start += dt.timedelta(days=length)
        return out


@dataclass(frozen=True)
class Evidence:
    """One object behind a sign: named as the ledger names objects ("events.event", "42")."""

    object_type: str
    object_id: str
    title: str
    detail: str = ""


@dataclass
class SignResult:
    state: str  # OK, WARNING or NO_DATA
    figure: float | None = None  # the measured value the threshold is compared with
    display: str = ""  # the figure in words: «7 из 12 мероприятий (58 %)»
    evidence: list[Evidence] = field(default_factory=list)
    evidence_total: int = 0  # how many objects there are in all (evidence shows a few)
    note: str = ""  # this town's words: what is missing when there are no data, a detail

    @classmethod
    def no_data(cls, note: str = "") -> SignResult:
        return cls(state=NO_DATA, note=note)


Evaluate = Callable[[Sequence[Any], Period], dict[int, SignResult]]


@dataclass(frozen=True)
class EnterprisePart:
    """Something a town's enterprise did together with the town besides a joint event — a
    resource it gave, a joint event reported to the scorecard — for the sign «the enterprise
    takes no part» (seed 000: no joint events or actions in a quarter): when, and what."""

    on: dt.date
    evidence: Evidence


# A capability's reader of such parts for many towns at once (`Capability.enterprise_parts`).
EnterpriseParts = Callable[[Sequence[Any], Period], dict[int, list[EnterprisePart]]]


@dataclass(frozen=True)
class WarningSign:
    code: str  # stable, used by URLs and the API: "events.lists_only"
    order: int  # its place in the seed's list (the first sign of the seed is 10)
    title: str | Promise
    quote: str | Promise  # the seed's own words
    explanation: str | Promise  # what the figure counts and what it means
    advice: str | Promise  # what to do when it fires
    threshold: str | Promise  # when it fires, in words
    evaluate: Evaluate


# --- helpers the signs share -----------------------------------------------------------------

def town_ids(towns: Iterable[Any]) -> list[int]:
    return [t if isinstance(t, int) else t.pk for t in towns]


def share(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 0.0


def percent(value: float) -> str:
    return f"{round(value * 100)} %"


def top_per_town(rows: QuerySet, *, order_by: Sequence[Any], limit: int = EVIDENCE_LIMIT,
                 fields: Sequence[str] = ()) -> dict[int, list[dict[str, Any]]]:
    """The first `limit` rows of each town in one query (ROW_NUMBER over the town), as dicts
    of `fields` and territory_id: evidence for many towns without a query per town."""
    ranked = (rows.annotate(_rank=Window(RowNumber(), partition_by=[F("territory_id")],
                                         order_by=list(order_by)))
              .filter(_rank__lte=limit).values("territory_id", "_rank", *fields).order_by())
    found: dict[int, list[dict[str, Any]]] = {}
    for row in sorted(ranked, key=lambda r: (r["territory_id"], r["_rank"])):
        found.setdefault(row["territory_id"], []).append(row)
    return found
