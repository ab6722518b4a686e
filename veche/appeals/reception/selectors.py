"""Reads of the head's reception by appointment: free slots for residents, the office's
schedule with its bookings, a resident's own bookings."""

import datetime as dt

from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.utils import timezone

from veche.accounts.models import User
from veche.territories.models import Territory

from ..models import BookingStatus, ReceptionBooking, ReceptionSlot, SlotStatus

HOLDING = (BookingStatus.BOOKED, BookingStatus.HELD, BookingStatus.NO_SHOW)


def slots_free(*, territory: Territory, now: dt.datetime | None = None
               ) -> QuerySet[ReceptionSlot]:
    """Open future slots nobody holds, soonest first (what a resident may book)."""
    now = now or timezone.now()
    held = ReceptionBooking.objects.filter(slot=OuterRef("pk"), status__in=HOLDING)
    return ReceptionSlot.objects.filter(
        territory=territory, status=SlotStatus.OPEN, starts_at__gt=now,
    ).exclude(Exists(held)).order_by("starts_at", "id")


def slots_office(*, territory: Territory, since: dt.date | None = None
                 ) -> QuerySet[ReceptionSlot]:
    """The office's schedule from `since` (default: 30 days back), each slot with its holding
    booking (at most one) prefetched, with the person and the appeal."""
    since = since or timezone.localdate() - dt.timedelta(days=30)
    holding = ReceptionBooking.objects.filter(status__in=HOLDING).select_related(
        "person", "appeal")
    return ReceptionSlot.objects.filter(territory=territory, starts_at__date__gte=since) \
        .prefetch_related(Prefetch("bookings", queryset=holding, to_attr="holding")) \
        .order_by("starts_at", "id")


def bookings_of_resident(user: User, territory: Territory) -> QuerySet[ReceptionBooking]:
    """A resident's own bookings (through their registry person or their login)."""
    if not user.is_authenticated:
        return ReceptionBooking.objects.filter(territory=territory).none()
    return ReceptionBooking.objects.filter(territory=territory, user=user).select_related(
        "slot", "appeal").order_by("-slot__starts_at", "-id")
