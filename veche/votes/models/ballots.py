"""Ballots and their hash chain, who voted (participations), paper ballots, invitations (tracked
links) and abuse flags.

Who voted and what was voted are two tables. `Participation` (vote, person, channel, time, the
abuse signals, the invitation) holds one row per voter and its unique constraint is what keeps
one ballot per person. `Ballot` holds what was voted (choices, the receipt's hash, the chain) and
names the person only where the vote allows changing a ballot (`Vote.allow_change`: the server
must find a voter's ballot to replace it). Elsewhere a ballot carries no person, no time, no
address and no invitation, and its id is random (`ballot_id_new`), so no column of the two
tables joins them (docs/votes.md «Who voted and what was voted» says what still could).

The ballot table is append-only in content: a ballot's choices never change. When a vote allows
changing a ballot, the change inserts a new row that `replaces` the old one and the old row stops
being current (`is_current=False`, the only update a ballot ever gets, besides its chain fields).

The receipt code is given to the voter only and never stored: the ballot keeps
`receipt_hash = sha256("veche-receipt:<vote>:<code>")`, which is also published. The chain
(`seq`, `prev_hash`, `hash`) is sealed in batches after the cast by `votes.chain.ballot_chain_seal`
in id order, i.e. in random order, so the hot path inserts only its rows.
"""

import datetime as dt
import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from veche.registry.models import Person
from veche.territories.models import Territory, TownOwned, TownOwnedCreated

from .votes import Vote

__all__ = ["Ballot", "BallotChannel", "Invitation", "InvitationChannel", "AbuseFlag",
           "AbuseReason", "Participation", "ballot_id_new"]


def ballot_id_new() -> int:
    """A random ballot id (2**40 … 2**63): ids in insertion order would let a database reader
    line ballots up with participations and ledger actions, which are in the same order."""
    return secrets.randbelow(2**63 - 2**40) + 2**40


class BallotChannel(models.TextChoices):
    WEB = "web", _("сайт")
    API = "api", _("API")
    PAPER = "paper", _("бумажный бюллетень")


class InvitationChannel(models.TextChoices):
    EMAIL = "email", _("email")
    SMS = "sms", _("SMS")
    TELEGRAM = "telegram", _("Telegram")
    LEADER = "leader", _("лидер мнений")
    POSTER = "poster", _("плакат / QR-код")
    EVENT = "event", _("мероприятие")
    SOCIAL = "social", _("соцсети")
    OTHER = "other", _("другое")


class Invitation(TownOwnedCreated):
    """A tracked link (…/t/<town>/votes/<id>/?i=<token>): which channel, campaign and inviting
    person brought a voter. Results count voters per channel, campaign and inviter."""

    vote = models.ForeignKey(Vote, on_delete=models.CASCADE, related_name="invitations")
    token = models.CharField(max_length=32, unique=True)
    channel = models.CharField(max_length=10, choices=InvitationChannel.choices)
    campaign = models.CharField(_("кампания"), max_length=100, blank=True)
    inviter = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="+", verbose_name=_("кто приглашает"))
    inviter_name = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["channel", "campaign", "id"]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} {self.campaign}".strip()


class Participation(TownOwned):
    """Who voted: one row per person and vote, whatever the channel; its unique constraint keeps
    one ballot per person (a change replaces the ballot, not this row). It holds what concerns
    the voter rather than the ballot: when and how they voted, the keyed hashes of their IP
    address and device (abuse signals, never the raw values) and the invitation that brought
    them. The ledger action of the ballot says the same (person, time, channel)."""

    # No index of its own: the (vote, person) constraint serves every read by vote.
    territory = models.ForeignKey(Territory, on_delete=models.CASCADE, db_index=False)
    vote = models.ForeignKey(Vote, on_delete=models.PROTECT, related_name="participations",
                             db_index=False)
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="participations")
    channel = models.CharField(max_length=5, choices=BallotChannel.choices,
                               default=BallotChannel.WEB)
    at = models.DateTimeField()
    invitation = models.ForeignKey(Invitation, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="participations", db_index=False)
    ip_hash = models.CharField(max_length=16, blank=True)
    device_hash = models.CharField(max_length=16, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["vote", "person"],
                                    name="participation_one_per_person"),
        ]

    def __str__(self) -> str:
        return f"{self.vote_id}: {self.person_id}"


