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


EVENT_KINDS = ("public", "mass", "official", "charity", "discussion", "hearing", "meeting",
               "subbotnik", "sport_culture", "education")


def load_events(t, total: int) -> None:
    """`total` events over the last year (kinds, organisers and venues in turn): the objects of
    a third of the bench actions, and the per-kind figures of the engagement dashboard."""
    from django.db import connection

    with connection.cursor() as cur:
        have = _loaded(cur, "events_event", t, total, "events")
        if have >= total:
            return
        started = time.perf_counter()
        cur.execute("""
            INSERT INTO events_event (territory_id, created_at, updated_at, kind, title,
                description, status, organiser_kind, organiser_name, partner_kinds, format,
                venue_kind, venue_name, address, starts_at, ends_at, expected_participants,
                actual_participants, registration_open, announcement_url, press_release_url,
                responsible_name, actions_recorded, newcomers)
            SELECT %s, now(), now(), (%s::text[])[1 + g %% 10], 'Мероприятие ' || g, '',
                'held', (ARRAY['administration','enterprise','ngo','citizens','community'])
                [1 + g %% 5], '', '[]'::jsonb, 'offline',
                (ARRAY['administration','enterprise','public','outdoors','online'])[1 + g %% 5],
                '', '', s, s + interval '2 hours', 50, 40, false, '', '', '', 30, g %% 4
            FROM generate_series(1, %s) g,
                 LATERAL (SELECT now() - (random() * interval '365 days') AS s, g AS k) r""",
                    [t.pk, list(EVENT_KINDS), total - have])
        cur.execute("ANALYZE events_event")
    print(f"events: {total - have} inserted in {time.perf_counter() - started:.0f} s")


