"""Bench 1: registry search by a name fragment over 1,000,000 persons. Goal: p95 < 50 ms.

Run right after `bench/load.py --persons 1000000`, with no step in between (the load ends the
way a town's list import does, with `registry_after_bulk_load`). Three things are timed in the
same run, round after round over the same 40 fragments, so the machine's load hits them alike:

* selector — what the back office evaluates: `persons_listing` in the town scope, the first
  page of 50 with its segments and the paginator's count, capped at 1,000 (CappedPaginator
  with the listing's count and page reading, as the registry view builds it; --exact-count
  for Django's Paginator);
* page — the path a user takes: GET /t/<town>/office/registry/?q=… through Django's test
  client as a logged-in staff member with the second factor (session, TOTP, scoping, form,
  template), the whole page;
* plain trigram — the same search on a plain pg_trgm GIN index: the obvious query (filter,
  ORDER BY surname, given name, patronymic, id, first 50, count to 1,001), run in a
  transaction where every other index the registry's search has is dropped and then rolled
  back (the bench database only).

    .venv/bin/python bench/registry_search.py [--rounds 5] [--exact-count] [--skip-page]
"""

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
STAFF_EMAIL = "registry-bench@bench.ru"
# The search's own indexes on registry_person, dropped for the plain-trigram comparison.
SEARCH_INDEXES = ("person_registry_order", "person_search_order")


def staff_client(town):
    """A staff member of the bench town with a confirmed second factor, logged in."""
    from veche.accounts.factories import add_totp, grant_role, make_user
    from veche.accounts.models import Role, User

    user = User.objects.filter(email=STAFF_EMAIL).first()
    if user is None:
        user = make_user(email=STAFF_EMAIL, full_name="Сотрудник реестра")
        grant_role(user, town, Role.STAFF)
        add_totp(user)
    return common.verified_client(user)


def table_state(cur) -> dict:
    """What the planner and the index-only scans have to go on (no manual step is allowed)."""
    cur.execute("""SELECT c.relpages, c.relallvisible, s.last_vacuum, s.last_autovacuum,
                          s.last_analyze, s.last_autoanalyze, current_setting('autovacuum')
                   FROM pg_class c JOIN pg_stat_user_tables s ON s.relid = c.oid
                   WHERE c.relname = 'registry_person'""")
    pages, visible, vac, autovac, ana, autoana, autovacuum = cur.fetchone()
    return {"pages": pages, "all_visible_pages": visible, "last_vacuum": vac,
            "last_autovacuum": autovac, "last_analyze": ana, "last_autoanalyze": autoana,
            "autovacuum": autovacuum}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--exact-count", action="store_true",
                        help="Django's Paginator (exact count) instead of CappedPaginator")
    parser.add_argument("--skip-page", action="store_true", help="time the selectors only")
    parser.add_argument("--skip-plain", action="store_true",
                        help="leave out the plain-trigram comparison")
    args = parser.parse_args()
    common.setup(migrate=False)
    from django.core.paginator import Paginator
    from django.db import connection, transaction

    from veche.registry.models import Person
    from veche.registry.paging import COUNT_CAP, CappedPaginator
    from veche.registry.selectors import attach_segments, normalise_query, persons_listing
    from veche.territories.models import Territory
    from veche.territories.scoping import town_scope

    town = Territory.objects.get(slug=common.BENCH_TOWN)
    with town_scope(town):
        persons = Person.objects.filter(territory=town).count()
    with connection.cursor() as cur:
        state = table_state(cur)
        cur.execute("SELECT indexname FROM pg_indexes WHERE tablename = 'registry_person'")
        indexes = sorted(r[0] for r in cur.fetchall())
    client = None if args.skip_page else staff_client(town)
    url = f"/t/{town.slug}/office/registry/"

    def search(q: str):
        # What the back-office view evaluates: the first page and the paginator's count.
        found = persons_listing(territory=town, q=q)
        qs = found.rows.select_related("activity")
        if args.exact_count:
            page = Paginator(qs, 50).get_page(1)
        else:
            page = CappedPaginator(qs, 50, count_upto=found.count_upto,
                                   page_ids=found.page_ids).get_page(1)
        attach_segments(list(page.object_list))
        return len(page.object_list), page.paginator.count

    def plain(q: str):
        qs = Person.objects.filter(territory=town, is_erased=False)
        for word in normalise_query(q).split():
            qs = qs.filter(search_name__contains=word)
        rows = list(qs.select_related("district", "building", "activity")
                    .order_by("surname", "given_name", "patronymic", "id")[:50])
        attach_segments(rows)
        return len(rows), min(qs.order_by().values("id")[:COUNT_CAP + 1].count(), COUNT_CAP)

    def page(q: str):
        assert client is not None
        response = client.get(url, {"q": q}, secure=True)
        assert response.status_code == 200, response.status_code
        return 0, 0

    def plain_round(run):
        # Only the trigram index left: drop the search's own indexes, roll back afterwards.
        with transaction.atomic():
            with connection.cursor() as cur:
                for name in SEARCH_INDEXES:
                    cur.execute(f'DROP INDEX IF EXISTS "{name}"')
            run()
            transaction.set_rollback(True)

    variants = {"selector": search}
    if not args.skip_plain:
        variants["plain_trigram"] = plain
    if client is not None:
        variants["page"] = page
    samples: dict[str, list[float]] = {v: [] for v in variants}
    per_fragment: dict[str, dict[str, list[float]]] = {v: {} for v in variants}
    found: dict[str, int] = {}

    def one_round(name, fn, record: bool):
        for q in FRAGMENTS:
            started = time.perf_counter()
            _, total = fn(q)
            elapsed = time.perf_counter() - started
            if record:
                samples[name].append(elapsed)
                per_fragment[name].setdefault(q, []).append(elapsed)
                if name == "selector":
                    found[q] = total

    for rnd in range(args.rounds + 1):  # round 0 warms the caches, untimed
        for name, fn in variants.items():
            if name == "page":  # the request opens the town's scope itself
                one_round(name, fn, rnd > 0)
                continue
            with town_scope(town):
                if name == "plain_trigram":
                    plain_round(lambda n=name, f=fn, r=rnd: one_round(n, f, r > 0))
                else:
                    one_round(name, fn, rnd > 0)

    def slowest(name):
        worst = sorted(((max(v), q) for q, v in per_fragment[name].items()), reverse=True)[:5]
        return [(q, round(s * 1000, 1), found.get(q)) for s, q in worst]

    common.save("registry_search" + ("_exact_count" if args.exact_count else ""), {
        "paginator": "Paginator (exact count)" if args.exact_count else "CappedPaginator(1000)",
        "persons": persons,
        "fragments": len(FRAGMENTS), "rounds": args.rounds,
        "latency_ms": {name: common.summary_ms(s) for name, s in samples.items()},
        "slowest_ms": {name: slowest(name) for name in samples},
        "table": state, "indexes": indexes, "goal": "p95 < 50 ms",
    })


if __name__ == "__main__":
    main()
