"""«Тревожные признаки» (seed 000): the signs of one town for its staff and head, and the
curator's table of their towns × signs, each cell leading to that town's sign.

The signs are evaluated live by veche/ledger/health.py (a fixed number of queries per sign,
whatever the number of towns). Evidence names objects as the ledger does; this module turns
them into links to the pages the reader may open (the curator reads no town's office pages)."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from veche.accounts.access import curated_territory_ids, role_required
from veche.accounts.contract import OFFICE
from veche.accounts.otp import SecondFactorRequired
from veche.accounts.signs import NO_DATA, OK, STATES, WARNING, Evidence, Period
from veche.ledger.health import DEFAULT_DAYS, PERIOD_DAYS, health_evaluate
from veche.territories.models import Territory
from veche.territories.scoping import town_scope, towns_scope
from veche.territories.selectors import active_towns

# object type → (URL name, whether the object's id is an argument): the town's staff pages.
STAFF_LINKS: dict[str, tuple[str, bool]] = {
    "events.event": ("web:events_office_detail", True),
    "events.questionnaire": ("", False),
    "territories.citytopic": ("web:office_topics", False),
    "appeals.appeal": ("web:appeals_card", True),
    "appeals.headmeeting": ("web:meetings_detail", True),
    "practices.body": ("web:projects_body", True),
    "practices.improvementfact": ("web:projects_facts", False),
    "practices.planindicator": ("web:projects_plan", True),
    "practices.eventreport": ("web:projects_events", False),
    "practices.externalresourcecase": ("web:projects_external", False),
    "ledger.kind": ("web:office_ledger", False),
}
# What a curator may open: the public pages of the town.
PUBLIC_LINKS: dict[str, tuple[str, bool]] = {
    "events.event": ("web:events_detail", True),
    "appeals.headmeeting": ("web:meetings_public_detail", True),
}


def _state_label(state: str) -> str:
    return {WARNING: _("тревога"), NO_DATA: _("нет данных"), OK: _("в норме")}[state]


def _link(town: Territory, e: Evidence, links: dict[str, tuple[str, bool]]) -> str:
    name, with_id = links.get(e.object_type, ("", False))
    if not name:
        return ""
    try:
        return reverse(name, args=[town.slug, e.object_id] if with_id else [town.slug])
    except NoReverseMatch:  # an area switched off, or a page not built
        return ""


def _period(request) -> tuple[int, Period]:
    try:
        days = int(request.GET.get("days", DEFAULT_DAYS))
    except ValueError:
        days = DEFAULT_DAYS
    if days not in PERIOD_DAYS:
        days = DEFAULT_DAYS
    return days, Period.last_days(days)


def _cards(town: Territory, health, links, *, evidence: bool = True) -> list[dict[str, Any]]:
    """The signs as cards. A curator (evidence=False) sees the figures and how many objects
    stand behind each sign, not the objects: their titles are the town's (drafts, appeals)."""
    return [{
        "sign": sign, "result": r, "state_label": _state_label(r.state),
        "evidence": ([{"e": e, "url": _link(town, e, links)} for e in r.evidence]
                     if evidence else []),
        "more": max(0, r.evidence_total - len(r.evidence)) if evidence else r.evidence_total,
    } for sign, r in health.of(town.pk)]


def _town_page(request, town: Territory, *, links, curator: bool):
    days, period = _period(request)
    with town_scope(town):
        health = health_evaluate(towns=[town], period=period)
    return render(request, "web/warning_signs.html", {
        "town": town, "cards": _cards(town, health, links, evidence=not curator),
        "counts": health.counts(town.pk),
        "days": days, "period_days": PERIOD_DAYS, "period": period, "curator": curator,
        "base_template": ("web/warning_signs_frame.html" if curator
                          else "web/office/base_office.html"),
    })


@role_required(OFFICE)
def town_signs(request, slug):
    return _town_page(request, request.territory, links=STAFF_LINKS, curator=False)


def _curated(request) -> list[Territory]:
    ids = curated_territory_ids(request.user)
    if not ids:
        raise PermissionDenied(_("Этот раздел — для кураторов территорий."))
    if not request.user.is_verified():
        raise SecondFactorRequired(_("Подтвердите вход вторым фактором (код из приложения)."))
    return list(active_towns().filter(pk__in=ids).order_by("name"))


@login_required
def curator_town_signs(request, town_slug):
    town = next((t for t in _curated(request) if t.slug == town_slug), None)
    if town is None:
        raise Http404(_("Этот город вы не курируете."))
    return _town_page(request, town, links=PUBLIC_LINKS, curator=True)


@login_required
def curator_signs(request):
    towns = _curated(request)
    days, period = _period(request)
    with towns_scope(towns):
        health = health_evaluate(towns=towns, period=period)
    rows = []
    for town in towns:
        cells = [{"sign": s, "result": r, "state_label": _state_label(r.state)}
                 for s, r in health.of(town.pk)]
        rows.append({"town": town, "cells": cells, "counts": health.counts(town.pk)})
    sort = request.GET.get("sort", "")
    codes = [s.code for s in health.signs]
    if sort in codes:  # the worst state of that sign first, then the town's name
        i = codes.index(sort)
        rows.sort(key=lambda r: (STATES.index(r["cells"][i]["result"].state), r["town"].name))
    elif sort != "town":  # default: the towns with the most warnings first
        rows.sort(key=lambda r: (-r["counts"][WARNING], -r["counts"][NO_DATA],
                                 r["town"].name))
    return render(request, "web/warning_signs_curator.html", {
        "rows": rows, "signs": health.signs, "sort": sort or "warnings", "days": days,
        "period_days": PERIOD_DAYS, "period": period,
    })
