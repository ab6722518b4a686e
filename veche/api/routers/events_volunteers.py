"""Volunteers and speakers (veche.events, the initiatives part): the open volunteer tasks of
initiatives and events, a resident's sign-up, withdrawal and hours claimed, the queues of hours
to confirm and their confirmation (one VOLUNTEER_HOURS ledger action) or rejection, and the
community's speakers with their appearances. Who may call what is said in
events_initiatives.py (RESIDENT, STEER, ORGANISE); objects come through
veche.events.access_initiatives."""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from ninja import Field, Query, Router, Schema, Status

from veche.events import access_initiatives as acc
from veche.events.models import Event
from veche.events.selectors import initiatives as sel
from veche.events.services import speakers as speakers_svc
from veche.events.services import volunteers as vol
from veche.registry.models import Person

from ..errors import protected, public
from ..pagination import PageParams, page_of, paginate
from .appeals_common import of_town
from .events_initiatives import ORGANISE, RESIDENT, STEER, VolunteerTaskOut

router = Router(tags=["Инициативы, волонтёры, спикеры"])


class SignupOut(Schema):
    id: int
    task_id: int
    status: str
    signed_at: dt.datetime


class HoursIn(Schema):
    done_on: dt.date
    hours: Decimal = Field(..., max_digits=6, decimal_places=1,
                           description="Часы за день, например 2.5")
    description: str = Field("", max_length=5000)


class HoursOut(Schema):
    id: int
    signup_id: int
    task_id: int
    done_on: dt.date
    hours: float
    description: str
    status: str
    reject_reason: str

    @staticmethod
    def resolve_task_id(obj):
        return obj.signup.task_id


class RejectIn(Schema):
    reason: str = Field("", max_length=5000)


class SpeakerOut(Schema):
    id: int
    person_id: int
    name: str
    topics: str
    since: dt.date | None
    is_active: bool
    appearances_total: int = 0
    audience_total: int | None = None
    per_quarter: dict[str, int] = {}


class SpeakerIn(Schema):
    person_id: int
    topics: str = Field("", max_length=500)


class AppearanceIn(Schema):
    on_date: dt.date | None = None  # checked by the service after the town's access
    title: str = Field("", max_length=300)
    event_id: int | None = None
    channel: str = Field("", max_length=300)
    url: str = Field("", max_length=500)
    audience: int | None = Field(None, ge=0)


class AppearanceOut(Schema):
    id: int
    speaker_id: int
    event_id: int | None
    on_date: dt.date
    title: str
    channel: str
    url: str
    audience: int | None


@router.get("/t/{slug}/volunteer-tasks/", response=public({200: page_of(VolunteerTaskOut)}),
            summary="Открытые задачи для волонтёров (инициативы и мероприятия)")
def task_list(request, slug: str, filters: Query[PageParams]):
    return paginate(request, sel.open_tasks(territory=request.territory), filters)


@router.post("/t/{slug}/volunteer-tasks/{volunteer_task_id}/signup",
             response=protected({201: SignupOut}), auth=RESIDENT,
             summary="Записаться волонтёром на задачу")
def task_signup(request, slug: str, volunteer_task_id: int):
    task = acc.access_task(request.auth, request.territory, volunteer_task_id)
    return Status(201, vol.signup_create(task=task, person=request.person, source="api"))


@router.post("/t/{slug}/volunteer-signups/{volunteer_signup_id}/withdraw",
             response=protected({200: SignupOut}), auth=RESIDENT,
             summary="Отказаться от задачи")
def signup_withdraw(request, slug: str, volunteer_signup_id: int):
    signup = acc.access_own_signup(request.auth, request.territory, volunteer_signup_id)
    return vol.signup_withdraw(signup=signup)


@router.post("/t/{slug}/volunteer-signups/{volunteer_signup_id}/hours",
             response=protected({201: HoursOut}), auth=RESIDENT,
             summary="Отметить свои часы за день (учтутся после подтверждения)")
def hours_claim(request, slug: str, volunteer_signup_id: int, payload: HoursIn):
    signup = acc.access_own_signup(request.auth, request.territory, volunteer_signup_id)
    return Status(201, vol.hours_claim(signup=signup, done_on=payload.done_on,
                                       hours=payload.hours, description=payload.description,
                                       by=request.auth))


