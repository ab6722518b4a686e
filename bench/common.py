"""Shared set-up of the benchmarks: a PostgreSQL database of their own, Django configured for
it, the machine's description, and timing helpers. Run each bench by hand:

    .venv/bin/python bench/registry_search.py        # etc., see docs/benchmarks.md

BENCH_DATABASE_URL overrides postgres://postgres@127.0.0.1:5432/bench_veche.
"""

import datetime as dt
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATABASE_URL = os.environ.get("BENCH_DATABASE_URL",
                              "postgres://postgres@127.0.0.1:5432/bench_veche")
BENCH_TOWN = "bench-town"
RESULTS = ROOT / "var" / "bench"


def machine() -> dict:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        mem_kb = int(next(line.split()[1] for line in Path("/proc/meminfo").read_text()
                          .splitlines() if line.startswith("MemTotal")))
    except (OSError, StopIteration):
        mem_kb = 0
    return {"nproc": os.cpu_count(), "ram_gib": round(mem_kb / 1024 ** 2, 1), "cpu": cpu,
            "python": platform.python_version(),
            "date": dt.datetime.now().strftime("%Y-%m-%d %H:%M")}


def ensure_database() -> None:
    """Create the bench database if it is missing (never touches any other database)."""
    import psycopg

    name = DATABASE_URL.rsplit("/", 1)[1]
    admin = DATABASE_URL.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def setup(migrate: bool = True) -> None:
    """Configure Django for the bench database (production settings, not debug)."""
    sys.path.insert(0, str(ROOT))
    os.environ["DATABASE_URL"] = DATABASE_URL
    os.environ.setdefault("VECHE_SECRET_KEY", "bench-only-not-a-secret")
    os.environ.setdefault("VECHE_VAR_DIR", str(ROOT / "var" / "bench"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "veche.settings")
    for name in ("VECHE_DEBUG", "VECHE_TESTING"):
        os.environ.pop(name, None)
    ensure_database()
    import django

    django.setup()
    if migrate:
        from django.core.management import call_command

        call_command("migrate", interactive=False, verbosity=0)


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]


def summary_ms(samples: list[float]) -> dict:
    """Seconds → a dict of milliseconds: p50, p95, p99, max, mean."""
    ms = [s * 1000 for s in samples]
    return {"n": len(ms), "p50": round(percentile(ms, 50), 2), "p95": round(percentile(ms, 95), 2),
            "p99": round(percentile(ms, 99), 2), "max": round(max(ms), 2),
            "mean": round(statistics.fmean(ms), 2)}


class Timer:
    def __enter__(self):
        self.started = time.perf_counter()
        return self

    def __exit__(self, *exc):
        self.seconds = time.perf_counter() - self.started


def save(name: str, result: dict) -> None:
    RESULTS.mkdir(parents=True, exist_ok=True)
    result = {"bench": name, "machine": machine(), **result}
    (RESULTS / f"{name}.json").write_text(json.dumps(result, ensure_ascii=False, indent=2,
                                                    default=str))
    print(json.dumps(result, ensure_ascii=False, indent=2, default=str))


def verified_client(user):
    """Django's test client logged in as `user`, past the second factor (a TOTP device of
    theirs), as the pages the benches time are opened."""
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY

    client = Client()
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = user.totpdevice_set.first().persistent_id
    session.save()
    return client
