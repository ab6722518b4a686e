"""Stored engagement breakdowns, refreshed in the background (a materialised view that works
on SQLite and PostgreSQL alike).

`engagement_breakdowns` returns the stored figures when they are fresh; when they are stale it
returns them anyway and queues one refresh; when there are none yet it computes them there and
then. Staff see when the figures were computed.
"""

import datetime as dt
import time

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from veche.territories.models import Territory

from .models import EngagementSnapshot
from .selectors import (
    engagement_by_age_band,
    engagement_by_district,
    engagement_by_segment,
    recent_actions_by_kind,
)

BREAKDOWN_DAYS = 365
# Bump when the stored shape changes: older snapshots are then recomputed on first read.
FIGURES_VERSION = 2


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
    }
    snapshot, _ = EngagementSnapshot.objects.update_or_create(
        territory=territory,
        defaults={"figures": figures, "computed_at": timezone.now(),
                  "compute_ms": round((time.perf_counter() - started) * 1000),
                  "refresh_requested_at": None},
    )
    return snapshot


def engagement_breakdowns(*, territory: Territory) -> dict:
    """{"by_district", "by_age_band", "by_segment"} for the last year, "recent_by_kind" for the
    last 30 days, and "computed_at"."""
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
    return {**snapshot.figures, "computed_at": snapshot.computed_at}
