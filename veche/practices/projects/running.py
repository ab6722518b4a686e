"""A practice being implemented (seed 004, stages 6–7) as records rather than ticks: its
participants as registry persons with their role and their work (each piece of work one
ledger action «волонтёрские часы»), corrections of the plan with their history and reason,
the assessments the head's meeting makes (the list of participants, legal changes, the
procedure for involving residents, effectiveness), and residents' proposals «продолжить /
изменить / прекратить» (each one a ledger action «предложение») answered by staff."""

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from veche.accounts.models import User
from veche.ledger.models import ActionKind
from veche.ledger.services import action_record
from veche.registry.models import Person

from ..models import (
    ImplementationPlan,
    ParticipantWork,
    PlanAssessment,
    PlanCorrection,
    PlanIndicator,
    PlanParticipant,
    PlanTask,
    ResidentProposal,
)
from .checks import check_same_town, clean_text

# Plan fields a correction may change, with their names for the history.
CORRECTABLE = {"resource_sources": "Источники ресурсов", "legal_changes": "Изменения НПА",
               "starts_on": "Начало", "ends_on": "Окончание"}
INDICATOR_FIELDS = {"target": "целевое значение", "deadline": "срок"}


def _refuse(field: str, message: str, code: str, **params) -> ValidationError:
    return ValidationError({field: ValidationError(message, code=code, params=params or None)})


@transaction.atomic
def participant_add(*, plan: ImplementationPlan, person: Person,
                    role: str = PlanParticipant.Role.VOLUNTEER,
                    joined_on: dt.date | None = None, by: User | None = None) -> PlanParticipant:
    """A resident joins the practice's list of participants (a registry person of the town)."""
    check_same_town(plan.territory, person, "person", _("Житель"))
    if role not in PlanParticipant.Role.values:
        raise _refuse("role", _("Выберите роль участника из списка."), "role_unknown")
    if PlanParticipant.objects.filter(plan=plan, person=person).exists():
        raise _refuse("person", _("%(name)s уже в списке участников."), "participant_duplicate",
                      name=person.full_name)
    try:
        with transaction.atomic():
            return PlanParticipant.objects.create(
                territory=plan.territory, plan=plan, person=person, role=role,
                joined_on=joined_on or timezone.localdate(), added_by=by)
    except IntegrityError:
        raise _refuse("person", _("%(name)s уже в списке участников."), "participant_duplicate",
                      name=person.full_name) from None


@transaction.atomic
def participant_leave(*, participant: PlanParticipant, left_on: dt.date) -> PlanParticipant:
    """The participant is no longer active: the list stays current, the history stays."""
    if left_on < participant.joined_on:
        raise _refuse("left_on", _("Дата выхода раньше даты включения."), "ends_before_start")
    participant.left_on = left_on
    participant.save(update_fields=["left_on"])
    return participant


@transaction.atomic
def participant_work_record(*, participant: PlanParticipant, done_on: dt.date, hours,
                            description: str, task: PlanTask | None = None,
                            by: User | None = None) -> ParticipantWork:
    """What a participant did (hours, the task): one ledger action of the person, weighted by
    the hours, so the work counts toward the town's engagement."""
    if not isinstance(done_on, dt.date) or done_on > timezone.localdate():
        raise _refuse("done_on", _("Укажите день работы (не в будущем)."), "date_invalid")
    try:
        hours = Decimal(str(hours).replace(",", ".")).quantize(Decimal("0.1"))
    except (InvalidOperation, ValueError):
        raise _refuse("hours", _("Часы — число, например 2,5."), "not_number") from None
    if not Decimal("0.1") <= hours <= Decimal("24"):
        raise _refuse("hours", _("Часы за день — от 0,1 до 24."), "hours_out_of_range")
    if task is not None and task.plan_id != participant.plan_id:
        raise _refuse("task", _("Задача не из этого плана."), "task_other_plan")
    description = clean_text(description, "description", _("Что сделано"), limit=2000)
    work = ParticipantWork.objects.create(
        territory=participant.territory, participant=participant, task=task, done_on=done_on,
        hours=hours, description=description, recorded_by=by)
    plan = participant.plan
    at = timezone.make_aware(dt.datetime.combine(done_on, dt.time(12)))
    action_record(person=participant.person, kind=ActionKind.VOLUNTEER_HOURS,
                  object_type="practices.participantwork", object_id=work.pk,
                  object_title=f"{plan.title}: {description}"[:300], occurred_at=at,
                  weight=float(hours), source="staff")
    return work


def _shown(value) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, dt.date):
        return value.strftime("%d.%m.%Y")
    return str(value)


