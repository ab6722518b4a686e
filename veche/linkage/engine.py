"""`link(columns, settings=…)`: the whole pipeline behind one call.

normalise and code (records.py) → candidate pairs (blocking.py) → levels per field
(compare.py) → m, u and λ from the data, weights (model.py) → decisions at two thresholds and
persons (clusters.py) → `LinkResult`.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from .blocking import DEFAULT_KEYS, BlockingKey, candidate_pairs
from .clusters import cluster
from .compare import COMPARISONS, Comparison, pair_sides
from .model import Model, estimate, pair_weights, probability, term_frequencies
from .records import Prepared, prepare
from .result import LinkResult, Thresholds

# A field filled in for fewer records than this share is left out of the model: its m and u
# could not be estimated.
MIN_FILLED = 0.005


@dataclass(frozen=True)
class LinkSettings:
    """How to link. `thresholds` are match probabilities (`result.Thresholds`);
    `distinct_below`: a pair below it is plainly two people, and no person joins across it.
    `link_only`: compare only records of different sources (two lists, or a list against the
    registry). `keep_above`: the lowest probability of the pairs the result keeps (the review
    threshold unless lower). `random_pairs`: how many random pairs estimate u."""

    thresholds: Thresholds = field(default_factory=Thresholds)
    distinct_below: float = 0.001
    keys: tuple[BlockingKey, ...] = DEFAULT_KEYS
    max_block: int = 60
    window: int = 12
    random_pairs: int = 1_000_000
    link_only: bool = False
    keep_above: float | None = None
    seed: int = 0


class _Scorer:
    """Levels and weights of any pairs, with the fitted model: for the candidates, the random
    pairs and, in clustering, the pairs of a group that blocking never put side by side."""

    def __init__(self, prepared: Prepared, comparisons: Sequence[Comparison]):
        self.prepared, self.comparisons = prepared, comparisons
        self.model: Model | None = None
        self.must = self.never = np.empty(0, dtype=np.int64)  # decided pairs as i·n + j

    def levels(self, left: np.ndarray, right: np.ndarray) -> np.ndarray:
        sides = pair_sides(self.prepared, left, right)
        out = np.empty((len(left), len(self.comparisons)), dtype=np.int8)
        for k, comparison in enumerate(self.comparisons):
            out[:, k] = comparison.compute(sides)
        return out

    def weights(self, left: np.ndarray, levels: np.ndarray) -> np.ndarray:
        assert self.model is not None
        tf_codes = [self.prepared.codes[c.tf_column][left] if c.tf_column else None
                    for c in self.comparisons]
        return pair_weights(self.model, levels, tf_codes)

    def probability(self, left: np.ndarray, right: np.ndarray) -> np.ndarray:
        p = probability(self.weights(left, self.levels(left, right)))
        return self.overridden(left, right, p)

    def overridden(self, left: np.ndarray, right: np.ndarray, p: np.ndarray) -> np.ndarray:
        """A person's decisions win over the model: must-link 1, cannot-link 0."""
        if not len(self.must) and not len(self.never):
            return p
        codes = left.astype(np.int64) * max(self.prepared.n, 1) + right
        p = p.copy()
        p[np.isin(codes, self.must)] = 1.0
        p[np.isin(codes, self.never)] = 0.0
        return p


# Which comparison a blocking key's column belongs to: a key's session does not learn it.
COLUMN_FIELDS = {
    "surname": ("surname",), "surname_sound": ("surname",), "given": ("given",),
    "given_canon": ("given",), "given_sound": ("given",), "given_initial": ("given",),
    "patronymic_initial": ("patronymic",), "patronymic": ("patronymic",),
    "surname_start": ("surname",), "birth": ("birth",), "birth_year": ("birth",),
    "phone": ("phone",), "email": ("email",), "document": ("document",),
    "document_digits": ("document",),
    "address": ("address",), "street": ("address",), "house": ("address",),
    "postcode": ("postcode",), "name_pair": ("surname", "given"),
}


def _blocked(key: BlockingKey, comparisons: Sequence[Comparison]) -> set[int]:
    names = {name for column in key.columns for name in COLUMN_FIELDS.get(column, ())}
    return {k for k, comparison in enumerate(comparisons) if comparison.name in names}


def _all_pairs(n: int, sources: np.ndarray | None) -> float:
    if sources is None:
        return n * (n - 1) / 2
    counts = np.bincount(sources - sources.min())
    return float((counts.sum() ** 2 - (counts.astype(np.float64) ** 2).sum()) / 2)


