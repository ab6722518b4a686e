"""Counting 1,000,000 ballots as a background job (issue 4): a score vote over 30 options gets
1,000,000 ballots (one per registry person, written by one INSERT … SELECT inside PostgreSQL),
the hash chain is sealed over them (what the background seal does while a vote runs), then
`tally_start` queues `run_vote_tally` and a real worker process (`manage.py db_worker`, the
database task backend) runs it under /usr/bin/time -v. This process polls the VoteTally row
the pages poll and prints its progress; at the end: wall time, the job's own timings, and the
worker's peak RSS (limit: 4 GB).

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/veche_bench_votes \\
        .venv/bin/python bench/load.py --persons 1000000 --actions 0     # the town, once
    BENCH_DATABASE_URL=… .venv/bin/python bench/votes_count.py [--ballots 1000000]
        [--options 30] [--reuse]

--reuse counts the last bench vote again (its ballots and chain already there).
"""

import argparse
import os
import re
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common  # noqa: E402

TITLE = "Бенчмарк подсчёта"


def make_vote(n_ballots: int, n_options: int):
    from django.db import connection

    from veche.territories.models import Territory
    from veche.territories.scoping import all_towns, town_scope
    from veche.votes.services import vote_create, vote_open, vote_publish

    with all_towns():
        town = Territory.objects.get(slug=common.BENCH_TOWN)
    with town_scope(town):
        vote = vote_create(territory=town, title=f"{TITLE} {time.strftime('%H:%M:%S')}",
                           kind="score", score_min=1, score_max=5, min_age=14,
                           options=[f"Вариант {i}" for i in range(1, n_options + 1)])
        vote_publish(vote=vote, by=None)
        vote_open(vote=vote, by=None)
        options = list(vote.options.order_by("order", "id").values_list("id", flat=True))
    t = time.perf_counter()
    with connection.cursor() as cur:
        cur.execute("SET synchronous_commit = off")
        # Scores lean a little by option (option k: +k/n), so the ranking is not a coin toss.
        cur.execute("""
            INSERT INTO votes_ballot (territory_id, vote_id, person_id, choices, scores, channel,
                paper_number, cast_at, is_current, receipt_code, receipt_hash, ip_hash,
                device_hash, prev_hash, hash)
            SELECT %(t)s, %(v)s, p.id, %(choices)s::jsonb,
                (SELECT jsonb_agg(least(5, 1 + floor(random() * 5 + g::float / %(m)s))::int
                                  ORDER BY g)
                   FROM generate_series(1, %(m)s) g WHERE p.id > 0),
                'web', '', now() - random() * interval '7 days', true,
                upper(substr(md5(p.id::text || '-' || %(v)s), 1, 12)),
                encode(sha256(convert_to('veche-receipt:' || %(v)s || ':' ||
                       upper(substr(md5(p.id::text || '-' || %(v)s), 1, 12)), 'UTF8')), 'hex'),
                '', '', '', ''
            FROM registry_person p WHERE p.territory_id = %(t)s AND NOT p.is_erased
            ORDER BY p.id LIMIT %(n)s""",
                    {"t": town.pk, "v": vote.pk, "choices": "[" + ",".join(map(str, options))
                     + "]", "m": n_options, "n": n_ballots})
        inserted = cur.rowcount
        cur.execute("ANALYZE votes_ballot")
    print(f"ballots: {inserted} inserted in {time.perf_counter() - t:.0f} s", flush=True)
    return town, vote, inserted


def seal(town, vote) -> dict:
    from veche.territories.scoping import town_scope
    from veche.votes.chain import ballot_chain_seal

    t = time.perf_counter()
    with town_scope(town):
        added = ballot_chain_seal(vote=vote)
    s = time.perf_counter() - t
    print(f"chain: {added} ballots sealed in {s:.0f} s", flush=True)
    return {"sealed": added, "seconds": round(s, 1), "per_s": round(added / s) if s else None}


def run_job(town, vote) -> dict:
    from django.db import transaction

    from veche.territories.scoping import town_scope
    from veche.votes.models import VoteTally
    from veche.votes.services import tally_start

    with town_scope(town), transaction.atomic():
        tally = tally_start(vote=vote, final=False)
    env = {**os.environ}
    started = time.perf_counter()
    worker = subprocess.Popen(
        ["/usr/bin/time", "-v", sys.executable, str(common.ROOT / "manage.py"), "db_worker",
         "--batch", "--no-startup-delay"],
        cwd=common.ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    progress = []
    while worker.poll() is None:
        time.sleep(0.5)
        row = VoteTally.objects.with_scopes_disabled().filter(pk=tally.pk).values(
            "status", "ballots_done", "ballots_total").first()
        point = (round(time.perf_counter() - started, 1), row["status"], row["ballots_done"],
                 row["ballots_total"])
        if not progress or point[1:] != progress[-1][1:]:
            progress.append(point)
            print(f"  {point[0]:6.1f} s  {point[1]:8}  {point[2]:>9} / {point[3]}", flush=True)
    wall = time.perf_counter() - started
    err = worker.stderr.read()
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", err)
    with town_scope(town):
        tally = VoteTally.objects.get(pk=tally.pk)
    res = tally.result or {}
    return {"status": tally.status, "message": tally.message, "ballots": tally.ballots_done,
            "wall_s_worker_process": round(wall, 1),
            "job_timing_s": res.get("timing"), "peak_rss_mb_time_v":
            round(int(rss.group(1)) / 1024, 1) if rss else None,
            "peak_rss_mb_job": tally.peak_memory_mb, "progress": progress,
            "winner": (res.get("tally") or {}).get("winners"),
            "worker_exit": worker.returncode, "worker_stderr_tail": err[-600:] if
            worker.returncode else ""}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--ballots", type=int, default=1_000_000)
    ap.add_argument("--options", type=int, default=30)
    ap.add_argument("--reuse", action="store_true")
    args = ap.parse_args()
    common.setup()
    load = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    if args.reuse:
        from veche.votes.models import Vote

        vote = (Vote.objects.with_scopes_disabled().filter(title__startswith=TITLE)
                .order_by("-id").first())
        town, inserted, sealed = vote.territory, None, None
    else:
        town, vote, inserted = make_vote(args.ballots, args.options)
        sealed = seal(town, vote)
    job = run_job(town, vote)
    common.save("votes_count", {
        "vote_id": vote.pk, "kind": "score 1..5", "options": args.options,
        "ballots_inserted": inserted, "chain": sealed, "job": job,
        "loadavg_before": load,
        "goal": "1,000,000 ballots counted as a background job with progress, < 4 GB",
        "ok": job["status"] == "done" and (job["peak_rss_mb_time_v"] or 1e9) < 4096,
    })


if __name__ == "__main__":
    main()
