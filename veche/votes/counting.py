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

from veche.territories.crosstown import in_town

from . import tally
from .kinds import count_settings, kind_of, tie_break_of
from .kinds.base import costs_array
from .models import Ballot, Option, Vote

CHUNK = 50_000


def _chunks(vote: Vote, chunk: int) -> Iterator[list[tuple[list, list | None]]]:
    if connection.vendor == "postgresql":
        table = Ballot._meta.db_table
        with connection.chunked_cursor() as cursor:
            cursor.itersize = chunk  # type: ignore[attr-defined]  # psycopg's server-side cursor
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
    qs = (in_town(Ballot, vote.territory_id).filter(vote_id=vote.pk, is_current=True)
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
    lut = np.full(max(option_ids, default=0) + 2, -1, dtype=np.int64)
    lut[list(option_ids)] = np.arange(m)
    kind = kind_of(vote)
    out = kind.ballot_array(total, m)
    done = 0
    for rows in _chunks(vote, chunk):
        n = min(len(rows), total - done)  # ballots cast after the count began wait for the next
        if n:
            kind.fill(out, rows[:n], done, lut)
        done += n
        if progress:
            progress(done)
        if done >= total:
            break
    return out[:done]


def tie_break(vote: Vote, option_ids: list[int]) -> tally.TieBreak:
    return tie_break_of(count_settings(vote), option_ids)


def count(vote: Vote, arrays: np.ndarray, option_ids: list[int]) -> tally.TallyResult:
    """The vote's kind runs its rule on the same settings the ballot file publishes."""
    def costs() -> np.ndarray:
        by_id = dict(in_town(Option, vote.territory_id).filter(vote_id=vote.pk)
                     .values_list("id", "cost"))
        return costs_array(by_id, option_ids)

    settings = count_settings(vote)
    return kind_of(vote).count(settings, arrays, option_ids, tie_break_of(settings, option_ids),
                               costs)


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
