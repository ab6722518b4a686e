"""Events: the public list and one event; for the office (staff, the head, the enterprise's
representatives — veche.events.access) the full list with filters, create, edit, the
lifecycle actions, decisions, links; a resident's registration (browser session); the check-in
of a scanned or typed ticket, answered with a result code (checked_in, already_checked_in,
other_town, expired, cancelled, not_found, other_event, closed)."""

import datetime as dt
from typing import Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from veche.accounts.links import site_url
from veche.events import access
from veche.events.lifecycle import EVENT
from veche.events.models import Event, EventStatus, OrganiserKind, Registration
from veche.events.qr import ticket_token
from veche.events.selectors import events as sel
from veche.events.services import checkin as checkin_svc
from veche.events.services import events as svc
from veche.territories.models import CityTopic, District

from ..errors import protected, public
from ..pagination import PageParams, page_of, paginate
from ..security import BrowserSession, auth_for, town_roles
from .appeals_common import of_town
from .schemas import IsoDateTime, Text

router = Router(tags=["Мероприятия"])
MANAGE = auth_for(town_roles(*access.MANAGE))


def _resident(request, user, token: bool) -> None:
    if token:
        raise PermissionDenied(_("На мероприятие житель регистрируется, войдя на сайт."))
    person = sel.my_person(user, request.territory)
    if person is None:
        raise PermissionDenied(_("Зарегистрироваться могут жители города: сначала станьте "
                                 "участником в личном кабинете."))
    request.person = person


RESIDENT = [BrowserSession(_resident)]


class CityEventOut(Schema):
    id: int
    kind: str
    kind_label: Text
    title: str
    description: str
    status: str
    status_label: Text
    organiser_kind: str
    organiser_name: str
    partner_kinds: list[str]
    format: str
    venue_kind: str
    venue_name: str
    in_official_building: bool
    address: str
    latitude: float | None
    longitude: float | None
    starts_at: dt.datetime
    ends_at: dt.datetime
    expected_participants: int
    actual_participants: int | None
    registration_open: bool
    capacity: int | None
    announcement_url: str
    press_release_url: str

    @staticmethod
    def resolve_kind_label(obj):
        return obj.get_kind_display()

    @staticmethod
    def resolve_status_label(obj):
        return obj.get_status_display()


class CityEventStaffOut(CityEventOut):
    district_id: int | None
    topic_id: int | None
    media_reach: int | None
    responsible_id: int | None
    responsible_name: str
    actions_recorded: int
    newcomers: int
    registered: int = 0
    checked_in: int = 0


class CityEventFilters(PageParams):
    when: Literal["upcoming", "past", "all"] = "all"


class CityEventStaffFilters(PageParams):
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    kind: str = Field("", max_length=30)
    organiser_kind: str = Field("", max_length=20)
    status: str = Field("", max_length=12)
    q: str = Field("", max_length=100)


class CityEventIn(Schema):
    kind: str = Field("", max_length=30)
    title: str = Field("", max_length=300)
    description: str = Field("", max_length=20000)
    organiser_kind: str = Field("", max_length=20)
    organiser_name: str = Field("", max_length=300)
    partner_kinds: list[str] = Field(default_factory=list, max_length=5)
    format: str = Field("offline", max_length=10)
    venue_kind: str = Field("", max_length=20)
    venue_name: str = Field("", max_length=300)
    address: str = Field("", max_length=300)
    latitude: float | None = None
    longitude: float | None = None
    district_id: int | None = None
    topic_id: int | None = None
    starts_at: IsoDateTime | None = None
    ends_at: IsoDateTime | None = None
    expected_participants: int = Field(0, ge=0, le=10_000_000)
    actual_participants: int | None = Field(None, ge=0, le=10_000_000)
    registration_open: bool = False
    capacity: int | None = Field(None, ge=0, le=10_000_000)
    announcement_url: str = Field("", max_length=500)
    press_release_url: str = Field("", max_length=500)
    media_reach: int | None = Field(None, ge=0, le=2_000_000_000)
    responsible_name: str = Field("", max_length=300)


class EventActionIn(Schema):
    action: Literal[tuple(EVENT.actions())] | None = Field(  # type: ignore[valid-type]
        None, description=", ".join(EVENT.actions()))
    actual_participants: int | None = Field(None, ge=0, le=10_000_000)
    press_release_url: str | None = Field(None, max_length=500)
    media_reach: int | None = Field(None, ge=0, le=2_000_000_000)


