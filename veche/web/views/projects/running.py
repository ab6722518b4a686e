"""A running practice's records on the plan page (seed 004, stages 6–7): participants as
registry persons and their work, plan corrections with history, assessments with evidence and
answers to residents' proposals (staff); the residents' own pages: supporting city problems
and proposing to continue, change or stop a running practice."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from veche.practices import access
from veche.practices.models import PlanParticipant, ResidentProposal
from veche.practices.projects.running import (
    CORRECTABLE,
    INDICATOR_FIELDS,
    participant_add,
    participant_leave,
    participant_work_record,
    plan_assess,
    plan_correct,
    proposal_answer,
    proposal_submit,
)
from veche.practices.projects.selectors import project_current
from veche.practices.projects.supports import (
    problem_support,
    problem_support_withdraw,
    problems_ranked,
    supported_by,
)
from veche.registry.models import Person
from veche.registry.selectors import persons_search

from ...forms import DATE_FORMATS
from .common import staff_required
from .running_forms import (
    AnswerForm,
    CorrectionForm,
    LeaveForm,
    ParticipantForm,
    PlanAssessmentForm,
    ProposalForm,
    WorkForm,
)


def _correction_choices(plan, indicators) -> list[tuple[str, str]]:
    out = [(k, str(v)) for k, v in CORRECTABLE.items()]
    for i in indicators:
        out += [(f"indicator:{i.pk}:{f}", f"{i.name}: {label}")
                for f, label in INDICATOR_FIELDS.items()]
    return out


def records_context(request, plan, indicators) -> dict:
    """What the plan page shows of stages 6–7, with empty forms and the registry search."""
    participants = list(plan.participants_list.select_related("person")
                        .prefetch_related("work"))
    q = (request.GET.get("q") or "").strip()[:100]
    return {
        "participants": participants,
        "corrections": plan.corrections.select_related("corrected_by"),
        "assessments": plan.assessments.select_related("assessed_by"),
        "proposals": plan.proposals.select_related("person", "answered_by"),
        "found": list(persons_search(territory=plan.territory, q=q)[:10]) if len(q) >= 2
        else [], "q": q,
        "participant_form": ParticipantForm(),
        "work_form": WorkForm(participants=[p for p in participants if not p.left_on],
                              tasks=plan.tasks.all()),
        "correction_form": CorrectionForm(choices=_correction_choices(plan, indicators)),
        "assessment_form": PlanAssessmentForm(),
    }


def _date_value(raw: str):
    for fmt in DATE_FORMATS:
        try:
            return dt.datetime.strptime(raw.strip(), fmt).date()
        except ValueError:
            continue
    raise ValidationError({"value": [ValidationError(_("Укажите дату в виде ДД.ММ.ГГГГ."),
                                                     code="date_invalid")]})


def _correct(request, plan, d):
    what, raw, indicator = d["what"], d["value"], None
    if what.startswith("indicator:"):
        _k, pk, what = what.split(":")
        indicator = plan.indicators.filter(pk=int(pk)).first()
    value = raw
    if what in ("starts_on", "ends_on", "deadline"):
        value = _date_value(raw) if raw.strip() else None
    return plan_correct(plan=plan, what=what, value=value, reason=d["reason"],
                        by=request.user, indicator=indicator)


def _participant(plan, pk) -> PlanParticipant:
    found = plan.participants_list.filter(pk=pk).select_related("person", "plan").first()
    if found is None:
        raise ValidationError({"participant": [ValidationError(
            _("Нет такого участника в этом плане."), code="no_participant")]})
    return found


def _person(plan, pk) -> Person:
    found = Person.objects.filter(pk=pk or 0, territory=plan.territory, is_erased=False).first()
    if found is None:
        raise ValidationError({"person": [ValidationError(
            _("Найдите жителя в реестре и выберите его."), code="no_person")]})
    return found


@staff_required
@require_POST
def plan_records(request, slug, implementationplan_id):
    """One write of the plan's stage 6–7 records; back to the plan page with the outcome."""
    plan = access.access_plan(request.user, request.territory, implementationplan_id)
    action, post = request.POST.get("action"), request.POST
    tasks = plan.tasks.all()
    active = plan.participants_list.filter(left_on__isnull=True).select_related("person")
    handlers = {
        "participant": (ParticipantForm(post), lambda d: participant_add(
            plan=plan, person=_person(plan, d["person"]), role=d["role"],
            joined_on=d["joined_on"], by=request.user), _("Участник включён в список.")),
        "leave": (LeaveForm(post), lambda d: participant_leave(
            participant=_participant(plan, d["participant"]), left_on=d["left_on"]),
            _("Участник отмечен как вышедший.")),
        "work": (WorkForm(post, participants=active, tasks=tasks),
                 lambda d: participant_work_record(
                     participant=_participant(plan, d["participant"]), done_on=d["done_on"],
                     hours=d["hours"], description=d["description"],
                     task=tasks.filter(pk=d["task"]).first() if d["task"] else None,
                     by=request.user), _("Работа записана.")),
        "correct": (CorrectionForm(post, choices=_correction_choices(
            plan, plan.indicators.all())), lambda d: _correct(request, plan, d),
            _("Корректировка внесена в план.")),
        "assess": (PlanAssessmentForm(post), lambda d: plan_assess(
            plan=plan, kind=d["kind"], conclusion=d["conclusion"], evidence=d["evidence"],
            by=request.user), _("Оценка записана.")),
        "answer": (AnswerForm(post), lambda d: proposal_answer(
            proposal=access.access_proposal(request.user, request.territory, d["proposal"]),
            answer=d["answer"], by=request.user), _("Ответ жителю записан.")),
    }
    if action in handlers:
        form, call, success = handlers[action]
        if not form.is_valid():
            for errors in form.errors.values():
                messages.error(request, " ".join(errors))
        else:
            try:
                call(form.cleaned_data)
            except ValidationError as exc:
                for message in exc.messages:
                    messages.error(request, message)
            else:
                messages.success(request, success)
    return redirect("web:projects_plan", slug=slug, implementationplan_id=plan.pk)


