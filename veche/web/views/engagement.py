"""The engagement dashboard of a town (issue 17, point 5): the share of active residents against
the 10 % goal, the trend, the funnel, cohorts by first action, where new active residents come
from, and breakdowns by district, age band and segment; the monthly report as PDF and XLSX.

Staff and the head see it in the back office; a curator of the town sees the same figures and
downloads the same report on pages of their own (no back-office menu, no office URLs). All
figures are counts naming no one, read from the rollups and the stored snapshot
(veche/ledger/snapshots.py)."""

import datetime as dt

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from veche.accounts.access import role_required
from veche.accounts.contract import OFFICE
from veche.accounts.models import Role
from veche.documents.download import file_response
from veche.ledger.report import engagement_report, month_choices, report_file
from veche.ledger.selectors import engagement_summary, engagement_trend
from veche.ledger.snapshots import engagement_breakdowns

from .. import charts

engagement_staff = role_required(OFFICE)
engagement_curator = role_required({Role.CURATOR})

# Share of the cohort that acted in a month → one of six shades (CSS classes, no inline style).
HEAT_STEPS = (0.0, 0.1, 0.25, 0.4, 0.6, 0.8)


def heat(share: float | None) -> int:
    if not share:
        return 0
    return max(i for i, step in enumerate(HEAT_STEPS) if share >= step)


def engagement_figures(town) -> dict:
    """Everything the dashboard shows, as the template's context."""
    summary = engagement_summary(territory=town)
    trend = engagement_trend(territory=town)
    stored = engagement_breakdowns(territory=town)
    funnel, cohorts, origins = stored["funnel"], stored["cohorts"], stored["origins"]
    for row in cohorts["rows"]:
        for cell in row["cells"]:
            cell["heat"] = heat(cell["share"]) if row["size"] else 0
        row["blank"] = range(len(cohorts["offsets"]) - len(row["cells"]))
    event_kinds = [r for r in origins["by_group"] if r["object_type"] == "events.event"]
    return {
        "summary": summary, "year": summary["windows"][-1], "computed_at": stored["computed_at"],
        "funnel": funnel, "cohorts": cohorts, "origins": origins,
        "active_chart": charts.line(
            chart_id="eng-active", title=_("Активные жители по месяцам"), rows=trend,
            value="active", headers=(_("Месяц"), _("Активных жителей"))),
        "actions_chart": charts.columns(
            chart_id="eng-actions", title=_("Действия жителей по месяцам"), rows=trend,
            value="actions", headers=(_("Месяц"), _("Действий"))),
        "funnel_chart": charts.hbar(
            chart_id="eng-funnel", title=_("Воронка за 12 месяцев"), rows=funnel["stages"],
            label="label", value="count", headers=(_("Ступень"), _("Человек")),
            extra=[("of_previous", _("От предыдущей"), "percent"),
                   ("of_registered", _("От реестра"), "percent")]),
        "source_chart": charts.hbar(
            chart_id="eng-sources", title=_("Новые активные жители по каналам за год"),
            rows=origins["by_source"], label="label", value="new",
            headers=(_("Канал"), _("Новых")),
            extra=[("returned", _("Действовали снова"), "int"), ("share", _("Доля"), "percent")]),
        "kind_chart": charts.hbar(
            chart_id="eng-kinds", title=_("Новые активные жители по видам мероприятий за год"),
            rows=event_kinds, label="group", value="new",
            headers=(_("Вид мероприятия"), _("Новых")),
            extra=[("returned", _("Действовали снова"), "int"), ("share", _("Доля"), "percent")]),
        "type_chart": charts.hbar(
            chart_id="eng-types", title=_("Первое действие: о чём"),
            rows=origins["by_object_type"], label="label", value="new",
            headers=(_("Объект"), _("Новых")), extra=[("share", _("Доля"), "percent")]),
        "district_chart": charts.hbar(
            chart_id="eng-district", title=_("Доля активных жителей 14+ по районам за год"),
            rows=stored["by_district"], label="district", value="share", fmt="percent",
            headers=(_("Район"), _("Доля")),
            extra=[("active", _("Активных"), "int"),
                   ("population_14_plus", _("Жителей 14+"), "int")]),
        "age_chart": charts.hbar(
            chart_id="eng-age", title=_("Активные жители по возрасту за год"),
            rows=stored["by_age_band"], label="band", value="active",
            headers=(_("Возраст"), _("Активных"))),
        "segment_chart": charts.hbar(
            chart_id="eng-segment", title=_("Доля активных в сегментах реестра за год"),
            rows=stored["by_segment"], label="segment", value="share", fmt="percent",
            headers=(_("Сегмент"), _("Доля активных")),
            extra=[("active", _("Активных"), "int"), ("members", _("В сегменте"), "int")]),
        "months": month_choices(),
    }


@engagement_staff
def dashboard(request, slug):
    return render(request, "web/engagement/dashboard.html", {
        **engagement_figures(request.territory), "report_name": "web:office_engagement"})


@engagement_curator
def curator_town(request, slug):
    return render(request, "web/engagement/curator_town.html", {
        **engagement_figures(request.territory), "report_name": "web:curator_engagement"})


@engagement_staff
def report(request, slug, fmt):
    return _report(request, fmt)


@engagement_curator
def curator_report(request, slug, fmt):
    """The same report for a curator of the town (the back office's URLs are staff-only)."""
    return _report(request, fmt)


def _report(request, fmt: str) -> HttpResponse:
    months = month_choices()
    try:
        month = dt.date.fromisoformat(request.GET.get("month", "") + "-01")
    except ValueError:
        month = months[0]
    if month not in months:
        month = months[0]
    town = request.territory
    built = engagement_report(territory=town, month=month)
    name = f"engagement-{town.slug}-{month:%Y-%m}.{fmt}"
    data, kind = report_file(built, fmt)
    return file_response(data, filename=name, content_type=kind)
