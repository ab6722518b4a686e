"""Writes of the head's reception by appointment (seed 002: «прием граждан в администрации по
предварительной записи»).

* The head's office publishes slots (a date and time, a place, who receives; one person each)
  and may withdraw a slot nobody has booked.
* A resident books a free slot with the question they come with, and may cancel before it
  starts. One booking holds a slot: the database's unique constraint decides a race.
* Staff record the reception: the question becomes an appeal with the channel «личный приём»
  through `appeal_create`, registered at once (59-FZ: the answer within 30 days), or mark that
  the resident did not come.

A booking is not a ledger action (being booked, like being present, is not what a person did);
the appeal the reception produces is, through `appeal_create`.
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from veche.accounts.models import User
from veche.registry.models import Person, SourceKind
from veche.territories.models import CityTopic, Territory

from ..models import (
    Appeal,
    AppealChannel,
    BookingStatus,
    ReceptionBooking,
    ReceptionSlot,
    SlotStatus,
)
from ..services import appeal_create, applicant_find_or_create
from ..validation import check_text

PLACE_MAX, HOST_MAX, QUESTION_MAX = 300, 200, 2000
# How far ahead a slot may be published.
AHEAD_DAYS = 366
HOLDING = (BookingStatus.BOOKED, BookingStatus.HELD, BookingStatus.NO_SHOW)


def _refuse(field: str, message: str, code: str, **params) -> ValidationError:
    return ValidationError({field: [ValidationError(message, code=code, params=params or None)]})


def _stamp(row, now: dt.datetime) -> None:
    """`created_at` is set on insert (auto_now_add); the demo's history names its own moment."""
    type(row).objects.filter(pk=row.pk).update(created_at=now)
    row.created_at = now


def check_slot(*, starts_at: dt.datetime | None, place: str, host: str, minutes: int,
               now: dt.datetime) -> dict:
    errors: dict[str, list[ValidationError]] = {}
    out: dict = {}
    if starts_at is None:
        errors["starts_at"] = [ValidationError(_("Укажите дату и время приёма."),
                                               code="slot_time_missing")]
    elif not now < starts_at < now + dt.timedelta(days=AHEAD_DAYS):
        errors["starts_at"] = [ValidationError(
            _("Время приёма — в будущем, не дальше чем через год."), code="slot_time_out_of_range")]
    for field, value, label, limit in (("place", place, _("Место"), PLACE_MAX),
                                       ("host", host, _("Кто ведёт приём"), HOST_MAX)):
        try:
            out[field] = check_text(value, label=label, limit=limit)
        except ValidationError as exc:
            errors[field] = exc.error_list
    if not isinstance(minutes, int) or not 5 <= minutes <= 240:
        errors["minutes"] = [ValidationError(_("Длительность приёма — от 5 до 240 минут."),
                                             code="slot_minutes_out_of_range")]
    if errors:
        raise ValidationError(errors)
    return out


@transaction.atomic
def slot_publish(*, territory: Territory, starts_at: dt.datetime | None, place: str, host: str,
                 by: User | None, minutes: int = 20,
                 now: dt.datetime | None = None) -> ReceptionSlot:
    """Publish one reception slot (capacity one). `now`: the moment of publishing (the demo's
    history); the slot must start after it."""
    now = now or timezone.now()
    clean = check_slot(starts_at=starts_at, place=place, host=host, minutes=minutes, now=now)
    assert starts_at is not None  # check_slot refused a missing time
    if ReceptionSlot.objects.filter(territory=territory, starts_at=starts_at,
                                    place=clean["place"]).exists():
        raise _refuse("starts_at", _("На это время в этом месте приём уже назначен."),
                      "slot_duplicate")
    slot = ReceptionSlot(territory=territory, starts_at=starts_at, place=clean["place"],
                         host=clean["host"], minutes=minutes,
                         created_by=by if by and by.is_authenticated else None)
    slot.save()
    _stamp(slot, now)
    return slot


@transaction.atomic
def slot_cancel(*, slot: ReceptionSlot, by: User | None) -> ReceptionSlot:
    """Withdraw a slot nobody holds (a booked one is the resident's: call them first and
    cancel their booking with them)."""
    slot = ReceptionSlot.objects.select_for_update().get(pk=slot.pk)
    if slot.status != SlotStatus.OPEN:
        raise ValidationError(_("Это время приёма уже отменено."), code="slot_cancelled")
    if slot.bookings.filter(status__in=HOLDING).exists():
        raise ValidationError(_("На это время записан житель: отменить время нельзя, пока "
                                "запись не отменена."), code="slot_booked")
    slot.status = SlotStatus.CANCELLED
    slot.save(update_fields=["status"])
    return slot


def _person_for(*, territory: Territory, user: User, surname: str, given_name: str,
                phone: str) -> Person:
    person = Person.objects.filter(territory=territory, user=user, is_erased=False).first()
    if person is not None:
        return person
    if not (surname or "").strip() or not (given_name or "").strip():
        raise _refuse("surname", _("Укажите фамилию и имя: вы записываетесь на приём впервые."),
                      "booking_name_missing")
    parts = given_name.split(" ")
    return applicant_find_or_create(
        territory=territory, surname=surname, given_name=parts[0],
        patronymic=" ".join(parts[1:]), phone=phone, email=user.email or "", user=user,
        recorded_by=user, source_kind=SourceKind.SELF)


