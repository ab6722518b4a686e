"""Load the bench town: 1,000,000 registry persons (COPY) and 10,000,000 ledger rows (one
INSERT … SELECT over generate_series inside PostgreSQL), then the rollups (SQL aggregates, the
same result as `rollups_rebuild`). Idempotent: what is already there is kept.

    .venv/bin/python bench/load.py [--persons 1000000] [--actions 10000000]
"""

import argparse
import datetime as dt
import random
import sys
import time
from itertools import accumulate
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common  # noqa: E402

DISTRICTS = ("Центральный", "Северный", "Южный", "Набережный", "Заречный", "Лесной",
             "Энергетиков", "Строителей", "Молодёжный", "Старый город")
SEGMENTS = (("veteran", "Ветераны"), ("youth", "Молодёжь"), ("ngo", "Члены НКО"),
            ("enterprise", "Работники предприятия"), ("volunteer", "Волонтёры"),
            ("deputy", "Депутаты"))
ACTIVE_PERSONS = 300_000  # of the million; actions go to them, most to the first ones


def town():
    from veche.territories.models import Territory
    from veche.territories.scoping import all_towns
    from veche.territories.services import district_create, territory_create

    with all_towns():
        t = Territory.objects.filter(slug=common.BENCH_TOWN).first()
        if t is None:
            t = territory_create(slug=common.BENCH_TOWN, name="Бенчмарк-город",
                                 kind=Territory.Kind.TOWN, population_total=1_200_000,
                                 population_14_plus=1_000_000)
            for name in DISTRICTS:
                district_create(territory=t, name=name, population_14_plus=100_000)
    return t


def _loaded(cur, table: str, t, total: int, label: str) -> int:
    """Loading is resumable: how many rows of the bench town the table holds (said when done)."""
    cur.execute(f"SELECT count(*) FROM {table} WHERE territory_id = %s", [t.pk])
    have = cur.fetchone()[0]
    if have >= total:
        print(f"{label}: {have} already there")
    return have


def load_persons(t, total: int) -> None:
    from django.db import connection

    from veche.demo.builder import names

    with connection.cursor() as cur:
        have = _loaded(cur, "registry_person", t, total, "persons")
        if have >= total:
            return
        cur.execute("SELECT id FROM territories_district WHERE territory_id = %s", [t.pk])
        districts = [r[0] for r in cur.fetchall()]
    rng = random.Random(1)
    cum = list(accumulate(names._SURNAME_WEIGHTS))
    gens = {year: names._generation(year) for year in range(1934, 2013)}
    today = dt.date.today()
    started = time.perf_counter()
    raw = connection.connection  # psycopg 3 connection: COPY straight from Python rows
    cols = ("territory_id", "surname", "given_name", "patronymic", "birth_date", "phone",
            "email", "apartment", "verification", "search_name", "is_erased", "created_at",
            "updated_at", "district_id")
    now = dt.datetime.now(dt.UTC)
    with raw.cursor() as cur, cur.copy(
        f"COPY registry_person ({', '.join(cols)}) FROM STDIN"
    ) as copy:
        for i in range(have, total):
            birth = today - dt.timedelta(days=rng.randint(14 * 365 + 1, 90 * 365))
            (males, females), fathers = gens[birth.year]
            female = rng.random() < 0.54
            k = rng.choices(range(len(cum)), cum_weights=cum)[0]
            surname = (names._SURNAMES_F if female else names._SURNAMES_M)[k]
            given = rng.choice(females if female else males)
            patronymic = names.PATRONYMICS[rng.choice(fathers)][1 if female else 0]
            copy.write_row((
                t.pk, surname, given, patronymic, birth, f"+79{i:09d}", "", "", 0,
                f"{surname} {given} {patronymic}".lower().replace("ё", "е"), False, now, now,
                rng.choice(districts),
            ))
    raw.commit()
    print(f"persons: {total - have} copied in {time.perf_counter() - started:.0f} s")
    with connection.cursor() as cur:
        cur.execute("ANALYZE registry_person")


