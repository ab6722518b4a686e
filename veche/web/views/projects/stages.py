"""Staff pages of a town's project: the seven-stage checklist (with manual ticks), the list of
city problems and the list of initiatives with their authors."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from veche.practices import access
from veche.practices.lifecycle import INITIATIVE_STATUS
from veche.practices.models import CityProblem, Initiative
from veche.practices.projects.checklist import checklist_summary, stage_checklist
from veche.practices.projects.selectors import (
    initiatives_of,
    problems_of,
    projects_of,
)
from veche.practices.projects.services import (
    initiative_create,
    problem_create,
    project_create,
    project_stage_set,
    stage_mark_set,
)
from veche.territories.selectors import town_topics

from .common import current_project, run_service, staff_required
from .forms import InitiativeForm, MarkForm, ProblemForm, ProjectForm, StatusForm


@staff_required
def home(request, slug):
    """The project's stages with what is done and what is missing; a form to start the year's
    project when there is none."""
    t = request.territory
    project = current_project(request)
    form = ProjectForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        done = run_service(request, form, lambda d: project_create(
            territory=t, year=d["year"], title=d.get("title") or ""),
            _("Проект «{obj.title}» начат."), "web:projects_home")
        if done:
            return done
    if project is None:
        return render(request, "web/projects/start.html", {"form": form},
                      status=400 if form.errors else 200)
    stages = stage_checklist(project=project)
    return render(request, "web/projects/home.html", {
        "project": project, "projects": projects_of(territory=t), "stages": stages,
        "summary": checklist_summary(stages), "form": form, "mark_form": MarkForm(),
    }, status=400 if form.errors else 200)


@staff_required
@require_POST
def stage_set(request, slug):
    project = current_project(request)
    if project is None:
        return redirect("web:projects_home", slug=slug)
    raw = request.POST.get("stage", "")
    try:
        project_stage_set(project=project, stage=int(raw) if raw.isdigit() else 0)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, _("Текущий этап: %(n)s.") % {"n": project.current_stage})
    return redirect("web:projects_home", slug=slug)


@staff_required
@require_POST
def mark(request, slug):
    project = current_project(request)
    if project is None:
        return redirect("web:projects_home", slug=slug)
    form = MarkForm(request.POST, request.FILES)
    done = run_service(request, form, lambda d: stage_mark_set(
        project=project, result_code=d["result_code"], done=d["done"], by=request.user,
        evidence_text=d["evidence_text"], evidence_url=d["evidence_url"],
        evidence_file=d.get("evidence_file")), _("Отметка сохранена."), "web:projects_home")
    if done:
        return done
    for error in form.errors.values():
        messages.error(request, " ".join(error))
    return redirect("web:projects_home", slug=slug)


@staff_required
def problems(request, slug):
    t = request.territory
    project = current_project(request)
    if project is None:
        return redirect("web:projects_home", slug=slug)
    form = ProblemForm(request.POST or None, topics=town_topics(territory=t))
    if request.method == "POST":
        done = run_service(request, form, lambda d: problem_create(
            territory=t, project=project, text=d["text"], topic=d["topic"], source=d["source"],
            by=request.user),
            _("Проблема добавлена в перечень."), "web:projects_problems")
        if done:
            return done
    return render(request, "web/projects/problems.html", {
        "project": project, "problems": problems_of(project=project), "form": form,
        "sources": CityProblem.Source,
    }, status=400 if form.errors else 200)


@staff_required
def initiatives(request, slug):
    t = request.territory
    project = current_project(request)
    if project is None:
        return redirect("web:projects_home", slug=slug)
    form = InitiativeForm(request.POST or None,
                          problems=CityProblem.objects.filter(project=project))
    if request.method == "POST":
        done = run_service(request, form, lambda d: initiative_create(
            territory=t, project=project, title=d["title"], description=d["description"],
            problem=d["problem"], author_names=d["author_names"]),
            _("Инициатива «{obj.title}» добавлена."), "web:projects_initiatives")
        if done:
            return done
    return render(request, "web/projects/initiatives.html", {
        "project": project, "initiatives": initiatives_of(project=project), "form": form,
        "statuses": Initiative.Status.choices,
    }, status=400 if form.errors else 200)


@staff_required
@require_POST
def initiative_status(request, slug, initiative_id):
    initiative = access.access_initiative(request.user, request.territory, initiative_id)
    form = StatusForm(request.POST)
    if form.is_valid():
        INITIATIVE_STATUS.run(form.cleaned_data["status"], initiative, by=request.user,
                              roles=request.town_roles)
        messages.success(request, _("Состояние инициативы изменено."))
    else:
        messages.error(request, _("Выберите состояние из списка."))
    return redirect("web:projects_initiatives", slug=slug)
