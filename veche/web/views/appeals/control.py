"""Control of assignments (due soon, overdue, done — by department and executor), the
executor's own list, reports, and the satisfaction / time-to-solve page."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from veche.accounts.access import role_required
from veche.appeals import access
from veche.appeals import selectors as sel
from veche.appeals import services as svc
from veche.appeals.lifecycle import ASSIGNMENT, ASSIGNMENT_STATUS_FORM, perform, step_to

from ... import charts
from ...forms import attach_errors
from .forms import AssignmentForm, AssignmentStatusForm, ControlFilterForm, ReportForm

staff_required = role_required(access.MANAGE)

PAGE = 50
# Lazy: built once at import, shown in the language of each request.
BUCKETS = [("active", gettext_lazy("Все в работе")), ("overdue", gettext_lazy("Просрочено")),
           ("due_soon", gettext_lazy("Срок в ближайшие 3 дня")),
           ("in_time", gettext_lazy("В работе")), ("done", gettext_lazy("Исполнено за 30 дней"))]


def _control(request, *, template: str, mine: bool, default_bucket: str = "overdue"):
    viewer = access.access_office(request.user, request.territory)
    qs = sel.assignments_visible(viewer)
    if mine:
        qs = qs.filter(executor=request.user) if viewer.sees_all else qs
    params = request.GET.copy()
    params.setdefault("bucket", default_bucket)  # the select shows the list that is shown
    form = ControlFilterForm(params, territory=request.territory)
    form.is_valid()
    data = getattr(form, "cleaned_data", {})
    dept = data.get("department")
    bucket = data.get("bucket") or default_bucket
    figures = sel.control_figures(qs, department_id=dept.pk if dept else None)
    items = sel.control_list(qs if not dept else qs.filter(department=dept), bucket=bucket)
    page = Paginator(items, PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    chart = charts.hbar(
        chart_id="control-chart", title=_("Просроченные поручения по отделам"),
        rows=[r for r in figures["by_department"] if r["overdue"]][:15], label="label",
        value="overdue", headers=(_("Отдел или организация"), _("Просрочено")))
    return render(request, template, {
        "form": form, "figures": figures, "page": page, "bucket": bucket, "buckets": BUCKETS,
        "query": query.urlencode(), "viewer": viewer, "chart": chart,
    })


@staff_required
def control(request, slug):
    """The head's and the desk's view of every assignment; executors see their department."""
    return _control(request, template="web/appeals/control.html", mine=False)


@staff_required
def executor(request, slug):
    """«Мои поручения»: an executor's department (or, for the desk, their own)."""
    # An executor's list opens on everything to do: a new assignment is not overdue yet, and
    # an «overdue» default would hide it.
    return _control(request, template="web/appeals/executor.html", mine=True,
                    default_bucket="active")


def _report_page(request, assignment, viewer, form, delegate_form):
    return render(request, "web/appeals/report.html", {
        "assignment": assignment, "form": form, "viewer": viewer,
        "delegate_form": delegate_form,
        "reports": assignment.reports.select_related("author").prefetch_related("attachments"),
        "handed_down": assignment.children.select_related("department", "executor"),
    }, status=400 if form.errors or delegate_form.errors else 200)


@staff_required
def report(request, slug, assignment_id):
    viewer = access.access_office(request.user, request.territory)
    assignment = access.access_assignment(request.user, request.territory, assignment_id,
                                          viewer=viewer)
    form = ReportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            svc.assignment_report(assignment=assignment, text=form.cleaned_data["text"],
                                  author=request.user,
                                  marks_done=form.cleaned_data["marks_done"],
                                  files=form.cleaned_data["photos"])
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("Отчёт сохранён."))
            return redirect("web:appeals_executor", slug=request.territory.slug)
    delegate_form = AssignmentForm(territory=request.territory,
                                   initial={"deadline": assignment.deadline})
    return _report_page(request, assignment, viewer, form, delegate_form)


@require_POST
@staff_required
def delegate(request, slug, assignment_id):
    """The executor hands part of the work down (a sub-assignment, due by the assignment's
    own deadline); the page says that each hand-down adds a level seed 000 warns about."""
    viewer = access.access_office(request.user, request.territory)
    assignment = access.access_assignment(request.user, request.territory, assignment_id,
                                          viewer=viewer)
    form = AssignmentForm(request.POST, territory=request.territory)
    if form.is_valid():
        data = form.cleaned_data
        try:
            svc.assignment_delegate(
                parent=assignment, task=data["task"], deadline=data["deadline"],
                actor=request.user, department=data["department"],
                organisation=data["organisation"],
                executor=data["executor"].user if data["executor"] else None)
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("Поручение передано дальше."))
            return redirect("web:appeals_report", slug=slug, assignment_id=assignment.pk)
    return _report_page(request, assignment, viewer, ReportForm(), form)


@require_POST
@staff_required
def assignment_status(request, slug, assignment_id):
    assignment = access.access_assignment(request.user, request.territory, assignment_id,
                                          manage=True)
    form = AssignmentStatusForm(request.POST)
    if form.is_valid():
        try:
            step = step_to(ASSIGNMENT, form.cleaned_data["to_status"],
                           among=ASSIGNMENT_STATUS_FORM)
            perform(ASSIGNMENT, step.action, assignment, by=request.user,
                    comment=form.cleaned_data["comment"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Статус поручения изменён."))
    else:
        messages.error(request, _("Выберите статус поручения."))
    return redirect("web:appeals_card", slug=request.territory.slug,
                    appeal_id=assignment.appeal_id)


@staff_required
def quality(request, slug):
    """Satisfaction and time to solve, by department and by topic."""
    viewer = access.access_quality(request.user, request.territory)
    t = request.territory
    by_dept = sel.satisfaction_by(territory=t, group="department")
    by_topic = sel.satisfaction_by(territory=t, group="topic")
    extra = [("answered", _("Ответов"), "int"), ("days", _("Дней до ответа"), "number"),
             ("feedback", _("Оценок"), "int"), ("solved_share", _("Решено"), "percent")]
    return render(request, "web/appeals/quality.html", {
        "viewer": viewer, "by_dept": by_dept, "by_topic": by_topic,
        "dept_chart": charts.hbar(
            chart_id="sat-dept", title=_("Удовлетворённость по отделам (1–5)"),
            rows=by_dept[:15], label="label", value="satisfaction", fmt="number",
            headers=(_("Отдел"), _("Оценка")), extra=extra),
        "topic_chart": charts.hbar(
            chart_id="sat-topic", title=_("Удовлетворённость по темам (1–5)"),
            rows=by_topic[:15], label="label", value="satisfaction", fmt="number",
            headers=(_("Тема"), _("Оценка")), extra=extra),
        "days_chart": charts.hbar(
            chart_id="days-dept", title=_("Среднее время до ответа по отделам, дней"),
            rows=by_dept[:15], label="label", value="days", fmt="number",
            headers=(_("Отдел"), _("Дней"))),
    })
