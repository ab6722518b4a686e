"""Countable criteria chosen for an event, each with its target: from the catalogue
(criteria.CATALOGUE, suggested by KINDS[kind].criteria) or defined by the organisers (a name,
a unit, a target and a value entered with its source)."""

import math

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ..criteria import CATALOGUE
from ..kinds import KINDS
from ..models import Event, EventCriterion

VALUE_LIMIT = 1e12


def _target(value) -> float:
    number = _number(value, "target")
    return 0.0 if number is None else number  # required: None never comes back


def _number(value, field: str, *, required: bool = True) -> float | None:
    if value in (None, ""):
        if required:
            raise ValidationError({field: ValidationError(_("Укажите число."),
                                                          code="required")})
        return None
    try:
        number = float(str(value).replace(",", ".").replace(" ", ""))
    except ValueError:
        number = math.nan
    if not math.isfinite(number) or not (0 <= number <= VALUE_LIMIT):
        raise ValidationError({field: ValidationError(
            _("Нужно неотрицательное число, например 30 или 2,5."), code="number_invalid")})
    return number


@transaction.atomic
def criterion_set(*, event: Event, code: str, target) -> EventCriterion:
    """Choose a catalogue criterion for the event with its target (or change the target)."""
    if code not in CATALOGUE:
        raise ValidationError({"code": ValidationError(
            _("Выберите критерий из каталога."), code="criterion_unknown")})
    number = _target(target)
    criterion, _created = EventCriterion.objects.update_or_create(
        territory_id=event.territory_id, event=event, code=code,
        defaults={"target": number, "unit": str(CATALOGUE[code].unit)})
    return criterion


@transaction.atomic
def criteria_suggest(*, event: Event, targets: dict[str, float] | None = None
                     ) -> list[EventCriterion]:
    """The kind's suggested criteria that the event does not have yet, with `targets` (by
    code; 0 where none is given, for staff to set)."""
    have = set(event.criteria.exclude(code="").values_list("code", flat=True))
    targets = targets or {}
    return [criterion_set(event=event, code=code, target=targets.get(code, 0))
            for code in KINDS[event.kind].criteria if code not in have]


def criterion_define(*, event: Event, name: str, unit: str, target, value=None,
                     source: str = "") -> EventCriterion:
    """A criterion of the organisers' own: its value is entered, with where it comes from."""
    errors: dict[str, ValidationError] = {}
    if not name.strip():
        errors["name"] = ValidationError(_("Назовите критерий."), code="required")
    number: float = 0.0
    entered: float | None = None
    try:
        number = _target(target)
    except ValidationError as exc:
        errors.update(exc.error_dict)  # type: ignore[arg-type]
    try:
        entered = _number(value, "manual_value", required=False)
    except ValidationError as exc:
        errors.update(exc.error_dict)  # type: ignore[arg-type]
    if entered is not None and not source.strip() and "manual_value" not in errors:
        errors["value_source"] = ValidationError(
            _("Укажите источник значения (например, «отчёт пресс-службы»)."),
            code="source_required")
    if errors:
        raise ValidationError(errors)
    return EventCriterion.objects.create(
        territory_id=event.territory_id, event=event, code="", name=name.strip()[:300],
        unit=unit.strip()[:40], target=number, manual_value=entered,
        value_source=source.strip()[:300])


def criterion_value_enter(*, criterion: EventCriterion, value, source: str,
                          target=None) -> EventCriterion:
    """Enter the value of an own criterion or of one the catalogue lets enter (media reach),
    with its source; None clears it. A computed criterion's value cannot be typed in."""
    if criterion.code and not CATALOGUE[criterion.code].entered:
        raise ValidationError(_("Значение этого критерия считается по записям, его не вводят."),
                              code="criterion_computed")
    entered = _number(value, "manual_value", required=False)
    if entered is not None and not source.strip():
        raise ValidationError({"value_source": ValidationError(
            _("Укажите источник значения (например, «отчёт пресс-службы»)."),
            code="source_required")})
    criterion.manual_value, criterion.value_source = entered, source.strip()[:300]
    fields = ["manual_value", "value_source"]
    if target not in (None, ""):
        criterion.target = _target(target)
        fields.append("target")
    criterion.save(update_fields=fields)
    return criterion


def criterion_remove(*, criterion: EventCriterion) -> None:
    criterion.delete()
