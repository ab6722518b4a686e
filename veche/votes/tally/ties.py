"""Deterministic tie-breaking, written into every result.

Rule: when two or more options are tied under a counting rule, the option that comes first in
the *tie order* wins the tie (is ranked higher, is elected, is funded first; in instant run-off
the option that comes last in the tie order is eliminated first). The tie order is a permutation
of the option ids fixed by the caller before the vote opens:

* ``lexicographic`` (default): option ids sorted as text (``sorted(map(str, ids))``), the rule
  `pabutools` calls ``lexico_tie_breaking``;
* ``ballot``: the order of the options on the ballot, as given by the caller (Veche's default);
* ``seeded``: ids sorted by ``sha256(f"{seed}:{id}")``, so a seed published before the vote (for
  example the number of a lottery draw) fixes an order that nobody could choose afterwards.

Every result carries ``tie_rule`` (the rule in words, with the order) and ``ties`` (each group of
tied options that the rule had to order), so a recount can check them.

Reference: N. Tideman, *Collective Decisions and Voting*, Ashgate 2006, ch. 6 (tie-breaking by a
predetermined order); Wikipedia, "Tie-breaking in voting".
"""

from __future__ import annotations

import hashlib
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field

import numpy as np


def lexicographic_order(option_ids: Sequence[Hashable]) -> list:
    return sorted(option_ids, key=str)


def seeded_order(option_ids: Sequence[Hashable], seed: str | int) -> list:
    def key(o):
        return hashlib.sha256(f"{seed}:{o}".encode()).hexdigest(), str(o)

    return sorted(option_ids, key=key)


@dataclass(frozen=True)
class TieBreak:
    """A tie order over option ids; ``rank(ids)`` gives each option's place in it (0 = first)."""

    order: tuple
    rule: str = "lexicographic"
    seed: str | int | None = None

    @classmethod
    def lexicographic(cls, option_ids: Sequence[Hashable]) -> TieBreak:
        return cls(tuple(lexicographic_order(option_ids)), "lexicographic")

    @classmethod
    def seeded(cls, option_ids: Sequence[Hashable], seed: str | int) -> TieBreak:
        return cls(tuple(seeded_order(option_ids, seed)), "seeded", seed)

    def positions(self, option_ids: Sequence[Hashable]) -> np.ndarray:
        place = {o: i for i, o in enumerate(self.order)}
        missing = [o for o in option_ids if o not in place]
        if missing:
            raise ValueError(f"Порядок разрешения ничьих не содержит вариантов: {missing}")
        return np.array([place[o] for o in option_ids], dtype=np.int64)

    def describe(self) -> str:
        how = {"lexicographic": "порядок по тексту идентификаторов",
               "ballot": "порядок вариантов в бюллетене"}.get(
            self.rule, f"порядок по sha256 с затравкой «{self.seed}»")
        return (f"Ничья разрешается в пользу варианта, стоящего раньше в заранее заданном "
                f"порядке ({how}): {', '.join(map(str, self.order))}")


def resolve(option_ids: Sequence[Hashable], tie_break: TieBreak | None) -> TieBreak:
    return tie_break if tie_break is not None else TieBreak.lexicographic(option_ids)


@dataclass
class TallyResult:
    """What a count produced. ``ranking`` lists option ids best first; ``scores`` maps id to the
    rule's figure; ``winners`` are the elected/funded ids; ``ties`` the tied groups the tie order
    settled; ``details`` rule-specific figures (rounds, pairwise matrix, payments...)."""

    method: str
    ballots: int
    ranking: list
    winners: list
    scores: dict
    tie_rule: str
    ties: list = field(default_factory=list)
    details: dict = field(default_factory=dict)


def order_by_score(option_ids: Sequence[Hashable], score: np.ndarray, tb: TieBreak,
                   higher_is_better: bool = True) -> tuple[list, list]:
    """Order options by score (then by the tie order); returns (ranking, tied groups)."""
    score = np.asarray(score, dtype=np.float64)
    key = -score if higher_is_better else score
    pos = tb.positions(option_ids)
    idx = np.lexsort((pos, key))
    ranking = [option_ids[i] for i in idx]
    ties = []
    values, inverse, counts = np.unique(key, return_inverse=True, return_counts=True)
    for g in np.flatnonzero(counts > 1):
        members = idx[np.isin(idx, np.flatnonzero(inverse == g))]
        ties.append([option_ids[i] for i in members])
    ties.sort(key=lambda group: ranking.index(group[0]))
    return ranking, ties
