"""Seed 002 (Заречный), the head's reception by appointment: «прием граждан в администрации
по предварительной записи». The office publishes slots, a resident books one (one booking per
slot, held by the database), cancels it, and the record of the reception becomes an appeal
with the channel «личный приём» and its 59-FZ terms."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from veche.accounts.factories import grant_role, make_user
from veche.accounts.models import Role
from veche.appeals.models import (
    AppealChannel,
    AppealStatus,
    BookingStatus,
    ReceptionBooking,
    SlotStatus,
)
from veche.appeals.reception.selectors import slots_free
from veche.appeals.reception.services import (
    booking_cancel,
    booking_create,
    reception_record,
    slot_cancel,
    slot_publish,
)
from veche.ledger.models import Action, ActionKind
from veche.registry.factories import make_person
from veche.territories.scoping import town_scope

pytestmark = pytest.mark.django_db
PLACE = "Администрация, каб. 12"


@pytest.fixture
def slot(aw):
    with town_scope(aw["town"]):
        return slot_publish(territory=aw["town"], place=PLACE, host="Глава города",
                            starts_at=timezone.now() + dt.timedelta(days=2), by=aw["desk"])


@pytest.fixture
def neighbour(aw):
    with town_scope(aw["town"]):
        user = make_user(email="sosedka@zarechny.ru")
        grant_role(user, aw["town"], Role.RESIDENT)
        make_person(aw["town"], surname="Соседкина", given_name="Анна", user=user,
                    email="sosedka@zarechny.ru")
    return user


def test_one_booking_per_slot_held_by_the_database(aw, slot, neighbour):
    """Seed 002: «прием граждан … по предварительной записи» — one resident per time: the
    second booking is refused, and the table itself refuses a second holding row."""
    with town_scope(aw["town"]):
        first = booking_create(slot=slot, user=aw["resident"], question="Протекает крыша")
        with pytest.raises(ValidationError) as taken:
            booking_create(slot=slot, user=neighbour, question="Двор без освещения")
        assert taken.value.code == "slot_closed" or taken.value.code == "slot_taken"
        with pytest.raises(IntegrityError), transaction.atomic():
            ReceptionBooking.objects.create(territory=aw["town"], slot=slot,
                                            person=aw["other"], question="Вне очереди")
        assert first.status == BookingStatus.BOOKED
        assert slot.capacity == 1
        assert list(slots_free(territory=aw["town"])) == []


def test_a_resident_cancels_and_the_slot_is_free_again(aw, slot, neighbour):
    """A resident may cancel their booking before the reception; the time is free again."""
    with town_scope(aw["town"]):
        first = booking_create(slot=slot, user=aw["resident"], question="Протекает крыша")
        booking_cancel(booking=first, by=aw["resident"])
        assert list(slots_free(territory=aw["town"])) == [slot]
        second = booking_create(slot=slot, user=neighbour, question="Двор без освещения")
        with pytest.raises(ValidationError) as again:
            booking_cancel(booking=first, by=aw["resident"])
        assert again.value.code == "booking_not_active"
        with pytest.raises(ValidationError) as busy:
            slot_cancel(slot=slot, by=aw["desk"])
        assert busy.value.code == "slot_booked"
        booking_cancel(booking=second, by=neighbour)
        assert slot_cancel(slot=slot, by=aw["desk"]).status == SlotStatus.CANCELLED


def test_the_record_of_a_reception_becomes_an_appeal_with_59fz_terms(aw, slot):
    """Seed 002 names «прием граждан в администрации по предварительной записи» among the
    official channels of appeals: the question heard becomes an appeal («личный приём»),
    registered at once, answered within 30 days; it is the resident's ledger action (the
    booking itself is not)."""
    with town_scope(aw["town"]):
        booking = booking_create(slot=slot, user=aw["resident"], question="Протекает крыша")
        assert not Action.objects.filter(person=aw["me"]).exists()
        appeal = reception_record(booking=booking, by=aw["desk"],
                                  text="Протекает крыша над квартирой 12, пятый этаж")
        booking.refresh_from_db()
        actions = list(Action.objects.filter(person=aw["me"]).values_list("kind", flat=True))
    assert appeal.channel == AppealChannel.RECEPTION
    assert appeal.status == AppealStatus.REGISTERED
    assert appeal.answer_due == timezone.localdate(appeal.registered_at) + dt.timedelta(days=30)
    assert appeal.reply_email == "zhitel@zarechny.ru"
    assert booking.status == BookingStatus.HELD and booking.appeal_id == appeal.pk
    assert actions == [ActionKind.APPEAL]


def test_a_resident_books_on_the_phone_page_and_the_office_records(aw, slot, as_user):
    """Web: the resident's page lists free times and books one; the office's schedule shows
    the booking and records the reception into an appeal."""
    me = as_user(aw["resident"], verified=False)
    page = me.get("/t/zarechny/reception/").content.decode()
    assert PLACE in page and "Записаться" in page
    empty = me.post(f"/t/zarechny/reception/{slot.pk}/book/", {"question": ""})
    assert empty.status_code == 400
    assert me.post(f"/t/zarechny/reception/{slot.pk}/book/",
                   {"question": "Протекает крыша"}).status_code == 302
    assert "Отменить запись" in me.get("/t/zarechny/reception/").content.decode()
    office = as_user(aw["desk"])
    schedule = office.get("/t/zarechny/office/reception/").content.decode()
    assert "Протекает крыша" in schedule and "Записать приём" in schedule
    with town_scope(aw["town"]):
        booking = ReceptionBooking.objects.get(slot=slot)
    done = office.post(f"/t/zarechny/office/reception/bookings/{booking.pk}/",
                       {"text": "Протекает крыша над квартирой 12", "topic": aw["topic"].pk})
    assert done.status_code == 302
    with town_scope(aw["town"]):
        booking.refresh_from_db()
    assert booking.appeal.channel == "reception" and booking.appeal.topic_id == aw["topic"].pk
    assert me.get(f"/t/zarechny/reception/{slot.pk}/book/").status_code == 404
    assert as_user(aw["resident"], verified=False).get(
        "/t/zarechny/office/reception/").status_code == 403


def test_reception_through_the_api(aw, as_user):
    """API: the office publishes a time, the resident books and lists it, the office records
    the reception (an appeal), all through the same access functions and services."""
    office, me = as_user(aw["desk"]), as_user(aw["resident"], verified=False)
    starts = (timezone.now() + dt.timedelta(days=3)).replace(microsecond=0)
    made = office.post("/api/v1/t/zarechny/reception/schedule", {
        "starts_at": starts.isoformat(), "place": PLACE, "host": "Глава города"},
        content_type="application/json")
    assert made.status_code == 201, made.content
    slot_id = made.json()["id"]
    past = office.post("/api/v1/t/zarechny/reception/schedule", {
        "starts_at": (starts - dt.timedelta(days=10)).isoformat(), "place": PLACE,
        "host": "Глава города"}, content_type="application/json")
    assert past.status_code == 400 and past.json()["codes"]["starts_at"] == [
        "slot_time_out_of_range"]
    assert me.get("/api/v1/t/zarechny/reception/slots").json()["count"] == 1
    booked = me.post(f"/api/v1/t/zarechny/reception/slots/{slot_id}/bookings",
                     {"question": "Нет света в подъезде"}, content_type="application/json")
    assert booked.status_code == 201
    booking_id = booked.json()["id"]
    assert me.get("/api/v1/t/zarechny/my/reception/").json()["results"][0]["id"] == booking_id
    record = office.post(f"/api/v1/t/zarechny/reception/bookings/{booking_id}/record",
                         {"text": "Нет света в подъезде дома 7"},
                         content_type="application/json")
    assert record.status_code == 201 and record.json()["answer_due"]
    assert me.post(f"/api/v1/t/zarechny/reception/bookings/{booking_id}/record", {},
                   content_type="application/json").status_code in (401, 403)
