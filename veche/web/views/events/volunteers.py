"""Volunteering: the residents' page of help needed (sign up, withdraw, my hours), the hours
claim form, the organiser's task page (volunteers, claims to confirm or reject, hours logged
for a volunteer), the organiser's queue of claims, and new tasks for an initiative or an
event."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from veche.accounts.access import role_required
from veche.events import access
from veche.events import access_initiatives as acc
from veche.events.models import VolunteerSignup, VolunteerTask
from veche.events.selectors import initiatives as sel
from veche.events.services import volunteers as svc

from ...forms import attach_errors
from .initiative_forms import HoursForm, LogHoursForm, RejectForm, TaskForm

organise_required = role_required(acc.ORGANISE)


def _back(request, fallback: str):
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect(fallback)


def _errors(request, exc: ValidationError) -> None:
    messages.error(request, " ".join(exc.messages))


def home(request, slug):
    """Help needed now, and (logged in) my sign-ups and hours; organisers see their queue."""
    t = request.territory
    person = acc.person_of(request.user, t)
    tasks = list(sel.open_tasks(territory=t)[:100])
    roles = acc.initiative_roles(request.user, t, None) if request.user.is_authenticated \
        else set()
    queue = 0
    if request.user.is_authenticated:
        queue = sel.hours_to_confirm(territory=t, user=request.user, roles=roles).count()
    return render(request, "events/volunteer_home.html", {
        "tasks": tasks, "signed": sel.signed_task_ids(person=person, tasks=tasks),
        "signups": list(sel.my_signups(person=person)[:50]),
        "hours": list(sel.my_hours(person=person)[:50]), "person": person, "queue": queue})


@login_required
@require_POST
def signup(request, slug, volunteer_task_id):
    t = request.territory
    task = acc.access_task(request.user, t, volunteer_task_id)
    try:
        svc.signup_create(task=task, person=acc.require_resident(request.user, t))
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, _("Вы записаны волонтёром: «%(task)s». После работы отметьте "
                                    "часы — организатор их подтвердит.") % {"task": task.title})
    return _back(request, reverse("web:events_volunteer", args=[slug]))


@login_required
@require_POST
def withdraw(request, slug, volunteer_signup_id):
    item = acc.access_own_signup(request.user, request.territory, volunteer_signup_id)
    try:
        svc.signup_withdraw(signup=item)
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.info(request, _("Вы отказались от задачи «%(task)s».") % {
            "task": item.task.title})
    return redirect("web:events_volunteer", slug)


@login_required
def claim(request, slug, volunteer_signup_id):
    item = acc.access_own_signup(request.user, request.territory, volunteer_signup_id)
    limit, note = svc.hours_limit(item.task)
    form = HoursForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            svc.hours_claim(signup=item, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("Часы отмечены. Они будут учтены, когда организатор "
                                        "их подтвердит."))
            return redirect("web:events_volunteer", slug)
    return render(request, "events/volunteer_hours_form.html", {
        "signup": item, "task": item.task, "form": form, "limit": limit,
        "hours": list(item.hours.all())}, status=400 if form.errors else 200)


def _task_form_page(request, *, initiative=None, event=None):
    form = TaskForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            task = svc.task_create(territory=request.territory, initiative=initiative,
                                   event=event, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("Задача добавлена: жители увидят её в разделе "
                                        "«Нужна помощь»."))
            return redirect("web:events_task", request.territory.slug, task.pk)
    return render(request, "events/volunteer_task_form.html", {
        "form": form, "initiative": initiative, "event": event},
        status=400 if form.errors else 200)


@login_required
def task_new_initiative(request, slug, citizen_initiative_id):
    initiative = acc.access_initiative(request.user, request.territory, citizen_initiative_id,
                                       steer=True)
    return _task_form_page(request, initiative=initiative)


@organise_required
def task_new_event(request, slug, event_id):
    event = access.access_event(request.user, request.territory, event_id, manage=True,
                                roles=request.town_roles)
    return _task_form_page(request, event=event)


@login_required
def task(request, slug, volunteer_task_id):
    """The organiser's page of one task."""
    t = request.territory
    item = acc.access_task(request.user, t, volunteer_task_id, organise=True)
    signups = sel.task_signups(task=item)
    signed = VolunteerSignup.objects.filter(task=item, status=VolunteerSignup.Status.SIGNED
                                            ).select_related("person")
    return render(request, "events/volunteer_task.html", {
        "task": item, "signups": list(signups), "hours": list(sel.task_hours(task=item)),
        "log_form": LogHoursForm(signups=signed), "reject_form": RejectForm(),
        "limit": svc.hours_limit(item)[0], "statuses": VolunteerTask.Status.choices})


@login_required
@require_POST
def task_status(request, slug, volunteer_task_id):
    item = acc.access_task(request.user, request.territory, volunteer_task_id, organise=True)
    try:
        svc.task_status_set(task=item, status=request.POST.get("status", ""), by=request.user)
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, _("Состояние задачи: %(s)s.") % {
            "s": item.get_status_display()})
    return redirect("web:events_task", slug, item.pk)


@login_required
@require_POST
def log_hours(request, slug, volunteer_task_id):
    t = request.territory
    item = acc.access_task(request.user, t, volunteer_task_id, organise=True)
    signed = VolunteerSignup.objects.filter(task=item, status=VolunteerSignup.Status.SIGNED)
    form = LogHoursForm(request.POST, signups=signed.select_related("person"))
    if not form.is_valid():
        messages.error(request, _("Выберите волонтёра, дату и число часов."))
        return redirect("web:events_task", slug, item.pk)
    data = form.cleaned_data
    target = acc.access_signup(request.user, t, data["signup"].pk)
    try:
        svc.hours_log_for(signup=target, done_on=data["done_on"], hours=data["hours"],
                          description=data["description"], by=request.user)
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, _("Часы волонтёра отмечены и подтверждены."))
    return redirect("web:events_task", slug, item.pk)


@login_required
@require_POST
def confirm(request, slug, volunteer_hours_id):
    row = acc.access_hours(request.user, request.territory, volunteer_hours_id)
    try:
        svc.hours_confirm(hours=row, by=request.user)
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, _("Часы подтверждены и учтены: %(n)s ч.") % {
            "n": svc.fmt_hours(row.hours)})
    return _back(request, reverse("web:events_task", args=[slug, row.signup.task_id]))


@login_required
@require_POST
def reject(request, slug, volunteer_hours_id):
    row = acc.access_hours(request.user, request.territory, volunteer_hours_id)
    form = RejectForm(request.POST)
    form.is_valid()
    try:
        svc.hours_reject(hours=row, by=request.user, reason=form.cleaned_data.get("reason", ""))
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.info(request, _("Часы отклонены; волонтёр увидит причину."))
    return _back(request, reverse("web:events_task", args=[slug, row.signup.task_id]))


@login_required
def queue(request, slug):
    """Claims waiting for this organiser (a leader's initiatives, or all for the office)."""
    t = request.territory
    roles = acc.require_town_user(request.user, t)
    rows = list(sel.hours_to_confirm(territory=t, user=request.user, roles=roles)[:200])
    return render(request, "events/volunteer_queue.html", {
        "rows": rows, "reject_form": RejectForm()})