# --- residents ----------------------------------------------------------------------------

@login_required
def public_problems(request, slug):
    """The town's city problems, most supported first; the resident supports or withdraws."""
    t = request.territory
    person = access.resident_of(request.user, t)
    project = project_current(territory=t)
    if request.method == "POST":
        raw = request.POST.get("problem", "")
        problem = access.access_city_problem(request.user, t, raw)
        try:
            if request.POST.get("action") == "withdraw":
                problem_support_withdraw(problem=problem, person=person)
                messages.success(request, _("Поддержка отозвана."))
            else:
                problem_support(problem=problem, person=person)
                messages.success(request, _("Спасибо: ваша поддержка учтена."))
        except ValidationError as exc:
            messages.error(request, exc.messages[0])
        return redirect("web:projects_public_problems", slug=slug)
    problems = list(problems_ranked(project=project)) if project else []
    return render(request, "web/projects/public_problems.html", {
        "problems": problems, "mine": supported_by(project=project, person=person)
        if project else set(), "project": project,
    })


@login_required
def public_practices(request, slug):
    """Practices being implemented in the town; the resident proposes to continue, change or
    stop one, and sees the answers to their own proposals."""
    t = request.territory
    person = access.resident_of(request.user, t)
    form = ProposalForm(request.POST or None)
    if request.method == "POST":
        plan = access.access_running_plan(request.user, t, request.POST.get("plan", ""))
        if form.is_valid():
            try:
                proposal_submit(plan=plan, person=person, kind=form.cleaned_data["kind"],
                                text=form.cleaned_data["text"])
            except ValidationError as exc:
                for message in exc.messages:
                    messages.error(request, message)
            else:
                messages.success(request, _("Предложение отправлено: ответ появится здесь."))
                return redirect("web:projects_public_practices", slug=slug)
        else:
            messages.error(request, _("Выберите предложение и напишите, почему."))
    plans = list(access.running_plans(t).order_by("title"))
    mine = (ResidentProposal.objects.filter(person=person, plan__in=plans)
            .select_related("plan").order_by("-created_at"))
    return render(request, "web/projects/public_practices.html", {
        "plans": plans, "mine": mine, "form": form, "kinds": ResidentProposal.Kind.choices,
    }, status=400 if form.errors else 200)
