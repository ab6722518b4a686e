"""Background search for recurring questions, through Django's tasks API."""

from django.tasks import task

from veche.territories.scoping import town_scope

from ..models import RecurringRun
from .services import recurring_find


@task()
def run_recurring_find(*, run_id: int, territory_id: int) -> dict:
    with town_scope(territory_id):
        run = recurring_find(run=RecurringRun.objects.get(pk=run_id))
        return {"status": run.status, "documents": run.documents_count,
                "clusters": run.clusters_count, "seconds": run.seconds}
