"""The citizen registry, for the administration's staff and the head of town only (a moderator's
work needs no person's data: veche/accounts/models.py, PERSONAL_DATA_ROLES).

Opening one person's card goes through `person_card_open`, which writes the access log
(152-FZ) before the data is returned; the list shows the same fields without logging each row,
as the back office's search page does.
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db.models import F
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from veche.ledger.selectors import actions_in_town, person_profile
from veche.registry.consent import consent_state
from veche.registry.models import Segment, SourceKind
from veche.registry.selectors import person_in_town, persons_listing
from veche.registry.services import person_card_open, person_create
from veche.territories.models import Building, District

from ..errors import protected
from ..pagination import PageParams, page_of, paginate
from ..security import PERSONAL_DATA, via_token
from .schemas import ActionOut, PersonOut, Text

router = Router(tags=["Реестр жителей"], auth=PERSONAL_DATA)

RECENT_ACTIONS = 20


class PersonFilters(PageParams):
    q: str = Field("", max_length=100, description="Часть ФИО, телефона или email")
    district: int | None = Field(None, description="id района")
    segment: int | None = Field(None, description="id сегмента")
    active_days: int | None = Field(None, ge=1, le=3650,
                                    description="Действовал за последние N дней")


class KindCount(Schema):
    kind: str
    label: Text
    count: int


class MonthCount(Schema):
    month: dt.date
    actions_count: int


class ConsentOut(Schema):
    purpose: str
    channel: str
    label: Text
    granted: bool
    at: dt.datetime | None


class Profile(Schema):
    total: int
    by_kind: list[KindCount]
    first_at: dt.datetime | None
    last_at: dt.datetime | None
    volunteer_hours: float
    months: list[MonthCount]


class PersonCard(Schema):
    person: PersonOut
    profile: Profile
    recent_actions: list[ActionOut]
    consents: list[ConsentOut]


class PersonIn(Schema):
    surname: str
    given_name: str
    patronymic: str = ""
    birth_date: dt.date | None = None
    phone: str = ""
    email: str = ""
    district_id: int | None = None
    building_id: int | None = None
    apartment: str = ""
    segments: list[str] = Field([], description="Коды сегментов города, например veteran")


@router.get("/t/{slug}/registry/persons/", response=protected({200: page_of(PersonOut)}),
            summary="Поиск по реестру")
def person_list(request, slug: str, filters: Query[PersonFilters]):
    found = persons_listing(territory=request.territory, q=filters.q,
                            district_id=filters.district, segment_id=filters.segment,
                            active_days=filters.active_days)
    page = found.rows.prefetch_related("segments").annotate(
        last_active_at=F("activity__last_at"))
    # Counted without the activity join the page needs (it matters over a million persons).
    return paginate(request, page, filters, count=found.counted.count())


@router.get("/t/{slug}/registry/persons/{person_id}", response=protected({200: PersonCard}),
            summary="Карточка жителя (чтение записывается в журнал доступа)")
def person_card(request, slug: str, person_id: int):
    person = person_in_town(territory=request.territory, person_id=person_id)
    person_card_open(person=person, viewer=request.auth, ip=request.META.get("REMOTE_ADDR"),
                     purpose="API: карточка жителя")
    profile = person_profile(person=person)
    # As the listing's annotate() gives it (PersonOut.last_active_at).
    person.last_active_at = profile["last_at"]  # type: ignore[attr-defined]
    return {
        "person": person,
        "profile": profile,
        "recent_actions": actions_in_town(territory=request.territory, person=person)
        [:RECENT_ACTIONS],
        "consents": [
            {**c, "at": c["record"].at if c["record"] else None} for c in consent_state(person)
        ],
    }


def _one_of_town(model, pk: int | None, field: str, missing: str, errors: dict):
    """`missing`: the message, with %(id)s, when the town has no such row."""
    if pk is None:
        return None
    obj = model.objects.filter(pk=pk).first()  # scoped to the town of the URL
    if obj is None:
        errors[field] = [ValidationError(missing, code="not_in_town", params={"id": pk})]
    return obj


@router.post("/t/{slug}/registry/persons/", response=protected({201: PersonOut}),
             summary="Добавить жителя в реестр")
def person_add(request, slug: str, payload: PersonIn):
    errors: dict[str, list[ValidationError]] = {}
    segments = list(Segment.objects.filter(code__in=payload.segments))
    unknown = set(payload.segments) - {s.code for s in segments}
    if unknown:
        errors["segments"] = [ValidationError(_("Нет сегмента «%(code)s» в этом городе."),
                                              code="segment_unknown", params={"code": code})
                              for code in sorted(unknown)]
    district = _one_of_town(District, payload.district_id, "district_id",
                            _("Нет района с id %(id)s в этом городе."), errors)
    building = _one_of_town(Building, payload.building_id, "building_id",
                            _("Нет дома с id %(id)s в этом городе."), errors)
    if errors:
        raise ValidationError(errors)
    person = person_create(
        territory=request.territory,
        surname=payload.surname, given_name=payload.given_name, patronymic=payload.patronymic,
        birth_date=payload.birth_date, phone=payload.phone, email=payload.email,
        district=district, building=building,
        apartment=payload.apartment, segments=segments,
        source_kind=SourceKind.IMPORT if via_token(request) else SourceKind.STAFF,
        recorded_by=request.auth,
    )
    return Status(201, person)


# The list import's steps (upload, mapping, preview, start, progress, report) in their own module.
from . import registry_imports  # noqa: E402

router.add_router("", registry_imports.router)
