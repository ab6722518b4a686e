"""Participatory budgets on approval ballots: greedy by votes and the Method of Equal Shares.

Each project has a positive cost, the town a budget; a ballot approves projects whose costs add
up to at most ``ballot_limit`` (by default the budget) — a ballot over it is rejected with a
Russian message naming it.

* **Greedy by votes** (the rule most towns use): projects in order of approvals (then the tie
  order); each is funded if it still fits in what is left of the budget, otherwise skipped.
  It equals `pabutools`' ``greedy_utilitarian_welfare`` with ``sat_class=Cost_Sat``.
* **Method of Equal Shares** (MES) with cost satisfaction: the budget is split equally among all
  ballots; a project can be bought only by its supporters; buying project ``p`` at "price per
  supporter" ``ρ`` takes ``min(budget_i, ρ)`` from each supporter; each round buys the affordable
  project with the smallest ``ρ / cost(p)`` (the least a supporter pays per unit of their
  satisfaction); it stops when no project can be paid by its supporters. **Completion**: the
  budget left is then filled greedily by votes, as above. It equals `pabutools`'
  ``completion_by_rule_combination(..., [method_of_equal_shares, greedy_utilitarian_welfare])``
  with ``sat_class=Cost_Sat`` for both.
  References: D. Peters, G. Pierczyński, P. Skowron, "Proportional participatory budgeting with
  additive utilities", NeurIPS 2021; https://equalshares.net/.

Ties: by the caller's tie order (``ties.py``): among projects with equal votes (greedy) or equal
``ρ / cost`` (MES), the one earlier in the order goes first — with the default lexicographic order
this is `pabutools`' ``lexico_tie_breaking`` on project names.

How it is computed: identical ballots are merged; ballots that have paid the same amounts share
one *budget level*; each round counts supporters per (level, project) with one ``np.bincount``
over the approval pairs and finds every project's ``ρ`` at once from prefix sums over the levels.
Arithmetic is float64: affordabilities within a relative 1e-9 of each other count as a tie (so the
rounding of two equal fractions never decides), money below 1e-12 of a share counts as spent.
`pabutools` uses exact fractions; the tests compare the two on random instances.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from fractions import Fraction

import numpy as np

from . import ballots as B
from .ties import TallyResult, TieBreak, resolve

_NO_LIMIT = object()
_EPS = 1e-12  # rounding slack when a supporter's money is compared with the price
_TIE = 1e-9  # affordabilities this close (relatively) are a tie, settled by the tie order


def _frac(x) -> Fraction:
    return Fraction(x.item() if hasattr(x, "item") else x)


def _prepare(approvals, costs, budget, option_ids, ballot_limit, tie_break):
    ids = list(option_ids)
    costs = np.asarray(costs)
    if costs.shape != (len(ids),) or (costs <= 0).any():
        raise ValueError("У каждого проекта должна быть положительная стоимость.")
    limit = budget if ballot_limit is _NO_LIMIT else ballot_limit
    approvals = B.check_budget(approvals, costs, limit)
    tb = resolve(ids, tie_break)
    return ids, costs, approvals, tb


def _greedy_fill(order_votes, costs, tpos, selected, left):
    """Fund, in order of votes then tie order, every unselected project that still fits."""
    chosen = []
    for p in np.lexsort((tpos, -order_votes)):
        if p not in selected and costs[p] <= left:
            chosen.append(int(p))
            left -= costs[p]
    return chosen, left


def _result(method, ids, n, votes, costs, budget, selected, tb, ties, details):
    spent = sum(int(costs[p]) if float(costs[p]).is_integer() else costs[p] for p in selected)
    ranking = [ids[p] for p in selected] + [
        ids[p] for p in np.lexsort((tb.positions(ids), -votes)) if p not in selected]
    details = {"budget": budget, "spent": spent,
               "costs": {o: costs[i].item() for i, o in enumerate(ids)}} | details
    return TallyResult(method, n, ranking, [ids[p] for p in selected],
                       {o: int(votes[i]) for i, o in enumerate(ids)}, tb.describe(), ties, details)


def greedy(approvals: np.ndarray, costs: Sequence[float], budget: float,
           option_ids: Sequence[Hashable], ballot_limit=_NO_LIMIT,
           tie_break: TieBreak | None = None) -> TallyResult:
    ids, costs, approvals, tb = _prepare(approvals, costs, budget, option_ids, ballot_limit,
                                         tie_break)
    votes = approvals.sum(axis=0, dtype=np.int64)
    chosen, _ = _greedy_fill(votes, costs, tb.positions(ids), set(), budget)
    return _result("greedy", ids, approvals.shape[0], votes, costs, budget, chosen, tb,
                   _vote_ties(ids, votes, tb), {})


def _vote_ties(ids, votes, tb):
    tpos = tb.positions(ids)
    groups = []
    for v in np.unique(votes):
        members = np.flatnonzero(votes == v)
        if len(members) > 1:
            groups.append((-v, [ids[i] for i in members[np.argsort(tpos[members])]]))
    return [g for _, g in sorted(groups, key=lambda x: x[0])]


def equal_shares(approvals: np.ndarray, costs: Sequence[float], budget: float,
                 option_ids: Sequence[Hashable], completion: str | None = "greedy",
                 ballot_limit=_NO_LIMIT, tie_break: TieBreak | None = None) -> TallyResult:
    ids, costs, approvals, tb = _prepare(approvals, costs, budget, option_ids, ballot_limit,
                                         tie_break)
    n, m = approvals.shape
    votes = approvals.sum(axis=0, dtype=np.int64)
    tpos = tb.positions(ids)
    selected: list[int] = []
    rounds, ties = [], []
    if n:
        uniq, w = B.merge(approvals)
        gi, pi = np.nonzero(uniq)
        wpair = w[gi].astype(np.float64)
        share = float(budget) / n
        money_left = np.full(len(uniq), share)
        open_ = votes > 0
        cost_f = np.asarray(costs, dtype=np.float64)
        cols = np.arange(m)
        while open_.any():
            lv, cls = np.unique(money_left, return_inverse=True)  # budget levels, ascending
            k = len(lv)
            counts = np.bincount(cls[gi] * m + pi, weights=wpair, minlength=k * m).reshape(k, m)
            money = counts * lv[:, None]
            paid_before = np.cumsum(money, axis=0) - money
            left = counts[::-1].cumsum(axis=0)[::-1]
            with np.errstate(divide="ignore", invalid="ignore"):
                rho = (cost_f[None, :] - paid_before) / left
            ok = (counts > 0) & (rho <= lv[:, None] * (1 + _EPS))
            ok[:, ~open_] = False
            has = ok.any(axis=0)
            afford = np.where(has, rho[ok.argmax(axis=0), cols] / cost_f, np.inf)
            best = afford.min()
            if not np.isfinite(best):
                break
            tied = np.flatnonzero(afford <= best * (1 + _TIE))
            tied = tied[np.argsort(tpos[tied])]
            if len(tied) > 1:
                ties.append([ids[p] for p in tied])
            p = int(tied[0])
            rho_p = float(afford[p] * cost_f[p])
            selected.append(p)
            open_[p] = False
            rounds.append({"project": ids[p], "price_per_supporter": rho_p})
            sup = uniq[:, p]
            money_left[sup] -= np.minimum(money_left[sup], rho_p)
            money_left[money_left < share * _EPS] = 0.0
    mes_spent = sum(_frac(costs[p]) for p in selected)
    details = {"rounds": rounds, "completion": completion, "completed": []}
    if completion == "greedy":
        added, _ = _greedy_fill(votes, costs, tpos, set(selected), _frac(budget) - mes_spent)
        selected += added
        details["completed"] = [ids[p] for p in added]
    elif completion is not None:
        raise ValueError(f"Неизвестный способ дополнения: {completion}")
    return _result("equal_shares", ids, n, votes, costs, budget, selected, tb, ties, details)
