"""The web app's own "what is open now" blocks: current city topics and last month's activity.
Registered from WebConfig.ready(); later apps add theirs the same way (see hooks.py)."""

import datetime as dt

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from veche.ledger.models import ActionKind
from veche.ledger.selectors import actions_in_town
from veche.territories.selectors import town_topics

from .hooks import register_open_now

TOPICS_ON_HOME = 8


@register_open_now("topics", order=50)
def city_topics(request, territory):
    topics = list(town_topics(territory=territory)[: TOPICS_ON_HOME + 1])
    if not topics:
        return None
    return {
        "title": _("Темы, которые обсуждает город"),
        "template": "web/town/block_topics.html",
        "context": {"topics": topics[:TOPICS_ON_HOME], "more": len(topics) > TOPICS_ON_HOME},
    }


@register_open_now("activity", order=90)
def recent_activity(request, territory):
    """Counts only: what residents did in the last 30 days, by kind. No names."""
    since = timezone.now() - dt.timedelta(days=30)
    counts = dict(
        actions_in_town(territory=territory, since=since).order_by()
        .values_list("kind").annotate(n=Count("id"))
    )
    rows = [{"label": ActionKind(k).label, "count": counts[k]}
            for k in ActionKind.values if counts.get(k)]
    return {
        "title": _("Что жители сделали за 30 дней"),
        "template": "web/town/block_activity.html",
        "context": {"rows": rows, "total": sum(counts.values())},
    }
