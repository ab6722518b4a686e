"""The community's speakers (seed 000: «основные спикеры сообщества», whose appearances go into
the media plan of the administration and the enterprise): the office marks a registry person as
a speaker and records their public appearances — at an event of the town, or in the media.

An appearance at an event is the speaker's action there (EVENT_ACTION, through
record_event_action, so the event counts it); one in the media is kept only here."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from veche.accounts.models import User
from veche.ledger.models import ActionKind
from veche.registry.models import Person
from veche.territories.models import Territory

from ..models import Event, Speaker, SpeakerAppearance
from .ledger import record_event_action


@transaction.atomic
def speaker_mark(*, territory: Territory, person: Person, topics: str = "",
                 since: dt.date | None = None, by: User | None = None) -> Speaker:
    """Mark `person` as a speaker of the community (again: topics updated, active again)."""
    if person.territory_id != territory.pk or person.is_erased:
        raise ValidationError({"person": [ValidationError(
            _("Выберите жителя из реестра этого города."), code="other_town")]})
    topics = (topics or "").strip()[:500]
    speaker, created = Speaker.objects.get_or_create(
        territory=territory, person=person,
        defaults={"topics": topics, "since": since or timezone.localdate()})
    if not created:
        speaker.topics = topics or speaker.topics
        speaker.is_active = True
        speaker.save(update_fields=["topics", "is_active"])
    return speaker


def speaker_retire(*, speaker: Speaker, by: User | None = None) -> Speaker:
    speaker.is_active = False
    speaker.save(update_fields=["is_active"])
    return speaker


@transaction.atomic
def appearance_record(*, speaker: Speaker, on_date: dt.date | None, title: str, channel: str = "",
                      url: str = "", audience: int | None = None, event: Event | None = None,
                      by: User | None = None) -> SpeakerAppearance:
    """A public appearance that took place (not a plan: the date is today or earlier)."""
    errors: dict[str, list[ValidationError]] = {}
    title, channel, url = (title or "").strip(), (channel or "").strip(), (url or "").strip()
    if not title:
        errors["title"] = [ValidationError(_("Укажите тему выступления."), code="title_required")]
    if not isinstance(on_date, dt.date):
        errors["on_date"] = [ValidationError(_("Укажите дату в виде ДД.ММ.ГГГГ."),
                                             code="wrong_type")]
    elif on_date > timezone.localdate():
        errors["on_date"] = [ValidationError(
            _("Записывают выступления, которые уже состоялись: дата ещё не наступила."),
            code="date_in_future")]
    if event is None and not channel:
        errors["channel"] = [ValidationError(
            _("Укажите мероприятие или где было выступление (площадка, СМИ)."),
            code="channel_required")]
    if event is not None and event.territory_id != speaker.territory_id:
        errors["event"] = [ValidationError(_("Мероприятие другого города."), code="other_town")]
    if url:
        try:
            URLValidator(schemes=["http", "https"])(url)
        except ValidationError:
            errors["url"] = [ValidationError(_("Ссылка должна начинаться с http:// или "
                                               "https://."), code="invalid_url")]
    if audience is not None and not 0 <= audience <= 100_000_000:
        errors["audience"] = [ValidationError(_("Аудитория — число от 0."), code="out_of_range")]
    if errors:
        raise ValidationError(errors)
    assert isinstance(on_date, dt.date)  # refused above otherwise; narrows the type
    appearance = SpeakerAppearance.objects.create(
        territory_id=speaker.territory_id, speaker=speaker, event=event, on_date=on_date,
        title=title[:300], channel=channel[:300] or (event.title[:300] if event else ""),
        url=url, audience=audience)
    if event is not None:
        moment = timezone.make_aware(dt.datetime.combine(on_date, dt.time(12, 0)))
        record_event_action(event=event, person=speaker.person, kind=ActionKind.EVENT_ACTION,
                            source="staff", occurred_at=min(moment, timezone.now()))
    return appearance
