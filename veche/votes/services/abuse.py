"""Signals of abuse, flagged for a moderator and never acted on silently.

`abuse_scan` runs in the background (queued at most once a minute per vote by a cast, and at
the close): it groups the vote's participations (who voted, when and how: the ballots themselves
carry no such signal) by the keyed hash of their IP address and device and by invitation, in
10-minute windows, and counts voters registered shortly before they voted. A group over a
threshold becomes (or updates) an open AbuseFlag; ballots stay counted until a moderator
confirms a flag, and confirmed flags are reported with the results.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext  # `_` is a throwaway name here

from veche.accounts.models import User

from ..models import AbuseFlag, AbuseReason, Participation, Vote

WINDOW = dt.timedelta(minutes=10)
IP_BURST = 30          # ballots from one address within a window
DEVICE_BURST = 5       # ballots from one device over the whole vote
INVITATION_BURST = 200  # ballots through one link within a window
NEW_ACCOUNT_AGE = dt.timedelta(days=2)
NEW_ACCOUNTS_BURST = 50  # ballots of fresh registry entries within a window
MAX_IDS = 1000


def _bucket(at: dt.datetime) -> int:
    return int(at.timestamp() // WINDOW.total_seconds())


def _flag(vote: Vote, reason: str, key: str, rows: list, details: str) -> None:
    ids = [r[0] for r in rows]
    times = [r[1] for r in rows]
    flag, created = AbuseFlag.objects.get_or_create(
        vote=vote, reason=reason, key=key,
        defaults={"territory_id": vote.territory_id, "ballots_count": len(ids),
                  "participation_ids": ids[:MAX_IDS], "first_at": min(times),
                  "last_at": max(times), "details": details[:500]})
    if not created and flag.ballots_count != len(ids):
        flag.ballots_count, flag.participation_ids = len(ids), ids[:MAX_IDS]
        flag.first_at, flag.last_at, flag.details = min(times), max(times), details[:500]
        flag.save(update_fields=["ballots_count", "participation_ids", "first_at", "last_at",
                                 "details"])


@transaction.atomic
def abuse_scan(*, vote: Vote) -> int:
    """Flag the groups of ballots that look like abuse; returns how many groups are flagged."""
    by_ip, by_device, by_inv, fresh = (defaultdict(list) for _ in range(4))
    rows = (Participation.objects.filter(vote=vote)
            .values_list("id", "at", "ip_hash", "device_hash", "invitation_id",
                         "person__created_at", "channel"))
    for bid, at, ip, device, inv, registered, channel in rows.iterator(chunk_size=20_000):
        row = (bid, at)
        if ip:
            by_ip[(ip, _bucket(at))].append(row)
        if device:
            by_device[device].append(row)
        if inv:
            by_inv[(inv, _bucket(at))].append(row)
        if registered and channel != "paper" and at - registered < NEW_ACCOUNT_AGE:
            fresh[_bucket(at)].append(row)
    flagged = 0
    for (ip, _), group in by_ip.items():
        if len(group) >= IP_BURST:
            _flag(vote, AbuseReason.IP_BURST, ip, group,
                  f"{len(group)} голосов с одного адреса за 10 минут")
            flagged += 1
    for device, group in by_device.items():
        if len(group) >= DEVICE_BURST:
            _flag(vote, AbuseReason.DEVICE_BURST, device, group,
                  f"{len(group)} голосов с одного устройства")
            flagged += 1
    for (inv, _), group in by_inv.items():
        if len(group) >= INVITATION_BURST:
            _flag(vote, AbuseReason.INVITATION_BURST, str(inv), group,
                  f"{len(group)} голосов по одной ссылке за 10 минут")
            flagged += 1
    for bucket, group in fresh.items():
        if len(group) >= NEW_ACCOUNTS_BURST:
            _flag(vote, AbuseReason.NEW_ACCOUNTS, str(bucket), group,
                  f"{len(group)} голосов участников, внесённых в реестр менее двух суток назад, "
                  "за 10 минут")
            flagged += 1
    return flagged


@transaction.atomic
def abuse_flag_review(*, flag: AbuseFlag, status: str, by: User, note: str = "") -> AbuseFlag:
    """A moderator clears or confirms a flag (with a note); ballots are never deleted here."""
    if status not in (AbuseFlag.Status.CLEARED, AbuseFlag.Status.CONFIRMED,
                      AbuseFlag.Status.OPEN):
        raise ValidationError({"status": ValidationError(
            gettext("Выберите: снять отметку или подтвердить её."), code="status_unknown")})
    if status == AbuseFlag.Status.CONFIRMED and not (note or "").strip():
        raise ValidationError({"note": ValidationError(
            gettext("Опишите, что подтвердилось: это попадёт в отчёт об итогах."),
            code="abuse_note_missing")})
    flag.status, flag.note = status, (note or "").strip()[:5000]
    flag.reviewed_by, flag.reviewed_at = by, timezone.now()
    flag.save(update_fields=["status", "note", "reviewed_by", "reviewed_at"])
    return flag
