"""What linkage returns: persons, scored pairs with their evidence, thresholds, the model."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum

import numpy as np

from .compare import NULL, Comparison
from .model import Model, field_weight
from .records import COLUMN_POOLS, Prepared


class Decision(IntEnum):
    DISTINCT = 0  # below the review threshold: two people
    REVIEW = 1  # between the thresholds: a person decides
    MERGE = 2  # above the merge threshold: one person, merged without asking


@dataclass(frozen=True)
class Thresholds:
    """Match probabilities: at or above `merge` a pair is one person; at or above `review` a
    person looks at it; below, two people."""

    merge: float = 0.8
    review: float = 0.3

    def decide(self, probability: np.ndarray) -> np.ndarray:
        return np.where(probability >= self.merge, Decision.MERGE,
                        np.where(probability >= self.review, Decision.REVIEW,
                                 Decision.DISTINCT)).astype(np.int8)


@dataclass(frozen=True)
class Evidence:
    """One field of one pair: the level it shows and the weight it adds (bits; positive for
    «one person», negative against)."""

    field: str
    label: str
    level: str
    weight: float
    left: str
    right: str


# What the review screen shows for each comparison: the coded column and its pool.
SHOWN = {"surname": "surname", "given": "given", "patronymic": "patronymic", "birth": "birth",
         "phone": "phone", "email": "email", "address": "address", "locality": "locality",
         "postcode": "postcode", "document": "document"}


@dataclass
class LinkResult:
    """`person[i]` is the person of record i. The pairs kept are those at or above
    `keep_above` (the review threshold unless settings asked for more), with their weights,
    probabilities and levels; `evidence(k)` explains pair k field by field."""

    person: np.ndarray
    left: np.ndarray
    right: np.ndarray
    weight: np.ndarray
    probability: np.ndarray
    levels: np.ndarray
    thresholds: Thresholds
    model: Model
    prepared: Prepared = field(repr=False)
    stats: dict = field(default_factory=dict)

    @property
    def decision(self) -> np.ndarray:
        return self.thresholds.decide(self.probability)

    @property
    def persons(self) -> int:
        return int(self.person.max(initial=-1)) + 1

    def clusters(self) -> list[np.ndarray]:
        """The records of every person with more than one record."""
        order = np.argsort(self.person, kind="stable")
        sorted_person = self.person[order]
        starts = np.r_[0, np.nonzero(np.diff(sorted_person))[0] + 1]
        groups = np.split(order, starts[1:])
        return [g for g in groups if len(g) > 1]

    def review(self) -> np.ndarray:
        """Indices of the pairs for the review queue, most doubtful first."""
        doubtful = np.nonzero(self.decision == Decision.REVIEW)[0]
        return doubtful[np.argsort(np.abs(self.weight[doubtful]))]

    def evidence(self, k: int) -> list[Evidence]:
        a, b = int(self.left[k]), int(self.right[k])
        out = []
        for index, comparison in enumerate(self.model.comparisons):
            level = int(self.levels[k, index])
            column = SHOWN.get(comparison.name, comparison.needs[0])
            out.append(Evidence(
                comparison.name, comparison.label,
                comparison.levels[level] if level != NULL else "",
                round(float(self._field_weight(index, k)), 2),
                _shown(self.prepared, column, a), _shown(self.prepared, column, b)))
        return out

    def _field_weight(self, index: int, k: int) -> float:
        comparison: Comparison = self.model.comparisons[index]
        codes = None
        if comparison.tf_column:
            codes = self.prepared.codes[comparison.tf_column][self.left[k:k + 1]]
        return float(field_weight(self.model, index, self.levels[k:k + 1, index], codes)[0])


def _shown(prepared: Prepared, column: str, record: int) -> str:
    code = int(prepared.codes[column][record])
    if code < 0:
        return ""
    value = prepared.pools[COLUMN_POOLS[column]].values[code]
    if column == "birth" and len(value) == 8:
        return f"{value[6:]}.{value[4:6]}.{value[:4]}"
    if column == "address":
        street, house, flat = (value.split("|") + ["", "", ""])[:3]
        return ", ".join(p for p in (street, house and f"д. {house}", flat and f"кв. {flat}") if p)
    return value
