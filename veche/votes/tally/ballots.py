"""Array forms of ballots and their checks. Options are columns ``0..m-1``; the caller keeps the
list of option ids that names them. All checks are whole-array operations and name the first
offending ballot (1-based) in a Russian message.

* single choice: ``int`` array ``(n,)`` of option indices;
* approval / participatory budget: ``bool`` array ``(n, m)``, ``True`` where the option is chosen;
* score: ``int`` array ``(n, m)``, one score per option;
* ranked: ``int`` array ``(n, L)`` of option indices, best first, ``-1`` pads a shorter ranking.
  ``positions()`` turns it into ``(n, m)`` rank positions (``m`` for an unranked option).

``merge()`` folds identical ballots into unique rows with counts (``np.unique(axis=0)``), so the
rules count each distinct ballot once, weighted by how many voters cast it.
"""

from __future__ import annotations

import numpy as np


def _first(mask: np.ndarray) -> int:
    return int(np.flatnonzero(mask)[0])


def merge(rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Unique rows and their counts (``np.unique(axis=0, return_counts=True)``; small integer
    rows are first packed into ``uint64`` words, which sorts much faster). Row order of the
    answer is unspecified; no rule depends on it."""
    rows = np.ascontiguousarray(rows)
    n = rows.shape[0]
    if n == 0:
        return rows, np.zeros(0, dtype=np.int64)
    if rows.dtype == bool or rows.dtype.kind in "iu":
        low = int(rows.min())
        span = int(rows.max()) - low
        bits = max(1, span.bit_length())
        per = 64 // bits
        cols = rows.shape[1]
        words = []
        for start in range(0, cols, per):
            key = np.zeros(n, dtype=np.uint64)
            for j in range(start, min(cols, start + per)):
                key <<= np.uint64(bits)
                key |= (rows[:, j].astype(np.int64) - low).astype(np.uint64)
            words.append(key)
        if len(words) == 1:
            _, first, counts = np.unique(words[0], return_index=True, return_counts=True)
            return rows[first], counts.astype(np.int64)
        order = np.lexsort(words[::-1])
        change = np.zeros(n, dtype=bool)
        change[0] = True
        for word in words:
            sw = word[order]
            change[1:] |= sw[1:] != sw[:-1]
        starts = np.flatnonzero(change)
        counts = np.diff(np.append(starts, n))
        return rows[order[starts]], counts.astype(np.int64)
    uniq, counts = np.unique(rows, axis=0, return_counts=True)
    return uniq, counts.astype(np.int64)


def check_single(choices: np.ndarray, m: int) -> np.ndarray:
    choices = np.asarray(choices, dtype=np.int64).reshape(-1)
    bad = (choices < 0) | (choices >= m)
    if bad.any():
        i = _first(bad)
        raise ValueError(f"Бюллетень №{i + 1}: выбран несуществующий вариант ({choices[i]}).")
    return choices


def check_approval(approvals: np.ndarray, m: int, at_most: int | None = None,
                   at_least: int = 0) -> np.ndarray:
    approvals = np.asarray(approvals, dtype=bool)
    if approvals.ndim != 2 or approvals.shape[1] != m:
        raise ValueError(f"Ожидалась таблица бюллетеней на {m} вариантов.")
    marked = approvals.sum(axis=1)
    if at_most is not None and (marked > at_most).any():
        i = _first(marked > at_most)
        raise ValueError(f"Бюллетень №{i + 1}: отмечено вариантов — {marked[i]}, "
                         f"а можно не больше {at_most}.")
    if (marked < at_least).any():
        i = _first(marked < at_least)
        raise ValueError(f"Бюллетень №{i + 1}: отмечено вариантов — {marked[i]}, "
                         f"а нужно не меньше {at_least}.")
    return approvals


def check_scores(scores: np.ndarray, m: int, low: int, high: int) -> np.ndarray:
    scores = np.asarray(scores)
    if scores.ndim != 2 or scores.shape[1] != m:
        raise ValueError(f"Ожидалась таблица оценок на {m} вариантов.")
    bad = ((scores < low) | (scores > high)).any(axis=1)
    if bad.any():
        i = _first(bad)
        raise ValueError(f"Бюллетень №{i + 1}: оценка вне шкалы {low}–{high}.")
    return scores


def check_ranked(rankings: np.ndarray, m: int, option_ids=None) -> np.ndarray:
    """Reject an option ranked twice, an unknown option, or a gap (``-1`` before a choice)."""
    r = np.asarray(rankings)
    if r.ndim != 2 or r.shape[1] > m:
        raise ValueError(f"Рейтинг не может быть длиннее числа вариантов ({m}).")
    dtype = np.int8 if m < 127 else np.int16 if m < 32767 else np.int32
    r = r.astype(dtype, copy=False)
    if r.shape[0] == 0 or r.shape[1] == 0:
        return r
    bad = ((r < -1) | (r >= m)).any(axis=1)
    if bad.any():
        i = _first(bad)
        raise ValueError(f"Бюллетень №{i + 1}: в рейтинге несуществующий вариант.")
    gap = ((r[:, :-1] == -1) & (r[:, 1:] != -1)).any(axis=1)
    if gap.any():
        i = _first(gap)
        raise ValueError(f"Бюллетень №{i + 1}: пропуск в рейтинге.")
    if m <= 63:  # a repeated option makes the sum of the option bits differ from their OR
        bitv = np.where(r >= 0, np.left_shift(np.uint64(1), np.maximum(r, 0).astype(np.uint64)),
                        np.uint64(0))
        rows = bitv.sum(axis=1, dtype=np.uint64) != np.bitwise_or.reduce(bitv, axis=1)
    else:
        s = np.sort(r, axis=1)
        rows = ((s[:, 1:] == s[:, :-1]) & (s[:, 1:] != -1)).any(axis=1)
    if rows.any():
        i = _first(rows)
        seen = set()
        for v in r[i].tolist():
            if v in seen:
                break
            seen.add(v)
        name = option_ids[v] if option_ids is not None else v
        raise ValueError(f"Вариант указан в рейтинге дважды: «{name}» (бюллетень №{i + 1}).")
    return r


def positions(rankings: np.ndarray, m: int) -> np.ndarray:
    """``(n, m)`` rank positions from ``(n, L)`` rankings; ``m`` marks an unranked option."""
    n, length = rankings.shape
    dtype = rankings.dtype
    pos = np.full((n, m + 1), m, dtype=dtype)  # column m swallows the -1 padding
    cols = np.where(rankings < 0, m, rankings).astype(np.intp)
    rows = np.arange(n)[:, None]
    pos[rows, cols] = np.arange(length, dtype=dtype)[None, :]
    return pos[:, :m]


def check_budget(approvals: np.ndarray, costs: np.ndarray, limit: float | None) -> np.ndarray:
    """A budget ballot may choose projects whose costs add up to at most ``limit``."""
    approvals = np.asarray(approvals, dtype=bool)
    costs = np.asarray(costs)
    if approvals.ndim != 2 or approvals.shape[1] != costs.shape[0]:
        raise ValueError(f"Ожидалась таблица бюллетеней на {costs.shape[0]} проектов.")
    if limit is not None and approvals.shape[0]:
        spent = approvals.astype(np.float64) @ costs.astype(np.float64)
        over = spent > limit
        if over.any():
            i = _first(over)
            total, cap = (f"{x:,.0f}".replace(",", "\u00a0") for x in (spent[i], limit))
            raise ValueError(f"Бюллетень №{i + 1}: выбраны проекты на сумму {total}, "
                             f"это больше бюджета {cap}.")
    return approvals
