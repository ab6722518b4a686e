"""Registration and check-in pages: a resident registers and opens the ticket (QR code drawn
on the server); staff open the scanner on a phone (camera via the browser's BarcodeDetector
in static/web/events/scanner.js, and always the code field), see the answer big, register a
visitor at the door, and see who registered."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from veche.accounts.access import role_required, roles_in
from veche.accounts.flow import client_ip
from veche.accounts.links import site_url
from veche.events import access
from veche.events.models import EventStatus
from veche.events.qr import qr_svg, ticket_expiry, ticket_read, ticket_token
from veche.events.selectors import events as sel
from veche.events.services import checkin as svc
from veche.registry.selectors import persons_search
from veche.registry.services import person_card_open

from .event_forms import PersonSearchForm, ScanForm

staff_required = role_required(access.MANAGE)
people_required = role_required(access.PERSONAL)


def ticket_url(registration) -> str:
    token = ticket_token(registration)
    return site_url(reverse("web:events_ticket_scan",
                            args=[registration.territory.slug, token]))


# --- residents -----------------------------------------------------------------------------

def _person_or_refuse(request):
    person = sel.my_person(request.user, request.territory)
    if person is None:
        raise PermissionDenied(_("Зарегистрироваться могут жители города: сначала станьте "
                                 "участником в личном кабинете."))
    return person


@require_POST
def register(request, slug, event_id):
    if not request.user.is_authenticated:
        return redirect(f"{reverse('accounts:login')}?next="
                        f"{reverse('web:events_detail', args=[slug, event_id])}")
    event = access.access_public_event(request.user, request.territory, event_id)
    person = _person_or_refuse(request)
    try:
        registration = svc.registration_create(event=event, person=person)
    except ValidationError as exc:
        for m in exc.messages:
            messages.error(request, m)
        return redirect("web:events_detail", slug, event.pk)
    messages.success(request, _("Вы зарегистрированы. Покажите QR-код на входе."))
    return redirect("web:events_ticket", slug, registration.pk)


@require_POST
def unregister(request, slug, event_id):
    if not request.user.is_authenticated:
        return redirect("accounts:login")
    event = access.access_public_event(request.user, request.territory, event_id)
    person = _person_or_refuse(request)
    registration = sel.registration_of(event, person)
    if registration is None:
        messages.error(request, _("Вы не были зарегистрированы."))
    else:
        try:
            svc.registration_cancel(registration=registration)
        except ValidationError as exc:
            for m in exc.messages:
                messages.error(request, m)
        else:
            messages.success(request, _("Регистрация отменена."))
    return redirect("web:events_detail", slug, event.pk)


@never_cache
def tickets(request, slug):
    if not request.user.is_authenticated:
        return redirect(f"{reverse('accounts:login')}?next={request.path}")
    return render(request, "events/ticket_list.html", {
        "tickets": list(sel.tickets_of(request.user, request.territory)[:100]),
        "now": timezone.now()})


@never_cache
def ticket(request, slug, registration_id):
    registration = access.access_registration(request.user, request.territory, registration_id)
    url = ticket_url(registration)
    return render(request, "events/ticket_detail.html", {
        "registration": registration, "event": registration.event,
        "qr": qr_svg(url, scale=6), "expires_at": ticket_expiry(registration.event),
        "expired": ticket_expiry(registration.event) < timezone.now()})


@never_cache
def ticket_qr(request, slug, registration_id):
    registration = access.access_registration(request.user, request.territory, registration_id)
    svg = qr_svg(ticket_url(registration), scale=8)
    return HttpResponse(svg, content_type="image/svg+xml")


@never_cache
def ticket_scan(request, slug, registration_code):
    """The QR's address, opened by a phone's own camera app. Staff who manage the event get a
    button that checks the ticket in; anyone else learns only that this is a ticket to the
    event (no name)."""
    ticket_ = ticket_read(registration_code)
    event = None
    if ticket_ is not None and ticket_.town_id == request.territory.pk and ticket_.event_id:
        event = (access.events_manageable(roles_in(request.user, request.territory),
                                          request.territory)
                 .filter(pk=ticket_.event_id).first())
        if event is None:
            event = sel.events_public(request.territory).filter(pk=ticket_.event_id).first()
            return render(request, "events/ticket_scan.html", {
                "event": event, "manage": False, "token": ""})
        return render(request, "events/ticket_scan.html", {
            "event": event, "manage": True, "token": registration_code})
    return render(request, "events/ticket_scan.html", {"event": None, "manage": False,
                                                       "token": ""}, status=404)


# --- staff ---------------------------------------------------------------------------------

def _scannable(event) -> str:
    if event.status not in (EventStatus.ANNOUNCED, EventStatus.HELD):
        return _("Отмечать на входе можно на объявленном или идущем мероприятии.")
    return ""


@staff_required
@never_cache
def scanner(request, slug, event_id):
    event = access.access_event(request.user, request.territory, event_id, manage=True,
                                roles=request.town_roles)
    return render(request, "events/checkin_scanner.html", {
        "event": event, "form": ScanForm(), "closed": _scannable(event),
        "figures": sel.registration_figures(event), "result": None,
        "people": bool(request.town_roles & access.PERSONAL)})


def _wants_json(request) -> bool:
    return "application/json" in request.headers.get("Accept", "")


@staff_required
@require_POST
def checkin(request, slug, event_id):
    """One scan: the answer as JSON for the scanner's script, or the scanner page again."""
    event = access.access_event(request.user, request.territory, event_id, manage=True,
                                roles=request.town_roles)
    closed = _scannable(event)
    form = ScanForm(request.POST)
    text = form.data.get("code", "")
    if closed:
        result = svc.ScanResult("closed", closed)
    else:
        result = svc.checkin_scan(event=event, text=text, by=request.user)
    figures = sel.registration_figures(event)
    if _wants_json(request):
        # The count above the answer changes with each scan (scanner.js puts it in place).
        count = _("Отмечено %(a)s из %(b)s") % {"a": figures["checked_in"],
                                                 "b": figures["registered"]}
        return JsonResponse({"code": result.code, "message": result.message, "ok": result.ok,
                             "name": result.name, "count": count,
                             "checked_in_at": result.checked_in_at.isoformat()
                             if result.checked_in_at else None})
    return render(request, "events/checkin_scanner.html", {
        "event": event, "form": ScanForm(), "closed": closed, "result": result,
        "figures": figures,
        "people": bool(request.town_roles & access.PERSONAL)})