@router.get("/t/{slug}/volunteer-hours/", response=protected({200: list[HoursOut]}),
            auth=ORGANISE, summary="Часы, ждущие подтверждения (все в городе: администрация)")
def hours_queue(request, slug: str):
    return list(sel.hours_to_confirm(territory=request.territory, user=request.auth,
                                     roles=request.town_roles)[:500])


@router.get("/t/{slug}/initiatives/{citizen_initiative_id}/hours",
            response=protected({200: list[HoursOut]}), auth=STEER,
            summary="Часы по задачам инициативы, ждущие подтверждения (руководитель, "
                    "администрация)")
def initiative_hours_queue(request, slug: str, citizen_initiative_id: int):
    t = request.territory
    initiative = acc.access_initiative(request.auth, t, citizen_initiative_id, steer=True)
    roles = acc.initiative_roles(request.auth, t, initiative)
    return list(sel.hours_to_confirm(territory=t, user=request.auth, roles=roles)
                .filter(signup__task__initiative=initiative)[:500])


@router.post("/t/{slug}/volunteer-hours/{volunteer_hours_id}/confirm",
             response=protected({200: HoursOut}), auth=STEER,
             summary="Подтвердить часы (одна запись в реестре действий, повтор отклоняется)")
def hours_confirm(request, slug: str, volunteer_hours_id: int):
    row = acc.access_hours(request.auth, request.territory, volunteer_hours_id)
    confirmed, _action = vol.hours_confirm(hours=row, by=request.auth, source="api")
    confirmed.signup = row.signup
    return confirmed


@router.post("/t/{slug}/volunteer-hours/{volunteer_hours_id}/reject",
             response=protected({200: HoursOut}), auth=STEER, summary="Отклонить часы")
def hours_reject(request, slug: str, volunteer_hours_id: int, payload: RejectIn):
    row = acc.access_hours(request.auth, request.territory, volunteer_hours_id)
    rejected = vol.hours_reject(hours=row, by=request.auth, reason=payload.reason)
    rejected.signup = row.signup
    return rejected


def _speaker_out(speaker, quarters) -> dict:
    return {"id": speaker.pk, "person_id": speaker.person_id,
            "name": f"{speaker.person.surname} {speaker.person.given_name}".strip(),
            "topics": speaker.topics, "since": speaker.since, "is_active": speaker.is_active,
            "appearances_total": getattr(speaker, "appearances_total", 0),
            "audience_total": getattr(speaker, "audience_total", None),
            "per_quarter": {f"{y}-Q{q}": n for (y, q), n in zip(
                quarters, getattr(speaker, "per_quarter", [0] * len(quarters)), strict=True)}}


@router.get("/t/{slug}/speakers/", response=protected({200: list[SpeakerOut]}), auth=ORGANISE,
            summary="Спикеры сообщества и их выступления по кварталам")
def speaker_list(request, slug: str):
    speakers, quarters = sel.speakers_with_counts(territory=request.territory)
    return [_speaker_out(s, quarters) for s in speakers]


@router.post("/t/{slug}/speakers/", response=protected({201: SpeakerOut}), auth=ORGANISE,
             summary="Отметить жителя из реестра спикером сообщества")
def speaker_add(request, slug: str, payload: SpeakerIn):
    errors: dict = {}
    person = of_town(Person, payload.person_id, "person_id", errors, is_erased=False)
    if errors:
        raise ValidationError(errors)
    speaker = speakers_svc.speaker_mark(territory=request.territory, person=person,
                                        topics=payload.topics, by=request.auth)
    speakers, quarters = sel.speakers_with_counts(territory=request.territory)
    return Status(201, _speaker_out(next(s for s in speakers if s.pk == speaker.pk), quarters))


@router.post("/t/{slug}/speakers/{speaker_id}/appearances",
             response=protected({201: AppearanceOut}), auth=ORGANISE,
             summary="Записать выступление спикера (на мероприятии или в СМИ)")
def appearance_add(request, slug: str, speaker_id: int, payload: AppearanceIn):
    speaker = acc.access_speaker(request.auth, request.territory, speaker_id)
    errors: dict = {}
    event = of_town(Event, payload.event_id, "event_id", errors)
    if errors:
        raise ValidationError(errors)
    return Status(201, speakers_svc.appearance_record(
        speaker=speaker, on_date=payload.on_date, title=payload.title, channel=payload.channel,
        url=payload.url, audience=payload.audience, event=event, by=request.auth))

