"""Ballots through the HTTP API under load (issue 4): 100 concurrent clients (wrk, 2 threads)
cast ballots for 60 s through `POST /api/v1/t/<town>/votes/<id>/ballots/`, each request a
different resident (the town's app or kiosk, holding a staff API key, casts on behalf of the
resident it has identified); then the database is counted: ballots must equal the 2xx answers
(not one lost), one ballot per person (not one doubled), one ledger action per ballot, and
the hash chain is sealed over all of them. Afterwards residents who already voted are sent
again, one by one and eight at once: each must get a 4xx and keep exactly one ballot.

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/veche_bench_votes \\
        .venv/bin/python bench/load.py --persons 1000000 --actions 0     # the town, once
    BENCH_DATABASE_URL=… .venv/bin/python bench/votes_http.py [--clients 100] [--seconds 60]
        [--server asgi|wsgi] [--workers 2] [--threads 4]

The server (production settings, DEBUG off, Redis cache as in production when VECHE_REDIS_URL
is set) is started here on 127.0.0.1 and stopped at the end: by default uvicorn with
veche.asgi (the ballot intake in front of Django, as deployed for votes); `--server wsgi` is
gunicorn gthread with Django's own endpoint for every cast, for comparison. wrk must be
installed (apt-get install wrk). Each run creates a fresh open vote, so runs do not collide.
"""

import argparse
import concurrent.futures
import json
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

PORT = 18765
LUA = Path(__file__).resolve().parent / "votes_http.lua"


def prepare(n_persons: int) -> dict:
    """A staff user with an API key, a fresh open vote, and the ids of eligible residents."""
    import datetime as dt

    from django.db import connection

    from veche.accounts.models import Role, User
    from veche.accounts.services import membership_grant
    from veche.accounts.tokens import api_token_create
    from veche.territories.models import Territory
    from veche.territories.scoping import all_towns, town_scope
    from veche.votes.services import vote_create, vote_open, vote_publish

    with all_towns():
        town = Territory.objects.get(slug=common.BENCH_TOWN)
    with town_scope(town):
        user = User.objects.filter(email="votes-bench@example.org").first()
        if user is None:
            user = User.objects.create_user(email="votes-bench@example.org", full_name="Bench")
            membership_grant(user=user, territory=town, role=Role.STAFF)
        _, key = api_token_create(user=user, name="votes bench")
        vote = vote_create(territory=town, title=f"Бенчмарк {time.strftime('%H:%M:%S')}",
                           created_by=user, kind="single", min_age=14,
                           options=[f"Вариант {i}" for i in range(1, 11)])
        vote_publish(vote=vote, by=user)
        vote_open(vote=vote, by=user)
        options = list(vote.options.order_by("id").values_list("id", flat=True))
    cutoff = dt.date.today().replace(year=dt.date.today().year - 15)
    with connection.cursor() as cur:
        cur.execute("SELECT id FROM registry_person WHERE territory_id = %s AND NOT is_erased "
                    "AND birth_date <= %s ORDER BY id LIMIT %s", [town.pk, cutoff, n_persons])
        persons = [r[0] for r in cur.fetchall()]
    return {"slug": town.slug, "vote_id": vote.pk, "key": key, "options": options,
            "persons": persons, "territory_id": town.pk,
            "path": f"/api/v1/t/{town.slug}/votes/{vote.pk}/ballots/"}


def count(cfg: dict) -> dict:
    """Ballots, and who voted: since issue 15 the voter is kept apart from the ballot
    (votes_participation, one row per person and vote), so persons are counted there."""
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("SELECT count(*), count(*) FILTER (WHERE is_current) FROM votes_ballot "
                    "WHERE vote_id = %s", [cfg["vote_id"]])
        ballots, current = cur.fetchone()
        cur.execute("SELECT count(DISTINCT person_id) FROM votes_participation "
                    "WHERE vote_id = %s", [cfg["vote_id"]])
        persons, = cur.fetchone()
        cur.execute("SELECT count(*), count(DISTINCT person_id) FROM ledger_action "
                    "WHERE territory_id = %s AND kind = 'ballot' AND object_type = 'votes.vote' "
                    "AND object_id = %s", [cfg["territory_id"], str(cfg["vote_id"])])
        actions, action_persons = cur.fetchone()
    return {"ballots": ballots, "distinct_persons": persons, "current": current,
            "ledger_actions": actions, "ledger_distinct_persons": action_persons}


def ballots_of(cfg: dict, persons: list[int]) -> tuple[int, int]:
    """Participations (one per ballot cast), and distinct persons, of these persons."""
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("SELECT count(*), count(DISTINCT person_id) FROM votes_participation "
                    "WHERE vote_id = %s AND person_id = ANY(%s)", [cfg["vote_id"], persons])
        return cur.fetchone()


