"""The logged-in resident's web ballot against the ballot intake, back to back (issue 15.11).

Each request of the web side is what the «Отправить» button sends: `POST /t/<town>/votes/<id>/
ballot/cast/` of a resident logged in through the session (session cookie, CSRF token, the
choice already kept in the session by the ballot's first screen), answered with the redirect to
the receipt page. Each request of the intake side is an integration's `POST /api/v1/t/<town>/
votes/<id>/ballots/` (bench/votes_http.py). Both cast one ballot per request, each for another
resident; both runs count the database afterwards (one ballot per person, a ledger action per
ballot, nothing lost) and seal the chain.

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_veche \\
        .venv/bin/python bench/load.py --persons 60000 --actions 0       # the town, once
    BENCH_DATABASE_URL=… .venv/bin/python bench/votes_web.py [--clients 20] [--seconds 20]
    BENCH_DATABASE_URL=… .venv/bin/python bench/votes_web.py --profile 300   # cProfile, in-process

Three sides, back to back, each on residents who have not voted: the web cast through
gunicorn gthread (`veche serve`'s defaults: 2 × cores + 1 workers, 2 threads) — how it was
served before issue 15.11; the web cast through `veche serve-intake` (uvicorn with veche.asgi,
one worker per core), where nginx now sends it (veche/web/cast_intake.py, docs/operations.md);
and the API's intake on the same server. `--skip-gunicorn` leaves the first out. The load
client is wrk with bench/votes_web.lua (apt-get install wrk).
"""

import argparse
import cProfile
import io
import json
import os
import pstats
import signal
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common  # noqa: E402
import votes_http  # noqa: E402

LUA = Path(__file__).resolve().parent / "votes_web.lua"
CSRF = "b" * 32  # the CSRF secret every bench browser holds (cookie and form field alike)


def residents(cfg: dict, n: int) -> list[str]:
    """`n` eligible residents of the bench town, each with an account, a session logged in and
    the choice made on the ballot's first screen; their session keys."""
    from django.contrib.auth.hashers import make_password
    from django.contrib.sessions.backends.db import SessionStore

    from veche.accounts.models import User
    from veche.registry.models import Person
    from veche.territories.scoping import town_scope

    with town_scope(cfg["territory_id"]):
        persons = list(Person.objects.filter(pk__in=cfg["persons"][:n]).order_by("pk"))
        password = make_password(None)
        users = User.objects.bulk_create([
            User(email=f"web-{cfg['vote_id']}-{p.pk}@bench.example.org", full_name=str(p),
                 password=password) for p in persons])
        for p, u in zip(persons, users, strict=True):
            p.user = u
        Person.objects.bulk_update(persons, ["user"], batch_size=2000)
    keys = []
    for u in users:
        s = SessionStore()
        s.update({"_auth_user_id": str(u.pk),
                  "_auth_user_backend": "veche.accounts.backends.EmailPasswordBackend",
                  "_auth_user_hash": u.get_session_auth_hash(),
                  f"votes:draft:{cfg['vote_id']}": {"option": cfg["options"][0]},
                  # What the ballot's first screen leaves in a resident's session: the
                  # second-factor middleware's answer for this user (residents owe none).
                  "veche_second_factor": False})
        s.create()
        keys.append(s.session_key)
    return keys


def cast_path(cfg: dict) -> str:
    return f"/t/{cfg['slug']}/votes/{cfg['vote_id']}/ballot/cast/"


def profile(cfg: dict, keys: list[str], top: int = 30) -> None:
    """The web casts in this process through Django's whole stack, under cProfile."""
    from django.test import Client

    clients = []
    for key in keys:
        c = Client(HTTP_HOST="127.0.0.1")
        c.cookies["sessionid"], c.cookies["csrftoken"] = key, CSRF
        clients.append(c)
    path = cast_path(cfg)
    warm = clients.pop()
    first = warm.post(path, {"csrfmiddlewaretoken": CSRF})
    assert first.status_code == 302, (first.status_code, first.content[:3000])
    if os.environ.get("BENCH_SQL"):  # each statement of one cast, with its time
        from django.db import connection

        def timed(execute, sql, params, many, context):
            t0 = time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                print(f"{(time.perf_counter() - t0) * 1000:7.2f} ms  {sql[:220]}")
        with connection.execute_wrapper(timed):
            clients.pop().post(path, {"csrfmiddlewaretoken": CSRF})
    prof = cProfile.Profile()
    half = len(clients) // 2  # the first half unprofiled: this process's CPU per cast
    t, cpu = time.perf_counter(), time.process_time()
    statuses = [c.post(path, {"csrfmiddlewaretoken": CSRF}).status_code for c in clients[:half]]
    seconds, cpu = time.perf_counter() - t, time.process_time() - cpu
    print(f"{half} web casts in {seconds:.2f} s, {cpu / half * 1000:.1f} ms of this "
          f"process's CPU each (the database's not counted), statuses {sorted(set(statuses))}")
    prof.enable()
    statuses = [c.post(path, {"csrfmiddlewaretoken": CSRF}).status_code for c in clients[half:]]
    prof.disable()
    out = io.StringIO()
    stats = pstats.Stats(prof, stream=out).sort_stats(os.environ.get("BENCH_SORT", "cumulative"))
    stats.print_stats(int(os.environ.get("BENCH_TOP", top)))
    print(out.getvalue())


def wrk(url: str, lua: Path, args: list[str], clients: int, seconds: int) -> dict:
    out = subprocess.run(["wrk", "-t2", f"-c{clients}", f"-d{seconds}s", "--timeout", "10s",
                          "-s", str(lua), url, "--", *args],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def serve(command: list[str], env: dict) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", *command], cwd=common.ROOT, env=env,
                            start_new_session=True)


