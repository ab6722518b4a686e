"""Bench 3: a town's engagement figures over 10,000,000 ledger rows (load them first with
bench/load.py --towns 31): engagement_summary + by_district + by_age_band + by_segment + trend,
the set the town home page and the curator view show. Goal: < 1 s in all.

Then the pages people open (issue 17): the logged-in staff engagement dashboard (funnel,
cohorts, origins) and its API for the 10M-row town (< 1 s), the curator's across-towns page and
API over 31 towns (< 5 s), the funnel/cohort/origin snapshot refresh and the monthly report.

    .venv/bin/python bench/engagement.py [--rounds 5] [--skip-figures]
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
    parser.add_argument("--skip-figures", action="store_true", help="measure the pages only")
    args = parser.parse_args()
    common.setup(migrate=False)
    if args.skip_figures:
        common.save("engagement_pages", pages(args.rounds))
        return
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
    common.save("engagement_pages", pages(args.rounds))


def _timed(fn, rounds: int) -> dict:
    fn()  # warm up (templates, the prepared plans)
    samples = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - t0)
    return common.summary_ms(samples)


def _get(client, url: str):
    def fetch():
        response = client.get(url, secure=True)  # production settings redirect to HTTPS
        assert response.status_code == 200, (url, response.status_code)
        return response
    return fetch


def pages(rounds: int) -> dict:
    """The staff dashboard, the curator's pages, their API and the monthly report."""
    import datetime as dt

    from django.conf import settings

    from veche.accounts.factories import add_totp, grant_role, make_user
    from veche.accounts.models import Role, User
    from veche.events.models import Event
    from veche.ledger.models import Action
    from veche.ledger.report import engagement_report, report_pdf, report_xlsx
    from veche.ledger.snapshots import engagement_snapshot_refresh
    from veche.territories.models import Territory
    from veche.territories.scoping import all_towns, town_scope

    # Measured with fresh stored figures (as the worker keeps them), as users meet them.
    settings.VECHE_BREAKDOWNS_MAX_AGE_SECONDS = 3600
    with all_towns():
        town = Territory.objects.get(slug=common.BENCH_TOWN)
        network = list(Territory.objects.filter(slug__startswith=common.BENCH_TOWN))
        sizes = {"towns": len(network), "ledger_rows_all_towns": Action.objects.count(),
                 "events_all_towns": Event.objects.count()}
    refresh = {}
    for t in sorted(network, key=lambda t: t.slug != common.BENCH_TOWN):
        with town_scope(t):
            t0 = time.perf_counter()
            engagement_snapshot_refresh(territory=t)
            refresh[t.slug] = round((time.perf_counter() - t0) * 1000)
    staff = User.objects.filter(email="engagement-staff@bench.ru").first()
    if staff is None:
        staff = make_user(email="engagement-staff@bench.ru", full_name="Сотрудник Бенчмарка")
        grant_role(staff, town, Role.STAFF)
        add_totp(staff)
        curator = make_user(email="engagement-curator@bench.ru", full_name="Куратор Бенчмарка")
        for t in network:
            grant_role(curator, t, Role.CURATOR)
        add_totp(curator)
    curator = User.objects.get(email="engagement-curator@bench.ru")
    staff_client, curator_client = common.verified_client(staff), common.verified_client(curator)
    slug = common.BENCH_TOWN
    with town_scope(town):
        month = dt.date.today().replace(day=1)
        report = {"build": _timed(lambda: engagement_report(territory=town, month=month), rounds)}
        built = engagement_report(territory=town, month=month)
        report["pdf"] = _timed(lambda: report_pdf(built), rounds)
        report["xlsx"] = _timed(lambda: report_xlsx(built), rounds)
    return {
        **sizes,
        "snapshot_refresh_ms": {"bench_town_10M": refresh[slug],
                                "other_towns_max": max(v for k, v in refresh.items()
                                                       if k != slug)},
        "staff_dashboard_page_ms": _timed(
            _get(staff_client, f"/t/{slug}/office/engagement/"), rounds * 4),
        "api_analytics_ms": _timed(
            _get(staff_client, f"/api/v1/t/{slug}/engagement/analytics"), rounds * 4),
        "api_engagement_ms": _timed(_get(staff_client, f"/api/v1/t/{slug}/engagement/"),
                                    rounds * 4),
        "curator_town_page_ms": _timed(
            _get(curator_client, f"/t/{slug}/curator/engagement/"), rounds * 4),
        "curator_overview_31_towns_ms": _timed(_get(curator_client, "/curator/"), rounds * 2),
        "api_curator_engagement_31_towns_ms": _timed(
            _get(curator_client, "/api/v1/curator/engagement/"), rounds * 2),
        "report_pdf_page_ms": _timed(
            _get(staff_client, f"/t/{slug}/office/engagement/report.pdf"), rounds),
        "monthly_report_ms": report,
        "goal": "< 1 s one town (page and API), < 5 s across 31 towns",
    }


if __name__ == "__main__":
    main()
