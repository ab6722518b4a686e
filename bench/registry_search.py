"""Bench 1: registry search by a name fragment over 1,000,000 persons, as the back office
does it (`persons_search` in the town scope, ordered, the first page of 50 and the paginator's
count, capped at 1,000 by CappedPaginator; --exact-count for Django's Paginator).
Goal: p95 < 50 ms.      .venv/bin/python bench/registry_search.py [--rounds 5]"""

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common  # noqa: E402

# Short and long, common and rare, one and two words, and one that matches nothing.
FRAGMENTS = [
    "ова", "ова", "ин", "ев", "иван", "смирн", "кузнецова", "петров", "анна", "серг",
    "алекс", "михайловна", "ольга", "дмитриевич", "вол", "мор", "соколов", "лебед", "жанна",
    "тимофей", "щерб", "ковал", "беля", "иванов петр", "смирнова анна", "новик", "зуев",
    "галина", "вера ник", "рома", "жжж", "xyz", "ёлк", "федор", "артем", "кир", "ник", "сав",
    "орлова", "гусев",
]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--exact-count", action="store_true",
                        help="Django's Paginator (exact count) instead of CappedPaginator")
    args = parser.parse_args()
    common.setup(migrate=False)
    from django.core.paginator import Paginator
    from django.db import connection

    from veche.registry.models import Person
    from veche.registry.paging import CappedPaginator
    from veche.registry.selectors import attach_segments, persons_search
    from veche.territories.models import Territory
    from veche.territories.scoping import town_scope

    town = Territory.objects.get(slug=common.BENCH_TOWN)
    with town_scope(town):
        persons = Person.objects.filter(territory=town).count()

        def search(q: str):
            # What the back-office view evaluates: the first page and the paginator's count.
            qs = persons_search(territory=town, q=q).select_related("activity")
            paginator = Paginator if args.exact_count else CappedPaginator
            page = paginator(qs, 50).get_page(1)
            attach_segments(page.object_list)
            return len(page.object_list), page.paginator.count

        for q in FRAGMENTS:  # warm the caches once
            search(q)
        samples, per_fragment = [], {}
        for _ in range(args.rounds):
            for q in FRAGMENTS:
                started = time.perf_counter()
                shown, total = search(q)
                elapsed = time.perf_counter() - started
                samples.append(elapsed)
                per_fragment.setdefault(q, []).append(elapsed)
                per_fragment[q + " (found)"] = total
        slowest = sorted(((max(v), q) for q, v in per_fragment.items() if isinstance(v, list)),
                         reverse=True)[:5]
        with connection.cursor() as cur:
            cur.execute("SELECT indexname FROM pg_indexes WHERE tablename = 'registry_person'")
            indexes = sorted(r[0] for r in cur.fetchall())
    common.save("registry_search" + ("_exact_count" if args.exact_count else ""), {
        "paginator": "Paginator (exact count)" if args.exact_count else "CappedPaginator(1000)",
        "persons": persons, "fragments": len(FRAGMENTS), "rounds": args.rounds,
        "latency_ms": common.summary_ms(samples),
        "slowest_ms": [(q, round(s * 1000, 1), per_fragment[q + " (found)"]) for s, q in slowest],
        "indexes": indexes, "goal": "p95 < 50 ms",
    })


if __name__ == "__main__":
    main()
