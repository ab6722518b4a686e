"""Confirming persons from lists (issue 18, point 4): the staff page that sends links in bulk,
and the person's page that the link opens (no login: the token is the key).

The staff page is for PERSONAL_DATA_ROLES past the second factor. Who may be written to is the
consent gate's answer (veche/registry/verification.py); the page says how many were skipped and
why."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from veche.registry.consent import current_text
from veche.registry.models import ConsentPurpose, SourceList, VerificationRequest
from veche.registry.verification import (
    STATUSES,
    request_by_token,
    unverified_persons,
    verification_confirm,
    verification_counts,
    verification_dispute,
    verification_requests,
    verification_send,
)

from .cabinet import client_ip
from .office import personal_data_required

REQUESTS_PAGE = 50


def _filters(data, territory) -> dict:
    source = data.get("list") or ""
    has = data.get("has") if data.get("has") in ("phone", "email") else ""
    lists = list(SourceList.objects.filter(territory=territory).order_by("name"))
    known = {str(s.pk) for s in lists}
    source_id = int(source) if source in known else None
    return {"source_list_id": source_id, "has": has, "lists": lists}


@personal_data_required
def verify_office(request, slug):
    t = request.territory
    data = request.POST if request.method == "POST" else request.GET
    f = _filters(data, t)
    chosen = unverified_persons(territory=t, source_list_id=f["source_list_id"], has=f["has"])
    if request.method == "POST":
        channel = request.POST.get("channel", "")
        try:
            report = verification_send(territory=t, persons=chosen, channel=channel,
                                       by=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _(
                "Отправлено: %(sent)s. Пропущено без согласия на сообщения по этому каналу: "
                "%(no_consent)s; без адреса для этого канала: %(no_contact)s; не отправилось: "
                "%(failed)s.") % {"sent": report.sent, "no_consent": report.no_consent,
                                   "no_contact": report.no_contact, "failed": report.failed})
        query = "&".join(f"{k}={v}" for k, v in (("list", f["source_list_id"] or ""),
                                                  ("has", f["has"])) if v)
        return redirect(request.path + (f"?{query}" if query else ""))
    page = Paginator(verification_requests(territory=t), REQUESTS_PAGE).get_page(
        request.GET.get("page"))
    counts = verification_counts(territory=t)
    return render(request, "web/registry/verify_office.html", {
        "filters": f, "chosen": chosen.count(), "page": page,
        "statuses": [(label, counts[key]) for key, label in STATUSES.items()],
        "waiting": counts["waiting"], "channels": VerificationRequest.Channel.choices,
    })


@require_http_methods(["GET", "POST"])
def verify(request, slug):
    """The link's page (?k=<code>): no login, the code is the key. Without a code, or with a
    typed one (an SMS link may be cut by the phone), a form to type it."""
    t = request.territory
    token = (request.GET.get("k") or request.POST.get("k") or "").strip().upper()
    if not token:
        code = (request.POST.get("code") or "").strip().upper()
        if request.method == "POST":
            if request_by_token(territory=t, token=code) is not None:
                return redirect(f"{request.path}?k={code}")
            messages.error(request, _("Код не подошёл: проверьте его или попросите прислать "
                                      "новый."))
        return render(request, "web/registry/verify_code.html", {"code": code},
                      status=400 if request.method == "POST" else 200)
    found = request_by_token(territory=t, token=token)
    if found is None:
        return render(request, "web/registry/verify_done.html", {"gone": True}, status=404)
    error = ""
    if request.method == "POST":
        try:
            if request.POST.get("action") == "dispute":
                verification_dispute(request=found, note=request.POST.get("note", ""),
                                     ip=client_ip(request))
                return render(request, "web/registry/verify_done.html", {"disputed": True})
            if request.POST.get("agree") != "1":
                error = _("Отметьте, что данные верны и вы даёте согласие, или сообщите об "
                          "ошибке.")
            else:
                verification_confirm(request=found, ip=client_ip(request))
                return render(request, "web/registry/verify_done.html", {"confirmed": True})
        except ValidationError as exc:
            error = " ".join(exc.messages)
    return render(request, "web/registry/verify_link.html", {
        "person": found.person, "token": token, "error": error,
        "consent_text": current_text(ConsentPurpose.PARTICIPATION),
    }, status=400 if error else 200)
