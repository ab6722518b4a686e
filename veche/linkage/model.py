"""The Fellegi–Sunter model, its parameters estimated from the list itself.

For each comparison and level: m — how often true matches show that level, u — how often
random pairs do. A pair's match weight is log2 of the prior odds plus, per field, log2(m/u)
of the level it shows (0 for a missing field); its match probability follows from the weight.

- u comes from random pairs of the list (almost all of them are different people), as
  Splink does;
- m comes from expectation–maximisation over the candidate pairs, one session per blocking
  key on the fields that key did not block on (as Splink trains); the pairs are first
  grouped by their pattern of levels (a million pairs show a few thousand patterns), so an
  iteration costs nothing;
- λ, the chance that two records of the list are one person, follows: the expected matches
  among the candidates over all pairs of the list;
- term frequencies: agreement on a rare value (Цыбулькин) says more than on a common one
  (Иванов, the placeholder date 01.01.1960, a workplace's switchboard phone). The exact
  level's weight uses the value's own frequency instead of the average, within
  ±`TF_LIMIT` bits; a small list's frequencies are drawn towards the average.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from .compare import NULL, Comparison

# What a town list usually shows (fitted on 200,000 generated Russian records, softened):
# the starting point that a small list, which cannot teach much, stays close to. A list of
# thousands outweighs it (`M_PSEUDO` matches, `U_PSEUDO` random pairs).
DEFAULT_M = {
    "surname": [0.76, 0.12, 0.02, 0.09, 0.01], "given": [0.74, 0.15, 0.02, 0.07, 0.02],
    "patronymic": [0.82, 0.07, 0.10, 0.01], "birth": [0.944, 0.04, 0.01, 0.0055, 0.0005],
    "phone": [0.8, 0.2], "email": [0.95, 0.02, 0.03], "address": [0.8, 0.03, 0.02, 0.02, 0.13],
    "locality": [0.9, 0.05, 0.05], "postcode": [0.9, 0.05, 0.05],
    "document": [0.9, 0.05, 0.02, 0.03],
}
DEFAULT_U = {
    "surname": [3e-4, 4e-4, 5e-3, 0.29, 0.7043], "given": [0.023, 0.006, 0.002, 0.007, 0.962],
    "patronymic": [0.025, 0.03, 0.02, 0.925], "birth": [4e-5, 1.2e-3, 0.015, 0.009, 0.975],
    "phone": [1e-5, 1.0], "email": [5e-5, 1e-5, 1.0], "address": [1e-5, 3e-4, 1e-5, 0.035, 0.965],
    "locality": [0.1, 0.05, 0.85], "postcode": [0.01, 0.05, 0.94],
    "document": [1e-4, 1e-3, 5e-3, 0.994],
}
M_PSEUDO = 20.0
U_PSEUDO = 500.0
# Expected duplicates per record before looking at the list, with its weight in pairs.
DUPLICATES = 0.2
PRIOR_PSEUDO = 50.0
TF_LIMIT = 6.0  # bits a term frequency may move the exact level's weight either way
M_FLOOR = 1e-4
U_FLOOR = 1e-7


@dataclass
class Model:
    comparisons: Sequence[Comparison]
    m: list[np.ndarray]
    u: list[np.ndarray]
    prior: float  # λ: the chance that two records of the list are one person
    iterations: int = 0
    tf: dict[str, np.ndarray] = field(default_factory=dict)  # value frequency by code

    def weights(self) -> list[np.ndarray]:
        """log2(m/u) of every level of every comparison."""
        return [np.log2(np.maximum(m, M_FLOOR) / np.maximum(u, U_FLOOR))
                for m, u in zip(self.m, self.u, strict=True)]

    def prior_weight(self) -> float:
        return float(np.log2(self.prior / (1 - self.prior)))

    def describe(self) -> list[dict]:
        """Each comparison's levels with m, u and weight: what docs/linkage.md explains."""
        out = []
        for comparison, m, u, w in zip(self.comparisons, self.m, self.u, self.weights(),
                                       strict=True):
            out.append({"field": comparison.name, "label": comparison.label, "levels": [
                {"label": label, "m": round(float(m[i]), 5), "u": round(float(u[i]), 7),
                 "weight": round(float(w[i]), 2)}
                for i, label in enumerate(comparison.levels)]})
        return out