def _random_pairs(n: int, count: int, rng: np.random.Generator,
                  sources: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
    if sources is not None:
        first = np.nonzero(sources == sources.min())[0]
        other = np.nonzero(sources != sources.min())[0]
        if not len(first) or not len(other):
            return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
        return rng.choice(first, count), rng.choice(other, count)
    left, right = rng.integers(0, n, count), rng.integers(0, n, count)
    keep = left != right
    return np.minimum(left, right)[keep], np.maximum(left, right)[keep]


def _pairs_array(pairs: Iterable[tuple[int, int]]) -> tuple[np.ndarray, np.ndarray]:
    found = np.array([(min(a, b), max(a, b)) for a, b in pairs if a != b], dtype=np.int64)
    found = found.reshape(-1, 2)
    return found[:, 0], found[:, 1]


def link(columns: Mapping[str, Sequence[object]], *, settings: LinkSettings | None = None,
         sources: Sequence[int] | np.ndarray | None = None,
         must_link: Iterable[tuple[int, int]] = (),
         cannot_link: Iterable[tuple[int, int]] = ()) -> LinkResult:
    """Link the records of a table given as field → values (fields of `columns.py`: surname,
    given_name, patronymic or full_name, birth_date, phone, email, address, …).

    `sources` gives each record's source (a list, the registry); with `settings.link_only`
    only records of different sources are compared. `must_link` / `cannot_link` are pairs of
    record indices a person already decided: they override the score."""
    settings = settings or LinkSettings()
    timings: dict[str, float] = {}
    started = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal started
        now = time.perf_counter()
        timings[name] = round(now - started, 3)
        started = now

    prepared = prepare(columns)
    n = prepared.n
    source_array = np.asarray(sources, dtype=np.int32) if sources is not None else None
    lap("normalise")
    comparisons = [c for c in COMPARISONS
                   if n and all((prepared.codes[col] >= 0).mean() >= MIN_FILLED for col in c.needs)]
    scorer = _Scorer(prepared, comparisons)
    found = candidate_pairs(
        prepared, settings.keys, max_block=settings.max_block, window=settings.window,
        sources=source_array if settings.link_only else None)
    left, right, per_key = found.left, found.right, found.per_key
    lap("blocking")
    levels = scorer.levels(left, right)
    rng = np.random.default_rng(settings.seed)
    # Enough random pairs to see rare agreements (an exact birth date: ~1 in 20,000), not
    # more than a small list needs.
    count = min(settings.random_pairs, max(50_000, 20 * n)) if n > 1 else 0
    random_left, random_right = _random_pairs(
        n, count, rng,
        source_array if settings.link_only else None)
    random_levels = scorer.levels(random_left, random_right)
    lap("compare")
    sessions = [((found.keys & (1 << number)) != 0, _blocked(key, comparisons))
                for number, key in enumerate(settings.keys)]
    model = estimate(levels, random_levels, comparisons, sessions,
                     all_pairs=_all_pairs(n, source_array if settings.link_only else None),
                     records=n)
    model.tf = {c.tf_column: term_frequencies(prepared.codes[c.tf_column])
                for c in comparisons if c.tf_column}
    scorer.model = model
    weight = scorer.weights(left, levels)
    p = probability(weight)
    lap("model")
    left, right, weight, p, levels = _decided(scorer, left, right, weight, p, levels,
                                              must_link, cannot_link)
    thresholds = settings.thresholds
    n_codes = max(n, 1)
    must = frozenset((int(c // n_codes), int(c % n_codes)) for c in scorer.must)
    person = cluster(n, left, right, p, merge=thresholds.merge,
                     distinct_below=settings.distinct_below, score=scorer.probability,
                     must=must)
    lap("cluster")
    floor = min(thresholds.review, settings.keep_above if settings.keep_above is not None
                else thresholds.review)
    keep = p >= floor
    stats = {"records": n, "candidates": int(len(p)), "candidates_by_key": per_key,
             "em_iterations": model.iterations, "prior": model.prior, "timings": timings,
             "comparisons": [c.name for c in comparisons]}
    return LinkResult(person=person, left=left[keep], right=right[keep], weight=weight[keep],
                      probability=p[keep], levels=levels[keep], thresholds=thresholds,
                      model=model, prepared=prepared, stats=stats)


def _decided(scorer: _Scorer, left: np.ndarray, right: np.ndarray, weight: np.ndarray,
             p: np.ndarray, levels: np.ndarray, must_link: Iterable[tuple[int, int]],
             cannot_link: Iterable[tuple[int, int]]):
    """A person's decisions override the model: a must-link pair (added if blocking missed it)
    gets probability 1, a cannot-link pair 0 — here and in clustering."""
    must_left, must_right = _pairs_array(must_link)
    never_left, never_right = _pairs_array(cannot_link)
    if not len(must_left) and not len(never_left):
        return left, right, weight, p, levels
    n = max(scorer.prepared.n, 1)
    scorer.must, scorer.never = must_left * n + must_right, never_left * n + never_right
    extra = ~np.isin(scorer.must, left.astype(np.int64) * n + right)
    if extra.any():
        new_left, new_right = must_left[extra], must_right[extra]
        new_levels = scorer.levels(new_left, new_right)
        left, right = np.r_[left, new_left], np.r_[right, new_right]
        levels = np.concatenate([levels, new_levels])
        new_weight = scorer.weights(new_left, new_levels)
        weight, p = np.r_[weight, new_weight], np.r_[p, probability(new_weight)]
    return left, right, weight, scorer.overridden(left, right, p), levels