def settled(cfg: dict) -> dict:
    """The count once the server has finished what was queued when wrk stopped (requests in
    flight at the stop are still answered, to nobody): unchanged for two seconds."""
    last = count(cfg)
    for _ in range(60):
        time.sleep(2)
        now = count(cfg)
        if now == last:
            return now
        last = now
    return last


def stored_persons(cfg: dict, n: int) -> list[int]:
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("SELECT person_id FROM votes_participation WHERE vote_id = %s ORDER BY id "
                    "LIMIT %s",
                    [cfg["vote_id"], n])
        return [r[0] for r in cur.fetchall()]


def busy_seconds() -> float:
    """CPU seconds the whole machine spent busy (all processes: other sessions' too)."""
    f = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    return (sum(f) - f[3] - f[4]) / os.sysconf("SC_CLK_TCK")


def cast(cfg: dict, person_id: int) -> int:
    body = json.dumps({"person_id": person_id, "option": cfg["options"][0]}).encode()
    req = urllib.request.Request(
        f"http://127.0.0.1:{PORT}{cfg['path']}", data=body, method="POST",
        headers={"Authorization": f"Bearer {cfg['key']}", "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=120) as r:  # noqa: S310 - 127.0.0.1 only
            return r.status
    except urllib.error.HTTPError as e:
        return e.code
    except OSError:  # no answer in 2 minutes: shown as status 0, and the check fails
        return 0


def wait_up(cfg: dict, seconds: float = 180) -> None:
    """Any HTTP answer will do (a missing vote's 404 is the cheapest page to ask)."""
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{PORT}/api/v1/t/{cfg['slug']}/votes/0",  # noqa: S310
                                   timeout=60).close()
            return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"the server did not answer within {seconds} s")


