"""Ballots through the HTTP API under load (issue 4): 100 concurrent clients cast ballots for
60 s through `POST /api/v1/t/<town>/votes/<id>/ballots/` (a staff key casting on residents'
behalf, as the town's app does), each request a different resident; then the database is
counted: accepted ballots must equal the 2xx answers, one ballot per person, one ledger action
per ballot.

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/veche_bench_votes \\
        .venv/bin/python bench/load.py --persons 200000 --actions 0     # the town, once
    BENCH_DATABASE_URL=… .venv/bin/python bench/votes_http.py [--clients 100] [--seconds 60]
        [--workers 3] [--threads 8] [--worker-class gthread]

The generator is a small asyncio HTTP/1.1 client (keep-alive, no third-party library) in this
process; gunicorn is started here with production settings (no debug) and stopped at the end.
Each run creates a fresh open vote, so runs do not collide.
"""

import argparse
import asyncio
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common  # noqa: E402

PORT = 8765


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
        options = list(vote.options.values_list("id", flat=True))
    cutoff = dt.date.today().replace(year=dt.date.today().year - 15)
    with connection.cursor() as cur:
        cur.execute("SELECT id FROM registry_person WHERE territory_id = %s AND NOT is_erased "
                    "AND birth_date <= %s ORDER BY id LIMIT %s", [town.pk, cutoff, n_persons])
        persons = [r[0] for r in cur.fetchall()]
    return {"slug": town.slug, "vote_id": vote.pk, "key": key, "options": options,
            "persons": persons, "territory_id": town.pk}


def count(cfg: dict) -> dict:
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("SELECT count(*), count(DISTINCT person_id), "
                    "count(*) FILTER (WHERE is_current) FROM votes_ballot WHERE vote_id = %s",
                    [cfg["vote_id"]])
        ballots, persons, current = cur.fetchone()
        cur.execute("SELECT count(*), count(DISTINCT person_id) FROM ledger_action "
                    "WHERE territory_id = %s AND kind = 'ballot' AND object_type = 'votes.vote' "
                    "AND object_id = %s", [cfg["territory_id"], str(cfg["vote_id"])])
        actions, action_persons = cur.fetchone()
    return {"ballots": ballots, "distinct_persons": persons, "current": current,
            "ledger_actions": actions, "ledger_distinct_persons": action_persons}


async def client(cfg, persons, deadline, stats):
    path = f"/api/v1/t/{cfg['slug']}/votes/{cfg['vote_id']}/ballots/"
    head = (f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {cfg['key']}\r\n"
            "Content-Type: application/json\r\nX-Voter-IP: 10.0.0.{ip}\r\n"
            "Content-Length: {n}\r\n\r\n")
    options = cfg["options"]
    reader = writer = None
    while time.perf_counter() < deadline:
        try:
            pid = next(persons)
        except StopIteration:
            return
        body = json.dumps({"person_id": pid, "option": options[pid % len(options)]}).encode()
        req = head.format(ip=pid % 250 + 1, n=len(body)).encode() + body
        t0 = time.perf_counter()
        try:
            if writer is None:
                reader, writer = await asyncio.open_connection("127.0.0.1", PORT)
            writer.write(req)
            status_line = await reader.readline()
            if not status_line:
                raise ConnectionError("closed")
            status = int(status_line.split()[1])
            length, close = 0, False
            while True:
                line = await reader.readline()
                if line in (b"\r\n", b""):
                    break
                name, _, value = line.decode("latin-1").partition(":")
                name = name.strip().lower()
                if name == "content-length":
                    length = int(value)
                elif name == "connection" and value.strip().lower() == "close":
                    close = True
            body_in = await reader.readexactly(length) if length else b""
            stats["lat"].append(time.perf_counter() - t0)
            stats["status"][status] = stats["status"].get(status, 0) + 1
            if status >= 300 and len(stats["samples"]) < 5:
                stats["samples"].append(body_in[:300].decode("utf-8", "replace"))
            if close:
                writer.close()
                reader = writer = None
        except (OSError, ConnectionError, asyncio.IncompleteReadError, ValueError) as e:
            stats["errors"].append(repr(e)[:120])
            stats["retry"].append(pid)  # nothing answered: this person may not be counted
            if writer is not None:
                writer.close()
            reader = writer = None
    if writer is not None:
        writer.close()


async def drive(cfg, clients: int, seconds: float) -> dict:
    persons = iter(cfg["persons"])
    stats = {"lat": [], "status": {}, "errors": [], "samples": [], "retry": []}
    start = time.perf_counter()
    await asyncio.gather(*(client(cfg, persons, start + seconds, stats)
                           for _ in range(clients)))
    stats["wall_s"] = time.perf_counter() - start
    return stats


