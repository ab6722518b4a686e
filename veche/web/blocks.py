"""The web app's own "what is open now" blocks: current city topics and last month's activity.
Registered from WebConfig.ready(); later apps add theirs the same way (see hooks.py)."""


from django.utils.translation import gettext as _

from veche.ledger.models import ActionKind
from veche.ledger.snapshots import engagement_breakdowns
from veche.territories.selectors import town_topics

from .hooks import register_open_now

TOPICS_ON_HOME = 8


@register_open_now("topics", order=50)
def city_topics(request, territory):
    topics = list(town_topics(territory=territory)[: TOPICS_ON_HOME + 1])
    if not topics:
        return None
    return {
        "title": _("Темы и проблемы города"),
        "template": "web/town/block_topics.html",
        "context": {"topics": topics[:TOPICS_ON_HOME], "more": len(topics) > TOPICS_ON_HOME},
    }


@register_open_now("activity", order=90)
def recent_activity(request, territory):
    """Counts only: what residents did in the last 30 days, by kind. No names."""
    # Stored with the engagement breakdowns and refreshed in the background.
    counts = engagement_breakdowns(territory=territory)["recent_by_kind"]
    rows = [{"label": ActionKind(k).label, "count": counts[k]}
            for k in ActionKind.values if counts.get(k)]
    return {
        "title": _("Что жители сделали за 30 дней"),
        "template": "web/town/block_activity.html",
        "context": {"rows": rows, "total": sum(counts.values())},
    }
