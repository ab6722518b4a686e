"""Writes of events: create and edit, the lifecycle (announce, mark held, report results,
cancel), decisions, links to other capabilities' objects and photos. Each service checks what
it is given and says in Russian what to fix (ValidationError with a code, keyed by field where
a form shows it)."""

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from veche.territories.geo import check_place, in_town
from veche.territories.models import Territory

from ..kinds import KINDS
from ..models import (
    Event,
    EventDecision,
    EventFormat,
    EventLink,
    EventPhoto,
    EventStatus,
    OrganiserKind,
    VenueKind,
)

# Fields a create or edit may set (the rest are the services' own: status, counters…).
EDITABLE = (
    "kind", "title", "description", "organiser_kind", "organiser_name", "partner_kinds",
    "format", "venue_kind", "venue_name", "address", "latitude", "longitude", "district",
    "topic", "starts_at", "ends_at", "expected_participants", "actual_participants",
    "registration_open", "capacity", "announcement_url", "press_release_url", "media_reach",
    "responsible", "responsible_name",
)

# What an event may be linked to: "app.model" as the ledger names objects, with the field
# that gives its title. Read through the app registry, so events imports no other capability.
LINKABLE: dict[str, tuple[Any, str]] = {
    "votes.vote": (gettext_lazy("голосование"), "title"),
    "appeals.appeal": (gettext_lazy("обращение"), "number"),
    "appeals.headmeeting": (gettext_lazy("встреча Главы с жителями"), "address"),
    "practices.practice": (gettext_lazy("практика"), "name"),
}


def _err(field: str, message: str, code: str) -> ValidationError:
    return ValidationError({field: [ValidationError(message, code=code)]})


def _validate(event: Event) -> None:
    """Everything a form or a payload can get wrong, each message on its field."""
    errors: dict[str, list[ValidationError]] = {}

    def add(field: str, message: str, code: str) -> None:
        errors.setdefault(field, []).append(ValidationError(message, code=code))

    if event.kind not in KINDS:
        add("kind", _("Выберите вид мероприятия из списка."), "kind_unknown")
    if not (event.title or "").strip():
        add("title", _("Укажите название мероприятия."), "title_required")
    if event.organiser_kind not in OrganiserKind.values:
        add("organiser_kind", _("Выберите организатора из списка."), "organiser_unknown")
    partners = event.partner_kinds or []
    if not isinstance(partners, list) or any(p not in OrganiserKind.values for p in partners):
        add("partner_kinds", _("Соорганизаторы — из списка видов организаторов."),
            "partner_unknown")
    if event.format not in EventFormat.values:
        add("format", _("Выберите формат: очно, онлайн или очно и онлайн."), "format_unknown")
    if event.venue_kind not in VenueKind.values:
        add("venue_kind", _("Выберите вид площадки из списка."), "venue_unknown")
    if event.starts_at is None:
        add("starts_at", _("Укажите дату и время начала."), "starts_required")
    if event.ends_at is None:
        add("ends_at", _("Укажите дату и время окончания."), "ends_required")
    if event.starts_at and event.ends_at and event.ends_at <= event.starts_at:
        add("ends_at", _("Окончание должно быть позже начала."), "ends_before_start")
    if event.capacity is not None and event.capacity < 1:
        add("capacity", _("Мест должно быть не меньше одного (или оставьте поле пустым)."),
            "capacity_invalid")
    try:
        check_place(event.latitude, event.longitude)
    except ValidationError as e:
        add("latitude", e.messages[0], e.code or "point_invalid")
    else:
        if event.latitude is not None and event.longitude is not None:
            town = Territory.objects.get(pk=event.territory_id)
            if in_town(town, (event.latitude, event.longitude)) is False:
                add("latitude", _("Точка на карте за пределами города «%(town)s»: проверьте "
                                  "широту и долготу.") % {"town": town.name}, "point_outside_town")
    for name, value in (("district", event.district), ("topic", event.topic)):
        if value is not None and value.territory_id != event.territory_id:
            add(name, _("Выберите из списка этого города."), "other_town")
    if errors:
        raise ValidationError(errors)


def _apply(event: Event, fields: dict[str, Any]) -> None:
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise ValueError(f"Not editable: {sorted(unknown)}")
    for name, value in fields.items():
        if isinstance(value, str) and name not in ("description",):
            value = value.strip()
        setattr(event, name, value)
    if event.format == EventFormat.ONLINE and not event.venue_kind:
        event.venue_kind = VenueKind.ONLINE


@transaction.atomic
def event_create(*, territory: Territory, by=None, **fields: Any) -> Event:
    """A new event (a draft) of `territory`."""
    event = Event(territory=territory, created_by=by if getattr(by, "pk", None) else None)
    event.partner_kinds = []
    _apply(event, fields)
    _validate(event)
    event.save()
    return event


@transaction.atomic
def event_update(*, event: Event, by=None, **fields: Any) -> Event:
    if event.status == EventStatus.CANCELLED:
        raise ValidationError(_("Отменённое мероприятие не редактируется."), code="cancelled")
    _apply(event, fields)
    _validate(event)
    if (event.capacity is not None and event.status == EventStatus.ANNOUNCED
            and event.capacity < event.registrations.filter(cancelled_at__isnull=True).count()):
        raise _err("capacity", _("Зарегистрировано больше людей, чем мест: увеличьте число "
                                 "мест."), "capacity_below_registered")
    event.save()
    return event


