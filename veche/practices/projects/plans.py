"""Implementation and evaluation (seed 004, stages 5–7): a plan with expected results (target
values and deadlines), resource sources, tasks with responsible people and deadlines and the
needed changes to legal acts; monitoring reports of current against planned values; and the
decision to continue, change resources or stop, with its reason."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from veche.accounts.models import User
from veche.registry.models import Person
from veche.territories.models import Territory

from ..models import (
    EvaluationDecision,
    ImplementationPlan,
    Initiative,
    MonitoringReport,
    PlanIndicator,
    PlanTask,
    TownProject,
)
from .checks import check_same_town, clean_lines, clean_text, clean_url


def _number(value, field: str, what: str) -> float:
    if isinstance(value, bool):
        raise ValidationError({field: ValidationError(
            _("%(what)s: нужно число."), code="not_number", params={"what": what})})
    try:
        value = float(str(value).replace(",", ".").replace(" ", "").replace("\u00a0", ""))
    except (TypeError, ValueError):
        raise ValidationError({field: ValidationError(
            _("%(what)s: нужно число, например 12,5."), code="not_number",
            params={"what": what})}) from None
    if value != value or abs(value) > 1e12:
        raise ValidationError({field: ValidationError(
            _("%(what)s: число вне допустимого диапазона."), code="number_out_of_range",
            params={"what": what})})
    return value


@transaction.atomic
def plan_create(*, territory: Territory, title: str, project: TownProject | None = None,
                practice=None, initiative: Initiative | None = None,
                resource_sources: str = "", legal_changes: str = "",
                starts_on: dt.date | None = None, ends_on: dt.date | None = None,
                by: User | None = None) -> ImplementationPlan:
    title = clean_text(title, "title", _("Что внедряем"), limit=300)
    check_same_town(territory, project, "project", _("Проект"))
    check_same_town(territory, initiative, "initiative", _("Инициатива"))
    if starts_on and ends_on and ends_on < starts_on:
        raise ValidationError({"ends_on": ValidationError(
            _("Окончание раньше начала: проверьте даты."), code="ends_before_start")})
    return ImplementationPlan.objects.create(
        territory=territory, project=project, practice=practice, initiative=initiative,
        title=title, starts_on=starts_on, ends_on=ends_on, created_by=by,
        resource_sources=clean_text(resource_sources, "resource_sources",
                                    _("Источники ресурсов"), required=False),
        legal_changes=clean_text(legal_changes, "legal_changes", _("Изменения в НПА"),
                                 required=False))


@transaction.atomic
def plan_approve(*, plan: ImplementationPlan, legal_act: str) -> ImplementationPlan:
    legal_act = clean_text(legal_act, "legal_act", _("Акт об утверждении (номер, дата)"), limit=200)
    if not plan.indicators.exists():
        raise ValidationError({"legal_act": ValidationError(
            _("Сначала добавьте ожидаемые результаты с целевыми значениями."),
            code="plan_indicators_missing")})
    plan.legal_act, plan.status = legal_act, ImplementationPlan.Status.APPROVED
    plan.save(update_fields=["legal_act", "status"])
    return plan


@transaction.atomic
def plan_indicator_add(*, plan: ImplementationPlan, name: str, target, unit: str = "",
                       baseline=0, deadline: dt.date | None = None) -> PlanIndicator:
    name = clean_text(name, "name", _("Показатель"), limit=300)
    if plan.indicators.filter(name__iexact=name).exists():
        raise ValidationError({"name": ValidationError(
            _("Такой показатель в плане уже есть."), code="indicator_duplicate")})
    return PlanIndicator.objects.create(
        territory=plan.territory, plan=plan, name=name,
        unit=clean_text(unit, "unit", _("Единица"), required=False, limit=40),
        baseline=_number(baseline or 0, "baseline", _("Исходное значение")),
        target=_number(target, "target", _("Целевое значение")), deadline=deadline)


@transaction.atomic
def plan_task_add(*, plan: ImplementationPlan, title: str, responsible: str = "",
                  deadline: dt.date | None, responsible_person: Person | None = None) -> PlanTask:
    title = clean_text(title, "title", _("Задача"), limit=300)
    check_same_town(plan.territory, responsible_person, "responsible_person", _("Ответственный"))
    responsible = clean_text(responsible, "responsible", _("Ответственный"), required=False,
                             limit=300) or (responsible_person.full_name
                                            if responsible_person else "")
    if not responsible:
        raise ValidationError({"responsible": ValidationError(
            _("Укажите ответственного."), code="responsible_missing")})
    if deadline is None:
        raise ValidationError({"deadline": ValidationError(
            _("Укажите срок задачи."), code="deadline_missing")})
    return PlanTask.objects.create(territory=plan.territory, plan=plan, title=title,
                                   responsible=responsible, deadline=deadline,
                                   responsible_person=responsible_person)


@transaction.atomic
def plan_task_done(*, task: PlanTask, done_on: dt.date) -> PlanTask:
    task.done_on = done_on
    task.save(update_fields=["done_on"])
    return task


@transaction.atomic
def report_create(*, plan: ImplementationPlan, period_start: dt.date, period_end: dt.date,
                  values: dict, comment: str = "", participants: str = "", links=(),
                  photo=None, by: User | None = None) -> MonitoringReport:
    """Current values of the plan's indicators for a period ({indicator id: value})."""
    if not isinstance(period_start, dt.date) or not isinstance(period_end, dt.date):
        raise ValidationError({"period_start": ValidationError(
            _("Укажите период отчёта."), code="period_missing")})
    if period_end < period_start:
        raise ValidationError({"period_end": ValidationError(
            _("Конец периода раньше начала."), code="ends_before_start")})
    if not isinstance(values, dict):
        raise ValidationError({"values": ValidationError(
            _("Значения: нужен словарь показатель → значение."), code="values_not_dict")})
    indicators = {str(i.pk): i for i in plan.indicators.all()}
    clean, errors = {}, []
    for key, value in values.items():
        if str(key) not in indicators:
            errors.append(ValidationError(_("Показатель %(key)s не из этого плана."),
                                          code="indicator_other_plan", params={"key": key}))
            continue
        if value in (None, ""):
            continue
        clean[str(key)] = _number(value, "values", indicators[str(key)].name)
    if errors:
        raise ValidationError({"values": errors})
    if not clean:
        raise ValidationError({"values": ValidationError(
            _("Укажите текущее значение хотя бы одного показателя."), code="values_missing")})
    links = [clean_url(u, "links") for u in clean_lines(links, "links", _("Ссылки, фото"))]
    return MonitoringReport.objects.create(
        territory=plan.territory, plan=plan, period_start=period_start, period_end=period_end,
        values=clean, comment=clean_text(comment, "comment", _("Комментарий"), required=False),
        participants=clean_text(participants, "participants", _("Список участников"),
                                required=False, limit=100_000),
        links=links, photo=photo or "", created_by=by)


@transaction.atomic
def decision_record(*, plan: ImplementationPlan, decision: str, reason: str,
                    by: User | None) -> EvaluationDecision:
    if decision not in EvaluationDecision.Decision.values:
        raise ValidationError({"decision": ValidationError(
            _("Выберите решение: продолжить, изменить источники ресурсов или прекратить."),
            code="decision_unknown")})
    reason = clean_text(reason, "reason", _("Обоснование решения"), limit=5000)
    made = EvaluationDecision.objects.create(territory=plan.territory, plan=plan,
                                             decision=decision, reason=reason, decided_by=by)
    if decision == EvaluationDecision.Decision.STOP:
        plan.status = ImplementationPlan.Status.STOPPED
        plan.save(update_fields=["status"])
    return made


def report_rows(*, report: MonitoringReport) -> list[dict]:
    """Planned against current for one report: indicator, baseline, target, current, share of
    the way from baseline to target."""
    rows = []
    for ind in report.plan.indicators.all():
        current = report.values.get(str(ind.pk))
        span = ind.target - ind.baseline
        progress = None
        if current is not None and span:
            progress = round((current - ind.baseline) / span, 3)
        rows.append({"indicator": ind, "current": current, "progress": progress})
    return rows
