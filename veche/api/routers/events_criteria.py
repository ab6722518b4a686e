"""Countable effectiveness criteria of events: the catalogue, an event's criteria chosen from it
or defined with a target, values entered with their source, the scorecard, and the comparison
of held events and organisers over a period (the questionnaire is in events_feedback.py)."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from veche.accounts.contract import one_or_404
from veche.events import access
from veche.events.criteria import CATALOGUE
from veche.events.models import EventCriterion
from veche.events.selectors.scorecard import Filters, comparison, scorecard
from veche.events.services import criteria as crit

from ..errors import protected
from ..security import auth_for, town_roles

router = Router(tags=["Мероприятия: обратная связь и критерии"])
MANAGE = auth_for(town_roles(*access.MANAGE))
PAGE = 200


def _event(request, event_id: int, *, manage: bool = False):
    return access.access_event(request.auth, request.territory, event_id, manage=manage)


class CatalogueOut(Schema):
    code: str
    label: str
    unit: str
    how: str
    higher_is_better: bool
    percent: bool
    entered: bool


class CriterionIn(Schema):
    code: str = Field("", max_length=40, description="код из каталога; пусто — свой критерий")
    target: float | str | None = None
    name: str = Field("", max_length=300)
    unit: str = Field("", max_length=40)
    value: float | str | None = None
    value_source: str = Field("", max_length=300)


class CriterionChangeIn(Schema):
    target: float | str | None = None
    value: float | str | None = None
    value_source: str = Field("", max_length=300)


class CriterionOut(Schema):
    id: int
    code: str
    label: str
    unit: str
    value: float | None
    target: float
    met: bool | None
    value_source: str


class ScorecardOut(Schema):
    event_id: int
    met: int
    total: int
    overall: str
    criteria: list[CriterionOut]


class CompareFilters(Schema):
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    kind: str = ""
    organiser_kind: str = ""
    organiser_name: str = Field("", max_length=100)
    page: int = Field(1, ge=1, le=100_000)


class ComparedEventOut(Schema):
    id: int
    title: str
    kind: str
    organiser_kind: str
    organiser_name: str
    starts_at: dt.datetime
    values: dict[str, float | None]
    criteria_met: int
    criteria_chosen: int


class OrganiserOut(Schema):
    organiser_kind: str
    organiser_name: str
    events: int
    mean_feedback_rate: float | None
    proposals_per_participant: float | None
    newcomers: int
    criteria_met_share: float | None


class ComparisonOut(Schema):
    count: int
    page: int
    events: list[ComparedEventOut]
    organisers: list[OrganiserOut]


@router.get("/t/{slug}/events-criteria-catalogue", response=protected(
    {200: list[CatalogueOut]}), auth=MANAGE, summary="Каталог счётных критериев эффективности")
def catalogue(request, slug: str):
    return [{"code": c.code, "label": str(c.label), "unit": str(c.unit), "how": str(c.how),
             "higher_is_better": c.higher_is_better, "percent": c.percent,
             "entered": c.entered} for c in CATALOGUE.values()]


def _scorecard_out(event) -> dict:
    card = scorecard(event=event)
    return {"event_id": event.pk, "met": card["met"], "total": card["total"],
            "overall": card["overall"],
            "criteria": [{"id": r.criterion.pk, "code": r.criterion.code, "label": r.label,
                          "unit": r.unit, "value": r.value, "target": r.target, "met": r.met,
                          "value_source": r.source} for r in card["rows"]]}


@router.get("/t/{slug}/events/{event_id}/criteria", response=protected({200: ScorecardOut}),
            auth=MANAGE, summary="Критерии мероприятия: значение, цель, выполнен ли")
def criteria_get(request, slug: str, event_id: int):
    return _scorecard_out(_event(request, event_id))


@router.post("/t/{slug}/events/{event_id}/criteria", response=protected({201: ScorecardOut}),
             auth=MANAGE, summary="Выбрать критерий из каталога или задать свой")
def criterion_add(request, slug: str, event_id: int, payload: CriterionIn):
    event = _event(request, event_id, manage=True)
    if payload.code:
        crit.criterion_set(event=event, code=payload.code, target=payload.target)
    else:
        crit.criterion_define(event=event, name=payload.name, unit=payload.unit,
                              target=payload.target, value=payload.value,
                              source=payload.value_source)
    return Status(201, _scorecard_out(event))


def _criterion(request, event_id: int, criterion_id: int):
    event = _event(request, event_id, manage=True)
    return event, one_or_404(EventCriterion.objects.filter(event=event), criterion_id,
                             _("Нет такого критерия."))


@router.put("/t/{slug}/events/{event_id}/criteria/{criterion_id}", response=protected(
    {200: ScorecardOut}), auth=MANAGE, summary="Изменить цель или внести значение с источником")
def criterion_change(request, slug: str, event_id: int, criterion_id: int,
                     payload: CriterionChangeIn):
    event, criterion = _criterion(request, event_id, criterion_id)
    entry = CATALOGUE.get(criterion.code)
    if entry is not None and not entry.entered:
        if payload.value is not None:
            raise ValidationError(_("Значение этого критерия считается по записям, его не "
                                    "вводят."), code="criterion_computed")
        crit.criterion_set(event=event, code=criterion.code, target=payload.target)
    else:
        crit.criterion_value_enter(criterion=criterion, value=payload.value,
                                   source=payload.value_source, target=payload.target)
    return _scorecard_out(event)


@router.delete("/t/{slug}/events/{event_id}/criteria/{criterion_id}", response=protected(
    {204: None}), auth=MANAGE, summary="Убрать критерий")
def criterion_delete(request, slug: str, event_id: int, criterion_id: int):
    crit.criterion_remove(criterion=_criterion(request, event_id, criterion_id)[1])
    return Status(204, None)


@router.get("/t/{slug}/events-comparison", response=protected({200: ComparisonOut}),
            auth=MANAGE, summary="Сравнение проведённых мероприятий и организаторов за период")
def compare(request, slug: str, filters: Query[CompareFilters]):
    access.access_office(request.auth, request.territory)
    found = comparison(territory=request.territory, filters=Filters(
        date_from=filters.date_from, date_to=filters.date_to, kind=filters.kind,
        organiser_kind=filters.organiser_kind, organiser_name=filters.organiser_name),
        limit=PAGE, offset=(filters.page - 1) * PAGE)
    return {"count": found["count"], "page": filters.page,
            "events": [{"id": r["pk"], "title": r["title"], "kind": r["kind"],
                        "organiser_kind": r["organiser_kind"],
                        "organiser_name": r["organiser_name"], "starts_at": r["starts_at"],
                        "values": r["values"], "criteria_met": r["met"],
                        "criteria_chosen": r["chosen"]} for r in found["rows"]],
            "organisers": [{"organiser_kind": s.organiser_kind,
                            "organiser_name": s.organiser_name, "events": s.events,
                            "mean_feedback_rate": s.mean_feedback_rate,
                            "proposals_per_participant": s.proposals_per_participant,
                            "newcomers": s.newcomers,
                            "criteria_met_share": s.criteria_met_share}
                           for s in found["organisers"]]}

