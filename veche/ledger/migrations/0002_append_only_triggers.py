"""The database itself refuses UPDATE and DELETE on the ledger, whatever code runs against it."""

from django.db import migrations

MESSAGE = "ledger_action is append-only"

POSTGRES = [
    f"""CREATE OR REPLACE FUNCTION ledger_action_append_only() RETURNS trigger AS $$
    BEGIN RAISE EXCEPTION '{MESSAGE}'; END; $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER ledger_action_no_update BEFORE UPDATE OR DELETE ON ledger_action
    FOR EACH ROW EXECUTE FUNCTION ledger_action_append_only()""",
]
SQLITE = [
    f"""CREATE TRIGGER ledger_action_no_update BEFORE UPDATE ON ledger_action
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""",
    f"""CREATE TRIGGER ledger_action_no_delete BEFORE DELETE ON ledger_action
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""",
]


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for sql in POSTGRES if vendor == "postgresql" else SQLITE if vendor == "sqlite" else []:
        schema_editor.execute(sql)


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute("DROP TRIGGER IF EXISTS ledger_action_no_update ON ledger_action")
    elif vendor == "sqlite":
        schema_editor.execute("DROP TRIGGER IF EXISTS ledger_action_no_update")
        schema_editor.execute("DROP TRIGGER IF EXISTS ledger_action_no_delete")


class Migration(migrations.Migration):
    dependencies = [("ledger", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
