"""Reads of events: the office's list with filters, the residents' upcoming and past events,
registrations, tickets, decisions and links (also the «Связанные мероприятия» block that the
web shows on a vote's, an appeal's or a head meeting's page)."""

import datetime as dt

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from veche.accounts.models import User
from veche.registry.models import Person
from veche.territories.models import Territory

from ..access import PUBLIC_STATUSES
from ..models import Event, EventLink, Registration


def events_with_counts(qs: QuerySet[Event]) -> QuerySet[Event]:
    return qs.annotate(
        registered=Count("registrations", filter=Q(registrations__cancelled_at__isnull=True),
                         distinct=True),
        checked_in=Count("registrations",
                         filter=Q(registrations__checked_in_at__isnull=False), distinct=True))


def events_search(territory: Territory, *, date_from: dt.date | None = None,
                  date_to: dt.date | None = None, kind: str = "", organiser_kind: str = "",
                  status: str = "", q: str = "") -> QuerySet[Event]:
    """The office's list: every event of the town, filtered."""
    qs = Event.objects.filter(territory=territory)
    if date_from:
        qs = qs.filter(starts_at__date__gte=date_from)
    if date_to:
        qs = qs.filter(starts_at__date__lte=date_to)
    if kind:
        qs = qs.filter(kind=kind)
    if organiser_kind:
        qs = qs.filter(organiser_kind=organiser_kind)
    if status:
        qs = qs.filter(status=status)
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(organiser_name__icontains=q))
    return qs.order_by("-starts_at", "-id")


def events_public(territory: Territory) -> QuerySet[Event]:
    return Event.objects.filter(territory=territory, status__in=PUBLIC_STATUSES)


def events_upcoming(territory: Territory, now: dt.datetime | None = None) -> QuerySet[Event]:
    now = now or timezone.now()
    return events_public(territory).filter(ends_at__gte=now).order_by("starts_at", "id")


def events_past(territory: Territory, now: dt.datetime | None = None) -> QuerySet[Event]:
    now = now or timezone.now()
    return events_public(territory).filter(ends_at__lt=now).order_by("-starts_at", "-id")


def my_person(user: User, territory: Territory) -> Person | None:
    if not user.is_authenticated:
        return None
    return Person.objects.filter(territory=territory, user=user, is_erased=False).first()


def registration_of(event: Event, person: Person | None) -> Registration | None:
    if person is None:
        return None
    return Registration.objects.filter(event=event, person=person).first()


def tickets_of(user: User, territory: Territory) -> QuerySet[Registration]:
    return (Registration.objects.filter(territory=territory, person__user=user)
            .select_related("event").order_by("-event__starts_at"))


def registrations_of(event: Event) -> QuerySet[Registration]:
    return event.registrations.select_related("person").order_by("person__surname", "id")


def registration_figures(event: Event) -> dict:
    rows = event.registrations.aggregate(
        registered=Count("id", filter=Q(cancelled_at__isnull=True)),
        cancelled=Count("id", filter=Q(cancelled_at__isnull=False)),
        checked_in=Count("id", filter=Q(checked_in_at__isnull=False)))
    rows["places_left"] = (max(0, event.capacity - rows["registered"])
                           if event.capacity is not None else None)
    return rows


def events_linked_to(territory: Territory, object_type: str, object_id) -> QuerySet[Event]:
    """Events linked to another capability's object («Связанные мероприятия»)."""
    ids = EventLink.objects.filter(territory=territory, object_type=object_type,
                                   object_id=str(object_id)).values("event_id")
    return Event.objects.filter(territory=territory, pk__in=ids).order_by("-starts_at")
