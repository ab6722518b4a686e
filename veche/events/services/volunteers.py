"""Help an initiative or an event needs, as tasks with hours; volunteers' sign-ups; their hours,
claimed by the volunteer (or logged by the organiser for them) and confirmed by the organiser.

Only confirmed hours reach the ledger: one VOLUNTEER_HOURS action weighted by the hours, dated
on the day the work was done, about the event (record_event_action: it counts for the event)
or the initiative. Signing up is not an action (a promise, as a registration is); the row is
locked while it is confirmed, so confirming twice writes one action."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from veche.accounts.models import User
from veche.ledger.models import Action, ActionKind
from veche.registry.models import Person
from veche.territories.models import Territory

from ..models import CitizenInitiative, Event, VolunteerHours, VolunteerSignup, VolunteerTask
from .ledger import record_event_action, record_initiative_action

DAY_HOURS = Decimal(24)


def fmt_hours(value: Decimal) -> str:
    """3 for 3.0, 2,5 for 2.5 (the form's own way of writing it)."""
    text = f"{value.normalize():f}"
    return text.replace(".", ",")


def _hours(value, field: str = "hours") -> Decimal:
    try:
        number = Decimal(str(value).replace(",", ".").strip())
    except (InvalidOperation, ValueError):
        raise ValidationError({field: [ValidationError(
            _("Укажите число часов, например 2 или 2,5."), code="wrong_type")]}) from None
    if not number.is_finite() or number <= 0:
        raise ValidationError({field: [ValidationError(
            _("Число часов должно быть больше нуля."), code="hours_not_positive")]})
    return number.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@transaction.atomic
def task_create(*, territory: Territory, title: str, hours_planned, volunteers_needed: int = 1,
                description: str = "", initiative: CitizenInitiative | None = None,
                event: Event | None = None, starts_at: dt.datetime | None = None,
                ends_at: dt.datetime | None = None, by: User | None = None) -> VolunteerTask:
    """A task of an initiative or of an event (exactly one of them)."""
    errors: dict[str, list[ValidationError]] = {}
    title = (title or "").strip()
    if len(title) < 3:
        errors["title"] = [ValidationError(_("Напишите, что нужно сделать."),
                                           code="title_required")]
    if (initiative is None) == (event is None):
        errors["__all__"] = [ValidationError(
            _("Задача относится либо к инициативе, либо к мероприятию."), code="owner_required")]
    for owner in (initiative, event):
        if owner is not None and owner.territory_id != territory.pk:
            errors["__all__"] = [ValidationError(_("Инициатива или мероприятие другого города."),
                                                 code="other_town")]
    try:
        planned = _hours(hours_planned, "hours_planned")
    except ValidationError as exc:
        errors.update(exc.error_dict)  # type: ignore[arg-type]
        planned = Decimal(0)
    if planned > DAY_HOURS:
        errors["hours_planned"] = [ValidationError(
            _("На одного человека — не больше 24 ч в день."), code="hours_too_many")]
    if not isinstance(volunteers_needed, int) or not 1 <= volunteers_needed <= 10000:
        errors["volunteers_needed"] = [ValidationError(
            _("Сколько нужно волонтёров: от 1 до 10 000."), code="out_of_range")]
    if starts_at and ends_at and ends_at <= starts_at:
        errors["ends_at"] = [ValidationError(_("Окончание должно быть позже начала."),
                                             code="ends_before_start")]
    if errors:
        raise ValidationError(errors)
    if event is not None and starts_at is None:
        starts_at, ends_at = event.starts_at, event.ends_at
    return VolunteerTask.objects.create(
        territory=territory, initiative=initiative, event=event, title=title[:300],
        description=(description or "").strip(), volunteers_needed=volunteers_needed,
        hours_planned=planned, starts_at=starts_at, ends_at=ends_at)


def task_status_set(*, task: VolunteerTask, status: str, by: User | None = None
                    ) -> VolunteerTask:
    if status not in VolunteerTask.Status.values:
        raise ValidationError({"status": [ValidationError(_("Нет такого состояния задачи."),
                                                          code="not_allowed")]})
    task.status = status
    task.save(update_fields=["status"])
    return task


def _signed(task: VolunteerTask) -> int:
    return task.signups.filter(status=VolunteerSignup.Status.SIGNED).count()


@transaction.atomic
def signup_create(*, task: VolunteerTask, person: Person | None,
                  source: str = "web") -> VolunteerSignup:
    """`person` signs up for `task`. The task row is locked so two last places are not both
    taken; a sign-up withdrawn earlier comes back."""
    if person is None or person.is_erased:
        raise ValidationError(
            _("Записаться волонтёром могут жители из реестра города: присоединитесь к городу "
              "в личном кабинете."), code="not_resident")
    if person.territory_id != task.territory_id:
        raise ValidationError(_("Участник относится к другому городу."), code="other_town")
    task = VolunteerTask.objects.select_for_update().get(pk=task.pk)
    if task.status != VolunteerTask.Status.OPEN:
        raise ValidationError(_("Набор на эту задачу закрыт."), code="task_closed")
    existing = VolunteerSignup.objects.filter(task=task, person=person).first()
    if existing is not None and existing.status == VolunteerSignup.Status.SIGNED:
        raise ValidationError(_("Вы уже записаны на эту задачу."), code="already_signed")
    if _signed(task) >= task.volunteers_needed:
        raise ValidationError(
            _("Все места заняты: нужно было %(n)s волонтёров, все уже записались."),
            code="task_full", params={"n": task.volunteers_needed})
    if existing is not None:
        existing.status = VolunteerSignup.Status.SIGNED
        existing.save(update_fields=["status"])
        return existing
    return VolunteerSignup.objects.create(territory_id=task.territory_id, task=task,
                                          person=person, source=source)


def signup_withdraw(*, signup: VolunteerSignup) -> VolunteerSignup:
    """The volunteer withdraws; hours already confirmed stay (the work was done)."""
    if signup.status == VolunteerSignup.Status.WITHDRAWN:
        raise ValidationError(_("Вы уже отказались от этой задачи."), code="already_withdrawn")
    signup.status = VolunteerSignup.Status.WITHDRAWN
    signup.save(update_fields=["status"])
    return signup


def _window(task: VolunteerTask) -> tuple[dt.datetime | None, dt.datetime | None, bool]:
    """(start, end, of the event): the task's own time, else its event's."""
    if task.starts_at or task.ends_at:
        return task.starts_at, task.ends_at, False
    if task.event is not None:
        return task.event.starts_at, task.event.ends_at, True
    return None, None, False


def hours_limit(task: VolunteerTask) -> tuple[Decimal, str]:
    """The most hours one person may claim for one day of `task`, and the message that says
    why. An event's task (without a time of its own) is bounded by the event's length."""
    start, end, of_event = _window(task)
    if start and end:
        length = Decimal((end - start).total_seconds() / 3600).quantize(
            Decimal("0.1"), rounding=ROUND_HALF_UP)
        if Decimal(0) < length <= DAY_HOURS:
            n = fmt_hours(length)
            event = task.event
            if of_event or (event is not None and start == event.starts_at
                            and end == event.ends_at):
                return length, _("Нельзя указать больше %(n)s ч: мероприятие длилось "
                                 "%(n)s ч.") % {"n": n}
            return length, _("Нельзя указать больше %(n)s ч: задача длилась %(n)s ч.") % {"n": n}
    return DAY_HOURS, _("Нельзя указать больше 24 ч за один день.")


def _check_day(task: VolunteerTask, done_on: dt.date) -> None:
    if not isinstance(done_on, dt.date):
        raise ValidationError({"done_on": [ValidationError(
            _("Укажите дату в виде ДД.ММ.ГГГГ."), code="wrong_type")]})
    today = timezone.localdate()
    if done_on > today:
        raise ValidationError({"done_on": [ValidationError(
            _("Дата ещё не наступила: часы отмечают за сделанную работу."),
            code="date_in_future")]})
    start, end, _of_event = _window(task)
    if start is not None and done_on < timezone.localdate(start):
        raise ValidationError({"done_on": [ValidationError(
            _("Задача началась %(date)s: раньше этой даты часы указать нельзя."),
            code="date_before_task",
            params={"date": timezone.localdate(start).strftime("%d.%m.%Y")})]})
    if end is not None and done_on > timezone.localdate(end):
        raise ValidationError({"done_on": [ValidationError(
            _("Задача закончилась %(date)s: позже этой даты часы указать нельзя."),
            code="date_after_task",
            params={"date": timezone.localdate(end).strftime("%d.%m.%Y")})]})


@transaction.atomic
def hours_claim(*, signup: VolunteerSignup, done_on: dt.date, hours, description: str = "",
                by: User | None = None) -> VolunteerHours:
    """The volunteer's (or the organiser's, for them) claim of hours for one day. A second
    claim for the same day is refused; a rejected one may be claimed again."""
    # Lock only the sign-up row: PostgreSQL refuses FOR UPDATE on the nullable side of the
    # outer join to the task's event.
    signup = VolunteerSignup.objects.select_for_update(of=("self",)).select_related(
        "task", "task__event").get(pk=signup.pk)
    task = signup.task
    if signup.status != VolunteerSignup.Status.SIGNED:
        raise ValidationError(_("Вы отказались от этой задачи: часы по ней не отмечают."),
                              code="signup_withdrawn")
    number = _hours(hours)
    _check_day(task, done_on)
    limit, message = hours_limit(task)
    if number > limit:
        raise ValidationError({"hours": [ValidationError(message, code="hours_beyond_length")]})
    existing = VolunteerHours.objects.filter(signup=signup, done_on=done_on).first()
    if existing is not None and existing.status != VolunteerHours.Status.REJECTED:
        raise ValidationError({"done_on": [ValidationError(
            _("За %(date)s часы уже отмечены (%(n)s ч). Одна отметка на день."),
            code="hours_same_day",
            params={"date": done_on.strftime("%d.%m.%Y"), "n": fmt_hours(existing.hours)})]})
    if existing is not None:
        existing.hours, existing.description = number, (description or "").strip()
        existing.status, existing.decided_by, existing.decided_at = (
            VolunteerHours.Status.CLAIMED, None, None)
        existing.reject_reason = ""
        existing.save()
        return existing
    return VolunteerHours.objects.create(
        territory_id=signup.territory_id, signup=signup, done_on=done_on, hours=number,
        description=(description or "").strip())


def _occurred(day: dt.date) -> dt.datetime:
    # The day the work was done (noon, in the town's zone), never later than now.
    moment = timezone.make_aware(dt.datetime.combine(day, dt.time(12, 0)))
    return min(moment, timezone.now())


@transaction.atomic
def hours_confirm(*, hours: VolunteerHours, by: User | None = None,
                  source: str = "web") -> tuple[VolunteerHours, Action]:
    """The organiser confirms a claim: the one moment hours become a ledger action. The row is
    locked, so a second confirmation (a double tap, two organisers) finds it confirmed."""
    row = VolunteerHours.objects.select_for_update().get(pk=hours.pk)
    if row.status == VolunteerHours.Status.CONFIRMED:
        raise ValidationError(_("Эти часы уже подтверждены и учтены."),
                              code="already_confirmed")
    if row.status == VolunteerHours.Status.REJECTED:
        raise ValidationError(_("Эти часы отклонены: волонтёр может отметить их заново."),
                              code="hours_rejected")
    signup = VolunteerSignup.objects.select_related(
        "person", "task", "task__event", "task__initiative").get(pk=row.signup_id)
    task, person = signup.task, signup.person
    row.status, row.decided_by, row.decided_at = (VolunteerHours.Status.CONFIRMED, by,
                                                  timezone.now())
    row.save(update_fields=["status", "decided_by", "decided_at"])
    weight, occurred_at = float(row.hours), _occurred(row.done_on)
    if task.event is not None:
        action = record_event_action(event=task.event, person=person,
                                     kind=ActionKind.VOLUNTEER_HOURS, source=source,
                                     weight=weight, occurred_at=occurred_at)
    else:
        assert task.initiative is not None  # a task has an event or an initiative (constraint)
        action = record_initiative_action(initiative=task.initiative, person=person,
                                          kind=ActionKind.VOLUNTEER_HOURS, source=source,
                                          weight=weight, occurred_at=occurred_at)
    return row, action


def hours_reject(*, hours: VolunteerHours, by: User | None = None,
                 reason: str = "") -> VolunteerHours:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [ValidationError(
            _("Напишите волонтёру, почему часы не подтверждены."), code="reason_required")]})
    with transaction.atomic():
        row = VolunteerHours.objects.select_for_update().get(pk=hours.pk)
        if row.status != VolunteerHours.Status.CLAIMED:
            raise ValidationError(_("Решение по этим часам уже принято."), code="already_decided")
        row.status, row.decided_by, row.decided_at, row.reject_reason = (
            VolunteerHours.Status.REJECTED, by, timezone.now(), reason)
        row.save(update_fields=["status", "decided_by", "decided_at", "reject_reason"])
    return row


@transaction.atomic
def hours_log_for(*, signup: VolunteerSignup, done_on: dt.date, hours, description: str = "",
                  by: User | None = None) -> tuple[VolunteerHours, Action]:
    """The organiser logs a volunteer's hours and confirms them at once (same checks)."""
    claim = hours_claim(signup=signup, done_on=done_on, hours=hours, description=description,
                        by=by)
    return hours_confirm(hours=claim, by=by, source="staff")
