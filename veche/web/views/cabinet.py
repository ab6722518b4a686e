"""A resident's own cabinet in one town: my actions, my engagement, my consents, my data.

The person shown is always the one linked to request.user in request.territory; no id comes
from the URL, so nobody can open someone else's cabinet by changing a number.
"""

import datetime as dt

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponseBadRequest, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from veche.accounts.contract import capabilities
from veche.ledger.selectors import actions_in_town, person_profile
from veche.registry.consent import (
    consent_grant,
    consent_state,
    consent_withdraw,
    current_text,
)
from veche.registry.models import Person
from veche.registry.selectors import person_export_data, person_records
from veche.registry.services import person_erase

from .. import charts
from ..forms import EraseForm

# The latest actions only: residents read the cabinet on phones; the full list is in "my data".
ACTIONS_SHOWN = 10  # a phone screen or two of the stacked table


def client_ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


def _my_person(request) -> Person | None:
    return (
        Person.objects.filter(territory=request.territory, user=request.user, is_erased=False)
        .select_related("district", "building", "territory").first()
    )


def months_series(months: list[dict], count: int = 12, key: str = "actions_count") -> list[dict]:
    """A person's sparse monthly rows as the last `count` months, missing months as zero."""
    today = timezone.localdate()
    first = dt.date(today.year, today.month, 1)
    for _i in range(count - 1):
        first = (first - dt.timedelta(days=1)).replace(day=1)
    by_month = {m["month"]: m[key] for m in months}
    out, month = [], first
    while month <= today:
        out.append({"month": month, "actions": by_month.get(month, 0)})
        month = (month + dt.timedelta(days=32)).replace(day=1)
    return out


def profile_chart(profile: dict, chart_id: str = "profile-chart"):
    return charts.columns(
        chart_id=chart_id, title=_("Действия по месяцам за год"),
        rows=months_series(profile["months"]), value="actions",
        headers=(_("Месяц"), _("Действий")),
    )


@login_required
def cabinet(request, slug):
    person = _my_person(request)
    if person is None:
        return render(request, "web/cabinet/no_person.html")
    profile = person_profile(person=person)
    return render(request, "web/cabinet/cabinet.html", {
        "person": person,
        "profile": profile,
        "profile_chart": profile_chart(profile),
        # A page at a time: an active resident has hundreds (a phone screen holds ~10).
        "actions": Paginator(actions_in_town(territory=request.territory, person=person),
                             ACTIONS_SHOWN).get_page(request.GET.get("page")),
        "consents": consent_state(person),
    })


@login_required
@require_POST
def consent_change(request, slug):
    """Grant or withdraw one consent; one click, in force as soon as the row is committed."""
    person = _my_person(request)
    if person is None:
        return HttpResponseBadRequest(_("Вас нет в реестре этого города."))
    purpose, channel = request.POST.get("purpose", ""), request.POST.get("channel", "")
    action = request.POST.get("action")
    known = {(c["purpose"], c["channel"]) for c in consent_state(person)}
    if (purpose, channel) not in known or action not in {"grant", "withdraw"}:
        return HttpResponseBadRequest(_("Такого согласия нет. Обновите страницу и повторите."))
    if action == "grant" and request.POST.get("text_version") != str(
            current_text(purpose).version):
        # 152-FZ: the consent is to the wording the person read; a new version published
        # since the page was opened (or none shown) is shown again instead of being agreed to.
        row = next(c for c in consent_state(person)
                   if (c["purpose"], c["channel"]) == (purpose, channel))
        if request.htmx:
            return render(request, "web/cabinet/consent_row.html",
                          {"c": row, "open_text": True, "stale_text": True}, status=409)
        messages.error(request, _("Текст согласия изменился. Прочитайте новую версию и "
                                  "подтвердите согласие ещё раз."))
        return redirect(reverse("web:cabinet", args=[slug]) + "#consents")
    change = consent_grant if action == "grant" else consent_withdraw
    change(person=person, purpose=purpose, channel=channel, via="web", ip=client_ip(request),
           recorded_by=request.user)
    row = next(c for c in consent_state(person)
               if (c["purpose"], c["channel"]) == (purpose, channel))
    if request.htmx:
        return render(request, "web/cabinet/consent_row.html", {"c": row, "just_changed": True})
    messages.success(request, _("Согласие «%(label)s» %(state)s.") % {
        "label": row["label"], "state": _("дано") if row["granted"] else _("отозвано"),
    })
    return redirect(reverse("web:cabinet", args=[slug]) + "#consents")


def _joined(parts: list) -> object:
    """One capability's parts for the records of one human: lists one after another, or each
    section's lists joined."""
    if all(isinstance(p, list) for p in parts):
        return [row for p in parts for row in p]
    joined: dict = {}
    for part in parts:
        for key, rows in part.items():
            joined.setdefault(key, []).extend(rows)
    return joined


@login_required
def export(request, slug):
    """Everything held about me, as one JSON file (152-FZ: the subject's right of access)."""
    person = _my_person(request)
    if person is None:
        return HttpResponseBadRequest(_("Вас нет в реестре этого города."))
    data = person_export_data(person=person)
    # Records merged into mine (the same human found twice in the lists) keep what was
    # recorded for them: it is mine too.
    records = person_records(person=person)
    data["merged_records"] = [person_export_data(person=r) for r in records[1:]]
    data["actions"] = [
        {"kind": a.get_kind_display(), "at": a.occurred_at, "object": a.object_title,
         "topic": a.topic.name if a.topic else None, "weight": a.weight, "source": a.source}
        for a in actions_in_town(territory=request.territory)
        .filter(person__in=records).order_by("occurred_at")
    ]
    # Each capability's part: my appeals in full, my ballots… (Capability.personal_data)
    for capability in capabilities():
        if capability.personal_data is not None:
            data[capability.name] = _joined([capability.personal_data(r) for r in records])
    data["exported_at"] = timezone.now()
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Disposition"] = (
        f'attachment; filename="veche-{request.territory.slug}-my-data.json"'
    )
    return response


@login_required
def erase(request, slug):
    """Erase my identity in this town after an explicit confirmation, then sign out."""
    person = _my_person(request)
    if person is None:
        return render(request, "web/cabinet/no_person.html")
    form = EraseForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        person_erase(person=person, requested_by=request.user)
        logout(request)
        messages.success(request, _("Ваши персональные данные удалены. Счётчики участия города "
                                    "сохранены без вашего имени."))
        return redirect("web:town_home", slug=request.territory.slug)
    return render(request, "web/cabinet/erase.html", {"form": form, "person": person},
                  status=400 if form.errors else 200)
