"""The town home's «Идёт голосование» block (see veche/web/hooks.py): the open votes of the town,
no personal data, one query. The template lives in the web shell (web/votes/open_now.html)."""

from django.db.models import F
from django.utils.translation import gettext as _

from veche.territories.models import Territory

from .models import Vote, VoteStatus

SHOWN = 5


def open_votes(request, territory: Territory) -> dict | None:
    """The votes closing soonest (one without an end date last), and how many more are open:
    the block never drops a vote silently."""
    open_now = Vote.objects.filter(territory=territory, status=VoteStatus.OPEN,
                                   is_template=False)
    votes = list(open_now.only("id", "title", "closes_at", "kind")
                 .order_by(F("closes_at").asc(nulls_last=True), "-id")[:SHOWN + 1])
    if not votes:
        return None
    more = open_now.count() - SHOWN if len(votes) > SHOWN else 0
    return {"title": _("Идёт голосование"), "template": "web/votes/open_now.html",
            "context": {"votes": votes[:SHOWN], "more": more}}


BLOCKS = [("votes", 10, open_votes)]
