"""Bench: the seed's warning signs (veche/ledger/health.py) over 10,000,000 ledger rows and 50,000
events on PostgreSQL. Goal (issue 17): one town < 1 s, 31 towns < 5 s — the functions, the
logged-in staff page and its API, the curator's table and its API.

The ledger's two signs read the stored months (SignsSnapshot, refreshed by a worker; its
refresh is timed here once per town), the others read live.

It reads the engagement bench's database (bench/load.py + bench/engagement.py, E4's
`veche_e4_bench`) and writes nothing there: the users it logs in as and any towns it adds to
reach 31 are made inside one transaction that is rolled back at the end.

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/veche_e4_bench \\
        .venv/bin/python bench/warning_signs.py [--rounds 5]
"""

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common  # noqa: E402

NETWORK = 31


class Rollback(Exception):
    pass


def _timed(fn, rounds: int) -> dict:
    fn()  # warm up
    samples = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - t0)
    return common.summary_ms(samples)


def _get(client, url: str):
    def fetch():
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
    return fetch


def run(rounds: int) -> dict:
    from django.db import connection, transaction

    from veche.accounts.factories import add_totp, grant_role, make_user
    from veche.accounts.models import Role
    from veche.accounts.signs import Period
    from veche.events.models import Event
    from veche.ledger.health import health_evaluate
    from veche.ledger.models import Action, SignsSnapshot
    from veche.ledger.signs import signs_snapshot_refresh
    from veche.territories.models import Territory
    from veche.territories.scoping import all_towns, town_scope, towns_scope

    result: dict = {}
    try:
        with transaction.atomic():
            with all_towns():
                town = Territory.objects.get(slug=common.BENCH_TOWN)
                network = list(Territory.objects.filter(slug__startswith=common.BENCH_TOWN))
                added = 0
                while len(network) < NETWORK:  # rolled back below
                    network.append(Territory.objects.create(
                        slug=f"signs-bench-{added}", name=f"Город {added}"))
                    added += 1
                result["sizes"] = {
                    "towns_loaded": len(network) - added, "towns_added_empty": added,
                    "ledger_rows": Action.objects.count(), "events": Event.objects.count(),
                    "ledger_rows_bench_town": Action.objects.filter(territory=town).count()}
            if "ledger_signssnapshot" not in connection.introspection.table_names():
                with connection.schema_editor() as editor:  # rolled back with the rest
                    editor.create_model(SignsSnapshot)
            refresh = {}
            for t in network:  # what the worker does, once a town; the pages then read it
                with town_scope(t):
                    t0 = time.perf_counter()
                    signs_snapshot_refresh(territory=t)
                    refresh[t.slug] = round((time.perf_counter() - t0) * 1000)
            result["snapshot_refresh_ms"] = {
                "bench_town": refresh[town.slug],
                "all_towns_total": sum(refresh.values())}
            period = Period.last_days(365)
            with town_scope(town):
                per_sign: dict[str, list[float]] = {}
                totals = []
                health_evaluate(towns=[town], period=Period.last_days(365))  # warm up
                for _ in range(rounds):
                    t0 = time.perf_counter()
                    h = health_evaluate(towns=[town], period=Period.last_days(365))
                    totals.append(time.perf_counter() - t0)
                    for code, ms in h.timings_ms.items():
                        per_sign.setdefault(code, []).append(ms)
                result["one_town_functions_ms"] = common.summary_ms(totals)
                result["one_town_per_sign_p50_ms"] = {
                    k: sorted(v)[len(v) // 2] for k, v in per_sign.items()}
                result["states_bench_town"] = {s.code: r.state for s, r in h.of(town.pk)}
            with towns_scope(network):
                result["network_functions_ms"] = _timed(
                    lambda: health_evaluate(towns=network, period=period), rounds)
            staff = make_user(email="signs-staff@bench.ru", full_name="Сотрудник Бенчмарка")
            grant_role(staff, town, Role.STAFF)
            add_totp(staff)
            curator = make_user(email="signs-curator@bench.ru", full_name="Куратор Бенчмарка")
            for t in network:
                grant_role(curator, t, Role.CURATOR)
            add_totp(curator)
            staff_client = common.verified_client(staff)
            curator_client = common.verified_client(curator)
            slug = common.BENCH_TOWN
            result["staff_page_ms"] = _timed(_get(staff_client, f"/t/{slug}/office/signs/"),
                                             rounds)
            result["staff_api_ms"] = _timed(
                _get(staff_client, f"/api/v1/t/{slug}/warning-signs/"), rounds)
            result["curator_table_31_towns_ms"] = _timed(
                _get(curator_client, "/curator/signs/"), rounds)
            result["curator_api_31_towns_ms"] = _timed(
                _get(curator_client, "/api/v1/curator/warning-signs/"), rounds)
            raise Rollback
    except Rollback:
        pass
    result["goal"] = "< 1 s one town (page and API), < 5 s across 31 towns"
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    # Plain HTTP on 127.0.0.1, as the other page benches (no SSL redirect of the test client).
    import os
    os.environ.setdefault("VECHE_HTTPS", "0")
    common.setup(migrate=False)
    common.save("warning_signs", run(args.rounds))


if __name__ == "__main__":
    main()