def _default(table: dict[str, list[float]], comparison: Comparison) -> np.ndarray:
    shape: np.ndarray = np.asarray(table.get(comparison.name, ()), dtype=np.float64)
    if len(shape) != len(comparison.levels):  # a comparison without defaults: a plain slope
        shape = 0.5 ** np.arange(1, len(comparison.levels) + 1, dtype=np.float64)
        shape[0] += 1.0
    return shape / shape.sum()


def level_frequencies(levels: np.ndarray, comparisons: Sequence[Comparison], *,
                      distinct_pairs: float) -> list[np.ndarray]:
    """u: the share of each level among random pairs where the field is not missing, drawn
    towards `DEFAULT_U` as much as a small list (few distinct pairs) needs."""
    out = []
    for k, comparison in enumerate(comparisons):
        column = levels[:, k]
        counts: np.ndarray = np.bincount(column[column != NULL],
                                         minlength=len(comparison.levels)).astype(np.float64)
        seen = counts.sum()
        if seen > distinct_pairs:  # a small list's pairs were drawn many times over
            counts = counts * (distinct_pairs / seen)
        default = _default(DEFAULT_U, comparison)
        out.append((counts + U_PSEUDO * default) / (counts.sum() + U_PSEUDO))
    return out


def _pattern_codes(levels: np.ndarray) -> np.ndarray:
    """One integer per pair for its whole row of levels (NULL counted as a level)."""
    shifted = levels.astype(np.int64) + 1  # NULL → 0
    radix = int(shifted.max(initial=0)) + 1
    codes = np.zeros(len(levels), dtype=np.int64)
    for k in range(levels.shape[1]):
        codes = codes * radix + shifted[:, k]
    return codes


