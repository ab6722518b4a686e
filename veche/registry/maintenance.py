"""Upkeep of the registry's tables after a big write, so that the search stays fast without
anyone running a command by hand (bench/registry_search.py, docs/benchmarks.md).

The registry's name search reads its covering order index alone ("index-only scan") only where
PostgreSQL's visibility map says a table page holds no row changed since the last VACUUM; after
a bulk load nothing is marked yet and every index entry the search walks costs a table read as
well (3–10× slower). The planner also needs fresh statistics to pick between the order index
and the trigram index. Autovacuum does both eventually — if it is on, and only after its
thresholds and naps — so the load that wrote the rows finishes the job itself.
"""

import logging
import time

from django.db import connection

from veche.territories.models import Territory

log = logging.getLogger(__name__)

# The tables a list import or bench/load.py fills in bulk; the persons table first.
BULK_TABLES = ("registry_person", "registry_person_segments", "registry_personfact")


def registry_after_bulk_load(territory: Territory | None = None) -> str:
    """Call once a bulk write into the registry has committed (a list import done, a bench
    load): VACUUM (ANALYZE) the registry's bulk tables on PostgreSQL, or just ANALYZE them when
    called inside a transaction, where VACUUM may not run. Returns what it did ("vacuum",
    "analyze" or "" on other databases). `territory` is for the log: the statistics and the
    visibility map are the table's, shared by every town, so one call covers them all.

    VACUUM only visits pages changed since the last one and does not block reads or writes,
    so calling it after a small import costs little."""
    if connection.vendor != "postgresql":
        return ""
    started = time.perf_counter()
    tables = ", ".join(connection.ops.quote_name(t) for t in BULK_TABLES)
    with connection.cursor() as cursor:
        if connection.in_atomic_block:
            cursor.execute(f"ANALYZE {tables}")
            done = "analyze"
        else:
            cursor.execute(f"VACUUM (ANALYZE) {tables}")
            done = "vacuum"
    log.info("registry upkeep after a bulk load (%s): %s in %.1f s",
             territory.slug if territory is not None else "-", done,
             time.perf_counter() - started)
    return done


_NAME_COLUMNS = {1: "surname", 2: "given_name", 3: "patronymic"}


def forget_name_parts(*, territory_id: int, names: tuple[str, str, str]) -> None:
    """An erased person's surname, given name and patronymic leave the search's name directory
    (registry_namepart, migration 0010) unless another person of the town still bears them:
    an erasure at the person's request (152-FZ) leaves no copy of the name behind."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for part, value in zip(_NAME_COLUMNS, names, strict=True):
            if not value:
                continue
            column = _NAME_COLUMNS[part]
            cursor.execute(
                f"""DELETE FROM registry_namepart
                    WHERE territory_id = %s AND part = %s AND value = %s
                      AND NOT EXISTS (SELECT 1 FROM registry_person
                                      WHERE territory_id = %s AND {column} = %s)""",
                [territory_id, part, value, territory_id, value])
