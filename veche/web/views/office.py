"""Staff back office of one town: engagement dashboard, the ledger, the card-access log and the
city-topic catalogue. Every view is behind `town_role_required` (role in this town + TOTP).

Two role sets: the summary and the topics are for the whole back office (moderators too); the
pages that name residents (the ledger, the access log, the registry and imports in their own
modules) only for PERSONAL_DATA_ROLES (veche/accounts/models.py)."""

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from veche.accounts.access import role_required
from veche.accounts.contract import OFFICE
from veche.accounts.models import BACK_OFFICE_ROLES, PERSONAL_DATA_ROLES
from veche.ledger.selectors import (
    actions_in_town,
    engagement_summary,
    engagement_trend,
)
from veche.ledger.snapshots import engagement_breakdowns
from veche.registry.selectors import card_accesses
from veche.territories.models import CityTopic
from veche.territories.selectors import town_topics
from veche.territories.services import topic_create, topic_set_active

from .. import charts
from ..forms import LedgerFilterForm, TopicForm, attach_errors

office_required = role_required(BACK_OFFICE_ROLES)
personal_data_required = role_required(PERSONAL_DATA_ROLES)
LEDGER_PAGE = 50
ACCESS_PAGE = 50


def actions_chart(trend: list[dict], chart_id: str = "ledger-chart"):
    return charts.columns(chart_id=chart_id, title=_("Действия жителей по месяцам"), rows=trend,
                          value="actions", headers=(_("Месяц"), _("Действий")))


def active_chart(trend: list[dict], chart_id: str = "active-chart"):
    return charts.line(chart_id=chart_id, title=_("Активные жители по месяцам"), rows=trend,
                       value="active", headers=(_("Месяц"), _("Активных жителей")))


@office_required
def dashboard(request, slug):
    t = request.territory
    trend = engagement_trend(territory=t)
    breakdowns = engagement_breakdowns(territory=t)
    summary = engagement_summary(territory=t)
    return render(request, "web/office/dashboard.html", {
        "summary": summary,
        "year": summary["windows"][-1],
        # Staff and the head set the goal's base (web/views/population.py); moderators see it.
        "can_set_population": bool(request.town_roles & OFFICE),
        "breakdowns_at": breakdowns["computed_at"],
        "district_chart": charts.hbar(
            chart_id="by-district", title=_("Доля активных жителей 14+ по районам за год"),
            rows=breakdowns["by_district"], label="district", value="share",
            fmt="percent", headers=(_("Район"), _("Доля")),
            extra=[("active", _("Активных"), "int"),
                   ("population_14_plus", _("Жителей 14+"), "int")],
        ),
        "age_chart": charts.hbar(
            chart_id="by-age", title=_("Активные жители по возрасту за год"),
            rows=breakdowns["by_age_band"], label="band", value="active",
            headers=(_("Возраст"), _("Активных")),
        ),
        "segment_chart": charts.hbar(
            chart_id="by-segment", title=_("Доля активных в сегментах реестра за год"),
            rows=breakdowns["by_segment"], label="segment", value="share",
            fmt="percent", headers=(_("Сегмент"), _("Доля активных")),
            extra=[("active", _("Активных"), "int"), ("members", _("В сегменте"), "int")],
        ),
        "actions_chart": actions_chart(trend, "trend-actions"),
        "active_chart": active_chart(trend),
    })


def _ledger_period(data: dict) -> tuple[dt.datetime | None, dt.datetime | None]:
    since = until = None
    if data.get("period"):
        since = timezone.now() - dt.timedelta(days=int(data["period"]))
    tz = timezone.get_current_timezone()
    if data.get("date_from"):
        since = max(filter(None, [since, dt.datetime.combine(data["date_from"], dt.time(), tz)]))
    if data.get("date_to"):
        until = dt.datetime.combine(data["date_to"] + dt.timedelta(days=1), dt.time(), tz)
    return since, until


@personal_data_required
def ledger(request, slug):
    """The ledger, newest first. Pages are fetched one row long instead of counted: a count over
    millions of rows would cost more than the page itself."""
    t = request.territory
    form = LedgerFilterForm(request.GET, territory=t)
    form.is_valid()
    data = form.cleaned_data
    since, until = _ledger_period(data)
    qs = actions_in_town(territory=t, kind=data.get("kind") or None, since=since, until=until,
                         topic_id=data["topic"].pk if data.get("topic") else None)
    try:
        page = max(int(request.GET.get("page", 1)), 1)
    except ValueError:
        page = 1
    rows = list(qs[(page - 1) * LEDGER_PAGE: page * LEDGER_PAGE + 1])
    context = {
        "form": form, "actions": rows[:LEDGER_PAGE], "page": page,
        "has_next": len(rows) > LEDGER_PAGE, "has_previous": page > 1,
    }
    if request.htmx and request.htmx.target == "ledger-results":
        return render(request, "web/office/ledger_results.html", context)
    context["trend_chart"] = actions_chart(engagement_trend(territory=t))
    return render(request, "web/office/ledger.html", context)


@personal_data_required
def access_log(request, slug):
    qs = card_accesses(territory=request.territory)
    person_id = request.GET.get("person")
    if person_id and person_id.isdigit():
        qs = qs.filter(person_id=int(person_id))
    page = Paginator(qs, ACCESS_PAGE).get_page(request.GET.get("page"))
    return render(request, "web/office/access_log.html", {"page": page,
                                                          "person_id": person_id})


@office_required
def topics(request, slug):
    t = request.territory
    form = TopicForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            topic = topic_create(territory=t, name=form.cleaned_data["name"],
                                 description=form.cleaned_data["description"],
                                 order=form.cleaned_data["order"] or 0)
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("Тема «%(name)s» добавлена.") % {"name": topic.name})
            return redirect("web:office_topics", slug=t.slug)
    return render(request, "web/office/topics.html", {
        "form": form, "topics": town_topics(territory=t, only_active=False),
    }, status=400 if form.errors else 200)


@office_required
@require_POST
def topic_active(request, slug, topic_id):
    try:
        topic = town_topics(territory=request.territory, only_active=False).get(pk=topic_id)
    except CityTopic.DoesNotExist:
        raise Http404(_("Такой темы нет.")) from None
    topic = topic_set_active(topic=topic, is_active=request.POST.get("active") == "1")
    if request.htmx:
        return render(request, "web/office/topic_row.html", {"topic": topic, "changed": True})
    messages.success(request, (_("Тема «%(name)s» снова актуальна.") if topic.is_active
                               else _("Тема «%(name)s» снята с каталога.")) % {"name": topic.name})
    return redirect("web:office_topics", slug=request.territory.slug)