class EventRegistrationOut(Schema):
    id: int
    event_id: int
    code: str
    registered_at: dt.datetime
    cancelled_at: dt.datetime | None
    checked_in_at: dt.datetime | None
    ticket_url: str


class EventCheckinIn(Schema):
    code: str = Field("", max_length=2000, description="Что прочитал сканер: адрес из "
                                                       "QR-кода, токен или код билета")


class EventCheckinOut(Schema):
    code: Literal[(*checkin_svc.RESULT_CODES, "closed")]  # type: ignore[valid-type]
    message: str
    ok: bool
    name: str
    checked_in_at: dt.datetime | None


class EventDecisionIn(Schema):
    text: str = Field("", max_length=10000)
    responsible: str = Field("", max_length=300)
    due_on: dt.date | None = None


class EventDecisionOut(Schema):
    id: int
    text: str
    responsible: str
    due_on: dt.date | None
    recorded_at: dt.datetime


class EventLinkIn(Schema):
    object_type: str = Field("", max_length=60, description=", ".join(svc.LINKABLE))
    object_id: str = Field("", max_length=40)


class EventLinkOut(Schema):
    id: int
    object_type: str
    object_id: str
    title: str


def _staff_event(request, event_id: int, manage: bool = False) -> Event:
    return access.access_event(request.auth, request.territory, event_id, manage=manage,
                               roles=request.town_roles)


def _with_counts(event: Event) -> Event:
    return sel.events_with_counts(Event.objects.filter(pk=event.pk)).get()


def _fields(request, payload: CityEventIn) -> dict:
    errors: dict = {}
    district = of_town(District, payload.district_id, "district_id", errors)
    topic = of_town(CityTopic, payload.topic_id, "topic_id", errors)
    if errors:
        raise ValidationError(errors)
    data = payload.dict(exclude={"district_id", "topic_id"})
    data.update(district=district, topic=topic)
    if not request.town_roles & access.OFFICE:  # an enterprise representative
        data["organiser_kind"] = OrganiserKind.ENTERPRISE
    return data


@router.get("/t/{slug}/events/", response=public({200: page_of(CityEventOut)}),
            summary="Мероприятия города для жителей (объявленные и прошедшие)")
def event_list(request, slug: str, filters: Query[CityEventFilters]):
    t = request.territory
    qs = {"upcoming": sel.events_upcoming, "past": sel.events_past}.get(
        filters.when, lambda town: sel.events_public(town).order_by("-starts_at"))(t)
    return paginate(request, qs, filters)


@router.get("/t/{slug}/events/{event_id}", response=public({200: CityEventOut}),
            summary="Мероприятие для жителей")
def event_detail(request, slug: str, event_id: int):
    return access.access_public_event(None, request.territory, event_id)  # type: ignore[arg-type]


@router.get("/t/{slug}/events/office/", response=protected({200: page_of(CityEventStaffOut)}),
            auth=MANAGE, summary="Все мероприятия города с фильтрами (для организаторов)")
def event_office_list(request, slug: str, filters: Query[CityEventStaffFilters]):
    qs = sel.events_with_counts(sel.events_search(
        request.territory, date_from=filters.date_from, date_to=filters.date_to,
        kind=filters.kind, organiser_kind=filters.organiser_kind, status=filters.status,
        q=filters.q))
    return paginate(request, qs, filters)


@router.get("/t/{slug}/events/{event_id}/office", response=protected({200: CityEventStaffOut}),
            auth=MANAGE, summary="Мероприятие со счётчиками (для организаторов)")
def event_office_detail(request, slug: str, event_id: int):
    return _with_counts(_staff_event(request, event_id))


@router.post("/t/{slug}/events/", response=protected({201: CityEventStaffOut}), auth=MANAGE,
             summary="Создать мероприятие (черновик)")
def event_add(request, slug: str, payload: CityEventIn):
    event = svc.event_create(territory=request.territory, by=request.auth,
                             **_fields(request, payload))
    return Status(201, _with_counts(event))


@router.put("/t/{slug}/events/{event_id}", response=protected({200: CityEventStaffOut}),
            auth=MANAGE, summary="Изменить мероприятие")
def event_change(request, slug: str, event_id: int, payload: CityEventIn):
    event = _staff_event(request, event_id, manage=True)
    svc.event_update(event=event, by=request.auth, **_fields(request, payload))
    return _with_counts(event)


@router.post("/t/{slug}/events/{event_id}/actions", response=protected({200: CityEventStaffOut}),
             auth=MANAGE, summary="Объявить, отметить проведённым, подвести итоги, отменить")
