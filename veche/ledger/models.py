"""The action ledger: one append-only row per real action of a person.

Seed 000 names the failure it prevents: «результатом мероприятия являются списки участников,
без фиксации их реальных действий». Engagement figures are computed from these rows (through
the rollups below, kept by the one writing service), never typed in.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from veche.registry.models import Person
from veche.territories.models import CityTopic, Territory, TerritoryManager, TownOwned


class ActionKind(models.TextChoices):
    PROPOSAL = "proposal", _("предложение")
    BALLOT = "ballot", _("голос")
    COMMENT = "comment", _("комментарий")
    FEEDBACK = "feedback", _("обратная связь")
    APPEAL = "appeal", _("обращение")
    VOLUNTEER_HOURS = "volunteer_hours", _("волонтёрские часы")
    EVENT_ACTION = "event_action", _("действие на мероприятии")
    SUPPORT = "support", _("поддержка инициативы")


class AppendOnlyError(Exception):
    pass


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("Реестр действий только дополняется: изменять строки нельзя.")

    def delete(self):
        raise AppendOnlyError("Реестр действий только дополняется: удалять строки нельзя.")


class Action(TownOwned):
    # PROTECT, not the base's CASCADE: the ledger is append-only, a town with actions stays.
    territory = models.ForeignKey(Territory, on_delete=models.PROTECT)
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="actions")
    kind = models.CharField(max_length=20, choices=ActionKind.choices)
    # What the action concerns, as "app.model" + primary key; apps stay independent of each other.
    object_type = models.CharField(max_length=60, blank=True)
    object_id = models.CharField(max_length=40, blank=True)
    object_title = models.CharField(max_length=300, blank=True)
    topic = models.ForeignKey(CityTopic, null=True, blank=True, on_delete=models.PROTECT)
    occurred_at = models.DateTimeField(db_index=True)
    recorded_at = models.DateTimeField(auto_now_add=True)
    weight = models.FloatField(default=1.0)
    source = models.CharField(max_length=20, default="web")

    # Replaces TownOwned's manager; django-stubs declares managers class variables and flags
    # any redefinition in a subclass (its own documented way of writing a model's manager).
    objects = TerritoryManager.from_queryset(AppendOnlyQuerySet)()  # type: ignore[misc]

    class Meta:
        ordering = ["-occurred_at", "-id"]
        indexes = [
            models.Index(fields=["territory", "occurred_at"]),
            models.Index(fields=["person", "occurred_at"]),
        ]

    def save(self, *args, **kwargs):
        if self.pk is not None and not kwargs.get("force_insert"):
            raise AppendOnlyError("Реестр действий только дополняется: изменять строки нельзя.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Реестр действий только дополняется: удалять строки нельзя.")


class PersonActivity(TownOwned):
    """Rollup: a person's first and last action. Kept by `action_record`; makes 30/90/365-day
    active counts an indexed range count instead of a distinct over millions of actions."""

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="activity")
    first_at = models.DateTimeField()
    last_at = models.DateTimeField()
    actions_count = models.PositiveIntegerField(default=0)
    weight_sum = models.FloatField(default=0)
    # Where the person came from: the first recorded action's kind, object and channel, set
    # when the row is created and never moved after (docs/engagement.md: «origins»).
    first_kind = models.CharField(max_length=20, blank=True, default="")
    first_object_type = models.CharField(max_length=60, blank=True, default="")
    first_object_id = models.CharField(max_length=40, blank=True, default="")
    first_source = models.CharField(max_length=20, blank=True, default="")

    class Meta:
        indexes = [models.Index(fields=["territory", "last_at"]),
                   models.Index(fields=["territory", "first_at"], name="ledger_pa_town_first")]


class MonthlyActivity(TownOwned):
    """Rollup: one row per person per month with at least one action (monthly active trend)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="monthly_activity")
    month = models.DateField()
    actions_count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "month"], name="monthly_activity_unique")
        ]
        indexes = [models.Index(fields=["territory", "month"])]


class TownMonthActivity(TownOwned):
    """Rollup: per town and month, how many persons acted and how many actions there were.
    Kept by the ledger service alongside MonthlyActivity (a person's first action in a month
    adds one active person), so the monthly trend is twelve rows, not millions."""

    month = models.DateField()
    active_persons = models.PositiveIntegerField(default=0)
    actions_count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["territory", "month"], name="town_month_unique")
        ]


class EngagementSnapshot(TownOwned):
    """Materialised breakdowns of a town's engagement (by district, age band and segment over
    the last year). They join persons with their activity, which over a big town takes about a
    second, so a worker refreshes them and pages read the stored result."""

    territory = models.OneToOneField(Territory, on_delete=models.CASCADE)  # one per town
    computed_at = models.DateTimeField()
    compute_ms = models.PositiveIntegerField(default=0)
    figures = models.JSONField(default=dict)
    refresh_requested_at = models.DateTimeField(null=True, blank=True)


class SignsSnapshot(TownOwned):
    """The ledger's counts by month, action kind and topic for a town's last three years, read
    by the ledger's warning signs (ledger/signs.py) instead of grouping millions of raw rows.
    A worker refreshes it; a month whose total no longer matches TownMonthActivity (kept by the
    writer) is counted live, so the signs are never behind the ledger."""

    territory = models.OneToOneField(Territory, on_delete=models.CASCADE)  # one per town
    computed_at = models.DateTimeField()
    compute_ms = models.PositiveIntegerField(default=0)
    # [["2026-03-01", kind, topic_id or null, count], …]
    months = models.JSONField(default=list)
    refresh_requested_at = models.DateTimeField(null=True, blank=True)