def stop(server: subprocess.Popen) -> None:
    os.killpg(server.pid, signal.SIGTERM)
    server.wait(60)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--seconds", type=int, default=20)
    ap.add_argument("--residents", type=int, default=12_000, help="per side")
    ap.add_argument("--profile", type=int, default=0, help="casts to profile in-process")
    ap.add_argument("--port", type=int, default=18793)
    ap.add_argument("--web-only", action="store_true", help="only the web sides (diagnosis)")
    ap.add_argument("--skip-gunicorn", action="store_true", help="no web cast via gunicorn")
    args = ap.parse_args()
    votes_http.PORT = args.port
    os.environ["VECHE_HTTPS"] = "0"  # plain HTTP on 127.0.0.1 (no TLS redirect)
    common.setup()
    n = args.profile + 1 if args.profile else args.residents
    cfg = votes_http.prepare(3 * n + 2000)
    keys = residents(cfg, n if args.profile else 2 * n)
    if args.profile:
        profile(cfg, keys)
        return
    common.RESULTS.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "VECHE_API_RATE_USER": "100000000/min",
           "VECHE_API_RATE_ANON": "100000000/min", "VECHE_HTTPS": "0"}  # plain HTTP here
    cores = os.cpu_count() or 1
    url = f"http://127.0.0.1:{args.port}"
    uvicorn = ["uvicorn", "veche.asgi:application", "--host", "127.0.0.1", "--port",
               str(args.port), "--workers", str(cores), "--loop", "uvloop", "--http",
               "httptools", "--backlog", "2048", "--no-access-log", "--lifespan", "off",
               "--log-level", "warning"]
    result: dict = {"clients": args.clients, "seconds": args.seconds, "load_before": loadavg()}

    def web_side(command: list[str], sessions: list[str], name: str, label: str) -> None:
        path = common.RESULTS / f"votes_web_sessions_{name}.txt"
        path.write_text("\n".join(sessions) + "\n")
        server = serve(command, env)
        try:
            votes_http.wait_up(cfg)
            r = wrk(url + cast_path(cfg), LUA, [str(path), "2", cast_path(cfg), CSRF],
                    args.clients, args.seconds)
        finally:
            stop(server)
        result[name] = _side(r, label)

    if not args.skip_gunicorn:  # the web cast as served before issue 15.11
        web_side(["gunicorn", "veche.wsgi:application", "--bind", f"127.0.0.1:{args.port}",
                  "--workers", str(2 * cores + 1), "--threads", "2", "--worker-class",
                  "gthread", "--backlog", "2048", "--keep-alive", "75", "--log-level",
                  "warning"], keys[:n], "web_gunicorn",
                 f"gunicorn gthread {2 * cores + 1}×2, POST …/ballot/cast/ (session, CSRF)")
    web_side(uvicorn, keys[n:], "web",
             f"uvicorn {cores} workers (veche serve-intake), POST …/ballot/cast/ (session, CSRF)")
    if args.web_only:
        print(json.dumps(result, ensure_ascii=False))
        return
    # The API's intake, right after, on residents who have not voted.
    ids = common.RESULTS / "votes_web_ids.txt"
    ids.write_text("\n".join(map(str, cfg["persons"][2 * n:])) + "\n")
    intake = serve(uvicorn, env)
    try:
        votes_http.wait_up(cfg)
        opts = ",".join(str(o) for o in cfg["options"])
        r = wrk(url + cfg["path"], votes_http.LUA, [str(ids), "2", cfg["path"], cfg["key"],
                                                     opts], args.clients, args.seconds)
    finally:
        stop(intake)
    result["intake"] = _side(r, f"uvicorn {cores} workers, ballot intake (API)")
    result["load_after"] = loadavg()
    db = votes_http.settled(cfg)
    seal = votes_http.seal_chain(cfg)
    sides = [s for s in ("web_gunicorn", "web", "intake") if s in result]
    accepted = sum(result[s]["accepted"] for s in sides)
    result["db"], result["chain"] = db, seal
    for side in ("web_gunicorn", "web"):
        if side in result:
            result[f"ratio_intake_over_{side}"] = round(
                result["intake"]["ballots_per_s"] / max(result[side]["ballots_per_s"], 0.1), 2)
    result["checks"] = {
        "no_lost": db["ballots"] >= accepted,
        "no_double": db["ballots"] == db["distinct_persons"] == db["current"],
        "ledger_equals_ballots": db["ledger_actions"] == db["ballots"],
        "chain_covers_all": seal["length"] == db["ballots"],
        "no_4xx_5xx": all(result[s]["4xx"] == result[s]["5xx"] == 0 for s in sides),
        # Out of residents, wrk sends one again: its 302 would be «already accepted».
        "every_request_a_new_resident": all(result[s]["repeated"] == 0 for s in sides),
        "within_3x": result["ratio_intake_over_web"] <= 3,
    }
    result["ok"] = all(result["checks"].values())
    common.save("votes_web", result)


def loadavg() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def _side(r: dict, server: str) -> dict:
    accepted = r["s2xx"] + r.get("s3xx", 0)  # the web cast answers 302 to the receipt page
    return {"server": server, "accepted": accepted,
            "ballots_per_s": round(accepted / r["seconds"], 1), "4xx": r["s4xx"],
            "5xx": r["s5xx"], "latency_ms": {k: r[k] for k in ("p50", "p95", "p99")},
            "errors": {k: r[k] for k in ("connect", "read", "write", "timeout") if k in r},
            "requests": r["responses"], "repeated": r.get("repeated", 0)}


if __name__ == "__main__":
    main()
