"""Citizens' initiatives and their volunteer tasks (veche.events, the initiatives part; sign-ups,
hours and speakers are in events_volunteers.py). Public: the town's initiatives, one initiative
with its tasks and links. A resident (browser session of a registry person of the town)
proposes and joins. The leader of an initiative and the town's office move it through its
lifecycle (veche.events.lifecycle_initiatives) and add tasks; the office links initiatives to
other objects. Objects come through veche.events.access_initiatives."""

import datetime as dt
from decimal import Decimal
from typing import Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from veche.accounts.access import needs_second_factor
from veche.accounts.otp import SecondFactorRequired
from veche.events import access
from veche.events import access_initiatives as acc
from veche.events.lifecycle_initiatives import INITIATIVE, NEEDS_RESULTS
from veche.events.models import CitizenInitiative, VolunteerTask
from veche.events.selectors import initiatives as sel
from veche.events.services import initiatives as svc
from veche.events.services import volunteers as vol
from veche.territories.models import CityTopic, District

from ..errors import protected, public
from ..pagination import PageParams, page_of, paginate
from ..security import SECOND_FACTOR_MESSAGE, BrowserSession, auth_for, town_roles
from .appeals_common import of_town
from .schemas import IsoDateTime, Text

router = Router(tags=["Инициативы, волонтёры, спикеры"])
ORGANISE = auth_for(town_roles(*acc.ORGANISE))


def _resident(request, user, token: bool) -> None:
    if token:
        raise PermissionDenied(_("В инициативах житель участвует, войдя на сайт."))
    person = acc.person_of(user, request.territory)
    if person is None:
        raise PermissionDenied(_("Участвовать могут жители из реестра города: присоединитесь к "
                                 "городу в личном кабинете."))
    request.person = person


def _anyone_of_town(request, user, token: bool) -> None:
    """Any logged-in caller; what they may do is the access function's to say (a leader of an
    initiative holds no town role for it). Office roles still pass the second factor."""
    held = acc.require_town_user(user, request.territory)
    if not token and needs_second_factor(user, held) and not user.is_verified():
        raise SecondFactorRequired(SECOND_FACTOR_MESSAGE)
    request.town_roles = held


RESIDENT = [BrowserSession(_resident)]
STEER = auth_for(_anyone_of_town)


class CitizenInitiativeOut(Schema):
    id: int
    kind: str
    kind_label: Text
    title: str
    goals: str
    description: str
    status: str
    status_label: Text
    results: str
    topic_id: int | None
    district_id: int | None
    started_on: dt.date | None
    finished_on: dt.date | None
    members_count: int = 0
    open_tasks: int = 0
    created_at: dt.datetime

    @staticmethod
    def resolve_kind_label(obj):
        return obj.get_kind_display()

    @staticmethod
    def resolve_status_label(obj):
        return obj.get_status_display()


class VolunteerTaskOut(Schema):
    id: int
    title: str
    description: str
    initiative_id: int | None
    event_id: int | None
    volunteers_needed: int
    signed_count: int = 0
    hours_planned: float
    hours_limit: float
    starts_at: dt.datetime | None
    ends_at: dt.datetime | None
    status: str

    @staticmethod
    def resolve_hours_limit(obj):
        return float(vol.hours_limit(obj)[0])


class LinkOut(Schema):
    id: int
    object_type: str
    object_id: str
    title: str


class InitiativeDetail(Schema):
    initiative: CitizenInitiativeOut
    tasks: list[VolunteerTaskOut]
    links: list[LinkOut]
    hours_confirmed: float


class CitizenInitiativeIn(Schema):
    kind: Literal[tuple(CitizenInitiative.Kind.values)] = Field(  # type: ignore[valid-type]
        CitizenInitiative.Kind.INITIATIVE)
    title: str = Field("", max_length=300)
    goals: str = Field("", max_length=10_000)
    description: str = Field("", max_length=50_000)
    topic: str = Field("", description="slug темы города")
    district_id: int | None = None


class InitiativeStatusIn(Schema):
    action: Literal[tuple(INITIATIVE.actions())] | None = Field(  # type: ignore[valid-type]
        None, description=", ".join(INITIATIVE.actions()))
    results: str = Field("", max_length=20_000, description="Для finish и stop обязательно")


class LinkIn(Schema):
    # Optional in the schema so that a town's access is checked before the payload: a missing
    # value gets the service's own message (the tenancy walk posts `{}` as another town).
    object_type: Literal[svc.LINK_TYPES] | None = Field(  # type: ignore[valid-type]
        None, description=", ".join(svc.LINK_TYPES))
    object_id: str = Field("", max_length=20)
    title: str = Field("", max_length=300)


class VolunteerTaskIn(Schema):
    title: str = Field("", max_length=300)
    description: str = Field("", max_length=10_000)
    volunteers_needed: int = Field(1, ge=1, le=10_000)
    hours_planned: Decimal = Field(Decimal("2"), gt=0, le=24, decimal_places=1)
    starts_at: IsoDateTime | None = None
    ends_at: IsoDateTime | None = None


class InitiativeFilters(PageParams):
    status: Literal[tuple(CitizenInitiative.Status.values)] | None = None  # type: ignore[valid-type]


def _one(request, initiative_id) -> CitizenInitiative:
    return sel.initiatives_in_town(territory=request.territory).get(
        pk=acc.access_initiative(request.user, request.territory, initiative_id).pk)


