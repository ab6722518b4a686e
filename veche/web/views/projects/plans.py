"""Staff pages of implementation and evaluation: plans, one plan with its expected results,
tasks, monitoring reports (planned against current) and decisions."""

from django.shortcuts import render
from django.utils.translation import gettext as _

from veche.practices import access
from veche.practices.lifecycle import PLAN, plan_decide
from veche.practices.models import Initiative
from veche.practices.projects.plans import (
    plan_create,
    plan_indicator_add,
    plan_task_add,
    report_create,
    report_rows,
)
from veche.practices.projects.selectors import plans_of, reports_of

from .common import current_project, run_service, staff_required
from .forms import (
    ApproveForm,
    DecisionForm,
    IndicatorForm,
    PlanForm,
    ReportForm,
    TaskForm,
)
from .running import records_context


@staff_required
def plans(request, slug):
    t = request.territory
    project = current_project(request)
    form = PlanForm(request.POST or None, initiatives=Initiative.objects.filter(project=project))
    if request.method == "POST":
        done = run_service(request, form, lambda d: plan_create(
            territory=t, project=project, title=d["title"], initiative=d["initiative"],
            resource_sources=d["resource_sources"], legal_changes=d["legal_changes"],
            starts_on=d["starts_on"], ends_on=d["ends_on"], by=request.user),
            _("План «{obj.title}» создан."), "web:projects_plans")
        if done:
            return done
    return render(request, "web/projects/plans.html", {
        "project": project, "plans": plans_of(territory=t), "form": form,
    }, status=400 if form.errors else 200)


@staff_required
def plan(request, slug, implementationplan_id):
    the_plan = access.access_plan(request.user, request.territory, implementationplan_id)
    action = request.POST.get("action") if request.method == "POST" else None
    forms = {
        "indicator": IndicatorForm(request.POST if action == "indicator" else None),
        "task": TaskForm(request.POST if action == "task" else None),
        "approve": ApproveForm(request.POST if action == "approve" else None),
        "report": ReportForm(request.POST if action == "report" else None,
                             request.FILES if action == "report" else None),
        "decision": DecisionForm(request.POST if action == "decision" else None),
    }
    indicators = list(the_plan.indicators.all())
    calls = {
        "indicator": (lambda d: plan_indicator_add(
            plan=the_plan, name=d["name"], unit=d["unit"], baseline=d["baseline"] or 0,
            target=d["target"], deadline=d["deadline"]), _("Ожидаемый результат добавлен.")),
        "task": (lambda d: plan_task_add(plan=the_plan, title=d["title"],
                                         responsible=d["responsible"], deadline=d["deadline"]),
                 _("Задача добавлена.")),
        "approve": (lambda d: PLAN.run("approve", the_plan, by=request.user,
                                       roles=request.town_roles, legal_act=d["legal_act"]),
                    _("План утверждён.")),
        "report": (lambda d: report_create(
            plan=the_plan, period_start=d["period_start"], period_end=d["period_end"],
            values={str(i.pk): request.POST.get(f"value_{i.pk}", "").strip()
                    for i in indicators},
            comment=d["comment"], participants=d["participants"], links=d["links"],
            photo=d.get("photo"), by=request.user), _("Отчёт мониторинга сохранён.")),
        "decision": (lambda d: plan_decide(plan=the_plan, decision=d["decision"],
                                           reason=d["reason"], by=request.user,
                                           roles=request.town_roles),
                     _("Решение записано.")),
    }
    if action in calls:
        call, message = calls[action]
        done = run_service(request, forms[action], call, message, "web:projects_plan",
                           implementationplan_id=the_plan.pk)
        if done:
            return done
    reports = [{"report": r, "rows": report_rows(report=r)} for r in reports_of(plan=the_plan)]
    return render(request, "web/projects/plan.html", {
        "plan": the_plan, "indicators": indicators, "tasks": the_plan.tasks.all(),
        "reports": reports, "decisions": the_plan.decisions.select_related("decided_by"),
        "forms": forms, "values": {k[6:]: v for k, v in request.POST.items()
                                   if k.startswith("value_")},
        "project": current_project(request), **records_context(request, the_plan, indicators),
    }, status=400 if any(f.errors for f in forms.values()) else 200)
