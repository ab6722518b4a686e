"""Staff pages of recurring questions (groups of similar appeals, found in the background)
and of the template-solution knowledge base, with the suggestion endpoint for appeal forms."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from veche.appeals import access
from veche.appeals.knowledge import suggest_solutions
from veche.appeals.knowledge.selectors import solutions_for
from veche.appeals.knowledge.services import (
    solution_create,
    solution_document_add,
    solution_update,
    steps_from_text,
)
from veche.appeals.recurring.selectors import (
    recurring_latest_run,
    recurring_question_appeals,
    recurring_questions,
    trend_summary,
)
from veche.appeals.recurring.services import recurring_link_solution, recurring_run_request
from veche.appeals.recurring.tasks import run_recurring_find

from ... import charts
from ...forms import attach_errors
from .common import meetings_staff
from .forms import LinkSolutionForm, SolutionForm


@meetings_staff
def recurring(request, slug):
    t = request.territory
    if request.method == "POST":
        run = recurring_run_request(territory=t, requested_by=request.user)
        run_recurring_find.enqueue(run_id=run.pk, territory_id=t.pk)
        messages.success(request, _("Поиск повторяющихся вопросов запущен; он идёт в фоне."))
        return redirect("web:meetings_recurring", slug=t.slug)
    questions = list(recurring_questions(territory=t)[:100])
    today = timezone.localdate()
    for q in questions:
        q.trend_view = trend_summary(q.trend, today=today)
    top = questions[:10]
    return render(request, "web/meetings/recurring.html", {
        "run": recurring_latest_run(territory=t), "questions": questions,
        "chart": charts.hbar(chart_id="recurring-top", title=_("Самые частые вопросы"),
                             # Two words name a group on the chart; three overflow the label column.
                             rows=[{"label": ", ".join(q.label.split(", ")[:2]), "n": q.size}
                                   for q in top], label="label",
                             value="n", headers=(_("Вопрос"), _("Обращений"))),
    })


@meetings_staff
def recurring_detail(request, slug, recurringquestion_id):
    t = request.territory
    question = access.access_recurring(request.user, t, recurringquestion_id)
    solutions = solutions_for(territory=t)
    form = LinkSolutionForm(request.POST if request.method == "POST" else None,
                            solutions=solutions, initial={"solution": question.solution_id})
    if request.method == "POST" and form.is_valid():
        try:
            recurring_link_solution(question=question, solution=form.cleaned_data["solution"])
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("Связь с типовым решением сохранена."))
            return redirect("web:meetings_recurring_detail", slug=t.slug,
                            recurringquestion_id=question.pk)
    trend = [{"month": _month(p["month"]), "n": p["count"]} for p in question.trend][-24:]
    return render(request, "web/meetings/recurring_detail.html", {
        "question": question, "form": form,
        "appeals": recurring_question_appeals(question=question),
        "suggested": suggest_solutions(territory=t, text=" ".join(question.terms) + " "
                                       + question.example),
        "trend": charts.columns(chart_id="recurring-trend", title=_("Обращений по месяцам"),
                                rows=trend, value="n", headers=(_("Месяц"), _("Обращений"))),
    }, status=400 if form.errors else 200)


def _month(text: str):
    import datetime as dt
    return dt.date.fromisoformat(text)


def _save_solution(request, form, solution=None):
    d = form.cleaned_data
    args = dict(title=d["title"], problem=d["problem"], steps=steps_from_text(d["steps"]),
                keywords=d["keywords"], topic=d["topic"], is_published=d["is_published"])
    if solution is None:
        solution = solution_create(territory=request.territory, created_by=request.user, **args)
    else:
        solution = solution_update(solution=solution, **args)
    if (d["doc_title"] or "").strip() or (d["doc_body"] or "").strip():
        solution_document_add(solution=solution, title=d["doc_title"], body=d["doc_body"])
    return solution


@meetings_staff
def solutions(request, slug):
    t = request.territory
    form = SolutionForm(request.POST if request.method == "POST" else None, territory=t)
    if request.method == "POST" and form.is_valid():
        try:
            solution = _save_solution(request, form)
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("Типовое решение добавлено."))
            return redirect("web:meetings_solution", slug=t.slug, solution_id=solution.pk)
    q = (request.GET.get("q") or "")[:100]
    return render(request, "web/meetings/solutions.html", {
        "form": form, "q": q,
        "solutions": solutions_for(territory=t, q=q).prefetch_related("documents")[:200],
    }, status=400 if form.errors else 200)


@meetings_staff
def solution(request, slug, solution_id):
    t = request.territory
    # A network-wide solution is shown read-only in a town; changing it is not found there.
    obj = access.access_solution(request.user, t, solution_id, edit=request.method == "POST")
    editable = obj.territory_id == t.pk
    initial = {"title": obj.title, "problem": obj.problem, "steps": "\n".join(obj.steps),
               "keywords": obj.keywords, "topic": obj.topic_id,
               "is_published": obj.is_published}
    form = SolutionForm(request.POST if request.method == "POST" else None, territory=t,
                        initial=initial)
    if request.method == "POST":
        if form.is_valid():
            try:
                _save_solution(request, form, obj)
            except ValidationError as exc:
                attach_errors(form, exc)
            else:
                messages.success(request, _("Изменения сохранены."))
                return redirect("web:meetings_solution", slug=t.slug, solution_id=obj.pk)
    return render(request, "web/meetings/solution.html", {
        "solution": obj, "form": form, "editable": editable,
        "recurring": recurring_questions(territory=t).filter(solution=obj)[:20],
    }, status=400 if form.errors else 200)


@meetings_staff
@require_POST
def solution_suggest(request, slug):
    """htmx: solutions fitting the text being typed into an appeal form (POST: texts can be
    long and carry personal data, which does not belong in URLs and logs)."""
    text = (request.POST.get("text") or "")[:20_000]
    return render(request, "web/meetings/suggestions.html", {
        "suggested": suggest_solutions(territory=request.territory, text=text),
    })
