"""What the votes capability holds about one person, for their own download (152-FZ art. 14):
the votes they took part in (when, how); and, only where the vote allows changing one's ballot
and so keeps the link, what they chose and their ballot's number in the chain. Receipt codes
are not stored (only their hashes), so they cannot be given back: docs/votes.md."""

from veche.registry.models import Person

from .models import Ballot, Participation


def votes_personal_data(person: Person) -> list[dict]:
    linked = {b.vote_id: b for b in Ballot.objects.filter(person=person, is_current=True)}
    rows = []
    for p in (Participation.objects.filter(person=person).select_related("vote")
              .order_by("at", "id")):
        ballot = linked.get(p.vote_id)
        rows.append({
            "vote": p.vote.title, "voted_at": p.at, "channel": p.get_channel_display(),
            "ballot_linked": ballot is not None,
            "choices": ballot.choices if ballot is not None else None,
            "chain_number": ballot.seq if ballot is not None else None,
        })
    return rows
