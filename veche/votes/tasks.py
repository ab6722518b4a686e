"""Background work of votes, through Django's tasks API (`veche worker` runs it)."""

from django.tasks import task

from veche.territories.scoping import town_scope


@task()
def seal_vote_chain(*, vote_id: int, territory_id: int) -> dict:
    """Number and hash the new ballots of a vote (queued by casts, at most every 2 s): while it
    is open, only batches of SEAL_MIN_BATCH or more (veche/votes/chain.py says why)."""
    from .chain import SEAL_MIN_BATCH, ballot_chain_seal
    from .models import Vote, VoteStatus

    with town_scope(territory_id):
        vote = Vote.objects.get(pk=vote_id)
        least = SEAL_MIN_BATCH if vote.status == VoteStatus.OPEN else 1
        return {"added": ballot_chain_seal(vote=vote, min_batch=least),
                "length": vote.chain_length}


@task()
def scan_vote_abuse(*, vote_id: int, territory_id: int) -> dict:
    from .models import Vote
    from .services.abuse import abuse_scan

    with town_scope(territory_id):
        return {"flagged": abuse_scan(vote=Vote.objects.get(pk=vote_id))}


@task()
def run_vote_tally(*, tally_id: int, territory_id: int) -> dict:
    """Count a vote (1,000,000 ballots stream in chunks; progress in VoteTally.ballots_done)."""
    from .models import VoteTally
    from .services.tallies import tally_run

    with town_scope(territory_id):
        tally = tally_run(tally=VoteTally.objects.get(pk=tally_id))
        return {"status": tally.status, "ballots": tally.ballots_done}


@task()
def votes_schedule(*, territory_id: int) -> dict:
    """Open and close votes by their dates; make this month's votes from templates."""
    from veche.territories.models import Territory

    from .services.votes import votes_tick

    with town_scope(territory_id):
        return votes_tick(territory=Territory.objects.get(pk=territory_id))
