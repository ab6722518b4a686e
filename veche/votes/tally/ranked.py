"""Ranked votes: Borda count, the Schulze method and instant run-off (IRV).

Ballots are rankings (``(n, L)`` option indices, best first, ``-1`` pads a partial ranking); a
ballot that names an option twice is rejected («Вариант указан в рейтинге дважды: …»). Identical
ballots are merged first (``ballots.merge``), then every rule works on the rank-position matrix
weighted by the ballot counts.

* **Borda**: an option in place ``r`` (0-based) of a ballot gets ``m - 1 - r`` points, an unranked
  option 0 (the "truncated" Borda count); options are ranked by points.
  Reference: Wikipedia, "Borda count"; D. Saari, *Basic Geometry of Voting*, Springer 1995.
* **Schulze**: ``d[a, b]`` = voters who rank ``a`` above ``b`` (an unranked option is below every
  ranked one); strongest paths ``p`` by Floyd–Warshall on the winning margins (link ``a → b`` has
  strength ``d[a, b]`` when ``d[a, b] > d[b, a]``); ``a`` beats ``b`` when ``p[a, b] > p[b, a]``.
  Options are ranked by how many options they beat; the winners are those nobody beats.
  Reference: M. Schulze, "A new monotonic, clone-independent, reversal symmetric, and
  Condorcet-consistent single-winner election method", *Social Choice and Welfare* 36 (2011).
* **Instant run-off**: each round every ballot counts for its highest-ranked option still in the
  race; an option with more than half of the ballots not yet exhausted wins; otherwise the option
  with fewest votes is eliminated. Ranking: winner, then the others by the reverse order of
  elimination. Reference: Wikipedia, "Instant-runoff voting".

Ties: by the caller's tie order (``ties.py``). In Schulze and Borda the earlier option in the tie
order is placed first; in IRV, among options tied for fewest votes, the one *latest* in the tie
order is eliminated.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence

import numpy as np

from . import ballots as B
from .ties import TallyResult, TieBreak, order_by_score, resolve


def _prepare(rankings, option_ids):
    m = len(option_ids)
    r = B.check_ranked(rankings, m, option_ids)
    n = r.shape[0]
    if n == 0:
        return n, np.zeros((0, m), np.int8), np.zeros(0, np.int64)
    uniq, counts = B.merge(r)
    return n, B.positions(uniq, m), counts


def borda(rankings: np.ndarray, option_ids: Sequence[Hashable],
          tie_break: TieBreak | None = None) -> TallyResult:
    ids = list(option_ids)
    m = len(ids)
    n, pos, w = _prepare(rankings, ids)
    points = np.where(pos < m, m - 1 - pos.astype(np.int64), 0)
    totals = w @ points if n else np.zeros(m, np.int64)
    tb = resolve(ids, tie_break)
    ranking, ties = order_by_score(ids, totals, tb)
    return TallyResult("borda", n, ranking, ranking[:1] if n else [],
                       {o: int(totals[i]) for i, o in enumerate(ids)}, tb.describe(), ties)


def pairwise(pos: np.ndarray, w: np.ndarray) -> np.ndarray:
    """``d[a, b]`` = weighted number of ballots ranking ``a`` above ``b``. Only the upper half is
    compared; ``d[b, a]`` follows from the ballots that rank ``a`` or ``b`` at all."""
    m = pos.shape[1]
    d = np.zeros((m, m), dtype=np.int64)
    if pos.shape[0] == 0:
        return d
    wf = w.astype(np.float64)
    for a in range(m - 1):
        d[a, a + 1:] = np.rint(wf @ (pos[:, a, None] < pos[:, a + 1:]))
    unranked = (pos == m).astype(np.float64)
    neither = np.rint((unranked * wf[:, None]).T @ unranked).astype(np.int64)
    either = int(w.sum()) - neither
    upper = np.triu(np.ones((m, m), dtype=bool), 1)
    d.T[upper] = either[upper] - d[upper]
    return d


def strongest_paths(d: np.ndarray) -> np.ndarray:
    p = np.where(d > d.T, d, 0)
    np.fill_diagonal(p, 0)
    for k in range(d.shape[0]):
        p = np.maximum(p, np.minimum(p[:, k, None], p[None, k, :]))
    np.fill_diagonal(p, 0)
    return p


def schulze(rankings: np.ndarray, option_ids: Sequence[Hashable],
            tie_break: TieBreak | None = None) -> TallyResult:
    ids = list(option_ids)
    n, pos, w = _prepare(rankings, ids)
    d = pairwise(pos, w)
    p = strongest_paths(d)
    beats = p > p.T
    wins = beats.sum(axis=1)
    tb = resolve(ids, tie_break)
    ranking, ties = order_by_score(ids, wins, tb)
    unbeaten = [ids[i] for i in range(len(ids)) if not beats[:, i].any()]
    winners = [o for o in ranking if o in unbeaten][:1] if n else []
    return TallyResult("schulze", n, ranking, winners,
                       {o: int(wins[i]) for i, o in enumerate(ids)}, tb.describe(), ties,
                       {"pairwise": d.tolist(), "strongest_paths": p.tolist(),
                        "unbeaten": unbeaten})


def instant_runoff(rankings: np.ndarray, option_ids: Sequence[Hashable],
                   tie_break: TieBreak | None = None) -> TallyResult:
    ids = list(option_ids)
    m = len(ids)
    n, pos, w = _prepare(rankings, ids)
    tb = resolve(ids, tie_break)
    tpos = tb.positions(ids)
    active = np.ones(m, dtype=bool)
    eliminated: list[int] = []
    rounds, ties = [], []
    winner = None
    top = pos.argmin(axis=1) if n else np.zeros(0, np.int64)
    live = pos[np.arange(len(top)), top] < m
    while n and active.any():
        votes = np.bincount(top[live], weights=w[live], minlength=m).astype(np.int64)
        total = int(votes.sum())
        rounds.append({ids[i]: int(votes[i]) for i in np.flatnonzero(active)}
                      | {"exhausted": n - total})
        lead = np.flatnonzero(active)[np.lexsort((tpos[active], -votes[active]))[0]]
        if 2 * votes[lead] > total or active.sum() == 1:
            winner = int(lead)
            break
        cand = np.flatnonzero(active)
        low = cand[votes[cand] == votes[cand].min()]
        out = int(low[np.argmax(tpos[low])])
        if len(low) > 1:
            ties.append([ids[i] for i in low[np.argsort(tpos[low])]])
        active[out] = False
        eliminated.append(out)
        moved = np.flatnonzero(live & (top == out))  # only these ballots change their vote
        sub = np.where(active[None, :], pos[moved], m)
        top[moved] = sub.argmin(axis=1)
        live[moved] = sub[np.arange(len(moved)), top[moved]] < m
    if winner is None:
        ranking = [ids[i] for i in np.argsort(tpos)]
        winners = []
    else:
        rest = [int(i) for i in np.flatnonzero(active) if i != winner]
        rest.sort(key=lambda i: (-votes[i], tpos[i]))
        ranking = [ids[winner]] + [ids[i] for i in rest] + [ids[i] for i in eliminated[::-1]]
        winners = [ids[winner]]
    return TallyResult("instant_runoff", n, ranking, winners,
                       {o: v for o, v in (rounds[-1] if rounds else {}).items()
                        if o != "exhausted" or o in ids},
                       tb.describe(), ties,
                       {"rounds": rounds, "eliminated": [ids[i] for i in eliminated]})
