"""Writes of head meetings: plan (one or a series), announce, record who came, mark held,
publish the results. Questions asked at a meeting are in questions.py (each becomes an appeal
through the appeals services)."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from veche.accounts.models import User
from veche.registry.models import Person
from veche.territories.models import Building, Territory

from ..models import HeadMeeting, MeetingParticipant, MeetingSeries, MeetingStatus

# What the ledger rows of a meeting named (until presence stopped being counted as an action,
# ledger migration 0005 removes those rows).
OBJECT_TYPE = "appeals.headmeeting"
S = MeetingStatus
PLACE_MAX, NAME_MAX, SUMMARY_MAX, HEADCOUNT_MAX = 300, 200, 5000, 5000
SERIES_MAX = 60


def _actor(user: User | None) -> User | None:
    return user if user is not None and user.is_authenticated else None


def check_meeting(*, territory: Territory, starts_at: dt.datetime | None,
                  building: Building | None, place: str, head_name: str,
                  duration_minutes: int, series: MeetingSeries | None = None) -> None:
    errors: dict[str, list[ValidationError]] = {}

    def refuse(field: str, message: str, code: str, **params) -> None:
        errors[field] = [ValidationError(message, code=code, params=params or None)]

    if starts_at is None:
        refuse("starts_at", _("Укажите дату и время встречи."), "meeting_time_missing")
    elif not dt.datetime(2000, 1, 1, tzinfo=dt.UTC) < starts_at < \
            timezone.now() + dt.timedelta(days=3 * 366):
        refuse("starts_at", _("Дата встречи должна быть в пределах ближайших трёх лет."),
               "meeting_time_out_of_range")
    if building is None and not (place or "").strip():
        refuse("building", _("Выберите дом (двор), где пройдёт встреча, или опишите место."),
               "meeting_place_missing")
    if building is not None and building.territory_id != territory.pk:
        refuse("building", _("Этот дом относится к другому городу."), "other_town")
    if series is not None and series.territory_id != territory.pk:
        refuse("series", _("Этот цикл встреч относится к другому городу."), "other_town")
    if len(place or "") > PLACE_MAX:
        refuse("place", _("Описание места длиннее %(limit)s знаков — сократите его."),
               "text_too_long", limit=PLACE_MAX)
    if not (head_name or "").strip():
        refuse("head_name", _("Укажите, кто проводит встречу (ФИО Главы)."), "head_name_missing")
    elif len(head_name) > NAME_MAX:
        refuse("head_name", _("ФИО длиннее %(limit)s знаков."), "text_too_long", limit=NAME_MAX)
    if not isinstance(duration_minutes, int) or not 10 <= duration_minutes <= 600:
        refuse("duration_minutes", _("Продолжительность — от 10 до 600 минут."),
               "duration_out_of_range")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def series_create(*, territory: Territory, title: str, description: str = "",
                  created_by: User | None = None) -> MeetingSeries:
    if not (title or "").strip():
        raise ValidationError({"title": ValidationError(
            _("Назовите цикл встреч, например «Встречи во дворах, весна»."),
            code="series_title_missing")})
    if len(title) > 200 or len(description or "") > 2000:
        raise ValidationError({"title": ValidationError(
            _("Название до 200 знаков, описание до 2000."), code="text_too_long")})
    return MeetingSeries.objects.create(territory=territory, title=title.strip(),
                                        description=(description or "").strip(),
                                        created_by=_actor(created_by))


@transaction.atomic
def meeting_create(*, territory: Territory, starts_at: dt.datetime, head_name: str,
                   building: Building | None = None, place: str = "",
                   duration_minutes: int = 60, series: MeetingSeries | None = None,
                   created_by: User | None = None, announce: bool = False) -> HeadMeeting:
    check_meeting(territory=territory, starts_at=starts_at, building=building, place=place,
                  head_name=head_name, duration_minutes=duration_minutes, series=series)
    meeting = HeadMeeting.objects.create(
        territory=territory, series=series, starts_at=starts_at, building=building,
        place=(place or "").strip(), head_name=head_name.strip(),
        duration_minutes=duration_minutes, created_by=_actor(created_by))
    if announce:
        meeting_announce(meeting=meeting, by=created_by)
    return meeting


@transaction.atomic
def meeting_update(*, meeting: HeadMeeting, starts_at: dt.datetime, head_name: str,
                   building: Building | None = None, place: str = "",
                   duration_minutes: int = 60,
                   series: MeetingSeries | None = None) -> HeadMeeting:
    if meeting.status == S.REPORTED:
        raise ValidationError(_("Итоги встречи уже опубликованы: её нельзя изменить."),
                              code="meeting_reported")
    check_meeting(territory=meeting.territory, starts_at=starts_at, building=building,
                  place=place, head_name=head_name, duration_minutes=duration_minutes,
                  series=series)
    meeting.starts_at, meeting.building, meeting.place = starts_at, building, place.strip()
    meeting.head_name, meeting.duration_minutes = head_name.strip(), duration_minutes
    meeting.series = series
    meeting.save()
    return meeting


@transaction.atomic
def series_plan(*, territory: Territory, series: MeetingSeries, buildings: list[Building],
                first_day: dt.date, every_days: int, at_time: dt.time, head_name: str,
                created_by: User | None = None) -> list[HeadMeeting]:
    """One meeting per building, `every_days` apart from `first_day`, at the same time."""
    if not buildings:
        raise ValidationError({"buildings": ValidationError(
            _("Отметьте хотя бы один дом для встреч."), code="buildings_missing")})
    if len(buildings) > SERIES_MAX:
        raise ValidationError({"buildings": ValidationError(
            _("В одном цикле не больше %(n)s встреч."), code="series_too_long",
            params={"n": SERIES_MAX})})
    if not 1 <= every_days <= 60:
        raise ValidationError({"every_days": ValidationError(
            _("Промежуток между встречами — от 1 до 60 дней."), code="interval_out_of_range")})
    if first_day < timezone.localdate():
        raise ValidationError({"first_day": ValidationError(
            _("Первая встреча не может быть в прошлом."), code="date_in_past")})
    tz = timezone.get_current_timezone()
    return [
        meeting_create(territory=territory, series=series, building=b, head_name=head_name,
                       starts_at=dt.datetime.combine(first_day + dt.timedelta(days=i * every_days),
                                                     at_time, tz),
                       place="во дворе дома", created_by=created_by)
        for i, b in enumerate(buildings)
    ]


def _move(meeting: HeadMeeting, allowed: tuple, to: str, what: str) -> None:
    if meeting.status not in allowed:
        raise ValidationError(
            _("Встреча в статусе «%(status)s»: %(action)s сейчас нельзя."),
            code="meeting_wrong_state",
            params={"status": meeting.get_status_display(), "action": what})
    meeting.status = to


@transaction.atomic
def meeting_announce(*, meeting: HeadMeeting, by: User | None = None) -> HeadMeeting:
    """Publish the meeting: it shows on the town page and residents may send questions."""
    _move(meeting, (S.PLANNED,), S.ANNOUNCED, _("объявить её"))
    meeting.announced_at = timezone.now()
    meeting.save(update_fields=["status", "announced_at", "updated_at"])
    return meeting


@transaction.atomic
def meeting_mark_held(*, meeting: HeadMeeting, participants_count: int | None = None,
                      by: User | None = None) -> HeadMeeting:
    _move(meeting, (S.PLANNED, S.ANNOUNCED), S.HELD, _("отметить её проведённой"))
    if participants_count is not None:
        meeting.participants_count = _check_headcount(participants_count)
    meeting.held_at = timezone.now()
    meeting.save(update_fields=["status", "held_at", "participants_count", "updated_at"])
    return meeting


@transaction.atomic
def meeting_report(*, meeting: HeadMeeting, results_summary: str,
                   by: User | None = None) -> HeadMeeting:
    """Publish what was done: the public results page and the results poster."""
    summary = (results_summary or "").strip()
    if not summary:
        raise ValidationError({"results_summary": ValidationError(
            _("Напишите для жителей, что сделано по итогам встречи (без имён и адресов "
              "квартир)."), code="summary_missing")})
    if len(summary) > SUMMARY_MAX:
        raise ValidationError({"results_summary": ValidationError(
            _("Текст итогов длиннее %(limit)s знаков — сократите его."), code="text_too_long",
            params={"limit": SUMMARY_MAX})})
    _move(meeting, (S.HELD, S.REPORTED), S.REPORTED, _("опубликовать итоги (сначала отметьте "
                                                       "встречу проведённой)"))
    meeting.results_summary = summary
    meeting.reported_at = timezone.now()
    meeting.save(update_fields=["status", "results_summary", "reported_at", "updated_at"])
    return meeting


def _check_headcount(value) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= HEADCOUNT_MAX:
        raise ValidationError({"participants_count": ValidationError(
            _("Число участников — целое от 0 до %(max)s."), code="headcount_out_of_range",
            params={"max": HEADCOUNT_MAX})})
    return value


def _check_open_for_recording(meeting: HeadMeeting) -> None:
    if meeting.status == S.REPORTED:
        raise ValidationError(
            _("Итоги встречи уже опубликованы: записывать в неё больше нельзя."),
            code="meeting_reported")


@transaction.atomic
def meeting_headcount_set(*, meeting: HeadMeeting, count: int) -> HeadMeeting:
    _check_open_for_recording(meeting)
    meeting.participants_count = max(_check_headcount(count), meeting.participants.count())
    meeting.save(update_fields=["participants_count", "updated_at"])
    return meeting


@transaction.atomic
def participant_add(*, meeting: HeadMeeting, person: Person | None = None, name: str = "",
                    building: Building | None = None, apartment: str = "",
                    recorded_by: User | None = None) -> MeetingParticipant:
    """Someone who came: the MeetingParticipant row is their presence, and the headcount grows
    by one. Presence is not an action, so nothing is written to the ledger (seed 000 names as
    a sign of failure «списки участников, без фиксации их реальных действий»): what a person
    did at the meeting — a question asked (questions.py, an appeal), feedback — is."""
    _check_open_for_recording(meeting)
    name = " ".join((name or "").split())
    if person is None and not name:
        raise ValidationError({"name": ValidationError(
            _("Впишите ФИО участника или выберите его из реестра."),
            code="participant_missing")})
    if len(name) > 300 or len(apartment or "") > 10:
        raise ValidationError({"name": ValidationError(
            _("ФИО до 300 знаков, номер квартиры до 10."), code="text_too_long")})
    if person is not None and person.territory_id != meeting.territory_id:
        raise ValidationError({"person": ValidationError(
            _("Этот житель из реестра другого города."), code="other_town")})
    if building is not None and building.territory_id != meeting.territory_id:
        raise ValidationError({"building": ValidationError(
            _("Этот дом относится к другому городу."), code="other_town")})
    if person is not None:
        existing = meeting.participants.filter(person=person).first()
        if existing is not None:
            return existing
    participant = MeetingParticipant.objects.create(
        territory_id=meeting.territory_id, meeting=meeting, person=person,
        name=name or (f"{person.surname} {person.given_name}" if person else ""),
        building=building or meeting.building, apartment=(apartment or "").strip(),
        recorded_by=_actor(recorded_by))
    HeadMeeting.objects.filter(pk=meeting.pk).update(
        participants_count=F("participants_count") + 1)
    meeting.refresh_from_db(fields=["participants_count"])
    return participant
