"""The KPI scorecard pages. Town staff and head: their town's months, trend and the entries
behind them (improvement facts, external-resource cases, event reports). Curator: the ranking
of curated towns with trends and the XLSX export (/curator/scorecard/), and per town the
assessment and cut-off judgements (/t/<slug>/curator/scorecard/)."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from veche.accounts.otp import SecondFactorRequired
from veche.practices import access
from veche.practices.models import (
    CuratorAssessment,
    CutoffAssessment,
    EventReport,
    ExternalResourceCase,
    ImprovementFact,
    ScorecardMonth,
)
from veche.practices.scorecard.compute import add_months, last_months, month_of, scorecard_recompute
from veche.practices.scorecard.export import scorecard_xlsx
from veche.practices.scorecard.params import (
    current_params,
    cutoffs_for,
    indicators_for,
    legend,
    settings_history,
)
from veche.practices.scorecard.reaction import reaction_figures
from veche.practices.scorecard.rules import PER_EVENT_CUTOFFS
from veche.practices.scorecard.selectors import latest_month, ranking, town_months, trends
from veche.practices.scorecard.services import (
    curator_assess,
    cutoff_judge,
    event_report_create,
    external_case_create,
    fact_create,
    fact_recognize,
)
from veche.territories.scoping import towns_scope

from ... import charts
from .common import curator_in_town_required, month_param, run_service, staff_required
from .forms import AssessmentForm, CutoffForm, EventForm, ExternalForm, FactForm

MONTHS = 24


def _trend_chart(rows, chart_id: str, title: str):
    return charts.line(chart_id=chart_id, title=title, fmt="number",
                       rows=[{"month": r.month, "total": r.total_raw} for r in rows],
                       value="total", headers=(_("Месяц"), _("Баллы (без отсечения)")))


def _rules_context() -> dict:
    """The indicators and cut-offs as the settings in force make them, and the legend saying
    which numbers are the seed's and which are settings."""
    params = current_params()
    return {"params": params, "indicators": indicators_for(params),
            "cutoffs": cutoffs_for(params), "legend": legend(params)}


def _event_failures(territory, rows) -> list[dict]:
    """Per month, cut-offs 2 and 8 as the data judged them event by event: the events that
    lack an announcement, a release, lists or photos (with their titles, looked up here: the
    stored month names them by number), or that the month had no events."""
    out: list[dict] = []
    ids: set[int] = set()
    for row in rows:
        found = []
        for code in PER_EVENT_CUTOFFS:
            st = row.cutoffs.get(str(code)) or {}
            if st.get("lacking") or st.get("no_events"):
                found.append({"code": code, "lacking": st.get("lacking") or [],
                              "no_events": st.get("no_events", False)})
                ids.update(e["id"] for e in st.get("lacking") or [])
        if found:
            out.append({"month": row.month, "cutoffs": found})
    titles = dict(EventReport.objects.filter(territory=territory, pk__in=ids)
                  .values_list("pk", "title")) if ids else {}
    for month in out:
        for c in month["cutoffs"]:
            c["lacking"] = [{**e, "title": titles.get(e["id"], f"№ {e['id']}"),
                             "held_on": dt.date.fromisoformat(e["held_on"])}
                            for e in c["lacking"]]
    return out


def _month_value(data: dict) -> dt.date | None:
    return month_param(data.get("month"), None) if data.get("month") else None


@staff_required
def town_scorecard(request, slug):
    t = request.territory
    rows = town_months(territory=t, months=MONTHS)
    latest = rows[-1] if rows else None
    return render(request, "web/projects/scorecard.html", {
        "rows": list(reversed(rows)), "latest": latest, **_rules_context(),
        "events_failed": _event_failures(t, reversed(rows)),
        "chart": _trend_chart(rows, "scorecard-trend", _("Баллы по месяцам")),
    })


@staff_required
@require_POST
def town_recompute(request, slug):
    scorecard_recompute(territories=[request.territory], months=last_months(MONTHS))
    messages.success(request, _("Показатели пересчитаны."))
    return redirect("web:projects_scorecard", slug=slug)


