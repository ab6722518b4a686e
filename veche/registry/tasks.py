"""Background work of the registry, through Django's tasks API."""

from django.tasks import task

from veche.territories.scoping import town_scope

from .imports import list_import_run
from .models import ListImport


@task()
def run_list_import(*, list_import_id: int, territory_id: int) -> dict:
    with town_scope(territory_id):
        record = list_import_run(list_import=ListImport.objects.get(pk=list_import_id))
        return {"status": record.status, "created": record.created_count,
                "matched": record.matched_count, "rejected": record.rejected_count}
