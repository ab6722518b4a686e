"""The applicant and the assignment that answers their question (seed 002: «обратная связь с
заявителем с целью информирования о сроках исполнения поручения и выявления степени
удовлетворенности заявителя»; residents do «контроль качества выполнения работ»).

* When an assignment is given, the applicant is told its term (not only the 59-FZ answer date);
  when the executor reports it done, the applicant is asked to confirm. Both are notices not
  owed by law: the cabinet shows them, e-mail and SMS go only where the applicant consented
  (`notify_applicant` asks the consent gate, purpose «messages»).
* The applicant confirms the work (a ledger action «feedback») or disputes it with their words
  (a ledger action «feedback» too); a dispute puts the assignment back in work, with the
  dispute text in the executor's list.
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from veche.accounts.models import User
from veche.ledger.models import ActionKind
from veche.ledger.services import action_record
from veche.territories.calendar import add_working_days

from .. import deadlines
from ..models import AppealEvent, ApplicantVerdict, Assignment, AssignmentStatus
from ..notifications import Channel, notify_applicant
from ..notifications import Kind as NoticeKind
from ..validation import check_text
from .workflow import event_add

A = AssignmentStatus
OBJECT_TYPE = "assignment"
_NOTICE_CHANNELS = frozenset({Channel.CABINET, Channel.EMAIL, Channel.SMS})


def term_notify(*, assignment: Assignment) -> None:
    """Tell the applicant who does the work on their appeal and by when."""
    appeal = assignment.appeal
    text = (f"По вашему обращению {appeal.number} дано поручение: {assignment.task}\n"
            f"Исполнитель: {assignment.addressee}. Срок исполнения: "
            f"{assignment.deadline:%d.%m.%Y}.")
    notify_applicant(
        appeal=appeal, kind=NoticeKind.ASSIGNMENT_TERM, channels=_NOTICE_CHANNELS,
        subject=f"Обращение {appeal.number}: срок исполнения {assignment.deadline:%d.%m.%Y}",
        text=text, sms_text=f"Обращение {appeal.number}: работы поручены "
                            f"«{assignment.addressee}», срок {assignment.deadline:%d.%m.%Y}.")


def done_notify(*, assignment: Assignment) -> None:
    """Ask the applicant to confirm or dispute the work reported done."""
    appeal = assignment.appeal
    text = (f"Исполнитель сообщил, что поручение по обращению {appeal.number} выполнено: "
            f"{assignment.task}\nПодтвердите в личном кабинете, что работа сделана и "
            f"качество вас устраивает, или оспорьте — поручение вернут исполнителю.")
    notify_applicant(appeal=appeal, kind=NoticeKind.ASSIGNMENT_DONE, channels=_NOTICE_CHANNELS,
                     subject=f"Обращение {appeal.number}: работа выполнена?", text=text,
                     sms_text=f"Обращение {appeal.number}: работа выполнена? Подтвердите или "
                              f"оспорьте в личном кабинете.")


def check_verdict_open(assignment: Assignment) -> None:
    if assignment.status != A.DONE or assignment.applicant_verdict:
        raise ValidationError(
            _("Оценить можно только поручение, о выполнении которого сообщил исполнитель, и "
              "один раз за каждое выполнение."), code="verdict_not_expected")


def _lock(assignment: Assignment) -> Assignment:
    # Two taps, two tabs: the second sees the first's verdict and is refused.
    locked = Assignment.objects.select_for_update().select_related("appeal").get(
        pk=assignment.pk)
    check_verdict_open(locked)
    return locked


def _ledger(assignment: Assignment, at: dt.datetime, via: str) -> None:
    appeal = assignment.appeal
    action_record(person=appeal.applicant, kind=ActionKind.FEEDBACK, object_type=OBJECT_TYPE,
                  object_id=assignment.pk, object_title=f"{appeal.number}: {assignment.task}",
                  topic=appeal.topic, occurred_at=at, source=via[:20])


@transaction.atomic
def assignment_confirm(*, assignment: Assignment, by: User | None, comment: str = "",
                       via: str = "web", at: dt.datetime | None = None) -> Assignment:
    """The applicant confirms that the work is done and its quality suits them."""
    comment = check_text(comment, label=_("Комментарий"), limit=2000, required=False)
    assignment = _lock(assignment)
    at = at or timezone.now()
    assignment.applicant_verdict = ApplicantVerdict.CONFIRMED
    assignment.verdict_at = at
    assignment.save(update_fields=["applicant_verdict", "verdict_at"])
    event_add(assignment.appeal, kind=AppealEvent.Kind.FEEDBACK, actor=by, at=at,
              comment=f"Заявитель подтвердил исполнение поручения «{assignment.addressee}». "
                      f"{comment}".strip())
    _ledger(assignment, at, via)
    return assignment


@transaction.atomic
def assignment_dispute(*, assignment: Assignment, by: User | None, comment: str,
                       via: str = "web", at: dt.datetime | None = None) -> Assignment:
    """The applicant disputes the work (not done, or done badly): the assignment goes back to
    its executor in work, with the applicant's words and a new term."""
    try:
        comment = check_text(comment, label=_("Что не так"), limit=2000, required=False)
    except ValidationError as exc:
        raise ValidationError({"comment": exc.error_list}) from None
    if not comment:
        raise ValidationError({"comment": [ValidationError(
            _("Напишите, что не сделано или сделано плохо: исполнитель увидит ваши слова."),
            code="dispute_reason_required")]})
    assignment = _lock(assignment)
    at = at or timezone.now()
    assignment.status = A.IN_WORK
    assignment.done_at = None
    assignment.applicant_verdict = ApplicantVerdict.DISPUTED
    assignment.applicant_comment = comment
    assignment.verdict_at = at
    assignment.disputes += 1
    assignment.escalated_at = None
    assignment.deadline = max(assignment.deadline, add_working_days(
        timezone.localdate(at), deadlines.REDO_WORKING_DAYS))
    assignment.save(update_fields=["status", "done_at", "applicant_verdict", "applicant_comment",
                                   "verdict_at", "disputes", "escalated_at", "deadline"])
    event_add(assignment.appeal, kind=AppealEvent.Kind.FEEDBACK, actor=by, at=at,
              comment=f"Заявитель оспорил исполнение поручения «{assignment.addressee}»: "
                      f"{comment} Поручение снова в работе, срок "
                      f"{assignment.deadline:%d.%m.%Y}.")
    _ledger(assignment, at, via)
    return assignment
