"""Bench 2: ledger writes through the service. Goal: ≥ 2,000 actions/s.

`action_record` (one action, one transaction, rollups upserted) from several processes at
once, as several web workers would; then `action_record_many` in batches (imports).

    .venv/bin/python bench/ledger_writes.py [--processes 4] [--seconds 20]
"""

import argparse
import multiprocessing as mp
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common  # noqa: E402


def _persons(n: int) -> list[int]:
    from veche.registry.models import Person
    from veche.territories.models import Territory
    from veche.territories.scoping import town_scope

    town = Territory.objects.get(slug=common.BENCH_TOWN)
    with town_scope(town):
        return list(Person.objects.filter(territory=town).order_by("id")
                    .values_list("id", flat=True)[:n])


ASYNC_COMMIT = False


def _session(connection) -> None:
    if ASYNC_COMMIT:
        # What a commit costs without waiting for the disk's fsync (see docs/benchmarks.md).
        with connection.cursor() as cursor:
            cursor.execute("SET synchronous_commit = off")


def _worker(seconds: float, seed: int, queue) -> None:
    common.setup(migrate=False)
    from django.db import connection

    _session(connection)
    from veche.ledger.services import action_record
    from veche.registry.models import Person
    from veche.territories.models import Territory
    from veche.territories.scoping import town_scope

    town = Territory.objects.get(slug=common.BENCH_TOWN)
    rng = random.Random(seed)
    with town_scope(town):
        persons = list(Person.objects.filter(pk__in=_persons(20_000)))
        done, started = 0, time.perf_counter()
        latencies = []
        while time.perf_counter() - started < seconds:
            t0 = time.perf_counter()
            action_record(person=rng.choice(persons), kind=rng.choice(("ballot", "comment")),
                          object_type="bench.item", object_id=rng.randint(1, 100),
                          source="bench")
            latencies.append(time.perf_counter() - t0)
            done += 1
        queue.put((done, time.perf_counter() - started, latencies))


def parallel(processes: int, seconds: float) -> dict:
    queue = mp.get_context("fork").Queue()
    procs = [mp.get_context("fork").Process(target=_worker, args=(seconds, i, queue))
             for i in range(processes)]
    for p in procs:
        p.start()
    results = [queue.get() for _ in procs]
    for p in procs:
        p.join()
    total = sum(r[0] for r in results)
    elapsed = max(r[1] for r in results)
    return {"processes": processes, "actions": total, "seconds": round(elapsed, 1),
            "actions_per_s": round(total / elapsed),
            "latency_ms": common.summary_ms([x for r in results for x in r[2]])}


def many(total: int, batch: int) -> dict:
    from django.utils import timezone

    from veche.ledger.models import Action
    from veche.ledger.services import action_record_many
    from veche.territories.models import Territory
    from veche.territories.scoping import town_scope

    town = Territory.objects.get(slug=common.BENCH_TOWN)
    persons = _persons(50_000)
    rng = random.Random(7)
    now = timezone.now()
    with town_scope(town):
        started = time.perf_counter()
        for _ in range(total // batch):
            action_record_many(actions=[
                Action(territory=town, person_id=rng.choice(persons), kind="ballot",
                       object_type="bench.vote", object_id="1", occurred_at=now, source="bench")
                for _ in range(batch)
            ])
        elapsed = time.perf_counter() - started
    return {"actions": total, "batch": batch, "seconds": round(elapsed, 1),
            "actions_per_s": round(total / elapsed)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--processes", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--many", type=int, default=200_000)
    parser.add_argument("--async-commit", action="store_true",
                        help="synchronous_commit=off for the bench sessions")
    args = parser.parse_args()
    global ASYNC_COMMIT
    ASYNC_COMMIT = args.async_commit
    common.setup(migrate=False)
    from django.db import connections

    connections.close_all()  # the forked workers open their own
    one = parallel(1, args.seconds / 2)
    several = parallel(args.processes, args.seconds)
    from django.db import connection

    _session(connection)
    bulk = many(args.many, 5000)
    name = "ledger_writes" + ("_async_commit" if args.async_commit else "")
    common.save(name, {
        "synchronous_commit": "off" if args.async_commit else "on",
        "action_record_1_process": one, "action_record_parallel": several,
        "action_record_many": bulk, "goal": "≥ 2,000 actions/s",
    })


if __name__ == "__main__":
    main()