def load_network(towns: int, persons: int, actions: int) -> None:
    """The curator's other towns (bench-town-2 …): small ones, persons and actions made inside
    PostgreSQL, with their rollups, so the across-towns page reads a network of `towns` towns."""
    from django.db import connection

    from veche.territories.models import Territory
    from veche.territories.scoping import all_towns
    from veche.territories.services import district_create, territory_create

    for n in range(2, towns + 1):
        slug = f"{common.BENCH_TOWN}-{n}"
        with all_towns():
            t = Territory.objects.filter(slug=slug).first()
            if t is None:
                t = territory_create(slug=slug, name=f"Бенчмарк-город {n}",
                                     kind=Territory.Kind.TOWN, population_total=persons * 12 // 10,
                                     population_14_plus=persons)
                for name in DISTRICTS[:4]:
                    district_create(territory=t, name=name, population_14_plus=persons // 4)
        with connection.cursor() as cur:
            if _loaded(cur, "registry_person", t, persons, slug) < persons:
                cur.execute("""
                    INSERT INTO registry_person (territory_id, surname, given_name, patronymic,
                        birth_date, phone, email, apartment, verification, search_name,
                        is_erased, created_at, updated_at, district_id)
                    SELECT %s, 'Житель', 'Номер ' || g, '',
                        current_date - (5200 + (g * 7919) %% 27000), '', '', '', 0,
                        'житель номер ' || g, false, now(), now(),
                        (SELECT min(id) FROM territories_district WHERE territory_id = %s)
                          + g %% 4
                    FROM generate_series(1, %s) g""", [t.pk, t.pk, persons])
        load_events(t, 200)
        load_actions(t, actions, active=persons // 3)


def _secondary_indexes(cur, table: str) -> list[tuple[str, str]]:
    cur.execute("""SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s
                   AND indexname NOT IN (SELECT conname FROM pg_constraint)""", [table])
    return cur.fetchall()


def load_actions(t, total: int, active: int = ACTIVE_PERSONS) -> None:
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
        # Inserting 10M rows under six b-trees is several times slower than building them after
        # (a small town's rows go in under the indexes: rebuilding them would cost more).
        indexes = _secondary_indexes(cur, "ledger_action") if total > 1_000_000 else []
        for name, _ in indexes:
            cur.execute(f'DROP INDEX "{name}"')
        cur.execute("SELECT coalesce(min(id), 0), count(*) FROM events_event "
                    "WHERE territory_id = %s", [t.pk])
        first_event, events = cur.fetchone()
        # Skewed: person offsets ~ 300000 * u², so a few thousand leaders do much of the work.
        # A third of the actions are about an event (its id as object), the rest about votes
        # and appeals; channels web, qr, bot and staff (the origins figures group by them).
        cur.execute("""
            INSERT INTO ledger_action (territory_id, person_id, kind, object_type, object_id,
                object_title, occurred_at, recorded_at, weight, source)
            SELECT %s, %s + floor(%s * r.u * r.u)::bigint,
                (ARRAY['proposal','ballot','comment','feedback','appeal','volunteer_hours',
                       'event_action','support'])[1 + (g %% 8)],
                CASE WHEN g %% 3 = 0 AND %s > 0 THEN 'events.event'
                     WHEN g %% 3 = 1 THEN 'votes.vote' ELSE 'appeals.appeal' END,
                CASE WHEN g %% 3 = 0 AND %s > 0
                     THEN (%s + floor(random() * %s)::bigint)::text ELSE (g %% 500)::text END,
                'Бенчмарк', now() - (random() * interval '365 days'), now(), 1,
                (ARRAY['web','qr','bot','staff'])[1 + (g %% 7) %% 4]
            FROM generate_series(1, %s) g, LATERAL (SELECT random() AS u, g AS k) r""",
                    [t.pk, first_person, active, events, events, first_event, events,
                     total - have])
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
        cur.execute("DELETE FROM ledger_townmonthactivity WHERE territory_id = %s", [t.pk])
        # With each person's origin: the kind, object and channel of their first action.
        cur.execute("""
            INSERT INTO ledger_personactivity (territory_id, person_id, first_at, last_at,
                actions_count, weight_sum, first_kind, first_object_type, first_object_id,
                first_source)
            SELECT g.territory_id, g.person_id, g.first_at, g.last_at, g.n, g.w,
                   f.kind, f.object_type, f.object_id, f.source
            FROM (SELECT territory_id, person_id, min(occurred_at) AS first_at,
                         max(occurred_at) AS last_at, count(*) AS n, sum(weight) AS w
                  FROM ledger_action WHERE territory_id = %s
                  GROUP BY territory_id, person_id) g
            JOIN (SELECT DISTINCT ON (person_id) person_id, kind, object_type, object_id, source
                  FROM ledger_action WHERE territory_id = %s
                  ORDER BY person_id, occurred_at, id) f ON f.person_id = g.person_id""",
                    [t.pk, t.pk])
        cur.execute("""
            INSERT INTO ledger_monthlyactivity (territory_id, person_id, month, actions_count)
            SELECT territory_id, person_id,
                   date_trunc('month', occurred_at AT TIME ZONE %s)::date, count(*)
            FROM ledger_action WHERE territory_id = %s GROUP BY 1, 2, 3""",
                    ["Europe/Moscow", t.pk])
        cur.execute("""
            INSERT INTO ledger_townmonthactivity (territory_id, month, active_persons,
                                                  actions_count)
            SELECT territory_id, month, count(*), sum(actions_count)
            FROM ledger_monthlyactivity WHERE territory_id = %s GROUP BY 1, 2""", [t.pk])
    with connection.cursor() as cur:
        cur.execute("ANALYZE ledger_personactivity")
        cur.execute("ANALYZE ledger_monthlyactivity")
        cur.execute("ANALYZE ledger_townmonthactivity")
    print(f"rollups rebuilt in {time.perf_counter() - started:.0f} s")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--persons", type=int, default=1_000_000)
    parser.add_argument("--actions", type=int, default=10_000_000)
    parser.add_argument("--rollups", action="store_true", help="only rebuild the rollups")
    parser.add_argument("--events", type=int, default=50_000)
    parser.add_argument("--towns", type=int, default=1,
                        help="towns in the network (the others small: the curator's pages)")
    args = parser.parse_args()
    common.setup()
    from veche.registry.maintenance import registry_after_bulk_load

    t = town()
    if args.rollups:
        rollups(t)
        return
    load_persons(t, args.persons)
    load_segments(t)
    load_events(t, args.events)
    load_actions(t, args.actions)
    if args.towns > 1:
        load_network(args.towns, persons=20_000, actions=100_000)
    # What a town's list import does when it ends: VACUUM (ANALYZE) of the registry's tables,
    # so the search's index-only scans and plans are right with no step by hand.
    started = time.perf_counter()
    print(f"registry upkeep: {registry_after_bulk_load(t)} in "
          f"{time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
