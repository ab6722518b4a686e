"""Registration and check-in. A resident registers for an announced event that takes
registration (once; while there are places); staff register a visitor at the door; the
scanner checks a ticket in once — a conditional UPDATE (… WHERE checked_in_at IS NULL), so
two phones scanning the same QR at once count it once. Check-in is not a ledger action:
presence is not an action (seed 000)."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext as _

from veche.registry.models import Person

from ..models import Event, EventStatus, Registration
from ..qr import ticket_read

# Result codes of a scan: the API's `code`, the scanner's colour.
CHECKED_IN = "checked_in"
ALREADY = "already_checked_in"
OTHER_TOWN = "other_town"
EXPIRED = "expired"
CANCELLED = "cancelled"
NOT_FOUND = "not_found"
OTHER_EVENT = "other_event"
RESULT_CODES = (CHECKED_IN, ALREADY, OTHER_TOWN, EXPIRED, CANCELLED, NOT_FOUND, OTHER_EVENT)


def short_name(person: Person) -> str:
    """«Иванова А. П.»: enough to tell the person at the door, no more."""
    if person.is_erased:
        return person.full_name
    initials = " ".join(f"{p[0]}." for p in (person.given_name, person.patronymic) if p)
    return f"{person.surname} {initials}".strip()


@dataclass(frozen=True)
class ScanResult:
    code: str
    message: str
    ok: bool = False
    name: str = ""
    checked_in_at: dt.datetime | None = None
    registration_id: int | None = None


def _open_for_registration(event: Event) -> None:
    if event.status != EventStatus.ANNOUNCED:
        raise ValidationError(_("Регистрация открыта только на объявленные мероприятия."),
                              code="registration_closed")
    if not event.registration_open:
        raise ValidationError(_("На это мероприятие регистрация не нужна: приходите."),
                              code="registration_not_needed")


def _lock_event(event: Event) -> Event:
    # Places are counted under the event's row lock: two last-place registrations in a row,
    # never both.
    return Event.objects.select_for_update().get(pk=event.pk)


def _registered(event: Event) -> int:
    return event.registrations.filter(cancelled_at__isnull=True).count()


def _register(*, event: Event, person: Person, source: str, now: dt.datetime,
              ignore_capacity: bool = False) -> Registration:
    if person.territory_id != event.territory_id:
        raise ValidationError(_("Участник относится к другому городу."), code="other_town")
    locked = _lock_event(event)
    existing = Registration.objects.filter(event=event, person=person).first()
    if existing is not None and existing.cancelled_at is None:
        raise ValidationError(_("Вы уже зарегистрированы на это мероприятие."),
                              code="already_registered")
    if (not ignore_capacity and locked.capacity is not None
            and _registered(locked) >= locked.capacity):
        raise ValidationError(_("Мест больше нет: все %(n)s мест заняты.")
                              % {"n": locked.capacity}, code="capacity_full")
    if existing is not None:  # registered, cancelled, and registers again: the same ticket
        existing.cancelled_at = None
        existing.source = source
        existing.save(update_fields=["cancelled_at", "source"])
        return existing
    try:
        with transaction.atomic():
            return Registration.objects.create(territory_id=event.territory_id, event=event,
                                               person=person, source=source)
    except IntegrityError:
        raise ValidationError(_("Вы уже зарегистрированы на это мероприятие."),
                              code="already_registered") from None


@transaction.atomic
def registration_create(*, event: Event, person: Person, source: str = Registration.Source.WEB,
                        now: dt.datetime | None = None) -> Registration:
    """A resident (or staff for them) registers for an announced event."""
    now = now or timezone.now()
    _open_for_registration(event)
    if event.ends_at <= now:
        raise ValidationError(_("Мероприятие уже закончилось."), code="event_over")
    return _register(event=event, person=person, source=source, now=now)


@transaction.atomic
def registration_cancel(*, registration: Registration, now: dt.datetime | None = None
                        ) -> Registration:
    if registration.checked_in_at is not None:
        raise ValidationError(_("Вы уже отмечены на входе: регистрацию не отменить."),
                              code="already_checked_in")
    if registration.cancelled_at is None:
        registration.cancelled_at = now or timezone.now()
        registration.save(update_fields=["cancelled_at"])
    return registration


@transaction.atomic
def door_register(*, event: Event, person: Person, by=None,
                  now: dt.datetime | None = None) -> ScanResult:
    """Staff register a visitor who came without registration and check them in at once.
    The door does not turn a person away for places (they are in the hall already)."""
    now = now or timezone.now()
    if event.status not in (EventStatus.ANNOUNCED, EventStatus.HELD):
        raise ValidationError(_("Отмечать на входе можно на объявленном или идущем "
                                "мероприятии."), code="wrong_state")
    existing = Registration.objects.filter(event=event, person=person).first()
    if existing is None or existing.cancelled_at is not None:
        existing = _register(event=event, person=person, source=Registration.Source.DOOR,
                             now=now, ignore_capacity=True)
    return _check_in(event=event, registration=existing, by=by, now=now)


def _check_in(*, event: Event, registration: Registration, by, now: dt.datetime) -> ScanResult:
    # The one write: set the time only where none is set yet (a second scan, even at the same
    # instant on another phone, updates nothing and reads «уже отмечен»).
    updated = Registration.objects.filter(pk=registration.pk, checked_in_at__isnull=True,
                                          cancelled_at__isnull=True).update(
        checked_in_at=now, checked_in_by=by if getattr(by, "pk", None) else None)
    name = short_name(registration.person)
    if updated:
        return ScanResult(CHECKED_IN, _("Отмечен: %(name)s") % {"name": name}, ok=True,
                          name=name, checked_in_at=now, registration_id=registration.pk)
    fresh: Any = Registration.objects.filter(pk=registration.pk).values(
        "checked_in_at", "cancelled_at").first() or {}
    if fresh.get("cancelled_at") is not None:
        return ScanResult(CANCELLED, _("Регистрация отменена: %(name)s") % {"name": name},
                          name=name, registration_id=registration.pk)
    at = fresh.get("checked_in_at")
    local = timezone.localtime(at) if at else None
    return ScanResult(ALREADY, _("Уже отмечен в %(time)s: %(name)s")
                      % {"time": time_format(local, "H:i") if local else "—", "name": name},
                      name=name, checked_in_at=at, registration_id=registration.pk)


def checkin_scan(*, event: Event, text: str, by=None, now: dt.datetime | None = None
                 ) -> ScanResult:
    """Check in whatever the scanner read (the QR's URL or token, or the typed code) at
    `event`. Every outcome is an answer, never an exception: the scanner shows it big."""
    now = now or timezone.now()
    ticket = ticket_read(text)
    if ticket is None:
        return ScanResult(NOT_FOUND, _("Не найдено: такого билета нет."))
    if ticket.town_id is not None and ticket.town_id != event.territory_id:
        return ScanResult(OTHER_TOWN, _("QR-код другого города."))
    if ticket.expires_at is not None and ticket.expires_at < now:
        return ScanResult(EXPIRED, _("Срок QR-кода истёк."))
    if ticket.event_id is not None and ticket.event_id != event.pk:
        return ScanResult(OTHER_EVENT, _("Билет на другое мероприятие."))
    registration = (Registration.objects.filter(territory_id=event.territory_id,
                                                code=ticket.code)
                    .select_related("person").first())
    if registration is None:
        return ScanResult(NOT_FOUND, _("Не найдено: такого билета нет."))
    if registration.event_id != event.pk:
        return ScanResult(OTHER_EVENT, _("Билет на другое мероприятие."))
    if registration.cancelled_at is not None:
        return ScanResult(CANCELLED, _("Регистрация отменена: %(name)s")
                          % {"name": short_name(registration.person)},
                          name=short_name(registration.person), registration_id=registration.pk)
    return _check_in(event=event, registration=registration, by=by, now=now)


def checked_in_count(event: Event) -> int:
    return event.registrations.filter(checked_in_at__isnull=False).count()


# Kept for the demo: a check-in back-dated to the event's day.
def checkin_registration(*, registration: Registration, at: dt.datetime, by=None) -> bool:
    return bool(Registration.objects.filter(pk=registration.pk, checked_in_at__isnull=True,
                                            cancelled_at__isnull=True)
                .update(checked_in_at=at, checked_in_by=by if getattr(by, "pk", None) else None))

