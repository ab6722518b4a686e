"""Pairs → persons: which records are one person.

Pairs above the merge threshold are joined; alone, that chains: A≈B and B≈C put A and C in
one person even when A and C are plainly two people (a father and son sharing a phone and a
name). So every group of three or more records joined this way is looked at whole: all its
pairs are scored (not only the candidates), and its records are merged strongest pair first,
two parts joining only when no pair across them is plainly different (below
`distinct_below`) and their pairs agree on average (mean probability at least `review`).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from .blocking import key_pairs

Scorer = Callable[[np.ndarray, np.ndarray], np.ndarray]  # (left, right) → probability


def _components(n: int, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    graph = coo_matrix((np.ones(len(left), dtype=np.int8), (left, right)), shape=(n, n))
    return connected_components(graph, directed=False)[1]


def cluster(n: int, left: np.ndarray, right: np.ndarray, probability: np.ndarray, *,
            merge: float, distinct_below: float, score: Scorer, max_group: int = 150,
            must: frozenset[tuple[int, int]] = frozenset()) -> np.ndarray:
    """A person number for every record (0, 1, … in order of first appearance). `must`:
    pairs a person declared one person, joined whatever the pairs around them say."""
    joined = probability >= merge
    labels = _components(n, left[joined], right[joined])
    sizes = np.bincount(labels)
    big = sizes[labels] >= 3
    if big.any():
        labels = _split_chains(labels, big, sizes, left[joined], right[joined],
                               probability[joined], distinct_below=distinct_below,
                               score=score, max_group=max_group, must=must)
    _, first = np.unique(labels, return_index=True)
    order = np.argsort(first)
    renumber = np.empty(len(order), dtype=np.int64)
    renumber[order] = np.arange(len(order))
    return renumber[np.unique(labels, return_inverse=True)[1]]


def _split_chains(labels: np.ndarray, big: np.ndarray, sizes: np.ndarray, left: np.ndarray,
                  right: np.ndarray, probability: np.ndarray, *, distinct_below: float,
                  score: Scorer, max_group: int, must: frozenset[tuple[int, int]]
                  ) -> np.ndarray:
    n = len(labels)
    groups = np.where(big & (sizes[labels] <= max_group), labels, -1)
    codes = key_pairs(groups, np.arange(n), max_block=max_group, window=max_group)
    all_left, all_right = codes // n, codes % n
    all_p = score(all_left, all_right)
    known = {(int(a), int(b)): float(p) for a, b, p in zip(left, right, probability, strict=True)
             if big[a]}
    for a, b, p in zip(all_left, all_right, all_p, strict=True):
        known[(int(a), int(b))] = float(p)
    out = labels.copy()
    next_label = int(labels.max(initial=-1)) + 1
    members_of: dict[int, list[int]] = {}
    for record in np.nonzero(big)[0]:
        members_of.setdefault(int(labels[record]), []).append(int(record))
    edges_of: dict[int, list[tuple[float, int, int]]] = {}
    for a, b, p in zip(left, right, probability, strict=True):
        if big[a]:
            edges_of.setdefault(int(labels[a]), []).append((float(p), int(a), int(b)))
    for label, members in members_of.items():
        parts = _greedy(members, sorted(edges_of.get(label, []), reverse=True), known,
                        distinct_below=distinct_below, must=must)
        for part in parts[1:]:
            out[part] = next_label
            next_label += 1
    return out


def _greedy(members: list[int], edges: list[tuple[float, int, int]],
            known: dict[tuple[int, int], float], *, distinct_below: float,
            must: frozenset[tuple[int, int]] = frozenset()) -> list[list[int]]:
    """Merge strongest pair first; refuse a merge across a plainly different pair. Pairs
    never scored (a group past `max_group`) count neither for nor against."""
    part_of = {m: i for i, m in enumerate(members)}
    parts: dict[int, list[int]] = {i: [m] for i, m in enumerate(members)}
    for _p, a, b in edges:
        pa, pb = part_of[a], part_of[b]
        if pa == pb:
            continue
        across = [known.get((min(x, y), max(x, y))) for x in parts[pa] for y in parts[pb]]
        seen = [p for p in across if p is not None]
        if (a, b) not in must and (not seen or min(seen) < distinct_below):
            continue
        for m in parts[pb]:
            part_of[m] = pa
        parts[pa] += parts.pop(pb)
    return sorted(parts.values(), key=len, reverse=True)
