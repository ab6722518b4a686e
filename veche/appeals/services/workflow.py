"""Writes along a recorded appeal's path: register, change status, extend, forward, answer.

Split from appeals.py (which takes appeals in: numbers, applicants, attachments, the create
and the resident's web form) because this is the law's path once an appeal exists, with its
own table of allowed moves. Every function validates first and raises ValidationError
(Russian, by field) before writing; every status change leaves an AppealEvent with who, when,
from and to (`event_add` and `_move` here are also used by the other services of the area)."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from veche.accounts.models import Department, User
from veche.territories.models import Territory

from .. import deadlines
from ..models import Appeal, AppealEvent, AppealExtension, AppealForwarding, AppealStatus
from ..notifications import Kind as NoticeKind
from ..notifications import feedback_url, notify_applicant
from ..validation import ANSWER_MAX, SHORT_TEXT_MAX, check_text

S = AppealStatus
RATE_ON_PAPER = ("Оценить ответ и сообщить, решена ли проблема, можно в личном кабинете на "
                 "сайте города или по телефону приёмной администрации.\n")
# Which status may follow which (the law's path, plus forwarding and reopening).
TRANSITIONS: dict[str, set[str]] = {
    S.RECEIVED: {S.REGISTERED, S.FORWARDED},
    S.REGISTERED: {S.IN_WORK, S.ANSWERED, S.FORWARDED},
    S.IN_WORK: {S.ANSWERED, S.FORWARDED},
    S.REOPENED: {S.IN_WORK, S.ANSWERED, S.FORWARDED},
    S.ANSWERED: {S.CLOSED, S.REOPENED},
    S.FORWARDED: {S.CLOSED},
    S.CLOSED: {S.REOPENED},
}


def check_transition(appeal: Appeal, to_status: str) -> None:
    if to_status not in TRANSITIONS.get(appeal.status, set()):
        raise ValidationError(
            _("Обращение %(number)s в статусе «%(status)s» нельзя перевести в статус "
              "«%(target)s»."), code="appeal_wrong_state",
            params={"number": appeal.number, "status": appeal.get_status_display(),
                    "target": AppealStatus(to_status).label},
        )


def _same_town(territory: Territory, **objects) -> None:
    for field, obj in objects.items():
        if obj is not None and obj.territory_id != territory.pk:
            raise ValidationError({field: ValidationError(
                _("Выбранное значение относится к другому городу."), code="other_town")})


def event_add(appeal: Appeal, *, kind: str = AppealEvent.Kind.STATUS, actor: User | None,
              from_status: str = "", to_status: str = "", comment: str = "",
              public: bool = True, at: dt.datetime | None = None) -> AppealEvent:
    return AppealEvent.objects.create(
        territory_id=appeal.territory_id, appeal=appeal, kind=kind, at=at or timezone.now(),
        actor=actor if actor and actor.is_authenticated else None, from_status=from_status,
        to_status=to_status, comment=comment, public=public,
    )


def _move(appeal: Appeal, to_status: str, *, actor, comment="", kind=AppealEvent.Kind.STATUS,
          at=None) -> None:
    before = appeal.status
    appeal.status = to_status
    event_add(appeal, kind=kind, actor=actor, from_status=before, to_status=to_status,
              comment=comment, at=at)



def reopen_terms(appeal: Appeal, at: dt.datetime) -> None:
    """A reopened appeal is considered anew: 30 days from the reopening (never less than the
    term it had). That term is also the one an extension counts from, and the card does not
    call it «продлено»."""
    appeal.reopened_count += 1
    appeal.closed_at = None
    appeal.answer_due = appeal.answer_due_initial = max(
        appeal.answer_due or deadlines.answer_due(at), deadlines.answer_due(at))


@transaction.atomic
def appeal_register(*, appeal: Appeal, actor: User | None,
                    department: Department | None = None,
                    at: dt.datetime | None = None) -> Appeal:
    check_transition(appeal, S.REGISTERED)
    if department is not None:
        _same_town(appeal.territory, department=department)
        appeal.department = department
    at = at or timezone.now()
    appeal.registered_at = at
    appeal.answer_due = appeal.answer_due_initial = deadlines.answer_due(at)
    _move(appeal, S.REGISTERED, actor=actor, at=at,
          comment=f"Ответить до {appeal.answer_due:%d.%m.%Y}")
    appeal.save()
    # Not owed by the law: the cabinet always shows it, e-mail only with consent to messages.
    notify_applicant(
        appeal=appeal, kind=NoticeKind.REGISTERED, channels={"cabinet", "email"},
        subject=f"Обращение зарегистрировано: {appeal.number}",
        text=(f"Здравствуйте!\n\nВаше обращение зарегистрировано под номером {appeal.number}. "
              f"Ответ будет дан не позднее {appeal.answer_due:%d.%m.%Y}.\n"),
    )
    return appeal


@transaction.atomic
def appeal_status_change(*, appeal: Appeal, to_status: str, actor: User | None,
                         comment: str = "") -> Appeal:
    """Plain moves: to work, close, reopen by staff. Register, answer and forward have their
    own services (they need more than a status)."""
    if to_status in (S.REGISTERED, S.ANSWERED, S.FORWARDED):
        raise ValidationError(_("Для этого действия заполните его форму на карточке обращения."),
                              code="appeal_action_needs_form")
    check_transition(appeal, to_status)
    comment = check_text(comment, label=_("Комментарий"), limit=SHORT_TEXT_MAX, required=False)
    if to_status == S.REOPENED:
        reopen_terms(appeal, timezone.now())
    if to_status == S.CLOSED:
        appeal.closed_at = timezone.now()
    _move(appeal, to_status, actor=actor, comment=comment)
    appeal.save()
    return appeal


@transaction.atomic
def appeal_extend(*, appeal: Appeal, new_due: dt.date, reason: str, actor: User) -> Appeal:
    """59-FZ art. 12 p. 2: extend the answer term by at most 30 days in all, with a reason; the
    applicant is told (the notice is recorded)."""
    reason = check_text(reason, label=_("Причина продления"), limit=SHORT_TEXT_MAX)
    if not appeal.is_open or appeal.answer_due is None:
        raise ValidationError(_("Продлить можно только зарегистрированное обращение в работе."),
                              code="appeal_not_extendable")
    if not isinstance(new_due, dt.date) or new_due <= appeal.answer_due:
        raise ValidationError({"new_due": ValidationError(
            _("Новый срок должен быть позже текущего (%(date)s)."), code="deadline_not_later",
            params={"date": appeal.answer_due.strftime("%d.%m.%Y")})})
    limit = deadlines.extension_limit(appeal.answer_due_initial or appeal.answer_due)
    if new_due > limit:
        raise ValidationError({"new_due": ValidationError(
            _("По закону срок продлевается не более чем на %(days)s дней: не позднее "
              "%(date)s."), code="extension_too_long",
            params={"days": deadlines.EXTENSION_MAX_DAYS, "date": limit.strftime("%d.%m.%Y")})})
    old = appeal.answer_due
    AppealExtension.objects.create(territory_id=appeal.territory_id, appeal=appeal,
                                   reason=reason, old_due=old, new_due=new_due, by=actor,
                                   at=timezone.now())
    appeal.answer_due = new_due
    appeal.save()
    event_add(appeal, kind=AppealEvent.Kind.EXTENSION, actor=actor,
              comment=f"Срок продлён с {old:%d.%m.%Y} до {new_due:%d.%m.%Y}. Причина: {reason}")
    notify_applicant(
        appeal=appeal, kind=NoticeKind.EXTENDED,
        subject=f"Срок рассмотрения обращения {appeal.number} продлён",
        text=(f"Здравствуйте!\n\nСрок рассмотрения вашего обращения {appeal.number} продлён "
              f"до {new_due:%d.%m.%Y}.\nПричина: {reason}\n"),
    )
    return appeal


@transaction.atomic
def appeal_forward(*, appeal: Appeal, body: str, reason: str, actor: User,
                   forwarded_on: dt.date | None = None) -> Appeal:
    """59-FZ art. 8 p. 3: send to the body whose competence the question is, with a record,
    and tell the applicant."""
    errors = {}
    try:
        body = check_text(body, label=_("Куда перенаправлено"), limit=300)
    except ValidationError as exc:
        errors["body"] = exc.error_list
    try:
        reason = check_text(reason, label=_("Причина"), limit=SHORT_TEXT_MAX)
    except ValidationError as exc:
        errors["reason"] = exc.error_list
    if errors:
        raise ValidationError(errors)
    check_transition(appeal, S.FORWARDED)
    forwarded_on = forwarded_on or timezone.localdate()
    AppealForwarding.objects.create(territory_id=appeal.territory_id, appeal=appeal, body=body,
                                    reason=reason, forwarded_on=forwarded_on, by=actor,
                                    at=timezone.now())
    _move(appeal, S.FORWARDED, actor=actor, kind=AppealEvent.Kind.FORWARDING,
          comment=f"Перенаправлено: {body}. Причина: {reason}")
    appeal.save()
    notify_applicant(
        appeal=appeal, kind=NoticeKind.FORWARDED,
        subject=f"Обращение {appeal.number} перенаправлено",
        text=(f"Здравствуйте!\n\nВаше обращение {appeal.number} перенаправлено "
              f"{forwarded_on:%d.%m.%Y} по компетенции: {body}.\nПричина: {reason}\n"),
    )
    return appeal


@transaction.atomic
def appeal_answer(*, appeal: Appeal, text: str, actor: User) -> Appeal:
    """Record the answer, send it to the applicant (the legal notice) and ask for feedback."""
    from .feedback import feedback_request

    text = check_text(text, label=_("Ответ заявителю"), limit=ANSWER_MAX)
    if appeal.status == S.RECEIVED:
        raise ValidationError(_("Сначала зарегистрируйте обращение."),
                              code="appeal_not_registered")
    check_transition(appeal, S.ANSWERED)
    appeal.answer_text = text
    appeal.answered_at = timezone.now()
    appeal.answered_by = actor
    _move(appeal, S.ANSWERED, actor=actor, comment=text)
    appeal.save()
    feedback = feedback_request(appeal=appeal)
    link = feedback_url(appeal, feedback.round)
    answer = f"Здравствуйте!\n\nОтвет на ваше обращение {appeal.number}:\n\n{text}\n\n"
    notify_applicant(
        appeal=appeal, kind=NoticeKind.ANSWERED,
        subject=f"Ответ на обращение {appeal.number}",
        text=answer + (f"Решена ли проблема? Оцените ответ: {link}\n" if link else ""),
        # A link cannot be followed from paper: the letter says where to rate the answer.
        letter_text=answer + (RATE_ON_PAPER if link else ""),
    )
    return appeal