def event_act(request, slug: str, event_id: int, payload: EventActionIn):
    event = _staff_event(request, event_id, manage=True)
    if payload.action not in EVENT.actions():
        raise ValidationError({"action": [ValidationError(
            _("Действие — одно из: %(actions)s.") % {"actions": ", ".join(EVENT.actions())},
            code="action_required")]})
    extras: dict[str, dict] = {"hold": {"actual_participants": payload.actual_participants},
             "report": {"actual_participants": payload.actual_participants,
                        "press_release_url": payload.press_release_url,
                        "media_reach": payload.media_reach}}
    extra = extras.get(payload.action, {})
    EVENT.run(payload.action, event, by=request.auth, roles=request.town_roles, **extra)
    return _with_counts(event)


def _registration_out(registration: Registration) -> dict:
    token = ticket_token(registration)
    return {"id": registration.pk, "event_id": registration.event_id,
            "code": registration.code, "registered_at": registration.registered_at,
            "cancelled_at": registration.cancelled_at,
            "checked_in_at": registration.checked_in_at,
            "ticket_url": site_url(reverse("web:events_ticket_scan",
                                           args=[registration.territory.slug, token]))}


@router.post("/t/{slug}/events/{event_id}/registration",
             response=protected({201: EventRegistrationOut}), auth=RESIDENT,
             summary="Зарегистрироваться (житель, вход на сайте)")
def registration_add(request, slug: str, event_id: int):
    event = access.access_public_event(request.auth, request.territory, event_id)
    registration = checkin_svc.registration_create(event=event, person=request.person)
    return Status(201, _registration_out(registration))


@router.delete("/t/{slug}/events/{event_id}/registration",
               response=protected({200: EventRegistrationOut}), auth=RESIDENT,
               summary="Отменить свою регистрацию")
def registration_remove(request, slug: str, event_id: int):
    event = access.access_public_event(request.auth, request.territory, event_id)
    registration = sel.registration_of(event, request.person)
    if registration is None:
        raise ValidationError(_("Вы не были зарегистрированы."), code="not_registered")
    checkin_svc.registration_cancel(registration=registration)
    return _registration_out(registration)


@router.post("/t/{slug}/events/{event_id}/checkin", response=protected({200: EventCheckinOut}),
             auth=MANAGE, summary="Отметить билет на входе (результат — код и сообщение)")
def checkin(request, slug: str, event_id: int, payload: EventCheckinIn):
    event = _staff_event(request, event_id, manage=True)
    if event.status not in (EventStatus.ANNOUNCED, EventStatus.HELD):
        return {"code": "closed", "message": _("Отмечать на входе можно на объявленном или "
                                               "идущем мероприятии."), "ok": False,
                "name": "", "checked_in_at": None}
    result = checkin_svc.checkin_scan(event=event, text=payload.code, by=request.auth)
    return {"code": result.code, "message": result.message, "ok": result.ok,
            "name": result.name, "checked_in_at": result.checked_in_at}


@router.get("/t/{slug}/events/{event_id}/decisions", response=protected(
    {200: list[EventDecisionOut]}), auth=MANAGE, summary="Принятые решения")
def decision_list(request, slug: str, event_id: int):
    return list(_staff_event(request, event_id).decisions.all())


@router.post("/t/{slug}/events/{event_id}/decisions", response=protected({201: EventDecisionOut}),
             auth=MANAGE, summary="Записать решение")
def decision_add(request, slug: str, event_id: int, payload: EventDecisionIn):
    event = _staff_event(request, event_id, manage=True)
    decision = svc.event_decision_add(event=event, text=payload.text,
                                      responsible=payload.responsible, due_on=payload.due_on,
                                      by=request.auth)
    return Status(201, decision)


@router.get("/t/{slug}/events/{event_id}/links", response=protected({200: list[EventLinkOut]}),
            auth=MANAGE, summary="Связи с голосованиями, обращениями, встречами, практиками")
def link_list(request, slug: str, event_id: int):
    return list(_staff_event(request, event_id).links.all())


@router.post("/t/{slug}/events/{event_id}/links", response=protected({201: EventLinkOut}),
             auth=MANAGE, summary="Связать с голосованием, обращением, встречей или практикой")
def link_add(request, slug: str, event_id: int, payload: EventLinkIn):
    event = _staff_event(request, event_id, manage=True)
    link = svc.event_link_add(event=event, object_type=payload.object_type,
                              object_id=payload.object_id, by=request.auth)
    return Status(201, link)
