"""Wiping the demo database for `demo_build --force`.

The ledger refuses DELETE (a database trigger), so the demo cannot be removed row by row. On
SQLite the demo database file is simply replaced; on PostgreSQL the tables are truncated
(TRUNCATE does not fire row triggers), which is allowed only when the database holds nothing
but the demo towns."""

from pathlib import Path

from django.db import connection, connections

from veche.territories.models import Territory

from .builder.spec import DEMO_TOWNS

# Filled by migrations (consent texts, content types, permissions), not by the demo.
KEEP = {"django_migrations", "registry_consenttext", "django_content_type", "auth_permission",
        "auth_group", "auth_group_permissions"}


def other_towns() -> list[str]:
    demo = {t.slug for t in DEMO_TOWNS}
    return [slug for slug in Territory.objects.values_list("slug", flat=True) if slug not in demo]


def database_reset() -> None:
    if connection.vendor == "sqlite":
        name = Path(connection.settings_dict["NAME"])
        connections.close_all()
        for suffix in ("", "-wal", "-shm"):
            Path(f"{name}{suffix}").unlink(missing_ok=True)
        return
    with connection.cursor() as cursor:
        tables = [t for t in connection.introspection.table_names(cursor) if t not in KEEP]
        cursor.execute("TRUNCATE " + ", ".join(connection.ops.quote_name(t) for t in tables)
                       + " RESTART IDENTITY CASCADE")
