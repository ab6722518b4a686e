"""PostgreSQL connections held by the ballot intake under refusals and plain GETs (issue 15.1).

The intake (uvicorn, veche.asgi) hands every refusal — and every other request — to Django,
which runs each request in a thread of its own. Before the fix each such thread kept its
connection for CONN_MAX_AGE (60 s): rounds of 40 simultaneous refusals took the server to its
max_connections and the whole site answered 500. This soak sends, with the production settings:

  ROUNDS rounds of 40 simultaneous casts for residents who already voted (each refused, by
  Django), then 60 GETs through the intake, and reads pg_stat_activity for the bench database
  after each round. A bounded server stays at (workers × pool size) + the bench's own one.

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_veche \\
        .venv/bin/python bench/load.py --persons 60000 --actions 0       # the town, once
    BENCH_DATABASE_URL=… .venv/bin/python bench/intake_connections.py [--rounds 5]
        [--workers 2] [--burst 40]

Run it against a PostgreSQL of its own where other work shares the server: an unbounded
intake takes every connection the server has.
"""

import argparse
import concurrent.futures
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common  # noqa: E402
import votes_http  # noqa: E402


def connections() -> int:
    """Backends connected to the bench database, this script's own included."""
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()")
        return cur.fetchone()[0]


def get(path: str) -> int:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{votes_http.PORT}{path}",  # noqa: S310
                                    timeout=120) as r:
            return r.status
    except urllib.error.HTTPError as e:
        return e.code
    except OSError:
        return 0


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--burst", type=int, default=40)
    ap.add_argument("--gets", type=int, default=60)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--port", type=int, default=18791)
    args = ap.parse_args()
    votes_http.PORT = args.port
    common.setup()
    cfg = votes_http.prepare(args.burst + 1)
    env = {**os.environ, "VECHE_API_RATE_USER": "100000000/min",
           "VECHE_API_RATE_ANON": "100000000/min", "VECHE_HTTPS": "0"}  # plain HTTP here
    command = ["uvicorn", "veche.asgi:application", "--host", "127.0.0.1", "--port",
               str(votes_http.PORT), "--workers", str(args.workers), "--loop", "uvloop",
               "--http", "httptools", "--no-access-log", "--lifespan", "off",
               "--log-level", "warning"]
    server = subprocess.Popen([sys.executable, "-m", *command], cwd=common.ROOT, env=env,
                              start_new_session=True)
    rounds: list[dict] = []
    try:
        votes_http.wait_up(cfg)
        voters = cfg["persons"][:args.burst]
        with concurrent.futures.ThreadPoolExecutor(args.burst) as pool:
            first = list(pool.map(lambda p: votes_http.cast(cfg, p), voters))  # they vote
            rounds.append({"round": "first casts", "statuses": _tally(first),
                           "connections": connections()})
            for n in range(1, args.rounds + 1):
                again = list(pool.map(lambda p: votes_http.cast(cfg, p), voters))
                time.sleep(0.5)
                rounds.append({"round": f"refusals {n}", "statuses": _tally(again),
                               "connections": connections()})
            paths = [f"/api/v1/t/{cfg['slug']}/votes/{cfg['vote_id']}"] * args.gets
            got = list(pool.map(get, paths))
            time.sleep(0.5)
            rounds.append({"round": f"{args.gets} GETs", "statuses": _tally(got),
                           "connections": connections()})
            page = list(pool.map(get, ["/"] * 10))  # the site still answers
            rounds.append({"round": "home page", "statuses": _tally(page),
                           "connections": connections()})
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(60)
    peak = max(r["connections"] for r in rounds)
    result = {"workers": args.workers, "burst": args.burst, "rounds": rounds, "peak": peak,
              "after_stop": connections()}
    result["ok"] = all(s < 500 for r in rounds for s in map(int, r["statuses"]))
    common.save("intake_connections", result)


def _tally(statuses: list[int]) -> dict:
    return {str(s): statuses.count(s) for s in sorted(set(statuses))}


if __name__ == "__main__":
    main()
