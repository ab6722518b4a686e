"""Presence is not an action: the ledger rows that `participant_add` wrote for a person listed
at a head meeting go, and the rollups of the towns that had them are rebuilt from what remains.

Seed 000 names as a sign of failure «результатом мероприятия или городского события являются
списки участников, без фиксации их реальных действий (предложения, голосования, обратная связь,
добровольных затрат времени и труда)». Until now, being listed at a head meeting wrote an
«action at an event» (kind `event_action`, object `appeals.headmeeting`, source `meeting`) and
counted toward the 10% goal; presence now stays the MeetingParticipant row only. What a person
did at the meeting (a question: an appeal) stays in the ledger.

The ledger is append-only (0002's triggers): the trigger that refuses DELETE is lifted for this
one statement and restored in the same migration, which runs in one transaction on SQLite and
PostgreSQL alike. Models are reached through `_base_manager` (plain, unscoped, not the
append-only queryset), so the function runs on the migration's historical models and on the
live ones (tests/ledger/test_presence_recount.py calls it directly).
"""

import datetime as dt

from django.db import migrations
from django.db.models import Count, Max, Min, Sum
from django.db.models.functions import TruncMonth

# Exactly what participant_add wrote (veche/appeals/meetings/services.py before this change).
PRESENCE = {"kind": "event_action", "object_type": "appeals.headmeeting", "source": "meeting"}

MESSAGE = "ledger_action is append-only"
SQLITE_NO_DELETE = f"""CREATE TRIGGER ledger_action_no_delete BEFORE DELETE ON ledger_action
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END"""


def _lift_delete_guard(connection, execute) -> None:
    if connection.vendor == "postgresql":
        # ALTER TABLE refuses while the transaction holds deferred foreign-key checks of rows
        # it inserted («pending trigger events»): run them now, then lift the guard.
        execute("SET CONSTRAINTS ALL IMMEDIATE")
        execute("ALTER TABLE ledger_action DISABLE TRIGGER ledger_action_no_update")
    elif connection.vendor == "sqlite":
        execute("DROP TRIGGER IF EXISTS ledger_action_no_delete")


def _restore_delete_guard(connection, execute) -> None:
    if connection.vendor == "postgresql":
        execute("ALTER TABLE ledger_action ENABLE TRIGGER ledger_action_no_update")
        execute("SET CONSTRAINTS ALL DEFERRED")
    elif connection.vendor == "sqlite":
        execute("DROP TRIGGER IF EXISTS ledger_action_no_delete")
        execute(SQLITE_NO_DELETE)


def _rebuild(apps, territory_id: int) -> None:
    """The three rollups of one town from its ledger, as services.rollups_rebuild does."""
    Action = apps.get_model("ledger", "Action")
    PersonActivity = apps.get_model("ledger", "PersonActivity")
    MonthlyActivity = apps.get_model("ledger", "MonthlyActivity")
    TownMonthActivity = apps.get_model("ledger", "TownMonthActivity")
    for model in (PersonActivity, MonthlyActivity, TownMonthActivity):
        model._base_manager.filter(territory_id=territory_id).delete()
    actions = Action._base_manager.filter(territory_id=territory_id)
    PersonActivity._base_manager.bulk_create([
        PersonActivity(territory_id=territory_id, person_id=r["person_id"], first_at=r["first"],
                       last_at=r["last"], actions_count=r["n"], weight_sum=r["w"] or 0)
        for r in actions.order_by().values("person_id").annotate(
            first=Min("occurred_at"), last=Max("occurred_at"), n=Count("id"), w=Sum("weight"))
    ], batch_size=5000)
    MonthlyActivity._base_manager.bulk_create([
        MonthlyActivity(territory_id=territory_id, person_id=r["person_id"],
                        month=r["m"].date() if isinstance(r["m"], dt.datetime) else r["m"],
                        actions_count=r["n"])
        for r in actions.order_by().annotate(m=TruncMonth("occurred_at"))
        .values("person_id", "m").annotate(n=Count("id"))
    ], batch_size=5000)
    TownMonthActivity._base_manager.bulk_create([
        TownMonthActivity(territory_id=territory_id, month=r["month"],
                          active_persons=r["active"], actions_count=r["actions"])
        for r in MonthlyActivity._base_manager.filter(territory_id=territory_id).order_by()
        .values("month").annotate(active=Count("id"), actions=Sum("actions_count"))
    ])


def presence_actions_remove(apps, schema_editor) -> int:
    """Removes the presence rows, rebuilds the rollups of their towns and drops those towns'
    stored breakdowns (recomputed on their next read). Returns how many rows went."""
    Action = apps.get_model("ledger", "Action")
    EngagementSnapshot = apps.get_model("ledger", "EngagementSnapshot")
    presence = Action._base_manager.filter(**PRESENCE)
    towns = sorted(set(presence.order_by().values_list("territory_id", flat=True)))
    if not towns:
        return 0
    connection = schema_editor.connection
    _lift_delete_guard(connection, schema_editor.execute)
    try:
        removed = presence.order_by()._raw_delete(connection.alias)
    finally:
        _restore_delete_guard(connection, schema_editor.execute)
    for territory_id in towns:
        _rebuild(apps, territory_id)
    EngagementSnapshot._base_manager.filter(territory_id__in=towns).delete()
    return removed


def forwards(apps, schema_editor) -> None:
    presence_actions_remove(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [("ledger", "0004_engagement_snapshot")]
    # Removed rows are not restored going back: presence was never an action.
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
