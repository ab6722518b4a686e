"""Stored engagement breakdowns, refreshed in the background (a materialised view that works
on SQLite and PostgreSQL alike).

`engagement_breakdowns` returns the stored figures when they are fresh; when they are stale it
returns them anyway and queues one refresh; when there are none yet it computes them there and
then. Staff see when the figures were computed.
"""

import datetime as dt
import time

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from veche.territories.models import Territory

from .funnel import engagement_cohorts, engagement_funnel, engagement_origins
from .models import EngagementSnapshot
from .selectors import (
    engagement_by_age_band,
    engagement_by_district,
    engagement_by_segment,
    recent_actions_by_kind,
)

BREAKDOWN_DAYS = 365
# Bump when the stored shape changes: older snapshots are then recomputed on first read.
FIGURES_VERSION = 3
# Keys whose values are dates (stored as ISO strings in the JSON, given back as dates).
_DATE_KEYS = frozenset({"cohort", "month", "since"})


def _to_json(value):
    if isinstance(value, dict):
        return {k: _to_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_to_json(v) for v in value]
    return value.isoformat() if isinstance(value, dt.date) else value


def _from_json(value, key: str = ""):
    if isinstance(value, dict):
        return {k: _from_json(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_from_json(v) for v in value]
    if key in _DATE_KEYS and isinstance(value, str):
        return dt.date.fromisoformat(value)
    return value


def _max_age() -> dt.timedelta:
    return dt.timedelta(seconds=getattr(settings, "VECHE_BREAKDOWNS_MAX_AGE_SECONDS", 600))


def engagement_snapshot_refresh(*, territory: Territory) -> EngagementSnapshot:
    started = time.perf_counter()
    figures = {
        "version": FIGURES_VERSION,
        "days": BREAKDOWN_DAYS,
        "by_district": engagement_by_district(territory=territory, days=BREAKDOWN_DAYS),
        "by_age_band": engagement_by_age_band(territory=territory, days=BREAKDOWN_DAYS),
        "by_segment": engagement_by_segment(territory=territory, days=BREAKDOWN_DAYS),
        # Counts a month of raw ledger rows: stored too, for the public home's activity block.
        "recent_by_kind": recent_actions_by_kind(territory=territory, days=30),
        # The funnel, cohorts and origins join persons with their months (docs/engagement.md).
        "funnel": engagement_funnel(territory=territory),
        "cohorts": engagement_cohorts(territory=territory),
        "origins": engagement_origins(territory=territory),
    }
    snapshot, _ = EngagementSnapshot.objects.update_or_create(
        territory=territory,
        defaults={"figures": _to_json(figures), "computed_at": timezone.now(),
                  "compute_ms": round((time.perf_counter() - started) * 1000),
                  "refresh_requested_at": None},
    )
    return snapshot


def engagement_breakdowns(*, territory: Territory) -> dict:
    """{"by_district", "by_age_band", "by_segment"} for the last year, "recent_by_kind" for the
    last 30 days, "funnel", "cohorts", "origins" (funnel.py) and "computed_at"."""
    snapshot = EngagementSnapshot.objects.filter(territory=territory).first()
    now = timezone.now()
    if (snapshot is None or _max_age().total_seconds() <= 0
            or snapshot.figures.get("version") != FIGURES_VERSION):
        snapshot = engagement_snapshot_refresh(territory=territory)
    elif now - snapshot.computed_at > _max_age():
        # Ask for one refresh: only the request that flips the flag queues the task.
        claimed = EngagementSnapshot.objects.filter(pk=snapshot.pk).filter(
            Q(refresh_requested_at__isnull=True) | Q(refresh_requested_at__lt=now - _max_age())
        ).update(refresh_requested_at=now)
        if claimed:
            from .tasks import refresh_engagement_snapshot

            refresh_engagement_snapshot.enqueue(territory_id=territory.pk)
    return {**_from_json(snapshot.figures), "computed_at": snapshot.computed_at}


def engagement_breakdowns_many(*, territories: list[Territory]) -> dict[int, dict | None]:
    """The stored figures of several towns in one query (the curator's across-towns page), inside
    a scope covering them all. A town whose figures are missing, stale or of an older shape gets
    a refresh queued and shows what is stored (None when nothing usable is): the page never
    computes thirty towns' funnels while the curator waits."""
    now = timezone.now()
    stored = {s.territory_id: s for s in EngagementSnapshot.objects.filter(
        territory__in=territories)}
    out: dict[int, dict | None] = {}
    for t in territories:
        snapshot = stored.get(t.pk)
        usable = snapshot is not None and snapshot.figures.get("version") == FIGURES_VERSION
        if not usable or now - snapshot.computed_at > _max_age():  # type: ignore[union-attr]
            _request_refresh(t, snapshot, now)
        out[t.pk] = ({**_from_json(snapshot.figures), "computed_at": snapshot.computed_at}
                     if usable and snapshot is not None else None)
    return out


def _request_refresh(territory: Territory, snapshot: EngagementSnapshot | None,
                     now: dt.datetime) -> None:
    """Queue a refresh of the town's figures once the request's transaction commits; a stored
    snapshot is claimed first, so only one request in ten minutes queues it."""
    from .tasks import refresh_engagement_snapshot

    if snapshot is not None and not EngagementSnapshot.objects.filter(pk=snapshot.pk).filter(
            Q(refresh_requested_at__isnull=True) | Q(refresh_requested_at__lt=now - _max_age())
    ).update(refresh_requested_at=now):
        return
    transaction.on_commit(
        lambda: refresh_engagement_snapshot.enqueue(territory_id=territory.pk))
