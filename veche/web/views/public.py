"""Public pages: the network's towns and a town's home. No personal data here, only counts."""

from django.shortcuts import render
from django.utils.translation import gettext as _

from veche.ledger.selectors import engagement_summaries, town_figures_cached
from veche.territories.scoping import towns_scope
from veche.territories.selectors import active_towns, town_topics

from .. import charts
from ..hooks import open_now_blocks


def home(request):
    towns = list(active_towns())
    with towns_scope(towns):
        summaries = engagement_summaries(territories=towns)
    rows = [{"town": t, "summary": summaries[t.pk]} for t in towns]
    return render(request, "web/home.html", {"rows": rows})


def town_home(request, slug):
    territory = request.territory
    figures = town_figures_cached(territory=territory)
    summary, trend = figures["summary"], figures["trend"]
    return render(request, "web/town/home.html", {
        "summary": summary,
        "year": summary["windows"][-1],
        "trend_chart": charts.line(
            chart_id="trend", title=_("Активные жители по месяцам"), rows=trend, value="active",
            headers=(_("Месяц"), _("Активных жителей")),
        ),
        "blocks": open_now_blocks(request, territory),
    })


def topics(request, slug):
    return render(request, "web/town/topics.html", {
        "topics": town_topics(territory=request.territory),
    })