def load_segments(t) -> None:
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("SELECT count(*) FROM registry_segment WHERE territory_id = %s", [t.pk])
        if cur.fetchone()[0]:
            return
        for code, name in SEGMENTS:
            cur.execute("INSERT INTO registry_segment (territory_id, code, name) "
                        "VALUES (%s, %s, %s)", [t.pk, code, name])
        # ~6% of persons in each segment, spread over the million.
        cur.execute("""
            INSERT INTO registry_person_segments (person_id, segment_id)
            SELECT p.id, s.id FROM registry_person p JOIN registry_segment s
              ON s.territory_id = p.territory_id
            WHERE p.territory_id = %s AND (p.id * 7 + s.id * 13) %% 16 = 0""", [t.pk])
        print(f"segments: {cur.rowcount} memberships")


def _secondary_indexes(cur, table: str) -> list[tuple[str, str]]:
    cur.execute("""SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s
                   AND indexname NOT IN (SELECT conname FROM pg_constraint)""", [table])
    return cur.fetchall()


def load_actions(t, total: int) -> None:
    from django.db import connection

    with connection.cursor() as cur:
        have = _loaded(cur, "ledger_action", t, total, "actions")
        if have >= total:
            return
        cur.execute("SELECT min(id) FROM registry_person WHERE territory_id = %s", [t.pk])
        first_person = cur.fetchone()[0]
        started = time.perf_counter()
        cur.execute("SET maintenance_work_mem = '512MB'")
        cur.execute("SET synchronous_commit = off")
        # Inserting 10M rows under six b-trees is several times slower than building them after.
        indexes = _secondary_indexes(cur, "ledger_action")
        for name, _ in indexes:
            cur.execute(f'DROP INDEX "{name}"')
        # Skewed: person offsets ~ 300000 * u², so a few thousand leaders do much of the work.
        cur.execute("""
            INSERT INTO ledger_action (territory_id, person_id, kind, object_type, object_id,
                object_title, occurred_at, recorded_at, weight, source)
            SELECT %s, %s + floor(%s * r.u * r.u)::bigint,
                (ARRAY['proposal','ballot','comment','feedback','appeal','volunteer_hours',
                       'event_action','support'])[1 + (g %% 8)],
                '', '', 'Бенчмарк', now() - (random() * interval '365 days'), now(), 1, 'bench'
            FROM generate_series(1, %s) g, LATERAL (SELECT random() AS u, g AS k) r""",
                    [t.pk, first_person, ACTIVE_PERSONS, total - have])
        inserted = time.perf_counter() - started
        for _, definition in indexes:
            cur.execute(definition)
        cur.execute("ANALYZE ledger_action")
        print(f"actions: {total - have} inserted in {inserted:.0f} s, indexes rebuilt, "
              f"{time.perf_counter() - started:.0f} s in all")
    rollups(t)


def rollups(t) -> None:
    """The rollups `rollups_rebuild` would write, as two SQL aggregates (seconds, not minutes)."""
    from django.db import connection, transaction

    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cur:
        cur.execute("DELETE FROM ledger_personactivity WHERE territory_id = %s", [t.pk])
        cur.execute("DELETE FROM ledger_monthlyactivity WHERE territory_id = %s", [t.pk])
        cur.execute("""
            INSERT INTO ledger_personactivity (territory_id, person_id, first_at, last_at,
                                               actions_count, weight_sum)
            SELECT territory_id, person_id, min(occurred_at), max(occurred_at), count(*),
                   sum(weight)
            FROM ledger_action WHERE territory_id = %s GROUP BY territory_id, person_id""",
                    [t.pk])
        cur.execute("""
            INSERT INTO ledger_monthlyactivity (territory_id, person_id, month, actions_count)
            SELECT territory_id, person_id,
                   date_trunc('month', occurred_at AT TIME ZONE %s)::date, count(*)
            FROM ledger_action WHERE territory_id = %s GROUP BY 1, 2, 3""",
                    ["Europe/Moscow", t.pk])
    with connection.cursor() as cur:
        cur.execute("ANALYZE ledger_personactivity")
        cur.execute("ANALYZE ledger_monthlyactivity")
    print(f"rollups rebuilt in {time.perf_counter() - started:.0f} s")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--persons", type=int, default=1_000_000)
    parser.add_argument("--actions", type=int, default=10_000_000)
    parser.add_argument("--rollups", action="store_true", help="only rebuild the rollups")
    args = parser.parse_args()
    common.setup()
    t = town()
    if args.rollups:
        rollups(t)
        return
    load_persons(t, args.persons)
    load_segments(t)
    load_actions(t, args.actions)


if __name__ == "__main__":
    main()