class Ballot(TownOwned):
    id = models.BigIntegerField(primary_key=True, default=ballot_id_new, editable=False)
    # No index of its own (like `vote`): every index slows the cast; ballots are read by vote.
    territory = models.ForeignKey(Territory, on_delete=models.CASCADE, db_index=False)
    vote = models.ForeignKey(Vote, on_delete=models.PROTECT, related_name="ballots",
                             db_index=False)
    # Only where the vote allows a change (the ballot must be found to be replaced); NULL
    # otherwise, so nothing in the row names its voter.
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT,
                               related_name="ballots")
    # Content: option ids (ranked: best first; approval/budget: ascending; single: one id);
    # score votes: `scores[i]` is the score of `choices[i]`; survey: {question_id: [choice ids]
    # or "text"}.
    choices = models.JSONField(default=list)
    scores = models.JSONField(null=True, blank=True)
    survey = models.JSONField(null=True, blank=True)
    channel = models.CharField(max_length=5, choices=BallotChannel.choices,
                               default=BallotChannel.WEB)
    paper_number = models.CharField(_("номер бумажного бюллетеня"), max_length=30, blank=True)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+", db_index=False)
    is_current = models.BooleanField(default=True)
    replaces = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="+", db_index=False)
    receipt_hash = models.CharField(max_length=64)
    # The hash chain, filled in by the sealer in id order.
    seq = models.PositiveIntegerField(null=True, blank=True)
    prev_hash = models.CharField(max_length=64, blank=True)
    hash = models.CharField(max_length=64, blank=True)

    # Not stored: set by the cast on the object it returns (the receipt is shown once; the
    # time belongs to the participation).
    receipt_code: str = ""
    cast_at: dt.datetime | None = None

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["vote", "person"], name="ballot_one_per_person",
                                    condition=models.Q(is_current=True)),
            models.UniqueConstraint(fields=["vote", "paper_number"],
                                    name="ballot_paper_number_unique",
                                    condition=~models.Q(paper_number="")),
            models.UniqueConstraint(fields=["vote", "receipt_hash"], name="ballot_receipt_unique"),
            models.UniqueConstraint(fields=["vote", "seq"], name="ballot_seq_unique"),
        ]
        indexes = [
            models.Index(fields=["vote", "id"], name="ballot_unsealed",
                         condition=models.Q(seq__isnull=True)),
        ]

    def __str__(self) -> str:
        return f"Бюллетень {self.receipt_hash[:8]}"


class AbuseReason(models.TextChoices):
    IP_BURST = "ip_burst", _("много голосов с одного адреса за короткое время")
    DEVICE_BURST = "device_burst", _("много голосов с одного устройства")
    NEW_ACCOUNTS = "new_accounts", _("много голосов новых участников")
    INVITATION_BURST = "invitation_burst", _("всплеск голосов по одной ссылке")
    OTHER = "other", _("другое")


class AbuseFlag(TownOwnedCreated):
    """A signal for a moderator. Ballots are never dropped by a flag: a moderator clears it or
    confirms it, and a confirmed flag is reported with the results."""

    class Status(models.TextChoices):
        OPEN = "open", _("на проверке")
        CLEARED = "cleared", _("снят")
        CONFIRMED = "confirmed", _("подтверждён")

    vote = models.ForeignKey(Vote, on_delete=models.CASCADE, related_name="abuse_flags")
    reason = models.CharField(max_length=20, choices=AbuseReason.choices)
    key = models.CharField(max_length=64, blank=True)  # the ip/device hash, invitation token…
    ballots_count = models.PositiveIntegerField(default=0)
    # The voters' participations (not their ballots: those carry no signal and no voter).
    participation_ids = models.JSONField(default=list)
    first_at = models.DateTimeField(null=True, blank=True)
    last_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    details = models.CharField(max_length=500, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    reviewed_at = models.DateTimeField(null=True, blank=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["vote", "reason", "key"], name="abuse_flag_unique")
        ]
