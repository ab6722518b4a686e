"""The town home's «Идёт голосование» block (see veche/web/hooks.py): the open votes of the town,
no personal data, one query. The template lives in the web shell (web/votes/open_now.html)."""

from veche.territories.models import Territory

from .models import Vote, VoteStatus

SHOWN = 5


def open_votes(request, territory: Territory) -> dict | None:
    votes = list(Vote.objects.filter(territory=territory, status=VoteStatus.OPEN,
                                     is_template=False)
                 .only("id", "title", "closes_at", "kind").order_by("closes_at", "-id")[:SHOWN])
    if not votes:
        return None
    return {"title": "Идёт голосование", "template": "web/votes/open_now.html",
            "context": {"votes": votes}}


BLOCKS = [("votes", 10, open_votes)]
