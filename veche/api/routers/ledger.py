"""The action ledger of a town: the back office reads it; integrations (with a staff or head
token, or a verified staff session) append to it through `action_record`, the only writer."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from veche.ledger.models import ActionKind
from veche.ledger.selectors import actions_in_town
from veche.ledger.services import action_record
from veche.registry.models import Person
from veche.territories.models import CityTopic

from ..errors import protected
from ..pagination import PageParams, page_of, paginate
from ..security import PERSONAL_DATA, TOWN_STAFF
from .schemas import ActionOut, IsoDateTime

router = Router(tags=["Реестр действий"])

# Clocks of integrations drift; an action "from the future" beyond this is a mistake.
FUTURE_SLACK = dt.timedelta(minutes=10)


class ActionFilters(PageParams):
    kind: ActionKind | None = Field(None, description="Вид действия")
    since: IsoDateTime | None = Field(None, description="Не раньше (ГГГГ-ММ-ДД или дата-время)")
    until: IsoDateTime | None = Field(None, description="Раньше чем (ГГГГ-ММ-ДД или дата-время)")
    person: int | None = Field(None, description="id жителя в реестре")
    topic: str | None = Field(None, max_length=60, description="Тема города (slug)")


class ActionIn(Schema):
    person_id: int
    kind: ActionKind
    object_type: str = Field("", max_length=60, description="Например votes.vote")
    object_id: str = Field("", max_length=40)
    object_title: str = Field("", max_length=300)
    topic: str | None = Field(None, max_length=60, description="Тема города (slug)")
    occurred_at: IsoDateTime | None = Field(None, description="Когда; по умолчанию — сейчас")
    weight: float = Field(1.0, ge=0, le=1000, description="Часы волонтёрства, баллы")
    source: str = Field("api", max_length=20, description="Откуда пришло действие")


@router.get("/t/{slug}/ledger/actions/", response=protected({200: page_of(ActionOut)}),
            auth=PERSONAL_DATA, summary="Действия жителей")
def action_list(request, slug: str, filters: Query[ActionFilters]):
    qs = actions_in_town(territory=request.territory, kind=filters.kind,
                         since=filters.since)
    if filters.until:
        qs = qs.filter(occurred_at__lt=filters.until)
    if filters.person:
        qs = qs.filter(person_id=filters.person)
    if filters.topic:
        qs = qs.filter(topic__slug=filters.topic)
    return paginate(request, qs, filters)


@router.post("/t/{slug}/ledger/actions/", response=protected({201: ActionOut}), auth=TOWN_STAFF,
             summary="Записать действие жителя")
def action_add(request, slug: str, payload: ActionIn):
    errors: dict[str, list[ValidationError]] = {}
    person = Person.objects.filter(pk=payload.person_id).first()  # scoped to the town
    if person is None:
        errors["person_id"] = [ValidationError(
            _("Нет жителя с id %(id)s в реестре этого города."), code="person_unknown",
            params={"id": payload.person_id})]
    elif person.is_erased:
        errors["person_id"] = [ValidationError(
            _("Данные этого жителя удалены по его запросу: новые действия не записываются."),
            code="person_erased")]
    topic = None
    if payload.topic:
        topic = CityTopic.objects.filter(slug=payload.topic).first()
        if topic is None:
            errors["topic"] = [ValidationError(
                _("Нет темы «%(slug)s» в этом городе."), code="topic_unknown",
                params={"slug": payload.topic})]
    occurred_at = payload.occurred_at
    if occurred_at and occurred_at > timezone.now() + FUTURE_SLACK:
        errors["occurred_at"] = [ValidationError(
            _("Время действия не может быть в будущем."), code="date_in_future")]
    if errors:
        raise ValidationError(errors)
    assert person is not None  # else an error above
    action = action_record(
        person=person, kind=payload.kind, object_type=payload.object_type,
        object_id=payload.object_id, object_title=payload.object_title, topic=topic,
        occurred_at=occurred_at, weight=payload.weight, source=payload.source,
    )
    return Status(201, action)
