"""PostgreSQL: one action and its three rollups in a single statement.

`action_record` is the hot path of every ballot and comment. On PostgreSQL data-modifying CTEs
let the INSERT and the three upserts travel in one round trip and run as one atomic statement,
so no BEGIN/COMMIT pair is needed around it (bench/ledger_writes.py: about twice the
throughput of the ORM path). SQLite takes the portable path in services.py.
"""

import datetime as dt

from django.db import connection

from .models import Action, MonthlyActivity, PersonActivity, TownMonthActivity

_SQL = None


def _sql() -> str:
    a, pa = Action._meta.db_table, PersonActivity._meta.db_table
    ma, tm = MonthlyActivity._meta.db_table, TownMonthActivity._meta.db_table
    # The month upsert's RETURNING tells whether this action opened the person-month (its count
    # is then exactly 1); the row lock orders concurrent writers, so only one of them counts
    # the person as newly active in the town's month.
    # The first action's kind, object and channel (the person's origin) are written only when
    # the activity row is created; the upsert never moves them.
    return f"""
    WITH new_action AS (
      INSERT INTO {a} (territory_id, person_id, kind, object_type, object_id, object_title,
                       topic_id, occurred_at, recorded_at, weight, source)
      VALUES (%(t)s, %(p)s, %(kind)s, %(otype)s, %(oid)s, %(otitle)s, %(topic)s, %(at)s,
              now(), %(w)s, %(source)s)
      RETURNING id, recorded_at
    ), person_activity AS (
      INSERT INTO {pa} (territory_id, person_id, first_at, last_at, actions_count, weight_sum,
                        first_kind, first_object_type, first_object_id, first_source)
      VALUES (%(t)s, %(rp)s, %(at)s, %(at)s, 1, %(w)s, %(kind)s, %(otype)s, %(oid)s, %(source)s)
      ON CONFLICT (person_id) DO UPDATE SET
        first_at = LEAST({pa}.first_at, excluded.first_at),
        last_at = GREATEST({pa}.last_at, excluded.last_at),
        actions_count = {pa}.actions_count + 1,
        weight_sum = {pa}.weight_sum + excluded.weight_sum
    ), person_month AS (
      INSERT INTO {ma} (territory_id, person_id, month, actions_count)
      VALUES (%(t)s, %(rp)s, %(month)s, 1)
      ON CONFLICT (person_id, month) DO UPDATE SET actions_count = {ma}.actions_count + 1
      RETURNING actions_count
    ), town_month AS (
      INSERT INTO {tm} (territory_id, month, active_persons, actions_count)
      SELECT %(t)s, %(month)s, CASE WHEN actions_count = 1 THEN 1 ELSE 0 END, 1
      FROM person_month
      ON CONFLICT (territory_id, month) DO UPDATE SET
        active_persons = {tm}.active_persons + excluded.active_persons,
        actions_count = {tm}.actions_count + 1
    )
    SELECT id, recorded_at FROM new_action"""


def insert_action_with_rollups(action: Action, month: dt.date, *,
                               counted_person_id: int | None = None) -> None:
    """Insert `action` (unsaved) and update its rollups; sets action.pk and recorded_at. The
    rollups go to `counted_person_id` when given (the survivor of a merged person)."""
    global _SQL
    if _SQL is None:
        _SQL = _sql()
    # A raw psycopg cursor, to prepare the statement once per connection (Django's cursor binds
    # on the client, so PostgreSQL would parse and plan the four-part statement every time).
    connection.ensure_connection()
    with connection.wrap_database_errors, connection.connection.cursor() as cursor:
        cursor.execute(_SQL, {
            "t": action.territory_id, "p": action.person_id, "kind": action.kind,
            "rp": counted_person_id or action.person_id,
            "otype": action.object_type, "oid": action.object_id,
            "otitle": action.object_title, "topic": action.topic_id, "at": action.occurred_at,
            "w": action.weight, "source": action.source, "month": month,
        }, prepare=True)
        action.pk, action.recorded_at = cursor.fetchone()
    action._state.adding = False