def _set_status(event: Event, status: str, allowed: Iterable[str]) -> Event:
    if event.status not in allowed:
        raise ValidationError(_("Сейчас мероприятие в статусе «%(status)s»: это действие "
                                "недоступно.") % {"status": event.get_status_display()},
                              code="wrong_state")
    event.status = status
    event.save(update_fields=["status", "updated_at"])
    return event


@transaction.atomic
def event_announce(*, event: Event, by=None) -> Event:
    """Publish: residents see the event and, where it takes registration, register."""
    return _set_status(event, EventStatus.ANNOUNCED, [EventStatus.DRAFT])


@transaction.atomic
def event_mark_held(*, event: Event, by=None, actual_participants: int | None = None,
                    now: dt.datetime | None = None) -> Event:
    """The event took place; the organiser's count of people may come with it."""
    now = now or timezone.now()
    if event.starts_at > now:
        raise ValidationError(_("Мероприятие ещё не началось: отметить его проведённым можно "
                                "после начала."), code="not_started")
    if actual_participants is not None:
        if actual_participants < 0:
            raise _err("actual_participants", _("Число участников не может быть "
                                                 "отрицательным."), "negative")
        event.actual_participants = actual_participants
        event.save(update_fields=["actual_participants"])
    return _set_status(event, EventStatus.HELD, [EventStatus.ANNOUNCED])


@transaction.atomic
def event_report(*, event: Event, by=None, press_release_url: str | None = None,
                 media_reach: int | None = None, actual_participants: int | None = None
                 ) -> Event:
    """Results are in: the press release, the reach, the people counted."""
    fields = {k: v for k, v in (("press_release_url", press_release_url),
                                ("media_reach", media_reach),
                                ("actual_participants", actual_participants)) if v is not None}
    if fields:
        _apply(event, fields)
        event.full_clean(exclude=[f.name for f in Event._meta.fields if f.name not in fields])
        event.save(update_fields=list(fields))
    return _set_status(event, EventStatus.REPORTED, [EventStatus.HELD])


@transaction.atomic
def event_cancel(*, event: Event, by=None) -> Event:
    return _set_status(event, EventStatus.CANCELLED,
                       [EventStatus.DRAFT, EventStatus.ANNOUNCED])


@transaction.atomic
def event_decision_add(*, event: Event, text: str, responsible: str = "",
                       due_on: dt.date | None = None, by=None) -> EventDecision:
    text = (text or "").strip()
    if not text:
        raise _err("text", _("Напишите, какое решение принято."), "text_required")
    if event.status in (EventStatus.DRAFT, EventStatus.CANCELLED):
        raise ValidationError(_("Решения записывают по проведённому или объявленному "
                                "мероприятию."), code="wrong_state")
    return EventDecision.objects.create(
        territory_id=event.territory_id, event=event, text=text,
        responsible=(responsible or "").strip()[:300], due_on=due_on,
        recorded_by=by if getattr(by, "pk", None) else None)


@transaction.atomic
def event_decision_remove(*, decision: EventDecision, by=None) -> None:
    decision.delete()


def link_target(*, territory: Territory, object_type: str, object_id: str | int):
    """The object of another capability an event may link to, of the same town; a
    ValidationError where the type is not linkable or no such object is in the town."""
    if object_type not in LINKABLE:
        raise _err("object_type", _("С мероприятием можно связать голосование, обращение, "
                                    "встречу Главы или практику."), "link_type_unknown")
    model = apps.get_model(object_type)
    try:
        pk = int(str(object_id).strip())
    except (TypeError, ValueError):
        pk = 0
    obj = model._default_manager.filter(territory_id=territory.pk, pk=pk).first() if pk else None
    if obj is None:
        raise _err("object_id", _("Такой объект в этом городе не найден."), "link_not_found")
    return obj


@transaction.atomic
def event_link_add(*, event: Event, object_type: str, object_id: str | int,
                   by=None) -> EventLink:
    obj = link_target(territory=event.territory, object_type=object_type, object_id=object_id)
    title = str(getattr(obj, LINKABLE[object_type][1], "") or obj)[:300]
    try:
        with transaction.atomic():
            return EventLink.objects.create(territory_id=event.territory_id, event=event,
                                            object_type=object_type, object_id=str(obj.pk),
                                            title=title)
    except IntegrityError:
        raise ValidationError(_("Эта связь уже есть."), code="link_exists") from None


@transaction.atomic
def event_link_remove(*, link: EventLink, by=None) -> None:
    link.delete()


PHOTO_TYPES = ("image/jpeg", "image/png", "image/webp")
PHOTO_MAX = 8 * 1024 * 1024


@transaction.atomic
def event_photo_add(*, event: Event, image, caption: str = "", by=None) -> EventPhoto:
    if image is None:
        raise _err("image", _("Выберите фотографию."), "image_required")
    if getattr(image, "size", 0) > PHOTO_MAX:
        raise _err("image", _("Фотография больше 8 МБ: уменьшите её."), "image_too_large")
    content_type = getattr(image, "content_type", None)
    if content_type and content_type not in PHOTO_TYPES:
        raise _err("image", _("Подходят фотографии JPEG, PNG или WebP."), "image_type")
    photo = EventPhoto(territory_id=event.territory_id, event=event, image=image,
                       caption=(caption or "").strip()[:300])
    photo.full_clean(exclude=["territory", "event"])
    photo.save()
    return photo