def loadavg() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def cpu_of(pids: list[int]) -> float:
    """CPU seconds (user+system) used so far by processes and their children."""
    total = 0.0
    tick = os.sysconf("SC_CLK_TCK")
    for pid in pids:
        try:
            f = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += sum(int(x) for x in f[11:15]) / tick
        except (OSError, IndexError):
            pass
    return total


def children(pid: int) -> list[int]:
    out = [pid]
    for p in Path("/proc").iterdir():
        if p.name.isdigit():
            try:
                if int((p / "stat").read_text().rsplit(")", 1)[1].split()[1]) == pid:
                    out.append(int(p.name))
            except (OSError, IndexError, ValueError):
                pass
    return out


def pg_cpu() -> float:
    pids = []
    for p in Path("/proc").iterdir():
        if p.name.isdigit():
            try:
                if (p / "comm").read_text().strip() in ("postgres", "postmaster"):
                    pids.append(int(p.name))
            except OSError:
                pass
    return cpu_of(pids)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--clients", type=int, default=100)
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--workers", type=int, default=3)
    ap.add_argument("--threads", type=int, default=8)
    ap.add_argument("--worker-class", default="gthread")
    ap.add_argument("--persons", type=int, default=200_000)
    ap.add_argument("--label", default="")
    args = ap.parse_args()
    common.setup()
    cfg = prepare(args.persons)
    env = {**os.environ, "DATABASE_URL": common.DATABASE_URL,
           "VECHE_SECRET_KEY": "bench-only-not-a-secret", "VECHE_API_RATE_USER": "10000000/min",
           "VECHE_API_RATE_ANON": "10000000/min", "DJANGO_SETTINGS_MODULE": "veche.settings"}
    env.pop("VECHE_DEBUG", None)
    env.pop("VECHE_TESTING", None)
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "veche.wsgi:application", "--bind",
         f"127.0.0.1:{PORT}", "--workers", str(args.workers), "--threads", str(args.threads),
         "--worker-class", args.worker_class, "--backlog", "2048", "--timeout", "60",
         "--keep-alive", "75", "--error-logfile", "-", "--log-level", "warning"],
        cwd=common.ROOT, env=env, start_new_session=True)
    try:
        time.sleep(4)
        warm = {"slug": cfg["slug"], "vote_id": cfg["vote_id"], "key": cfg["key"],
                "options": cfg["options"], "persons": cfg["persons"][-300:]}
        warm_stats = asyncio.run(drive(warm, 20, 3))  # warm every worker (imports, caches)
        cfg["persons"] = cfg["persons"][:-300]
        load_before = loadavg()
        srv = children(server.pid)
        cpu0, pg0, me0 = cpu_of(srv), pg_cpu(), time.process_time()
        stats = asyncio.run(drive(cfg, args.clients, args.seconds))
        cpu1, pg1, me1 = cpu_of(srv), pg_cpu(), time.process_time()
        load_after = loadavg()
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(20)
    time.sleep(1)
    db = count(cfg)
    ok = sum(v for k, v in stats["status"].items() if 200 <= k < 300)
    wall = stats["wall_s"]
    # The warm-up persons cast real ballots of the same vote (counted in the database too).
    warm_ok = sum(v for k, v in warm_stats["status"].items() if 200 <= k < 300)
    result = {
        "label": args.label, "clients": args.clients, "seconds": round(wall, 1),
        "server": f"gunicorn {args.worker_class} {args.workers}×{args.threads}",
        "requests": len(stats["lat"]), "accepted_2xx": ok,
        "ballots_per_s": round(ok / wall, 1), "status": stats["status"],
        "transport_errors": len(stats["errors"]), "error_samples": stats["errors"][:3],
        "non_2xx_samples": stats["samples"], "latency_ms": common.summary_ms(stats["lat"]),
        "db": db, "warmup_ballots": warm_ok,
        "cpu_s": {"gunicorn": round(cpu1 - cpu0, 1), "postgres": round(pg1 - pg0, 1),
                  "generator": round(me1 - me0, 1), "available": round(2 * wall, 1)},
        "loadavg_before": load_before, "loadavg_after": load_after,
    }
    # Requests cut off by a transport error have no answer: their ballot may or may not exist.
    unanswered = len(stats["retry"]) + len(warm_stats["retry"])
    stored = db["ballots"] - warm_ok
    result["checks"] = {
        "no_lost": stored >= ok,
        "no_extra": stored <= ok + unanswered,
        "no_double": db["ballots"] == db["distinct_persons"] == db["current"],
        "ledger_equals_ballots": db["ledger_actions"] == db["ballots"]
        == db["ledger_distinct_persons"],
    }
    result["ok"] = all(result["checks"].values())
    common.save(f"votes_http{('_' + args.label) if args.label else ''}", result)


if __name__ == "__main__":
    main()
