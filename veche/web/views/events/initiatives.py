"""Citizens' initiatives: the residents' list and page (join the group, sign up for its tasks),
the proposal form, the leader's and the office's lifecycle buttons on the page, the office's
list with filters and links to other capabilities' objects (shown on the page)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from veche.accounts.access import role_required
from veche.events import access_initiatives as acc
from veche.events.lifecycle_initiatives import INITIATIVE, NEEDS_RESULTS
from veche.events.models import CitizenInitiative
from veche.events.selectors import initiatives as sel
from veche.events.services import initiatives as svc

from ...forms import attach_errors
from .events import LINK_URLS
from .initiative_forms import (
    LINK_LABELS,
    InitiativeFilterForm,
    InitiativeForm,
    InitiativeLinkForm,
    ResultsForm,
)

organise_required = role_required(acc.ORGANISE)
PAGE = 50
# Where a link leads: the events capability's own event page, else the core's table of the
# other capabilities' pages (events.LINK_URLS).
_URLS = {**LINK_URLS, "events.event": "web:events_detail"}


def link_rows(request, initiative) -> list[dict]:
    rows = []
    for link in sel.initiative_links(initiative=initiative):
        town = [] if link.object_type == "practices.practice" else [request.territory.slug]
        try:
            href = reverse(_URLS[link.object_type], args=[*town, int(link.object_id)])
        except (KeyError, ValueError, NoReverseMatch):
            href = ""
        rows.append({"pk": link.pk, "title": link.title, "href": href,
                     "label": LINK_LABELS.get(link.object_type, link.object_type)})
    return rows


def public_list(request, slug):
    t = request.territory
    status = request.GET.get("status", "")
    if status not in CitizenInitiative.Status.values:
        status = ""
    qs = sel.initiatives_in_town(territory=t, status=status)
    page = Paginator(qs, PAGE).get_page(request.GET.get("page"))
    return render(request, "events/initiative_list.html", {
        "page": page, "status": status, "statuses": CitizenInitiative.Status.choices,
        "mine": list(sel.led_initiatives(person=acc.person_of(request.user, t))[:20])})


@login_required
def propose(request, slug):
    t = request.territory
    person = acc.person_of(request.user, t)
    form = InitiativeForm(request.POST or None, territory=t)
    if request.method == "POST" and form.is_valid():
        try:
            initiative = svc.initiative_propose(territory=t, person=person, user=request.user,
                                                **form.cleaned_data)
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("Инициатива предложена. Вы — руководитель её группы: "
                                        "откройте набор участников и добавьте задачи для "
                                        "волонтёров."))
            return redirect("web:events_initiative_detail", slug, initiative.pk)
    return render(request, "events/initiative_form.html", {
        "form": form, "no_person": person is None},
        status=400 if form.errors else 200)


def detail(request, slug, citizen_initiative_id):
    t = request.territory
    initiative = acc.access_initiative(request.user, t, citizen_initiative_id)
    person = acc.person_of(request.user, t)
    roles = acc.initiative_roles(request.user, t, initiative)
    steer = bool(roles & acc.STEER)
    tasks = list(sel.initiative_tasks(initiative=initiative))
    context = {
        "initiative": initiative, "tasks": tasks, "links": link_rows(request, initiative),
        "person": person, "member": sel.is_member(initiative=initiative, person=person),
        "signed": sel.signed_task_ids(person=person, tasks=tasks),
        "members_count": initiative.members.count(),
        "hours_total": sel.hours_confirmed_total(tasks=tasks), "steer": steer,
        "organise": bool(roles & acc.ORGANISE), "leader": acc.LEADER in roles,
    }
    if steer:
        context.update({
            "steps": INITIATIVE.allowed(initiative, roles), "needs_results": NEEDS_RESULTS,
            "results_form": ResultsForm(), "members": list(sel.initiative_members(
                initiative=initiative)),
            "claims": list(sel.hours_to_confirm(territory=t, user=request.user, roles=roles)
                           .filter(signup__task__initiative=initiative)),
        })
    if roles & acc.ORGANISE:
        context["link_form"] = InitiativeLinkForm()
    return render(request, "events/initiative_detail.html", context)


@login_required
@require_POST
def join(request, slug, citizen_initiative_id):
    t = request.territory
    initiative = acc.access_initiative(request.user, t, citizen_initiative_id)
    try:
        svc.initiative_join(initiative=initiative,
                            person=acc.require_resident(request.user, t))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Вы в инициативной группе. Спасибо!"))
    return redirect("web:events_initiative_detail", slug, initiative.pk)


@login_required
@require_POST
def leave(request, slug, citizen_initiative_id):
    t = request.territory
    initiative = acc.access_initiative(request.user, t, citizen_initiative_id)
    try:
        svc.initiative_leave(initiative=initiative,
                              person=acc.require_resident(request.user, t))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.info(request, _("Вы вышли из инициативной группы."))
    return redirect("web:events_initiative_detail", slug, initiative.pk)


@login_required
@require_POST
def action(request, slug, citizen_initiative_id):
    """A lifecycle step, for the leader and the office (the table says who)."""
    t = request.territory
    initiative = acc.access_initiative(request.user, t, citizen_initiative_id, steer=True)
    name = request.POST.get("action", "")
    extra = {"results": request.POST.get("results", "")} if name in NEEDS_RESULTS else {}
    try:
        INITIATIVE.run(name, initiative, by=request.user,
                       roles=acc.initiative_roles(request.user, t, initiative), **extra)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, str(INITIATIVE.step(name).done))
    return redirect("web:events_initiative_detail", slug, initiative.pk)


@organise_required
def office_list(request, slug):
    t = request.territory
    form = InitiativeFilterForm(request.GET or None, territory=t)
    qs = sel.initiatives_in_town(territory=t, **form.search_kwargs())
    page = Paginator(qs, PAGE).get_page(request.GET.get("page"))
    leaders = sel.initiative_leaders(list(page.object_list))
    for item in page.object_list:
        item.leader = leaders.get(item.pk)
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "events/initiative_office_list.html", {
        "form": form, "page": page, "query": query.urlencode()})


@organise_required
@require_POST
def link_add(request, slug, citizen_initiative_id):
    t = request.territory
    initiative = acc.access_initiative(request.user, t, citizen_initiative_id, steer=True)
    form = InitiativeLinkForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Выберите, с чем связать, и укажите номер записи."))
    else:
        try:
            svc.initiative_link_add(initiative=initiative, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Связь добавлена."))
    return redirect("web:events_initiative_detail", slug, initiative.pk)
