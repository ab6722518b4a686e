"""Tally engine speed (issue 4): score 1M×30, Schulze/Borda/IRV 1M×20, greedy and the Method of
Equal Shares with completion over 100 projects × 100,000 approval ballots, side by side with
pabutools on the same data (same outcome required, ratio reported). No database needed:

    .venv/bin/python bench/votes_tally.py [--voters 100000]
"""

import argparse
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.common import machine  # noqa: E402
from veche.votes.tally import (  # noqa: E402
    borda,
    equal_shares,
    greedy,
    instant_runoff,
    schulze,
    score,
)


def timed(fn, *args, **kw):
    t = time.perf_counter()
    out = fn(*args, **kw)
    return out, time.perf_counter() - t


def pabutools_mes(approvals, costs, budget, names):
    from pabutools.election import ApprovalBallot, ApprovalProfile, Cost_Sat, Instance, Project
    from pabutools.rules import (
        completion_by_rule_combination,
        greedy_utilitarian_welfare,
        method_of_equal_shares,
    )

    projects = [Project(n, int(c)) for n, c in zip(names, costs, strict=True)]
    instance = Instance(projects, budget_limit=budget)
    profile = ApprovalProfile([ApprovalBallot([projects[j] for j in np.flatnonzero(row)])
                               for row in approvals])
    out = completion_by_rule_combination(
        instance, profile, [method_of_equal_shares, greedy_utilitarian_welfare],
        [{"sat_class": Cost_Sat}, {"sat_class": Cost_Sat}])
    return [p.name for p in out]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--voters", type=int, default=100_000)
    args = ap.parse_args()
    rng = np.random.default_rng(2026)
    print(machine())
    scores = rng.integers(1, 6, (1_000_000, 30), dtype=np.int8)
    _, t = timed(score, scores, [f"o{i:02d}" for i in range(30)])
    print(f"score 1,000,000 × 30: {t:.2f} s")
    ranked = np.argsort(rng.random((1_000_000, 20)), axis=1).astype(np.int8)
    ids = [f"o{i:02d}" for i in range(20)]
    for rule in (schulze, borda, instant_runoff):
        _, t = timed(rule, ranked, ids)
        print(f"{rule.__name__} 1,000,000 × 20: {t:.2f} s")
    m = 100
    costs = rng.integers(1, 20, m) * 10_000
    budget = int(costs.sum() * 0.3)
    popularity = rng.random(m) ** 2 * 0.2
    approvals = rng.random((args.voters, m)) < popularity
    approvals[approvals @ costs > budget] = False
    names = [f"p{i:03d}" for i in range(m)]
    _, t = timed(greedy, approvals, costs, budget, names)
    print(f"greedy {m} × {args.voters}: {t:.2f} s")
    ours, t_ours = timed(equal_shares, approvals, costs, budget, names)
    print(f"MES+completion ours {m} × {args.voters}: {t_ours:.2f} s, "
          f"{len(ours.winners)} funded")
    theirs, t_theirs = timed(pabutools_mes, approvals, costs, budget, names)
    same = sorted(theirs) == sorted(ours.winners)
    print(f"MES+completion pabutools: {t_theirs:.2f} s; same outcome: {same}; "
          f"ratio {t_theirs / t_ours:.1f}×")
    if not same:
        sys.exit(1)


if __name__ == "__main__":
    main()
