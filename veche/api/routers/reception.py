"""The head's reception by appointment (seed 002), the same as the pages.

Residents (browser session, a registry person of the town): the free times, booking one with
the question they come with, their own bookings, cancelling one. The head's office (token or
session + TOTP): the schedule with its bookings, publishing a time, withdrawing a free one, and
recording the reception — the question becomes an appeal with the channel «личный приём»
(registered at once, 59-FZ terms). Objects come through veche.appeals.access, the office's
moves through the lifecycle tables (veche.appeals.lifecycle: SLOT, BOOKING).
"""

import datetime as dt

from django.core.exceptions import ValidationError
from ninja import Field, Query, Router, Schema, Status

from veche.appeals import access
from veche.appeals.lifecycle import BOOKING, SLOT, perform
from veche.appeals.reception.selectors import bookings_of_resident, slots_free, slots_office
from veche.appeals.reception.services import booking_cancel, booking_create, slot_publish
from veche.territories.models import CityTopic

from ..errors import protected
from ..pagination import PageParams, page_of, paginate
from .appeals_common import RECEPTION, RESIDENT, of_town
from .schemas import Text

router = Router(tags=["Приём Главы по записи"])


class SlotOut(Schema):
    id: int
    starts_at: dt.datetime
    minutes: int
    place: Text
    host: Text
    capacity: int
    status: str


class BookingOut(Schema):
    id: int
    slot: SlotOut
    question: Text
    status: str
    cancelled_at: dt.datetime | None
    appeal_id: int | None
    appeal_number: str | None = None

    @staticmethod
    def resolve_appeal_number(obj):
        return obj.appeal.number if obj.appeal_id else None


class OfficeBookingOut(BookingOut):
    person_id: int
    person_name: str
    phone: str

    @staticmethod
    def resolve_person_name(obj):
        return str(obj.person)


class OfficeSlotOut(SlotOut):
    booking: OfficeBookingOut | None = None

    @staticmethod
    def resolve_booking(obj):
        return obj.holding[0] if obj.holding else None


class SlotIn(Schema):
    starts_at: dt.datetime | None = None
    minutes: int = 20
    place: str = ""
    host: str = Field("", description="Кто ведёт приём (ФИО Главы или заместителя)")


class BookingIn(Schema):
    question: str = Field("", description="С каким вопросом житель придёт, до 2000 знаков")
    phone: str = ""


class RecordIn(Schema):
    text: str = Field("", description="Вопрос, как он прозвучал на приёме: текст обращения")
    topic_id: int | None = None
    reply_email: str | None = Field(None, description="По умолчанию — e-mail из реестра")
    reply_postal: str | None = Field(None, description="По умолчанию — адрес дома из реестра")


class RecordOut(Schema):
    booking_id: int
    appeal_id: int
    appeal_number: str
    answer_due: dt.date | None


# --- residents ------------------------------------------------------------------------------

@router.get("/t/{slug}/reception/slots", response=protected({200: page_of(SlotOut)}),
            auth=RESIDENT, summary="Свободное время приёма")
def free_slots(request, slug: str, params: Query[PageParams]):
    return paginate(request, slots_free(territory=request.territory), params)


@router.post("/t/{slug}/reception/slots/{slot_id}/bookings",
             response=protected({201: BookingOut}), auth=RESIDENT,
             summary="Записаться на приём (одна запись на время)")
def book(request, slug: str, slot_id: int, payload: BookingIn):
    slot = access.access_slot(request.auth, request.territory, slot_id)
    return Status(201, booking_create(slot=slot, user=request.auth, question=payload.question,
                                      phone=payload.phone))


@router.get("/t/{slug}/my/reception/", response=protected({200: page_of(BookingOut)}),
            auth=RESIDENT, summary="Мои записи на приём")
def my_bookings(request, slug: str, params: Query[PageParams]):
    return paginate(request, bookings_of_resident(request.auth, request.territory), params)


@router.post("/t/{slug}/my/reception/{booking_id}/cancel",
             response=protected({200: BookingOut}), auth=RESIDENT,
             summary="Отменить свою запись (до начала приёма)")
def my_booking_cancel(request, slug: str, booking_id: int):
    booking = access.access_own_booking(request.auth, request.territory, booking_id)
    return booking_cancel(booking=booking, by=request.auth)


# --- the head's office ----------------------------------------------------------------------

@router.get("/t/{slug}/reception/schedule", response=protected({200: page_of(OfficeSlotOut)}),
            auth=RECEPTION, summary="Расписание приёма с записями")
def schedule(request, slug: str, params: Query[PageParams], since: dt.date | None = None):
    return paginate(request, slots_office(territory=request.territory, since=since), params)


@router.post("/t/{slug}/reception/schedule", response=protected({201: SlotOut}),
             auth=RECEPTION, summary="Опубликовать время приёма (одно место)")
def slot_create(request, slug: str, payload: SlotIn):
    return Status(201, slot_publish(territory=request.territory, starts_at=payload.starts_at,
                                    place=payload.place, host=payload.host,
                                    minutes=payload.minutes, by=request.auth))


@router.post("/t/{slug}/reception/schedule/{slot_id}/cancel",
             response=protected({200: SlotOut}), auth=RECEPTION,
             summary="Отменить свободное время приёма")
def slot_cancel(request, slug: str, slot_id: int):
    slot = access.access_slot(request.auth, request.territory, slot_id, manage=True)
    return perform(SLOT, "cancel", slot, by=request.auth)


@router.post("/t/{slug}/reception/bookings/{booking_id}/record",
             response=protected({201: RecordOut}), auth=RECEPTION,
             summary="Записать приём: вопрос становится обращением «личный приём»")
def record(request, slug: str, booking_id: int, payload: RecordIn):
    booking = access.access_booking(request.auth, request.territory, booking_id)
    errors: dict = {}
    topic = of_town(CityTopic, payload.topic_id, "topic_id", errors)
    if errors:
        raise ValidationError(errors)
    appeal = perform(BOOKING, "record", booking, by=request.auth, text=payload.text,
                     topic=topic, reply_email=payload.reply_email,
                     reply_postal=payload.reply_postal)
    return Status(201, {"booking_id": booking.pk, "appeal_id": appeal.pk,
                        "appeal_number": appeal.number, "answer_due": appeal.answer_due})


@router.post("/t/{slug}/reception/bookings/{booking_id}/no-show",
             response=protected({200: BookingOut}), auth=RECEPTION,
             summary="Отметить, что житель не пришёл")
def no_show(request, slug: str, booking_id: int):
    booking = access.access_booking(request.auth, request.territory, booking_id)
    return perform(BOOKING, "no_show", booking, by=request.auth)