@transaction.atomic
def plan_correct(*, plan: ImplementationPlan, what: str, value, reason: str,
                 by: User | None, indicator: PlanIndicator | None = None) -> PlanCorrection:
    """Change one thing of a plan (a plan field, or an indicator's target or deadline) with
    the reason; the correction keeps what it was and what it became (the plan's history)."""
    reason = clean_text(reason, "reason", _("Причина корректировки"), limit=2000)
    obj: ImplementationPlan | PlanIndicator
    if plan.status == ImplementationPlan.Status.STOPPED:
        raise _refuse("what", _("План прекращён: корректировать нечего."), "plan_stopped")
    if indicator is not None:
        if indicator.plan_id != plan.pk or what not in INDICATOR_FIELDS:
            raise _refuse("what", _("Показатель не из этого плана или поле не меняется."),
                          "correction_unknown")
        obj, field, code = indicator, what, f"indicator:{indicator.pk}:{what}"
        label = f"{indicator.name}: {INDICATOR_FIELDS[what]}"
    elif what in CORRECTABLE:
        obj, field, code, label = plan, what, what, CORRECTABLE[what]
    else:
        raise _refuse("what", _("Такое поле плана не корректируется."), "correction_unknown")
    if field in ("starts_on", "ends_on", "deadline"):
        if value is not None and not isinstance(value, dt.date):
            raise _refuse("value", _("Укажите дату."), "date_invalid")
    elif field == "target":
        from .plans import _number

        value = _number(value, "value", _("Целевое значение"))
    else:
        value = clean_text(value, "value", label, required=False)
    before = getattr(obj, field)
    if before == value:
        raise _refuse("value", _("Новое значение совпадает с прежним."), "correction_same")
    setattr(obj, field, value)
    if plan.starts_on and plan.ends_on and plan.ends_on < plan.starts_on:
        raise _refuse("value", _("Окончание раньше начала: проверьте даты."), "ends_before_start")
    obj.save(update_fields=[field])
    return PlanCorrection.objects.create(
        territory=plan.territory, plan=plan, what=code, label=label[:300],
        before=_shown(before), after=_shown(value), reason=reason, corrected_by=by)


@transaction.atomic
def plan_assess(*, plan: ImplementationPlan, kind: str, conclusion: str, evidence: str,
                by: User | None) -> PlanAssessment:
    """An assessment of stages 6–7 with its conclusion and the document it rests on."""
    if kind not in PlanAssessment.Kind.values:
        raise _refuse("kind", _("Выберите, что оценено."), "assessment_kind_unknown")
    conclusion = clean_text(conclusion, "conclusion", _("Вывод"), limit=5000)
    evidence = clean_text(evidence, "evidence", _("Документ (номер, дата) или ссылка"),
                          limit=500)
    return PlanAssessment.objects.create(territory=plan.territory, plan=plan, kind=kind,
                                         conclusion=conclusion, evidence=evidence,
                                         assessed_by=by)


@transaction.atomic
def proposal_submit(*, plan: ImplementationPlan, person: Person, kind: str,
                    text: str) -> ResidentProposal:
    """A resident's proposal on a running practice: continue, change or stop, with why.
    It is the person's action in the ledger («предложение»)."""
    check_same_town(plan.territory, person, "person", _("Житель"))
    if plan.status != ImplementationPlan.Status.APPROVED:
        raise _refuse("plan", _("Предложения принимаются по реализуемым практикам."),
                      "plan_not_running")
    if kind not in ResidentProposal.Kind.values:
        raise _refuse("kind", _("Выберите: продолжить, изменить или прекратить."),
                      "proposal_kind_unknown")
    text = clean_text(text, "text", _("Предложение"), limit=3000)
    if ResidentProposal.objects.filter(plan=plan, person=person, text__iexact=text).exists():
        raise _refuse("text", _("Такое предложение вы уже отправили."), "proposal_duplicate")
    proposal = ResidentProposal.objects.create(territory=plan.territory, plan=plan,
                                               person=person, kind=kind, text=text)
    action_record(person=person, kind=ActionKind.PROPOSAL,
                  object_type="practices.residentproposal", object_id=proposal.pk,
                  object_title=f"{plan.title}: {proposal.get_kind_display()}"[:300],
                  source="web")
    return proposal


@transaction.atomic
def proposal_answer(*, proposal: ResidentProposal, answer: str,
                    by: User | None) -> ResidentProposal:
    """Staff answer a resident's proposal (the answer may be refined: the time moves)."""
    proposal.answer = clean_text(answer, "answer", _("Ответ"), limit=5000)
    proposal.answered_by, proposal.answered_at = by, timezone.now()
    proposal.save(update_fields=["answer", "answered_by", "answered_at"])
    return proposal
