"""Public pages: the network's towns and a town's home. No personal data here, only counts."""

from django.conf import settings
from django.shortcuts import render
from django.utils.translation import gettext as _

from veche.appeals.selectors import appeals_by_topic
from veche.ledger.selectors import engagement_summaries, town_figures_cached
from veche.practices.bank.selectors import practices_by_topic
from veche.territories.scoping import towns_scope
from veche.territories.selectors import active_towns, town_topics
from veche.votes.selectors import votes_by_topic

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
    summary = figures["summary"]
    return render(request, "web/town/home.html", {
        "summary": summary,
        "year": summary["windows"][-1],
        # Callables: the template calls them only when its cached fragment has expired, so a
        # busy home page neither redraws the chart nor re-asks every app for its blocks.
        "trend_chart": lambda: charts.line(
            chart_id="trend", title=_("Активные жители по месяцам"), rows=figures["trend"],
            value="active", headers=(_("Месяц"), _("Активных жителей")),
        ),
        "blocks": lambda: open_now_blocks(request, territory),
        "fragment_seconds": settings.VECHE_FIGURES_CACHE_SECONDS,
    })


def topics(request, slug):
    """Each topic with what the town does about it: its votes, the appeals about it in a year
    (a count), the town's practices on it — each a link to the list."""
    town = request.territory
    votes = votes_by_topic(territory=town)
    appeals = appeals_by_topic(territory=town)
    practices = practices_by_topic(territory=town)
    rows = [{"topic": t, "votes": votes.get(t.pk, 0), "appeals": appeals.get(t.pk, 0),
             "practices": practices.get(t.pk, 0)} for t in town_topics(territory=town)]
    return render(request, "web/town/topics.html", {"rows": rows})