@people_required
@never_cache
def registrations(request, slug, event_id):
    event = access.access_event(request.user, request.territory, event_id,
                                roles=request.town_roles)
    return render(request, "events/checkin_registrations.html", {
        "event": event, "rows": list(sel.registrations_of(event)[:2000]),
        "figures": sel.registration_figures(event)})


@people_required
@never_cache
def door(request, slug, event_id):
    """A visitor without registration: find them in the registry and check them in."""
    t = request.territory
    event = access.access_event(request.user, t, event_id, manage=True,
                                roles=request.town_roles)
    form = PersonSearchForm(request.GET or None)
    found = []
    if form.is_valid() and form.cleaned_data["q"]:
        found = list(persons_search(territory=t, q=form.cleaned_data["q"])[:20])
    if request.method == "POST":
        person = (persons_search(territory=t).filter(pk=request.POST.get("person_id") or 0)
                  .first() if (request.POST.get("person_id") or "").isdigit() else None)
        if person is None:
            messages.error(request, _("Выберите человека из списка."))
        else:
            try:
                result = svc.door_register(event=event, person=person, by=request.user)
            except ValidationError as exc:
                for m in exc.messages:
                    messages.error(request, m)
            else:
                person_card_open(person=person, viewer=request.user, ip=client_ip(request),
                                 purpose=_("Отметка на входе мероприятия"))
                (messages.success if result.ok else messages.warning)(request, result.message)
        return redirect("web:events_door", slug, event.pk)
    return render(request, "events/checkin_door.html", {
        "event": event, "form": form, "found": found, "closed": _scannable(event)})
