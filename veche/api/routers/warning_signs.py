"""«Тревожные признаки» (seed 000) through the API: one town's signs for its staff and head, and
every curated town's for a curator. Computed live by veche/ledger/health.py; aggregates and the
objects behind them (events, topics, bodies, assignments), never a resident's personal data."""

import datetime as dt
from typing import Literal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from veche.accounts.signs import NO_DATA, OK, WARNING, Period
from veche.ledger.health import DEFAULT_DAYS, health_evaluate
from veche.territories.models import Territory
from veche.territories.scoping import towns_scope

from ..errors import protected
from ..security import CURATOR, TOWN_STAFF

router = Router(tags=["Тревожные признаки"])

MAX_DAYS = 3 * 366


class SignOut(Schema):
    code: str
    title: str
    quote: str = Field(description="Слова семени 000")
    explanation: str = Field(description="Что считается и что это значит")
    advice: str = Field(description="Что делать, если признак сработал")
    threshold: str = Field(description="Когда признак срабатывает")


class SignEvidenceOut(Schema):
    object_type: str = Field(description="Как в реестре действий: «events.event» и т. п.")
    object_id: str
    title: str
    detail: str


class SignResultOut(Schema):
    code: str
    state: Literal[WARNING, NO_DATA, OK]  # type: ignore[valid-type]
    figure: float | None = Field(description="Измеренное значение, с которым сравнивается порог")
    display: str = Field(description="Значение словами")
    note: str = Field(description="Пояснение для города: чего не хватает, подробности")
    evidence: list[SignEvidenceOut] = Field(
        description="Первые объекты, на которых основан признак")
    evidence_total: int


class Counts(Schema):
    warning: int
    no_data: int
    ok: int


class TownSignsOut(Schema):
    slug: str
    name: str
    counts: Counts
    results: list[SignResultOut]


class PeriodOut(Schema):
    start: dt.date
    end: dt.date


class TownHealthOut(Schema):
    period: PeriodOut
    signs: list[SignOut]
    town: TownSignsOut


class CuratorHealthOut(Schema):
    period: PeriodOut
    signs: list[SignOut]
    towns: list[TownSignsOut]


class SignsPeriodQuery(Schema):
    days: int = Field(DEFAULT_DAYS, ge=1, le=MAX_DAYS,
                      description="Последние N дней (если не заданы start и end)")
    start: dt.date | None = Field(None, description="Начало периода (включительно)")
    end: dt.date | None = Field(None, description="Конец периода (включительно)")


def _period(q: SignsPeriodQuery) -> Period:
    if q.start is None and q.end is None:
        return Period.last_days(q.days)
    if q.start is None or q.end is None:
        raise ValidationError(_("Задайте и начало, и конец периода (или только days)."),
                              code="period_incomplete")
    if q.end < q.start or (q.end - q.start).days >= MAX_DAYS:
        raise ValidationError(_("Конец периода — не раньше начала, период — не длиннее трёх "
                                "лет."), code="period_invalid")
    return Period(start=q.start, end=q.end)


def _signs(health) -> list[dict]:
    return [{"code": s.code, "title": str(s.title), "quote": str(s.quote),
             "explanation": str(s.explanation), "advice": str(s.advice),
             "threshold": str(s.threshold)} for s in health.signs]


def _town(health, town: Territory, *, evidence: bool = True) -> dict:
    """A town's results; a curator (evidence=False) gets the counts only: the objects behind
    a sign (titles of drafts, appeals, bodies) are the town's, curators see aggregates."""
    return {"slug": town.slug, "name": town.name, "counts": health.counts(town.pk),
            "results": [{"code": s.code, "state": r.state, "figure": r.figure,
                         "display": r.display, "note": r.note, "evidence_total": r.evidence_total,
                         "evidence": [e.__dict__ for e in r.evidence] if evidence else []}
                        for s, r in health.of(town.pk)]}


@router.get("/t/{slug}/warning-signs/", response=protected({200: TownHealthOut}),
            auth=TOWN_STAFF, summary="Тревожные признаки города")
def town_warning_signs(request, slug: str, q: Query[SignsPeriodQuery]):
    period = _period(q)
    health = health_evaluate(towns=[request.territory], period=period)
    return {"period": {"start": period.start, "end": period.end}, "signs": _signs(health),
            "town": _town(health, request.territory)}


@router.get("/curator/warning-signs/", response=protected({200: CuratorHealthOut}),
            auth=CURATOR, summary="Тревожные признаки по курируемым городам")
def curator_warning_signs(request, q: Query[SignsPeriodQuery]):
    period = _period(q)
    towns = list(Territory.objects.filter(pk__in=request.curated_ids, is_active=True)
                 .order_by("name"))
    with towns_scope(towns):
        health = health_evaluate(towns=towns, period=period)
    return {"period": {"start": period.start, "end": period.end}, "signs": _signs(health),
            "towns": [_town(health, t, evidence=False) for t in towns]}
