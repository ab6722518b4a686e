"""Events pages: the residents' list (upcoming, past) and an event's page; the office's list
with filters, the create/edit form, an event's office page with its lifecycle buttons,
decisions, links to votes/appeals/meetings/practices and photos."""

from urllib.parse import urlparse

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, Resolver404, resolve, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from veche.accounts.access import role_required
from veche.events import access
from veche.events.kinds import KINDS
from veche.events.lifecycle import EVENT
from veche.events.models import EventStatus, OrganiserKind, Registration
from veche.events.selectors import events as sel
from veche.events.services import events as svc
from veche.territories.geo import projection, town_point

from ...forms import attach_errors
from .event_forms import DecisionForm, EventFilterForm, EventForm, HoldForm, LinkForm, PhotoForm

staff_required = role_required(access.MANAGE)
PAGE = 50
MAP_W, MAP_H, MAP_PAD = 360, 240, 16
PICK_SPAN = 0.03  # degrees of latitude each side of a town's centre when it has no boundary

# Pages of other capabilities an event may be linked to: URL name → (object type, id kwarg).
LINK_PAGES = {
    "votes_detail": ("votes.vote", "vote_id"),
    "votes_office_vote": ("votes.vote", "vote_id"),
    "appeals_card": ("appeals.appeal", "appeal_id"),
    "meetings_detail": ("appeals.headmeeting", "meeting_id"),
    "meetings_public_detail": ("appeals.headmeeting", "meeting_id"),
    "practices_detail": ("practices.practice", "practice_id"),
    "practices_office_detail": ("practices.practice", "practice_id"),
}
LINK_URLS = {
    "votes.vote": "web:votes_office_vote",
    "appeals.appeal": "web:appeals_card",
    "appeals.headmeeting": "web:meetings_detail",
    "practices.practice": "web:practices_detail",
}


def event_map(territory, event) -> dict | None:
    """The town's outline with the event's point, as geometry for an inline SVG."""
    if event.latitude is None or event.longitude is None:
        return None
    ring = [tuple(p) for p in (territory.boundary or []) if len(p) == 2]
    point = (event.latitude, event.longitude)
    to_xy = projection([*ring, point], width=MAP_W, height=MAP_H, pad=MAP_PAD)
    x, y = to_xy(*point)
    outline = " ".join(f"{a},{b}" for a, b in (to_xy(lat, lon) for lat, lon in ring))
    return {"width": MAP_W, "height": MAP_H, "outline": outline, "x": x, "y": y}


def map_picker(territory, form) -> dict | None:
    """The town's outline for choosing the event's point with a tap (web/events/map_picker.js
    reads the projection back to a latitude and longitude); the number fields stay for typing
    or without scripts. None where the town has neither a boundary nor a centre."""
    ring = [tuple(p) for p in (territory.boundary or []) if len(p) == 2]
    frame = ring
    if not frame:
        centre = town_point(territory)
        if centre is None:
            return None
        lat, lon = centre
        frame = [(lat - PICK_SPAN, lon - PICK_SPAN * 1.7), (lat + PICK_SPAN, lon + PICK_SPAN * 1.7)]
    to_xy = projection(frame, width=MAP_W, height=MAP_H, pad=MAP_PAD)
    point = None
    try:
        lat, lon = float(form["latitude"].value()), float(form["longitude"].value())
        point = to_xy(lat, lon)
    except (TypeError, ValueError):
        pass
    return {"width": MAP_W, "height": MAP_H, "point": point,
            "outline": " ".join(f"{a},{b}" for a, b in (to_xy(*p) for p in ring)),
            "projection": {name: getattr(to_xy, name)
                           for name in ("kx", "west", "north", "scale", "left", "top")}}


def _link_rows(request, event) -> list[dict]:
    rows = []
    for link in event.links.all():
        # The bank of practices is the network's: its pages carry no town.
        town = [] if link.object_type == "practices.practice" else [request.territory.slug]
        try:
            href = reverse(LINK_URLS[link.object_type], args=[*town, int(link.object_id)])
        except (KeyError, ValueError, NoReverseMatch):
            href = ""
        rows.append({"title": link.title, "object_type": link.object_type,
                     "label": svc.LINKABLE.get(link.object_type, ("", ""))[0],
                     "object_id": link.object_id, "href": href})
    return rows


def _event_context(request, event) -> dict:
    return {"event": event, "kind": KINDS.get(event.kind), "map": event_map(
        request.territory, event), "photos": list(event.photos.all()),
        "decisions": list(event.decisions.all()), "links": _link_rows(request, event),
        "partner_labels": [OrganiserKind(p).label for p in event.partner_kinds
                           if p in OrganiserKind.values]}


# --- residents -----------------------------------------------------------------------------

def public_list(request, slug):
    t = request.territory
    person = sel.my_person(request.user, t)
    mine = set()
    if person is not None:
        mine = set(Registration.objects.filter(person=person, cancelled_at__isnull=True)
                   .values_list("event_id", flat=True))
    return render(request, "events/event_list.html", {
        "upcoming": list(sel.events_upcoming(t)[:60]), "past": list(sel.events_past(t)[:60]),
        "mine": mine})


def public_detail(request, slug, event_id):
    event = access.access_public_event(request.user, request.territory, event_id)
    person = sel.my_person(request.user, request.territory)
    context = _event_context(request, event)
    context.update({"registration": sel.registration_of(event, person), "person": person,
                    "figures": sel.registration_figures(event)})
    return render(request, "events/event_detail.html", context)


# --- office --------------------------------------------------------------------------------

