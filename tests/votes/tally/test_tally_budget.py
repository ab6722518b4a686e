"""Participatory budgets: greedy and Method of Equal Shares against pabutools."""

import numpy as np
import pytest
from pabutools.election import ApprovalBallot, ApprovalProfile, Cost_Sat, Instance, Project
from pabutools.rules import (
    completion_by_rule_combination,
    greedy_utilitarian_welfare,
    method_of_equal_shares,
)

from veche.votes.tally import equal_shares, greedy


def _pabutools(approvals, costs, budget, names):
    projects = [Project(name, int(c)) for name, c in zip(names, costs, strict=True)]
    instance = Instance(projects, budget_limit=budget)
    profile = ApprovalProfile([ApprovalBallot([projects[j] for j in np.flatnonzero(row)])
                               for row in approvals])
    mes = method_of_equal_shares(instance, profile, sat_class=Cost_Sat)
    completed = completion_by_rule_combination(
        instance, profile, [method_of_equal_shares, greedy_utilitarian_welfare],
        [{"sat_class": Cost_Sat}, {"sat_class": Cost_Sat}])
    greedy_out = greedy_utilitarian_welfare(instance, profile, sat_class=Cost_Sat)
    return ([p.name for p in mes], [p.name for p in completed], [p.name for p in greedy_out])


def _instance(seed):
    rng = np.random.default_rng(seed)
    m, n = int(rng.integers(2, 10)), int(rng.integers(1, 40))
    costs = rng.integers(1, 8, m) * 10
    budget = int(rng.integers(10, costs.sum() + 1))
    approvals = rng.random((n, m)) < rng.uniform(0.1, 0.7)
    if seed % 3 == 0:  # many identical ballots and tied projects
        approvals = np.vstack([approvals] * 3)
        costs[-1] = costs[0]
        approvals[:, -1] = approvals[:, 0]
    approvals[approvals @ costs > budget] = False
    return approvals, costs, budget, [f"p{j}" for j in range(m)]


@pytest.mark.parametrize("seed", range(120))
def test_same_outcome_as_pabutools(seed):
    approvals, costs, budget, names = _instance(seed)
    mes, completed, greedy_out = _pabutools(approvals, costs, budget, names)
    assert equal_shares(approvals, costs, budget, names, completion=None).winners == mes
    assert sorted(equal_shares(approvals, costs, budget, names).winners) == sorted(completed)
    assert greedy(approvals, costs, budget, names).winners == greedy_out


def test_equal_shares_textbook_proportionality():
    # 60 % of voters want a, b, c; 40 % want d, e; every project costs 1 of a budget of 5:
    # equal shares funds 3 of the majority's and 2 of the minority's, greedy funds the majority's
    # first.
    names = list("abcdef")
    rows = [[1, 1, 1, 0, 0, 1]] * 6 + [[0, 0, 0, 1, 1, 0]] * 4
    approvals = np.array(rows, dtype=bool)
    costs = np.ones(6, dtype=int)
    r = equal_shares(approvals, costs, 5, names)
    assert sorted(r.winners) == ["a", "b", "c", "d", "e"]
    assert greedy(approvals, costs, 5, names).winners == ["a", "b", "c", "f", "d"]


def test_budget_ballot_over_limit_rejected_in_russian():
    with pytest.raises(ValueError, match="больше бюджета"):
        greedy(np.array([[1, 1]], dtype=bool), [60, 50], 100, ["a", "b"])
    with pytest.raises(ValueError, match="положительная стоимость"):
        equal_shares(np.array([[1, 0]], dtype=bool), [0, 50], 100, ["a", "b"])


def test_no_ballots_and_all_tied():
    empty = np.zeros((0, 3), dtype=bool)
    assert equal_shares(empty, [1, 1, 1], 2, ["a", "b", "c"]).winners == ["a", "b"]
    assert equal_shares(empty, [1, 1, 1], 2, ["a", "b", "c"], completion=None).winners == []
    tied = np.ones((4, 3), dtype=bool)
    r = equal_shares(tied, [15, 15, 15], 30, ["c", "b", "a"], completion=None,
                     ballot_limit=None)
    assert r.winners == ["a", "b"] and r.ties[0] == ["a", "b", "c"]
