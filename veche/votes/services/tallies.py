"""Counting a vote: a VoteTally row (progress the pages poll) and the run that fills it."""

from __future__ import annotations

import resource
import sys
import time

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from ..models import Ballot, Option, Vote, VoteStatus, VoteTally

_PROGRESS_EVERY = 0.5  # seconds between progress writes
SYNC_LIMIT = 50_000  # a vote this small may be counted within a request


def _rss_mb() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return round(peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024, 1)


def tally_start(*, vote: Vote, final: bool = False) -> VoteTally:
    """Queue a count of `vote` (the worker runs it; in tests it runs at once). Returns the
    row whose `status`, `ballots_done`/`ballots_total` and `result` the pages read."""
    from ..tasks import run_vote_tally

    row = VoteTally.objects.create(territory_id=vote.territory_id, vote=vote, is_final=final)
    transaction.on_commit(lambda: run_vote_tally.enqueue(tally_id=row.pk,
                                                         territory_id=vote.territory_id))
    return row


def tally_compute(*, vote: Vote, total: int | None = None, chunk: int | None = None,
                  progress=None) -> dict:
    """Count `vote` now and return the result dict (tally, options, turnout, invitations,
    chain, abuse, computed_at, timing). Writes nothing."""
    from .. import counting
    from ..selectors.results import results_context

    if total is None:
        total = Ballot.objects.filter(vote=vote, is_current=True).count()
    option_ids = list(Option.objects.filter(vote=vote).order_by("order", "id")
                      .values_list("id", flat=True))
    t0 = time.perf_counter()
    arrays = counting.ballot_arrays(vote, option_ids, total, chunk=chunk or counting.CHUNK,
                                    progress=progress)
    t_load = time.perf_counter() - t0
    t0 = time.perf_counter()
    res = counting.count(vote, arrays, option_ids)
    t_count = time.perf_counter() - t0
    del arrays
    result = {"tally": counting.result_dict(res)} | results_context(vote=vote)
    result["timing"] = {"load_s": round(t_load, 3), "count_s": round(t_count, 3)}
    return result


def tally_run(*, tally: VoteTally, chunk: int | None = None) -> VoteTally:
    """Stream the ballots into arrays, count, and store the result with turnout, tie rule,
    chain head and timings. A failure is recorded as `failed` with its message."""
    from ..chain import SEAL_MIN_BATCH, ballot_chain_seal

    vote = Vote.objects.get(pk=tally.vote_id)
    started = time.perf_counter()
    tally.status, tally.started_at = VoteTally.Status.RUNNING, timezone.now()
    # A live count seals only full batches (a small one would date its ballots; chain.py).
    ballot_chain_seal(vote=vote, min_batch=1 if tally.is_final or vote.status != VoteStatus.OPEN
                      else SEAL_MIN_BATCH)
    total = Ballot.objects.filter(vote=vote, is_current=True).count()
    tally.ballots_total = total
    tally.save(update_fields=["status", "started_at", "ballots_total"])
    last = [time.perf_counter()]

    def progress(done: int) -> None:
        if time.perf_counter() - last[0] >= _PROGRESS_EVERY:
            last[0] = time.perf_counter()
            VoteTally.objects.filter(pk=tally.pk).update(ballots_done=done)

    try:
        result = tally_compute(vote=vote, total=total, chunk=chunk, progress=progress)
        result["timing"]["total_s"] = round(time.perf_counter() - started, 3)
        tally.result, tally.status = result, VoteTally.Status.DONE
        tally.ballots_done = result["tally"]["ballots"]
    except (ValueError, ValidationError) as e:
        tally.status, tally.message = VoteTally.Status.FAILED, str(e)[:2000]
    tally.finished_at = timezone.now()
    tally.peak_memory_mb = _rss_mb()
    tally.save()
    return tally
