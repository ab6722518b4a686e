"""Bench 3: a town's engagement figures over 10,000,000 ledger rows (load them first with
bench/load.py): engagement_summary + by_district + by_age_band + by_segment + trend, the set
the town home page and the curator view show. Goal: < 1 s in all.

    .venv/bin/python bench/engagement.py [--rounds 5]
"""

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    common.setup(migrate=False)
    from veche.ledger import selectors as s
    from veche.ledger.models import Action, MonthlyActivity, PersonActivity
    from veche.territories.models import Territory
    from veche.territories.scoping import town_scope

    town = Territory.objects.get(slug=common.BENCH_TOWN)
    from veche.ledger.snapshots import engagement_breakdowns, engagement_snapshot_refresh

    served = {  # what the dashboard and the API read: live headline + stored breakdowns
        "summary": lambda: s.engagement_summary(territory=town),
        "trend": lambda: s.engagement_trend(territory=town),
        "breakdowns_stored": lambda: engagement_breakdowns(territory=town),
    }
    parts = {
        "summary": lambda: s.engagement_summary(territory=town),
        "by_district": lambda: s.engagement_by_district(territory=town),
        "by_age_band": lambda: s.engagement_by_age_band(territory=town),
        "by_segment": lambda: s.engagement_by_segment(territory=town),
        "trend": lambda: s.engagement_trend(territory=town),
    }
    with town_scope(town):
        sizes = {"ledger_rows": Action.objects.filter(territory=town).count(),
                 "person_activity_rows": PersonActivity.objects.filter(territory=town).count(),
                 "monthly_rows": MonthlyActivity.objects.filter(territory=town).count()}
        for f in parts.values():  # warm up
            f()
        totals, per_part = [], {k: [] for k in parts}
        for _ in range(args.rounds):
            started = time.perf_counter()
            for name, f in parts.items():
                t0 = time.perf_counter()
                f()
                per_part[name].append(time.perf_counter() - t0)
            totals.append(time.perf_counter() - started)
        summary = s.engagement_summary(territory=town)
        refresh = []
        for _ in range(2):
            t0 = time.perf_counter()
            engagement_snapshot_refresh(territory=town)
            refresh.append(time.perf_counter() - t0)
        served_totals = []
        for _ in range(args.rounds * 4):
            t0 = time.perf_counter()
            for f in served.values():
                f()
            served_totals.append(time.perf_counter() - t0)
    common.save("engagement", {
        "served_figures_ms": common.summary_ms(served_totals),
        "breakdowns_refresh_ms": common.summary_ms(refresh),
        **sizes, "rounds": args.rounds, "all_figures_computed_live_ms": common.summary_ms(totals),
        "per_part_p50_ms": {k: common.summary_ms(v)["p50"] for k, v in per_part.items()},
        "windows": summary["windows"], "goal": "< 1 s for all figures",
    })


if __name__ == "__main__":
    main()