def _patterns(levels: np.ndarray, codes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Distinct rows of the level matrix and how many pairs show each."""
    _unique, first, counts = np.unique(codes, return_index=True, return_counts=True)
    return levels[first], counts


def _scores(patterns: np.ndarray, weights: list[np.ndarray], prior_weight: float,
            fields: Sequence[int]) -> np.ndarray:
    score = np.full(len(patterns), prior_weight)
    for k in fields:
        column = patterns[:, k]
        score += np.where(column == NULL, 0.0, weights[k][np.maximum(column, 0)])
    return score


def _session(patterns: np.ndarray, counts: np.ndarray, m: list[np.ndarray],
             u: list[np.ndarray], fields: list[int], *, max_iterations: int, tolerance: float
             ) -> tuple[list[np.ndarray], float, int]:
    """EM over the pairs one blocking key found, u fixed, learning m of the fields the key
    did not block on (its own fields agree by construction and would teach nothing)."""
    m = [x.copy() for x in m]
    prior, iteration = 0.1, 0
    while iteration < max_iterations:
        iteration += 1
        weights = [np.log2(np.maximum(a, M_FLOOR) / np.maximum(b, U_FLOOR))
                   for a, b in zip(m, u, strict=True)]
        score = _scores(patterns, weights, float(np.log2(prior / (1 - prior))), fields)
        expected = counts / (1.0 + np.exp2(-np.clip(score, -60, 60)))
        change = 0.0
        for k in fields:
            column = patterns[:, k]
            known = column != NULL
            sums = np.bincount(column[known], weights=expected[known], minlength=len(m[k]))
            new = (sums + 1e-3) / (sums.sum() + 1e-3 * len(sums))
            change = max(change, float(np.abs(new - m[k]).max()))
            m[k] = new
        prior = float(np.clip(expected.sum() / counts.sum(), 1e-6, 0.999))
        if change < tolerance:
            break
    return m, prior, iteration


def estimate(levels: np.ndarray, random_levels: np.ndarray,
             comparisons: Sequence[Comparison], sessions: Sequence[tuple[np.ndarray, set[int]]],
             *, all_pairs: float, records: int, max_iterations: int = 40,
             tolerance: float = 1e-4) -> Model:
    """u from the random pairs' levels; m by EM, one session per blocking key over the pairs
    that key found, each learning the fields the key did not block on (as Splink trains);
    a field's m is the mean of its sessions, weighted by the matches each expected. Then the
    chance that two random records match, λ, so that the expected matches among the
    candidates (each pair's posterior summed) are λ · `all_pairs`, drawn towards
    `DUPLICATES` per record for a list too small to say."""
    u = level_frequencies(random_levels, comparisons, distinct_pairs=all_pairs)
    start = [_default(DEFAULT_M, c) for c in comparisons]
    totals = [M_PSEUDO * s for s in start]
    iterations = 0
    codes = _pattern_codes(levels)
    for mask, blocked in sessions:
        fields = [k for k in range(len(comparisons)) if k not in blocked]
        if mask.sum() < 10 or not fields:
            continue
        patterns, counts = _patterns(levels[mask], codes[mask])
        m, prior, used = _session(patterns, counts, start, u, fields,
                                  max_iterations=max_iterations, tolerance=tolerance)
        iterations += used
        matches = prior * counts.sum()
        for k in fields:
            totals[k] += m[k] * matches
    m = [t / t.sum() for t in totals]
    expected_prior = min(DUPLICATES * max(records, 1) / max(all_pairs, 1.0), 0.5)
    model = Model(comparisons, m, u, prior=expected_prior, iterations=iterations)
    if len(levels):
        patterns, counts = _patterns(levels, codes)
        fields = list(range(len(comparisons)))
        weights = model.weights()
        for _ in range(50):
            score = _scores(patterns, weights, model.prior_weight(), fields)
            expected = float((counts / (1.0 + np.exp2(-np.clip(score, -60, 60)))).sum())
            prior = (expected + expected_prior * PRIOR_PSEUDO) / (all_pairs + PRIOR_PSEUDO)
            prior = float(np.clip(prior, 1e-12, 0.5))
            if abs(prior - model.prior) < 1e-3 * model.prior:
                model.prior = prior
                break
            model.prior = prior
    return model


def field_weight(model: Model, k: int, column: np.ndarray, codes: np.ndarray | None
                 ) -> np.ndarray:
    """One comparison's part of the match weight for each pair: log2(m/u) of its level, 0 where
    missing; at the exact level log2(m/tf) instead, so rare values weigh more."""
    w = model.weights()[k]
    part = np.where(column == NULL, 0.0, w[np.maximum(column, 0)]).astype(np.float32)
    name = model.comparisons[k].tf_column
    if codes is not None and name in model.tf:
        exact = (column == 0) & (codes >= 0)
        counts = model.tf[name]
        u = max(float(model.u[k][0]), U_FLOOR)
        # The chance that another record holds this value: its count among the other
        # records, with the average agreement u as a prior worth one record — a value seen
        # twice in a list of thousands is not called rare on that alone.
        frequency = counts[codes[exact]] / (counts[-2] - 1 + 1 / u)
        part[exact] += np.clip(np.log2(u / frequency), -TF_LIMIT, TF_LIMIT)
    return part


def pair_weights(model: Model, levels: np.ndarray, tf_codes: Sequence[np.ndarray | None]
                 ) -> np.ndarray:
    """Each pair's match weight in bits, prior included."""
    total = np.full(len(levels), model.prior_weight(), dtype=np.float32)
    for k in range(levels.shape[1]):
        total += field_weight(model, k, levels[:, k], tf_codes[k])
    return total


def term_frequencies(codes: np.ndarray) -> np.ndarray:
    """How many records hold each value (indexed by code; the last element is for -1), and,
    last but one, how many records hold any."""
    known = codes[codes >= 0]
    counts = np.bincount(known, minlength=int(codes.max(initial=-1)) + 1).astype(np.float64)
    return np.r_[counts, float(len(known)), 0.0]


def probability(weight: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp2(-np.clip(weight, -60, 60)))
