"""The review queue of doubtful pairs, merges that can be undone, and contact verification
(issue 18; services in review.py, merges.py, verification.py; docs/registry_linkage.md).

Imported at the end of models.py, so `veche.registry.models` names every registry model."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from veche.territories.models import TownOwnedCreated


class ReviewCandidate(TownOwnedCreated):
    """A pair the linkage could not decide: two registry persons, or an import row and the
    person it may be. The decision stays on the row, so the pair is never asked again: by the
    two persons (`pair_key`) and, for an import row, by the row's normalised fingerprint."""

    class Status(models.TextChoices):
        OPEN = "open", _("ждёт решения")
        SAME = "same", _("один человек")
        DIFFERENT = "different", _("разные люди")

    person = models.ForeignKey("registry.Person", on_delete=models.CASCADE,
                               related_name="review_candidates")
    other = models.ForeignKey("registry.Person", null=True, blank=True, on_delete=models.CASCADE,
                              related_name="review_candidates_other")
    import_row = models.ForeignKey("registry.ListImportRow", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="review_candidates")
    # "<low id>:<high id>" of the two persons; "" for a row not yet a person.
    pair_key = models.CharField(max_length=45, blank=True, db_index=True)
    # The import row's normalised name, birth date and contacts, hashed (review.fingerprint).
    fingerprint = models.CharField(max_length=64, blank=True, db_index=True)
    # The row's normalised person fields, to make a person of it when it is another human.
    row_fields = models.JSONField(default=dict, blank=True)
    score = models.FloatField()
    # Field by field as the engine gives it: field, label, level, weight (bits), left, right.
    evidence = models.JSONField(default=list)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["score", "id"]
        indexes = [models.Index(fields=["territory", "status", "score"])]


class PersonMerge(TownOwnedCreated):
    """One merge of `absorbed` into `survivor`, with everything it moved (`moved`), so that an
    undo puts back exactly what was there. Ledger rows are never moved (append-only): the
    rollups count the survivor's and the absorbed's actions as one human's."""

    survivor = models.ForeignKey("registry.Person", on_delete=models.CASCADE,
                                 related_name="merges_kept")
    absorbed = models.ForeignKey("registry.Person", on_delete=models.CASCADE,
                                 related_name="merges_absorbed")
    candidate = models.ForeignKey(ReviewCandidate, null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="merges")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                           on_delete=models.SET_NULL, related_name="+")
    # {"facts": [ids], "consents": [ids], "import_rows": [ids], "segments": [ids added],
    #  "fields": {name: [before, after]}, "user": id | None, "rechained": [person ids],
    #  "verification": [before, after]}
    moved = models.JSONField(default=dict)
    undone_at = models.DateTimeField(null=True, blank=True)
    undone_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-created_at", "-id"]


class VerificationRequest(TownOwnedCreated):
    """A confirmation link sent to a person (e-mail) or a code (SMS). The person opens it, sees
    their data and confirms it and their consent in one step. Only the token's hash is kept."""

    class Channel(models.TextChoices):
        EMAIL = "email", _("эл. почта")
        SMS = "sms", _("SMS")

    class Status(models.TextChoices):
        SENT = "sent", _("отправлено")
        CONFIRMED = "confirmed", _("подтверждено")
        DISPUTED = "disputed", _("житель сообщил об ошибке")
        FAILED = "failed", _("не отправлено")

    person = models.ForeignKey("registry.Person", on_delete=models.CASCADE,
                               related_name="verification_requests")
    channel = models.CharField(max_length=10, choices=Channel.choices)
    address = models.CharField(max_length=254)  # where it went: the e-mail or the phone
    token_hash = models.CharField(max_length=64, unique=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SENT)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="+")
    expires_at = models.DateTimeField()
    answered_at = models.DateTimeField(null=True, blank=True)
    note = models.TextField(blank=True)  # what the person says is wrong
    ip = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