def _with_month(d: dict) -> dict:
    month = _month_value(d)
    if month is None:
        raise ValidationError({"month": [_("Укажите месяц в виде ГГГГ-ММ, например 2026-03.")]})
    return {**d, "month": month}


@staff_required
def facts(request, slug):
    t = request.territory
    form = FactForm(request.POST or None, request.FILES or None,
                    initial={"month": timezone.localdate().strftime("%Y-%m")})
    if request.method == "POST":
        done = run_service(request, form, lambda d: fact_create(
            territory=t, by=request.user, **{k: v for k, v in _with_month(d).items()}),
            _("Факт записан; он засчитается, когда его признает глава или куратор."),
            "web:projects_facts")
        if done:
            return done
    return render(request, "web/projects/facts.html", {
        "facts": ImprovementFact.objects.filter(territory=t).select_related(
            "entered_by", "recognized_by")[:200],
        "form": form, "can_recognize": bool(access.RECOGNIZE & request.town_roles),
    }, status=400 if form.errors else 200)


@staff_required
@require_POST
def fact_recognize_view(request, slug, improvementfact_id):
    fact = access.access_fact(request.user, request.territory, improvementfact_id,
                              recognize=True)
    try:
        fact_recognize(fact=fact, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Факт признан."))
    return redirect("web:projects_facts", slug=slug)


@staff_required
def external(request, slug):
    t = request.territory
    form = ExternalForm(request.POST or None,
                        initial={"month": timezone.localdate().strftime("%Y-%m")})
    if request.method == "POST":
        done = run_service(request, form, lambda d: external_case_create(
            territory=t, by=request.user, **_with_month(d)),
            _("Случай привлечения ресурсов записан."), "web:projects_external")
        if done:
            return done
    return render(request, "web/projects/external.html", {
        "cases": ExternalResourceCase.objects.filter(territory=t)[:200], "form": form,
    }, status=400 if form.errors else 200)


@staff_required
def events(request, slug):
    t = request.territory
    form = EventForm(request.POST or None)
    if request.method == "POST":
        done = run_service(request, form, lambda d: event_report_create(
            territory=t, by=request.user, **{**d, "participants_count":
                                             d["participants_count"] or 0}),
            _("Отчёт о мероприятии сохранён."), "web:projects_events")
        if done:
            return done
    return render(request, "web/projects/events.html", {
        "events": EventReport.objects.filter(territory=t)[:200], "form": form,
    }, status=400 if form.errors else 200)


# --- curator ----------------------------------------------------------------------------

@curator_in_town_required
def curator_town(request, slug):
    """The curator's entries for one town and month: assessment, cut-offs, facts to recognise."""
    t = request.territory
    month = month_param(request.GET.get("month") or request.POST.get("month"),
                        add_months(month_of(timezone.localdate()), -1))
    action = request.POST.get("action") if request.method == "POST" else None
    current = CuratorAssessment.objects.filter(territory=t, month=month).first()
    a_form = AssessmentForm(request.POST if action == "assess" else None, initial={
        "score": current.score, "conclusion": current.conclusion} if current else None)
    c_form = CutoffForm(request.POST if action == "cutoff" else None)
    done = None
    if action == "assess":
        done = run_service(request, a_form, lambda d: curator_assess(
            territory=t, month=month, score=d["score"], conclusion=d["conclusion"],
            curator=request.user, cited=request.POST.getlist("cited")),
            _("Заключение сохранено."), "web:projects_curator_town")
    elif action == "cutoff":
        done = run_service(request, c_form, lambda d: cutoff_judge(
            territory=t, month=month, code=d["code"], failed=d["failed"],
            comment=d["comment"], curator=request.user, cited=request.POST.getlist("cited")),
            _("Оценка отсекающего показателя сохранена."), "web:projects_curator_town")
    elif action == "recognize":
        fact = access.access_fact(request.user, t, request.POST.get("fact"), recognize=True)
        try:
            fact_recognize(fact=fact, by=request.user)
            messages.success(request, _("Факт признан."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return redirect(f"{request.path}?month={month:%Y-%m}")
    if done:
        return redirect(f"{done.url}?month={month:%Y-%m}")
    row = ScorecardMonth.objects.filter(territory=t, month=month).first()
    judged = {c.code: c for c in CutoffAssessment.objects.filter(territory=t, month=month)}
    return render(request, "web/projects/curator_town.html", {
        "month": month, "row": row, "a_form": a_form, "c_form": c_form,
        "cutoffs": [{"c": c, "state": (row.cutoffs.get(str(c.code)) if row else None),
                     "judged": judged.get(c.code)} for c in cutoffs_for(current_params())],
        # Cut-off 7's «скорость реакции и корректировка» from the data (issue 14, point 5):
        # shown beside the judgement; the judgement stores them and the ones it cites.
        "figures": reaction_figures(territory=t, month=month), "assessment": current,
        "cited_before": set((current.cited if current else [])
                            + [c for j in judged.values() for c in j.cited]),
        "facts": ImprovementFact.objects.filter(territory=t, month=month),
        "prev": add_months(month, -1), "next": add_months(month, 1),
    }, status=400 if a_form.errors or c_form.errors else 200)


def _curated(request):
    towns = access.curated_towns(request.user)
    # The second factor is checked where the request enters, not in the access function.
    if not request.user.is_verified():
        raise SecondFactorRequired(_("Подтвердите вход вторым фактором (код из приложения)."))
    return towns


def _ranking_context(request, towns):
    with towns_scope(towns):
        default = latest_month(territories=towns) or month_of(timezone.localdate())
        month = month_param(request.GET.get("month"), default)
        rows = ranking(territories=towns, month=month)
        months = last_months(MONTHS, until=month)
        trend = trends(territories=towns, months=months)
    return month, rows, months, trend


@login_required
def curator_scorecard(request):
    towns = _curated(request)
    if request.method == "POST":
        with towns_scope(towns):
            scorecard_recompute(territories=towns, months=last_months(MONTHS))
        messages.success(request, _("Показатели всех ваших городов пересчитаны."))
        return redirect("web:projects_curator_scorecard")
    month, rows, months, trend = _ranking_context(request, towns)
    compare = charts.hbar(
        chart_id="scorecard-compare", title=_("Баллы городов за %(m)s") % {
            "m": month.strftime("%m.%Y")},
        rows=[{"town": r["town"].name, "total": r["row"].total_raw if r["row"] else 0}
              for r in rows], label="town", value="total", fmt="number",
        headers=(_("Город"), _("Баллы без отсечения")))
    charts_by_town = [charts.line(
        chart_id=f"trend-{t.slug}", title=_("%(town)s: баллы по месяцам") % {"town": t.name},
        # the month's result after the cut-offs: what the town is ranked by
        rows=[{"month": r["month"], "total": r["total"]} for r in trend[t.pk]],
        value="total", fmt="number", headers=(_("Месяц"), _("Итог после отсечения")))
        for t in towns]
    return render(request, "web/projects/curator_scorecard.html", {
        "month": month, "rows": rows, "compare": compare, "charts": charts_by_town,
        "prev": add_months(month, -1), "next": add_months(month, 1),
        # a month not over yet: its figures still move, so its places are not final
        "provisional": month >= month_of(timezone.localdate()),
        **_rules_context(),
    })


@login_required
def curator_export(request):
    towns = _curated(request)
    month, rows, months, _trend = _ranking_context(request, towns)
    with towns_scope(towns):
        history = {t.pk: town_months(territory=t, months=MONTHS, until=month) for t in towns}
        content = scorecard_xlsx(ranking=rows, month=month, history=history,
                                 params=current_params(), settings=settings_history())
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="scorecard-{month:%Y-%m}.xlsx"'
    return response