@router.get("/t/{slug}/initiatives/", response=public({200: page_of(CitizenInitiativeOut)}),
            summary="Инициативы жителей и городские проекты")
def initiative_list(request, slug: str, filters: Query[InitiativeFilters]):
    qs = sel.initiatives_in_town(territory=request.territory, status=filters.status or "")
    return paginate(request, qs, filters)


@router.get("/t/{slug}/initiatives/{citizen_initiative_id}",
            response=public({200: InitiativeDetail}),
            summary="Инициатива: цели, состояние, задачи для волонтёров, связи")
def initiative_detail(request, slug: str, citizen_initiative_id: int):
    initiative = _one(request, citizen_initiative_id)
    tasks = list(sel.initiative_tasks(initiative=initiative))
    return {"initiative": initiative, "tasks": tasks,
            "links": list(sel.initiative_links(initiative=initiative)),
            "hours_confirmed": float(sel.hours_confirmed_total(tasks=tasks))}


@router.post("/t/{slug}/initiatives/", response=protected({201: CitizenInitiativeOut}),
             auth=RESIDENT,
             summary="Предложить инициативу (автор становится руководителем группы)")
def initiative_propose(request, slug: str, payload: CitizenInitiativeIn):
    errors: dict = {}
    topic = CityTopic.objects.filter(slug=payload.topic).first() if payload.topic else None
    if payload.topic and topic is None:
        errors["topic"] = [ValidationError(_("Нет темы «%(topic)s» в этом городе."),
                                           code="not_in_town", params={"topic": payload.topic})]
    district = of_town(District, payload.district_id, "district_id", errors)
    if errors:
        raise ValidationError(errors)
    initiative = svc.initiative_propose(
        territory=request.territory, person=request.person, user=request.auth,
        kind=payload.kind, title=payload.title, goals=payload.goals,
        description=payload.description, topic=topic, district=district, source="api")
    return Status(201, _one(request, initiative.pk))


@router.post("/t/{slug}/initiatives/{citizen_initiative_id}/join",
             response=protected({201: CitizenInitiativeOut}), auth=RESIDENT,
             summary="Вступить в инициативную группу")
def initiative_join(request, slug: str, citizen_initiative_id: int):
    initiative = acc.access_initiative(request.auth, request.territory, citizen_initiative_id)
    svc.initiative_join(initiative=initiative, person=request.person, source="api")
    return Status(201, _one(request, initiative.pk))


@router.post("/t/{slug}/initiatives/{citizen_initiative_id}/status",
             response=protected({200: CitizenInitiativeOut}), auth=STEER,
             summary="Открыть набор, начать, завершить с результатами, остановить")
def initiative_status(request, slug: str, citizen_initiative_id: int,
                      payload: InitiativeStatusIn):
    t = request.territory
    initiative = acc.access_initiative(request.auth, t, citizen_initiative_id, steer=True)
    if payload.action not in INITIATIVE.actions():
        raise ValidationError({"action": [ValidationError(
            _("Действие — одно из: %(actions)s.") % {"actions": ", ".join(INITIATIVE.actions())},
            code="action_required")]})
    extra = {"results": payload.results} if payload.action in NEEDS_RESULTS else {}
    INITIATIVE.run(payload.action, initiative, by=request.auth,
                   roles=acc.initiative_roles(request.auth, t, initiative), **extra)
    return _one(request, initiative.pk)


@router.post("/t/{slug}/initiatives/{citizen_initiative_id}/links",
             response=protected({201: LinkOut}), auth=ORGANISE,
             summary="Связать с практикой, голосованием, обращением, встречей, мероприятием")
def initiative_link(request, slug: str, citizen_initiative_id: int, payload: LinkIn):
    initiative = acc.access_initiative(request.auth, request.territory, citizen_initiative_id)
    return Status(201, svc.initiative_link_add(
        initiative=initiative, object_type=payload.object_type, object_id=payload.object_id,
        title=payload.title, by=request.auth))


def _task_out(task: VolunteerTask) -> VolunteerTask:
    return sel.tasks_with_counts(VolunteerTask.objects.filter(pk=task.pk)).get()


@router.post("/t/{slug}/initiatives/{citizen_initiative_id}/tasks",
             response=protected({201: VolunteerTaskOut}), auth=STEER,
             summary="Задача для волонтёров инициативы (руководитель, администрация)")
def initiative_task_add(request, slug: str, citizen_initiative_id: int, payload: VolunteerTaskIn):
    initiative = acc.access_initiative(request.auth, request.territory, citizen_initiative_id,
                                       steer=True)
    task = vol.task_create(territory=request.territory, initiative=initiative, by=request.auth,
                           **payload.dict())
    return Status(201, _task_out(task))


@router.post("/t/{slug}/events/{event_id}/volunteer-tasks",
             response=protected({201: VolunteerTaskOut}), auth=ORGANISE,
             summary="Задача для волонтёров мероприятия")
def event_task_add(request, slug: str, event_id: int, payload: VolunteerTaskIn):
    event = access.access_event(request.auth, request.territory, event_id, manage=True,
                                roles=request.town_roles)
    task = vol.task_create(territory=request.territory, event=event, by=request.auth,
                           **payload.dict())
    return Status(201, _task_out(task))