@staff_required
def office_list(request, slug):
    t = request.territory
    form = EventFilterForm(request.GET or None)
    qs = sel.events_with_counts(sel.events_search(t, **form.search_kwargs()))
    page = Paginator(qs, PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "events/event_office_list.html", {
        "form": form, "page": page, "query": query.urlencode(),
        "roles": request.town_roles})


def _enterprise_only(roles: set[str]) -> bool:
    return not roles & access.OFFICE


@staff_required
def event_new(request, slug):
    return _event_form(request, None)


@staff_required
def event_edit(request, slug, event_id):
    event = access.access_event(request.user, request.territory, event_id, manage=True,
                                roles=request.town_roles)
    return _event_form(request, event)


def _event_form(request, event):
    """The event form, new (`event` None: a draft is created) or to change one. An enterprise
    representative's events are always the enterprise's."""
    t = request.territory
    enterprise_only = _enterprise_only(request.town_roles)
    if event is None:
        initial = {"organiser_kind": OrganiserKind.ENTERPRISE if enterprise_only
                   else OrganiserKind.ADMINISTRATION}
    else:
        initial = {f: getattr(event, f) for f in svc.EDITABLE}
    form = EventForm(request.POST or None, territory=t, enterprise_only=enterprise_only,
                     initial=initial)
    if request.method == "POST" and form.is_valid():
        fields = form.service_fields()
        if enterprise_only:
            fields["organiser_kind"] = OrganiserKind.ENTERPRISE
        try:
            if event is None:
                saved = svc.event_create(territory=t, by=request.user, **fields)
                done = _("Мероприятие создано (черновик). Объявите его, когда всё готово.")
            else:
                saved = svc.event_update(event=event, by=request.user, **fields)
                done = _("Изменения сохранены.")
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, done)
            return redirect("web:events_office_detail", t.slug, saved.pk)
    return render(request, "events/event_form.html",
                  {"form": form, "event": event, "picker": map_picker(t, form)})


@staff_required
def office_detail(request, slug, event_id):
    t, roles = request.territory, request.town_roles
    event = access.access_event(request.user, t, event_id, roles=roles)
    context = _event_context(request, event)
    manage = access.may_manage(roles, event)
    context.update({
        "manage": manage, "people": bool(roles & access.PERSONAL),
        "steps": EVENT.allowed(event, roles) if manage else [],
        "figures": sel.registration_figures(event),
        "hold_form": HoldForm(initial={"actual_participants": event.actual_participants}),
        "decision_form": DecisionForm(), "link_form": LinkForm(), "photo_form": PhotoForm(),
        "link_urls": LINK_URLS, "S": EventStatus,
    })
    return render(request, "events/event_office_detail.html", context)


def _managed(request, slug, event_id):
    return access.access_event(request.user, request.territory, event_id, manage=True,
                               roles=request.town_roles)


@staff_required
@require_POST
def event_action(request, slug, event_id):
    event = _managed(request, slug, event_id)
    action = request.POST.get("action", "")
    extra = {}
    if action == "hold":
        form = HoldForm(request.POST)
        if form.is_valid() and form.cleaned_data.get("actual_participants") is not None:
            extra["actual_participants"] = form.cleaned_data["actual_participants"]
    try:
        step = EVENT.check(action, event, request.town_roles)
        EVENT.run(action, event, by=request.user, roles=request.town_roles, **extra)
    except ValidationError as exc:
        for m in exc.messages:
            messages.error(request, m)
    except PermissionDenied as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, str(step.done))
    return redirect("web:events_office_detail", slug, event.pk)


@staff_required
@require_POST
def decision_add(request, slug, event_id):
    event = _managed(request, slug, event_id)
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            svc.event_decision_add(event=event, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            for m in exc.messages:
                messages.error(request, m)
        else:
            messages.success(request, _("Решение записано."))
    else:
        messages.error(request, _("Проверьте срок: дата в виде ДД.ММ.ГГГГ."))
    return redirect("web:events_office_detail", slug, event.pk)


def link_from_url(url: str, slug: str) -> tuple[str, str] | None:
    """The (object type, id) a page URL of this town names, or None."""
    path = urlparse((url or "").strip()).path
    try:
        match = resolve(path)
    except Resolver404:
        return None
    found = LINK_PAGES.get(match.url_name or "")
    if found is None or match.kwargs.get("slug", slug) != slug:
        return None
    object_type, kwarg = found
    return object_type, str(match.kwargs.get(kwarg, ""))


@staff_required
@require_POST
def link_add(request, slug, event_id):
    event = _managed(request, slug, event_id)
    form = LinkForm(request.POST)
    target = link_from_url(form.data.get("url", ""), slug)
    if target is None:
        messages.error(request, _("Не удалось распознать ссылку: вставьте адрес страницы "
                                  "голосования, обращения, встречи Главы или практики этого "
                                  "города."))
    else:
        try:
            svc.event_link_add(event=event, object_type=target[0], object_id=target[1],
                               by=request.user)
        except ValidationError as exc:
            for m in exc.messages:
                messages.error(request, m)
        else:
            messages.success(request, _("Связь добавлена."))
    return redirect("web:events_office_detail", slug, event.pk)


@staff_required
@require_POST
def photo_add(request, slug, event_id):
    event = _managed(request, slug, event_id)
    form = PhotoForm(request.POST, request.FILES)
    if not form.is_valid():
        for errors in form.errors.values():
            for m in errors:
                messages.error(request, m)
    else:
        try:
            svc.event_photo_add(event=event, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            for m in exc.messages:
                messages.error(request, m)
        else:
            messages.success(request, _("Фотография добавлена."))
    return redirect("web:events_office_detail", slug, event.pk)

