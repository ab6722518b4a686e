"""Background recomputation of the scorecard (Django's tasks API; `veche worker` runs it)."""

from django.tasks import task

from veche.territories.models import Territory
from veche.territories.scoping import towns_scope

from ..models import ScorecardMonth
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


@task()
def recompute_after_settings_change(*, version: int) -> dict:
    """After the network's settings changed (params.scorecard_settings_change): every stored
    month computed under another version is recomputed, town by town, with the new settings.
    Only months that were stored are touched: a town's history is not extended."""
    towns = list(Territory.objects.all())
    with towns_scope(towns):
        stale: dict[int, set] = {}
        for t, m in (ScorecardMonth.objects.exclude(settings_version=version)
                     .values_list("territory_id", "month")):
            stale.setdefault(t, set()).add(m)
        by_id = {t.pk: t for t in towns}
        # Towns with the same stale months are recomputed together (one set of grouped
        # queries for them all): after a change that is every town over its stored months.
        groups: dict[tuple, list[Territory]] = {}
        for t, found in stale.items():
            groups.setdefault(tuple(sorted(found)), []).append(by_id[t])
        rows = 0
        for months, group in groups.items():
            rows += len(scorecard_recompute(territories=group, months=list(months)))
    return {"version": version, "towns": len(stale), "rows": rows}
