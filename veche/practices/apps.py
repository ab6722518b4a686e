from django.apps import AppConfig
from django.db.models.signals import post_migrate

# PostgreSQL only: the indexes of the bank's search. They are made after `migrate` rather than
# in 0001_initial (which is regenerated while nothing is released; SQLite has no GIN).
PG_INDEXES = (
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS practices_practice_search_gin "
    "ON practices_practice USING gin (search_vector)",
    "CREATE INDEX IF NOT EXISTS practices_practice_title_trgm "
    "ON practices_practice USING gin (title gin_trgm_ops)",
)


def create_search_indexes(sender, using="default", **kwargs) -> None:
    from django.db import connections

    connection = connections[using]
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for sql in PG_INDEXES:
            cursor.execute(sql)


class PracticesConfig(AppConfig):
    name = "veche.practices"
    label = "practices"
    verbose_name = "Лучшие муниципальные практики и KPI городов"

    def ready(self) -> None:
        post_migrate.connect(create_search_indexes, sender=self,
                             dispatch_uid="practices_search_indexes")
        from . import contract  # noqa: F401  (registers the capability's manifest)
