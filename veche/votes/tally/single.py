"""Single choice, approval (at most k choices) and score votes.

Rules:

* **single choice** (plurality): each ballot gives one vote to one option; options are ranked by
  votes, the first is the winner;
* **approval with at most k**: each ballot marks between ``at_least`` and ``k`` options, each mark
  is one vote; options are ranked by votes; ``seats`` winners (default 1);
* **score** (range voting): each ballot gives every option a score in ``low..high``; options are
  ranked by the total score (the mean is reported too; every option is scored on every ballot, so
  total and mean give the same order).

Ties: by the caller's tie order (see ``ties.py``), always written into the result.

References: S. Brams, P. Fishburn, *Approval Voting*, 2nd ed., Springer 2007; W. D. Smith,
"Range voting" (2000); Wikipedia, "Plurality voting", "Approval voting", "Score voting".

Counting is column sums over the ballot array (``np.bincount``/``sum(axis=0)``), never a loop over
ballots.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence

import numpy as np

from . import ballots as B
from .ties import TallyResult, TieBreak, order_by_score, resolve


def _result(method, option_ids, n, score, tb, seats, details=None):
    ranking, ties = order_by_score(option_ids, score, tb)
    winners = ranking[:seats] if n else []
    return TallyResult(method, n, ranking, winners,
                       {o: score[i].item() for i, o in enumerate(option_ids)},
                       tb.describe(), ties, details or {})


def plurality(choices: np.ndarray, option_ids: Sequence[Hashable],
              tie_break: TieBreak | None = None) -> TallyResult:
    m = len(option_ids)
    choices = B.check_single(choices, m)
    votes = np.bincount(choices, minlength=m)
    return _result("plurality", list(option_ids), len(choices), votes,
                   resolve(option_ids, tie_break), 1)


def approval(approvals: np.ndarray, option_ids: Sequence[Hashable], at_most: int | None = None,
             seats: int = 1, at_least: int = 0,
             tie_break: TieBreak | None = None) -> TallyResult:
    m = len(option_ids)
    approvals = B.check_approval(approvals, m, at_most, at_least)
    votes = approvals.sum(axis=0, dtype=np.int64)
    return _result("approval", list(option_ids), approvals.shape[0], votes,
                   resolve(option_ids, tie_break), seats, {"at_most": at_most})


def score(scores: np.ndarray, option_ids: Sequence[Hashable], low: int = 1, high: int = 5,
          seats: int = 1, tie_break: TieBreak | None = None) -> TallyResult:
    m = len(option_ids)
    scores = B.check_scores(scores, m, low, high)
    n = scores.shape[0]
    totals = scores.sum(axis=0, dtype=np.int64)
    means = totals / n if n else np.zeros(m)
    return _result("score", list(option_ids), n, totals, resolve(option_ids, tie_break), seats,
                   {"mean": {o: round(float(means[i]), 6) for i, o in enumerate(option_ids)},
                    "scale": [low, high]})