@transaction.atomic
def booking_create(*, slot: ReceptionSlot, user: User, question: str, phone: str = "",
                   surname: str = "", given_name: str = "",
                   now: dt.datetime | None = None) -> ReceptionBooking:
    """A resident books a free slot with their question. One booking per slot (the database's
    constraint), one upcoming booking per resident."""
    now = now or timezone.now()
    try:
        question = check_text(question, label=_("Вопрос"), limit=QUESTION_MAX)
    except ValidationError as exc:
        raise ValidationError({"question": exc.error_list}) from None
    slot = ReceptionSlot.objects.select_for_update().get(pk=slot.pk)
    if slot.status != SlotStatus.OPEN or slot.starts_at <= now:
        raise ValidationError(_("На это время записаться уже нельзя: выберите другое."),
                              code="slot_closed")
    person = _person_for(territory=slot.territory, user=user, surname=surname,
                         given_name=given_name, phone=phone)
    upcoming = ReceptionBooking.objects.filter(
        territory_id=slot.territory_id, person=person, status=BookingStatus.BOOKED,
        slot__starts_at__gt=now).select_related("slot").first()
    if upcoming is not None:
        raise ValidationError(
            _("Вы уже записаны на приём %(when)s. Чтобы выбрать другое время, отмените ту "
              "запись."), code="booking_already",
            params={"when": timezone.localtime(upcoming.slot.starts_at).strftime("%d.%m.%Y %H:%M")})
    booking = ReceptionBooking(territory_id=slot.territory_id, slot=slot, person=person,
                               user=user, question=question, phone=(phone or "")[:16])
    try:
        with transaction.atomic():
            booking.save()
    except IntegrityError:
        raise ValidationError(_("Это время только что заняли: выберите другое."),
                              code="slot_taken") from None
    _stamp(booking, now)
    return booking


@transaction.atomic
def booking_cancel(*, booking: ReceptionBooking, by: User | None,
                   now: dt.datetime | None = None) -> ReceptionBooking:
    """The resident (or the office, on their call) cancels a booking before the reception;
    the slot is free again."""
    now = now or timezone.now()
    booking = ReceptionBooking.objects.select_for_update(of=("self",)).select_related(
        "slot").get(pk=booking.pk)
    if booking.status != BookingStatus.BOOKED:
        raise ValidationError(_("Запись уже «%(status)s»: отменять нечего."),
                              code="booking_not_active",
                              params={"status": booking.get_status_display()})
    if booking.slot.starts_at <= now:
        raise ValidationError(_("Приём уже начался: отменить запись нельзя."),
                              code="booking_started")
    booking.status = BookingStatus.CANCELLED
    booking.cancelled_at = now
    booking.save(update_fields=["status", "cancelled_at"])
    return booking


def _check_recordable(booking: ReceptionBooking) -> None:
    if booking.status != BookingStatus.BOOKED:
        raise ValidationError(_("Запись уже «%(status)s»."), code="booking_not_active",
                              params={"status": booking.get_status_display()})


@transaction.atomic
def reception_record(*, booking: ReceptionBooking, by: User | None, text: str,
                     topic: CityTopic | None = None, reply_email: str | None = None,
                     reply_postal: str | None = None,
                     at: dt.datetime | None = None) -> Appeal:
    """Record the reception: the resident's question, as heard, becomes an appeal with the
    channel «личный приём», registered at once (the answer within 30 days, 59-FZ). The reply
    address defaults to the person's e-mail, else their building's address."""
    # Lock the booking row only: PostgreSQL refuses FOR UPDATE on the nullable side of the
    # outer join to the person's building.
    booking = ReceptionBooking.objects.select_for_update(of=("self",)).select_related(
        "slot", "person", "person__building").get(pk=booking.pk)
    _check_recordable(booking)
    person = booking.person
    if reply_email is None:
        reply_email = person.email
    if reply_postal is None:
        reply_postal = ""
        if person.building_id and not reply_email:
            reply_postal = str(person.building) + (
                f", кв. {person.apartment}" if person.apartment else "")
    at = at or booking.slot.starts_at
    appeal = appeal_create(
        territory=booking.slot.territory, channel=AppealChannel.RECEPTION, applicant=person,
        text=text, reply_email=reply_email, reply_postal=reply_postal,
        reply_phone=booking.phone or person.phone, topic=topic, building=person.building,
        received_at=at, created_by=by, register=True, source_ref=f"reception:{booking.pk}")
    booking.status = BookingStatus.HELD
    booking.appeal = appeal
    booking.save(update_fields=["status", "appeal"])
    return appeal


@transaction.atomic
def booking_no_show(*, booking: ReceptionBooking, by: User | None) -> ReceptionBooking:
    """The resident did not come: the slot stays spent, nothing is recorded against them."""
    booking = ReceptionBooking.objects.select_for_update().get(pk=booking.pk)
    _check_recordable(booking)
    booking.status = BookingStatus.NO_SHOW
    booking.save(update_fields=["status"])
    return booking
