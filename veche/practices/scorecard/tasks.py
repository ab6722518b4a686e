"""Background recomputation of the scorecard (Django's tasks API; `veche worker` runs it)."""

from django.tasks import task

from veche.territories.models import Territory
from veche.territories.scoping import towns_scope

from .compute import last_months, scorecard_recompute


@task()
def recompute_scorecards(*, territory_ids: list[int] | None = None, months: int = 24,
                         full: bool = True) -> dict:
    """Recompute the last `months` months of the given towns (all active towns by default):
    nightly in full, hourly with full=False (ledger re-read for the last two months only)."""
    towns = Territory.objects.filter(is_active=True)
    if territory_ids:
        towns = towns.filter(pk__in=territory_ids)
    chosen = list(towns)
    with towns_scope(chosen):
        rows = scorecard_recompute(territories=chosen, months=last_months(months), full=full)
    return {"towns": len(chosen), "rows": len(rows)}
