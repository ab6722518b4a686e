"""The applicant's feedback on an answer: asked when the appeal is answered (signed link in the
answer e-mail, SMS where consented, the cabinet); «not solved» reopens the appeal."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from veche.accounts.models import User
from veche.ledger.models import ActionKind
from veche.ledger.services import action_record

from ..models import Appeal, AppealEvent, AppealFeedback, AppealStatus
from ..notifications import Channel, feedback_url, notify_applicant
from ..notifications import Kind as NoticeKind
from ..validation import check_satisfaction, check_text
from .appeals import OBJECT_TYPE
from .assignments import assignments_back_to_work
from .workflow import _move, reopen_terms


def feedback_request(*, appeal: Appeal, at: dt.datetime | None = None) -> AppealFeedback:
    """Open the feedback round for the appeal's current answer (idempotent per round) and send
    the SMS where the applicant consented to SMS; the answer e-mail carries the link."""
    round_no = appeal.reopened_count + 1
    feedback, created = AppealFeedback.objects.get_or_create(
        appeal=appeal, round=round_no,
        defaults={"territory_id": appeal.territory_id, "requested_at": at or timezone.now()},
    )
    if created:
        link = feedback_url(appeal, round_no)
        notify_applicant(
            appeal=appeal, kind=NoticeKind.FEEDBACK_REQUEST, channels={Channel.SMS},
            sms_text=f"Ответ на обращение {appeal.number} направлен. Решена ли проблема? "
                     f"Оцените: {link}" if link else "",
        )
    return feedback


def feedback_open(*, appeal: Appeal) -> AppealFeedback | None:
    """The round waiting for the applicant's answer, if any."""
    return appeal.feedback.filter(answered_at__isnull=True,
                                  round=appeal.reopened_count + 1).first()


@transaction.atomic
def feedback_submit(*, feedback: AppealFeedback, solved: bool, satisfaction, comment: str = "",
                    via: str = "web", actor: User | None = None,
                    at: dt.datetime | None = None) -> AppealFeedback:
    errors = {}
    try:
        satisfaction = check_satisfaction(satisfaction)
    except ValidationError as exc:
        errors.update(exc.error_dict)
    if solved not in (True, False):
        errors["solved"] = [ValidationError(_("Ответьте, решена ли проблема."),
                                            code="solved_missing")]
    try:
        comment = check_text(comment, label=_("Комментарий"), limit=2000, required=False)
    except ValidationError as exc:
        errors["comment"] = exc.error_list
    if errors:
        raise ValidationError(errors)
    # Lock the round: a double submit (two taps, two tabs) gets a clear message, not two rows.
    feedback = AppealFeedback.objects.select_for_update().get(pk=feedback.pk)
    appeal = Appeal.objects.select_for_update().get(pk=feedback.appeal_id)
    if feedback.answered_at is not None:
        raise ValidationError(_("Вы уже оценили этот ответ. Спасибо!"),
                              code="feedback_already_given")
    if appeal.status != AppealStatus.ANSWERED or feedback.round != appeal.reopened_count + 1:
        raise ValidationError(_("По этому обращению сейчас не ждём оценки: оно снова в работе "
                                "или уже закрыто."), code="feedback_not_expected")
    at = at or timezone.now()
    feedback.solved, feedback.satisfaction, feedback.comment = solved, satisfaction, comment
    feedback.answered_at, feedback.via = at, via[:20]
    feedback.save()
    verdict = "проблема решена" if solved else "проблема не решена"
    AppealEvent.objects.create(
        territory_id=appeal.territory_id, appeal=appeal, kind=AppealEvent.Kind.FEEDBACK, at=at,
        actor=actor if actor and actor.is_authenticated else None,
        # The history shows the kind («оценка заявителя») before the comment: don't repeat it.
        comment=f"{verdict}, {satisfaction} из 5. {comment}".strip(),
    )
    action_record(person=appeal.applicant, kind=ActionKind.FEEDBACK, object_type=OBJECT_TYPE,
                  object_id=appeal.pk, object_title=f"{appeal.number}: {appeal.title}",
                  topic=appeal.topic, occurred_at=at, source=via[:20])
    if solved:
        appeal.closed_at = at
        _move(appeal, AppealStatus.CLOSED, actor=actor, at=at,
              comment="Закрыто: заявитель подтвердил, что проблема решена.")
    else:
        reopen_terms(appeal, at)
        _move(appeal, AppealStatus.REOPENED, actor=actor, at=at,
              comment="Возобновлено: заявитель сообщил, что проблема не решена.")
        assignments_back_to_work(appeal=appeal, actor=actor,
                                 reason="заявитель сообщил, что проблема не решена")
        notify_applicant(appeal=appeal, kind=NoticeKind.REOPENED, channels={Channel.CABINET})
    appeal.save()
    return feedback