def wrk(cfg: dict, ids_file: Path, clients: int, seconds: int) -> dict:
    opts = ",".join(str(o) for o in cfg["options"])
    out = subprocess.run(
        ["wrk", "-t2", f"-c{clients}", f"-d{seconds}s", "--timeout", "10s", "-s", str(LUA),
         f"http://127.0.0.1:{PORT}{cfg['path']}", "--", str(ids_file), "2", cfg["path"],
         cfg["key"], opts], check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def loadavg() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def cpu_seconds(names: tuple[str, ...] = (), group: int = 0) -> float:
    """CPU seconds (user + system) used so far by live processes with these command names, or
    of this process group (the server and its workers)."""
    total, tick = 0.0, os.sysconf("SC_CLK_TCK")
    for p in Path("/proc").iterdir():
        if p.name.isdigit():
            try:
                f = (p / "stat").read_text().rsplit(")", 1)[1].split()
                if (p / "comm").read_text().strip() in names or (group and int(f[2]) == group):
                    total += (int(f[11]) + int(f[12])) / tick
            except (OSError, IndexError, ValueError):
                pass
    return total


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--clients", type=int, default=100)
    ap.add_argument("--seconds", type=int, default=60)
    ap.add_argument("--server", choices=("asgi", "wsgi"), default="asgi")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--threads", type=int, default=4)
    ap.add_argument("--persons", type=int, default=200_000)
    ap.add_argument("--label", default="")
    args = ap.parse_args()
    common.setup()
    cfg = prepare(args.persons)
    warm, cfg["persons"] = cfg["persons"][-2000:], cfg["persons"][:-2000]
    ids_file = common.RESULTS / "votes_http_ids.txt"
    warm_file = common.RESULTS / "votes_http_warm.txt"
    common.RESULTS.mkdir(parents=True, exist_ok=True)
    ids_file.write_text("\n".join(map(str, cfg["persons"])) + "\n")
    warm_file.write_text("\n".join(map(str, warm)) + "\n")
    env = {**os.environ, "VECHE_API_RATE_USER": "100000000/min",
           "VECHE_API_RATE_ANON": "100000000/min", "VECHE_HTTPS": "0"}  # plain HTTP here
    if args.server == "asgi":  # as deployed for votes: uvicorn, the ballot intake in front
        command = ["uvicorn", "veche.asgi:application", "--host", "127.0.0.1", "--port",
                   str(PORT), "--workers", str(args.workers), "--loop", "uvloop", "--http",
                   "httptools", "--backlog", "2048", "--no-access-log", "--lifespan", "off",
                   "--log-level", "warning"]
    else:  # Django's own endpoint for every cast, as before the intake
        command = ["gunicorn", "veche.wsgi:application", "--bind", f"127.0.0.1:{PORT}",
                   "--workers", str(args.workers), "--threads", str(args.threads),
                   "--worker-class", "gthread", "--backlog", "2048", "--timeout", "60",
                   "--keep-alive", "75", "--error-logfile", "-", "--log-level", "warning"]
    server = subprocess.Popen([sys.executable, "-m", *command], cwd=common.ROOT, env=env,
                              start_new_session=True)
    try:
        wait_up(cfg)
        wrk(cfg, warm_file, 20, 3)  # warm every worker: imports, connections, prepares
        load_before = loadavg()
        def cpu():
            return {"server": cpu_seconds(group=server.pid), "machine": busy_seconds(),
                    "postgres": cpu_seconds(("postgres",)), "wrk": cpu_seconds(("wrk",))}

        cpu0 = cpu()
        r = wrk(cfg, ids_file, args.clients, args.seconds)
        cpu1 = cpu()
        load_after = loadavg()
        db = settled(cfg)
        # Again, residents whose ballot is stored: one by one, then eight at once for one of
        # them; and eight at once for a resident who has not voted (exactly one 201).
        voted = stored_persons(cfg, 51)
        again = [cast(cfg, p) for p in voted[:50]]
        with concurrent.futures.ThreadPoolExecutor(8) as pool:
            burst_voted = list(pool.map(lambda p: cast(cfg, p), [voted[50]] * 8))
            burst_fresh = list(pool.map(lambda p: cast(cfg, p), [cfg["persons"][-1]] * 8))
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(60)
    db_after = count(cfg)
    seal = seal_chain(cfg)
    warm_stored = ballots_of(cfg, warm)[0]  # warm-up requests in flight at its stop count too
    stored = db["ballots"] - warm_stored
    again_rows = ballots_of(cfg, voted)
    fresh_rows = ballots_of(cfg, [cfg["persons"][-1]])
    unanswered = r["issued"] - r["responses"]  # in flight at the stop: may or may not be stored
    result = {
        "label": args.label, "clients": args.clients, "seconds": r["seconds"],
        "server": (f"uvicorn {args.workers} workers, ballot intake" if args.server == "asgi"
                   else f"gunicorn gthread {args.workers}×{args.threads}"),
        "responses": r["responses"], "accepted_2xx": r["s2xx"],
        "ballots_per_s": round(r["s2xx"] / r["seconds"], 1),
        "non_2xx": {"4xx": r["s4xx"], "5xx": r["s5xx"], "other": r["sother"]},
        "transport_errors": {k: r[k] for k in ("connect", "read", "write", "timeout")},
        "latency_ms": {k: r[k] for k in ("p50", "p95", "p99", "max", "mean")},
        "db": db, "warmup_ballots": warm_stored, "unanswered_at_stop": unanswered,
        "lost": max(0, r["s2xx"] - stored), "doubled": db["ballots"] - db["distinct_persons"],
        "again_one_by_one": {s: again.count(s) for s in set(again)},
        "again_eight_at_once": {s: burst_voted.count(s) for s in set(burst_voted)},
        "new_voter_eight_at_once": {s: burst_fresh.count(s) for s in set(burst_fresh)},
        "db_after_again": db_after, "chain": seal,
        # postgres: every backend, also other sessions' (the machine is shared).
        "cpu_s": {**{k: round(cpu1[k] - cpu0[k], 1) for k in cpu0},
                  "available": round((os.cpu_count() or 1) * r["seconds"], 1)},
        "loadavg_before": load_before, "loadavg_after": load_after,
    }
    result["checks"] = {
        "no_lost": stored >= r["s2xx"],
        "no_extra": stored <= r["s2xx"] + unanswered,
        "no_double": db_after["ballots"] == db_after["distinct_persons"] == db_after["current"],
        "ledger_equals_ballots": db_after["ledger_actions"] == db_after["ballots"]
        == db_after["ledger_distinct_persons"],
        "again_refused": all(400 <= s < 500 for s in again + burst_voted),
        "new_voter_eight_at_once_one_201": sum(200 <= s < 300 for s in burst_fresh) == 1,
        "again_one_ballot_each": again_rows == (len(voted), len(voted)) and fresh_rows == (1, 1),
        "chain_covers_all": seal["length"] == db_after["ballots"],
    }
    result["ok"] = all(result["checks"].values())
    common.save(f"votes_http{('_' + args.label) if args.label else ''}", result)


def seal_chain(cfg: dict) -> dict:
    """What the background job does after the casts: number and hash every new ballot."""
    from veche.territories.scoping import town_scope
    from veche.votes.chain import ballot_chain_seal
    from veche.votes.models import Vote

    t = time.perf_counter()
    with town_scope(cfg["territory_id"]):
        vote = Vote.objects.get(pk=cfg["vote_id"])
        added = ballot_chain_seal(vote=vote)
        vote.refresh_from_db()
    return {"sealed": added, "length": vote.chain_length, "seconds": round(
        time.perf_counter() - t, 1)}


if __name__ == "__main__":
    main()
