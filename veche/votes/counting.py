"""From stored ballots to numpy arrays to a result (the engine is veche/votes/tally/).

Ballots are streamed from the database in chunks in id order: on PostgreSQL a server-side
cursor returns each chunk's `choices` and `scores` as JSON text, parsed with one `json.loads`
per chunk; the rows go straight into preallocated arrays (int8/int16, bool), so 1,000,000
ballots over 30 options take ~30 MB, not a list of a million dicts.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator

import numpy as np
from django.db import connection

from . import tally
from .models import Ballot, BudgetRule, Option, RankedMethod, TieRule, Vote, VoteKind

CHUNK = 50_000


def _chunks(vote: Vote, chunk: int) -> Iterator[list[tuple[list, list | None]]]:
    if connection.vendor == "postgresql":
        table = Ballot._meta.db_table
        with connection.chunked_cursor() as cursor:
            cursor.itersize = chunk
            cursor.execute(f"SELECT choices::text, coalesce(scores::text, 'null') FROM {table} "
                           "WHERE vote_id = %s AND is_current ORDER BY id", [vote.pk])
            while True:
                rows = cursor.fetchmany(chunk)
                if not rows:
                    return
                c = json.loads("[" + ",".join(r[0] for r in rows) + "]")
                s = json.loads("[" + ",".join(r[1] for r in rows) + "]")
                yield list(zip(c, s, strict=True))
        return
    qs = (Ballot.objects.with_scopes_disabled().filter(vote_id=vote.pk, is_current=True)
          .order_by("id").values_list("choices", "scores"))
    buf = []
    for row in qs.iterator(chunk_size=chunk):
        buf.append(row)
        if len(buf) == chunk:
            yield buf
            buf = []
    if buf:
        yield buf


def ballot_arrays(vote: Vote, option_ids: list[int], total: int, chunk: int = CHUNK,
                  progress: Callable[[int], None] | None = None) -> np.ndarray:
    """The current ballots of `vote` as the engine's array for its kind (see tally/ballots.py).
    """
    m = len(option_ids)
    col = {o: i for i, o in enumerate(option_ids)}
    lut = np.full(max(option_ids, default=0) + 2, -1, dtype=np.int64)
    lut[list(option_ids)] = np.arange(m)
    kind = vote.kind
    small = np.int8 if m < 127 else np.int16
    if kind == VoteKind.SINGLE:
        out = np.empty(total, dtype=np.int64)
    elif kind in (VoteKind.APPROVAL, VoteKind.BUDGET):
        out = np.zeros((total, m), dtype=bool)
    elif kind == VoteKind.SCORE:
        out = np.zeros((total, m), dtype=np.int16)
    else:
        out = np.full((total, m), -1, dtype=small)
    done = 0
    for rows in _chunks(vote, chunk):
        n = min(len(rows), total - done)  # ballots cast after the count began wait for the next
        rows = rows[:n]
        if kind == VoteKind.SINGLE:
            out[done:done + n] = lut[[c[0] for c, _ in rows]]
        elif kind in (VoteKind.APPROVAL, VoteKind.BUDGET):
            r = np.repeat(np.arange(done, done + n), [len(c) for c, _ in rows])
            flat = [o for c, _ in rows for o in c]
            out[r, lut[flat]] = True
        elif kind == VoteKind.SCORE:
            r = np.repeat(np.arange(done, done + n), [len(c) for c, _ in rows])
            flat = [o for c, _ in rows for o in c]
            vals = [v for _, s in rows for v in s]
            out[r, lut[flat]] = vals
        else:
            lengths = np.array([len(c) for c, _ in rows])
            r = np.repeat(np.arange(done, done + n), lengths)
            pos = np.arange(lengths.sum()) - np.repeat(np.cumsum(lengths) - lengths, lengths)
            out[r, pos] = lut[[o for c, _ in rows for o in c]]
        done += n
        if progress:
            progress(done)
        if done >= total:
            break
    del col
    return out[:done]


def tie_break(vote: Vote, option_ids: list[int]) -> tally.TieBreak:
    if vote.tie_rule == TieRule.SEEDED and vote.tie_seed:
        return tally.TieBreak.seeded(option_ids, vote.tie_seed)
    # Default order: the options' order on the ballot (their ids sorted as they were added).
    return tally.TieBreak(tuple(option_ids), "ballot")


def count(vote: Vote, arrays: np.ndarray, option_ids: list[int]) -> tally.TallyResult:
    tb = tie_break(vote, option_ids)
    kind = vote.kind
    if kind == VoteKind.SINGLE:
        return tally.plurality(arrays, option_ids, tie_break=tb)
    if kind == VoteKind.APPROVAL:
        return tally.approval(arrays, option_ids, at_most=vote.max_choices, tie_break=tb)
    if kind == VoteKind.SCORE:
        return tally.score(arrays, option_ids, low=vote.score_min, high=vote.score_max,
                           tie_break=tb)
    if kind == VoteKind.RANKED:
        rule = {RankedMethod.BORDA: tally.borda, RankedMethod.SCHULZE: tally.schulze,
                RankedMethod.IRV: tally.instant_runoff}[vote.ranked_method]
        return rule(arrays, option_ids, tie_break=tb)
    costs = dict(Option.objects.with_scopes_disabled().filter(vote_id=vote.pk)
                 .values_list("id", "cost"))
    cost_arr = np.array([costs[o] or 0 for o in option_ids], dtype=np.int64)
    if vote.budget_rule == BudgetRule.GREEDY:
        return tally.greedy(arrays, cost_arr, vote.budget_amount, option_ids, tie_break=tb)
    return tally.equal_shares(arrays, cost_arr, vote.budget_amount, option_ids,
                              completion="greedy" if vote.budget_completion else None,
                              tie_break=tb)


def result_dict(res: tally.TallyResult) -> dict:
    """A TallyResult as JSON (keys as strings, numpy scalars as numbers)."""
    def clean(x):
        if isinstance(x, dict):
            return {str(k): clean(v) for k, v in x.items()}
        if isinstance(x, (list, tuple)):
            return [clean(v) for v in x]
        if isinstance(x, np.generic):
            return x.item()
        return x

    return clean({"method": res.method, "ballots": res.ballots, "ranking": res.ranking,
                  "winners": res.winners, "scores": res.scores, "tie_rule": res.tie_rule,
                  "ties": res.ties, "details": res.details})
