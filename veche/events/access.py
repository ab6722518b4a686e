"""Who may see and do what with events. Web pages, API handlers and the demo call these
functions; none of them looks an event up by id itself (veche/accounts/contract.py).

* MANAGE — the administration's office (staff, the head) and the enterprise's representatives.
  Staff and the head manage every event of the town. An enterprise representative manages the
  events whose organiser is the enterprise (organiser_kind "enterprise") and sees the others
  read-only in the office list; creating an event, they create it as the enterprise's.
* PERSONAL — who sees lists of people (registrations with full names, door registration that
  searches the registry): PERSONAL_DATA_ROLES (staff, the head) only, past the second factor.
  The enterprise's representative scans tickets at its own events: the scanner answers with the
  surname and initials of the ticket's holder, who stands at the door showing it.
* Residents (anyone, logged in or not) see announced, held and reported events only; an event
  of another town, a draft, a cancelled one or an id that is not a number is not found (404).
"""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from veche.accounts.access import require_roles, roles_in
from veche.accounts.contract import OFFICE, one_or_404
from veche.accounts.models import PERSONAL_DATA_ROLES, Role, User
from veche.territories.models import Territory

from .models import (
    Event,
    EventDecision,
    EventLink,
    EventPhoto,
    EventStatus,
    OrganiserKind,
    Registration,
)

# The administration's office and the enterprise's representatives run events.
MANAGE = OFFICE | {Role.ENTERPRISE}
# Lists of people at an event and the registry search at the door.
PERSONAL = frozenset(PERSONAL_DATA_ROLES)
# What residents see.
PUBLIC_STATUSES = (EventStatus.ANNOUNCED, EventStatus.HELD, EventStatus.REPORTED)


def events_manageable(roles: set[str], town: Territory) -> QuerySet[Event]:
    """The events a holder of `roles` manages in `town`."""
    qs = Event.objects.filter(territory=town)
    if roles & OFFICE:
        return qs
    if Role.ENTERPRISE in roles:
        return qs.filter(organiser_kind=OrganiserKind.ENTERPRISE)
    return qs.none()


def may_manage(roles: set[str], event: Event) -> bool:
    return bool(roles & OFFICE) or (Role.ENTERPRISE in roles
                                    and event.organiser_kind == OrganiserKind.ENTERPRISE)


def access_office(user: User, town: Territory) -> set[str]:
    """The caller's roles, or PermissionDenied unless they run events in the town."""
    return require_roles(user, town, MANAGE)


def access_event(user: User, town: Territory, event_id, *, manage: bool = False,
                 roles: set[str] | None = None) -> Event:
    """An event of the town in the office. Every MANAGE holder sees all of the town's events;
    `manage` (edit, lifecycle, decisions, links, photos, the scanner): staff and the head any,
    an enterprise representative only the enterprise's."""
    missing = _("Нет такого мероприятия.")
    held = roles if roles is not None else access_office(user, town)
    if not held & MANAGE:
        raise PermissionDenied(_("У вас нет доступа к этому разделу."))
    event = one_or_404(Event.objects.filter(territory=town).select_related("topic", "district"),
                       event_id, missing)
    if manage and not may_manage(held, event):
        raise PermissionDenied(_("Это мероприятие ведёт администрация: представитель "
                                 "предприятия ведёт только мероприятия предприятия."))
    return event


def access_public_event(user: User, town: Territory, event_id) -> Event:
    """An event a resident (or a visitor) may see: announced, held or reported."""
    return one_or_404(
        Event.objects.filter(territory=town, status__in=PUBLIC_STATUSES).select_related(
            "topic", "district"),
        event_id, _("Нет такого мероприятия."))


def access_people(user: User, town: Territory) -> set[str]:
    """Lists of registered people and the registry search at the door: staff and the head."""
    return require_roles(user, town, PERSONAL)


def access_registration(user: User, town: Territory, registration_id) -> Registration:
    """A registration (ticket) of the caller as a resident; anyone else's is not found."""
    missing = _("Нет такого билета среди ваших.")
    if not user.is_authenticated:
        raise Http404(missing)
    return one_or_404(
        Registration.objects.filter(territory=town, person__user=user).select_related("event"),
        registration_id, missing)


def photo_is_public(photo: EventPhoto) -> bool:
    """Whether anyone may see the photo: its event is on the public pages."""
    return photo.event.status in PUBLIC_STATUSES


def access_photo(user: User, town: Territory, photo_id) -> EventPhoto:
    """A photo of a public event for anyone; of any event of the town for MANAGE holders."""
    missing = _("Нет такой фотографии.")
    rows = EventPhoto.objects.filter(territory=town)
    if not roles_in(user, town) & MANAGE:
        rows = rows.filter(event__status__in=PUBLIC_STATUSES)
    return one_or_404(rows.select_related("event"), photo_id, missing)


def access_decision(user: User, town: Territory, event: Event, decision_id) -> EventDecision:
    access_office(user, town)
    return one_or_404(EventDecision.objects.filter(territory=town, event=event), decision_id,
                      _("Нет такого решения."))


def access_link(user: User, town: Territory, event: Event, link_id) -> EventLink:
    access_office(user, town)
    return one_or_404(EventLink.objects.filter(territory=town, event=event), link_id,
                      _("Нет такой связи."))
