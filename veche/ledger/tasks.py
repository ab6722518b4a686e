"""Background work of the ledger, through Django's tasks API (`veche worker` runs it)."""

from django.tasks import task

from veche.territories.models import Territory
from veche.territories.scoping import town_scope

from .models import MonthlyActivity, PersonActivity
from .services import rollups_rebuild


@task()
def rebuild_town_rollups(*, territory_id: int) -> dict:
    """Recompute a town's engagement rollups from its ledger (after a restore, a bulk load or a
    suspicion that they drifted). Runs in the town's scope; returns what it rebuilt."""
    territory = Territory.objects.get(pk=territory_id)
    with town_scope(territory):
        rollups_rebuild(territory=territory)
        return {
            "territory": territory.slug,
            "persons": PersonActivity.objects.filter(territory=territory).count(),
            "person_months": MonthlyActivity.objects.filter(territory=territory).count(),
        }


@task()
def refresh_engagement_snapshot(*, territory_id: int) -> dict:
    """Recompute a town's stored engagement breakdowns (queued when a page finds them stale)."""
    from .snapshots import engagement_snapshot_refresh

    territory = Territory.objects.get(pk=territory_id)
    with town_scope(territory):
        snapshot = engagement_snapshot_refresh(territory=territory)
        return {"territory": territory.slug, "compute_ms": snapshot.compute_ms}


@task()
def refresh_signs_snapshot(*, territory_id: int) -> dict:
    """Recount a town's ledger by month, kind and topic for the warning signs (ledger/signs.py),
    queued when a sign finds the stored months behind the ledger."""
    from .signs import signs_snapshot_refresh

    territory = Territory.objects.get(pk=territory_id)
    with town_scope(territory):
        snapshot = signs_snapshot_refresh(territory=territory)
        return {"territory": territory.slug, "compute_ms": snapshot.compute_ms}
