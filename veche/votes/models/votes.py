"""Votes, their options, survey questions and the log of settings changes (issue 4).

A vote "on a real city problem" is a vote with a `topic`; the KPI scorecard counts its ballots
through the ledger (ActionKind.BALLOT with topic set). A monthly recurring vote is made from a
template vote (`is_template=True`, `recurrence="monthly"`): each month's copy points back to it
through `template` and carries its `period` (the first day of the month).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from veche.registry.models import VerificationLevel
from veche.territories.models import (
    Building,
    CityTopic,
    TownOwned,
    TownOwnedCreated,
    TownOwnedTimestamped,
)

__all__ = ["Vote", "VoteKind", "VoteStatus", "RankedMethod", "BudgetRule", "ResultsVisibility",
           "TieRule", "Recurrence", "Option", "Question", "QuestionChoice",
           "VoteSettingsChange", "VoteTally"]


class VoteKind(models.TextChoices):
    SINGLE = "single", _("один вариант")
    APPROVAL = "approval", _("несколько вариантов (не больше k)")
    SCORE = "score", _("оценка каждого варианта")
    RANKED = "ranked", _("рейтинг вариантов")
    BUDGET = "budget", _("бюджет участия")


class VoteStatus(models.TextChoices):
    DRAFT = "draft", _("черновик")
    PUBLISHED = "published", _("опубликовано")
    OPEN = "open", _("идёт голосование")
    CLOSED = "closed", _("завершено")
    RESULTS = "results_published", _("итоги опубликованы")


class RankedMethod(models.TextChoices):
    BORDA = "borda", _("метод Борда")
    SCHULZE = "schulze", _("метод Шульце")
    IRV = "irv", _("мгновенный второй тур")


class BudgetRule(models.TextChoices):
    GREEDY = "greedy", _("по числу голосов")
    EQUAL_SHARES = "equal_shares", _("метод равных долей")


class ResultsVisibility(models.TextChoices):
    LIVE = "live", _("во время голосования")
    AFTER_CLOSE = "after_close", _("после завершения")


class TieRule(models.TextChoices):
    LEXICOGRAPHIC = "lexicographic", _("по порядку вариантов")
    SEEDED = "seeded", _("по опубликованной затравке")


class Recurrence(models.TextChoices):
    NONE = "", _("не повторяется")
    MONTHLY = "monthly", _("ежемесячно")


class Vote(TownOwnedTimestamped):
    title = models.CharField(_("название"), max_length=300)
    description = models.TextField(_("описание"), blank=True)
    kind = models.CharField(_("вид"), max_length=12, choices=VoteKind.choices,
                            default=VoteKind.SINGLE)
    max_choices = models.PositiveSmallIntegerField(_("не больше вариантов"), null=True,
                                                   blank=True)
    score_min = models.SmallIntegerField(_("оценка от"), default=1)
    score_max = models.SmallIntegerField(_("оценка до"), default=5)
    ranked_method = models.CharField(max_length=10, choices=RankedMethod.choices,
                                     default=RankedMethod.SCHULZE)
    budget_amount = models.PositiveBigIntegerField(_("бюджет, ₽"), null=True, blank=True)
    budget_rule = models.CharField(max_length=14, choices=BudgetRule.choices,
                                   default=BudgetRule.EQUAL_SHARES)
    budget_completion = models.BooleanField(_("дополнять по числу голосов"), default=True)
    min_age = models.PositiveSmallIntegerField(_("минимальный возраст"), default=14)
    # Eligibility, not a kind: only the registry's residents of one apartment building vote
    # (seed 002: owners' decisions on their courtyard and house); results and turnout are
    # counted against that building's residents.
    building = models.ForeignKey(Building, null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="+", verbose_name=_("только жители дома"))
    min_verification = models.PositiveSmallIntegerField(
        _("подтверждение личности не ниже"), choices=VerificationLevel.choices,
        default=VerificationLevel.NONE)
    allow_change = models.BooleanField(_("можно изменить голос до завершения"), default=False)
    results_visibility = models.CharField(max_length=12, choices=ResultsVisibility.choices,
                                          default=ResultsVisibility.AFTER_CLOSE)
    tie_rule = models.CharField(_("правило ничьих"), max_length=14, choices=TieRule.choices,
                                default=TieRule.LEXICOGRAPHIC)
    tie_seed = models.CharField(_("затравка для ничьих"), max_length=100, blank=True)
    status = models.CharField(max_length=20, choices=VoteStatus.choices,
                              default=VoteStatus.DRAFT, db_index=True)
    opens_at = models.DateTimeField(_("начало"), null=True, blank=True)
    closes_at = models.DateTimeField(_("завершение"), null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    results_published_at = models.DateTimeField(null=True, blank=True)
    topic = models.ForeignKey(CityTopic, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="votes", verbose_name=_("городская проблема"))
    is_template = models.BooleanField(default=False)
    recurrence = models.CharField(max_length=10, choices=Recurrence.choices, blank=True,
                                  default=Recurrence.NONE)
    template = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="instances")
    period = models.DateField(null=True, blank=True)
    # The hash chain over this vote's ballots (ballots.BallotChainEntry): its head and length.
    chain_head = models.CharField(max_length=64, blank=True)
    chain_length = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["territory", "status"])]
        constraints = [
            models.UniqueConstraint(fields=["template", "period"], name="vote_one_per_period",
                                    condition=models.Q(template__isnull=False)),
            models.CheckConstraint(condition=models.Q(score_min__lt=models.F("score_max")),
                                   name="vote_score_scale"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status == VoteStatus.OPEN


class Option(TownOwned):
    vote = models.ForeignKey(Vote, on_delete=models.CASCADE, related_name="options")
    text = models.CharField(_("вариант"), max_length=300)
    description = models.TextField(_("описание"), blank=True)
    photo = models.ImageField(_("фото"), upload_to="votes/photos/%Y/%m/", blank=True)
    sketch = models.FileField(_("эскиз"), upload_to="votes/sketches/%Y/%m/", blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    cost = models.PositiveBigIntegerField(_("стоимость, ₽"), null=True, blank=True)
    topic = models.ForeignKey(CityTopic, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")
    practice_ref = models.CharField(max_length=60, blank=True)
    initiative_ref = models.CharField(max_length=60, blank=True)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.text


class Question(TownOwned):
    """A survey question carried by a vote (answered on the same ballot, not counted as votes).
    """

    class Kind(models.TextChoices):
        ONE = "one", _("один ответ")
        MANY = "many", _("несколько ответов")
        TEXT = "text", _("свободный ответ")

    vote = models.ForeignKey(Vote, on_delete=models.CASCADE, related_name="questions")
    text = models.CharField(_("вопрос"), max_length=300)
    kind = models.CharField(max_length=4, choices=Kind.choices, default=Kind.ONE)
    required = models.BooleanField(default=False)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.text


class QuestionChoice(TownOwned):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices")
    text = models.CharField(max_length=300)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.text


class VoteSettingsChange(TownOwned):
    """One changed setting of a vote after its publication: who, when, which field, from, to."""

    vote = models.ForeignKey(Vote, on_delete=models.CASCADE, related_name="settings_changes")
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    changed_at = models.DateTimeField(auto_now_add=True)
    field = models.CharField(max_length=60)
    old = models.TextField(blank=True)
    new = models.TextField(blank=True)
    reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-changed_at", "-id"]


class VoteTally(TownOwnedCreated):
    """A count of a vote: queued, running (with progress the pages poll), done (the result as
    JSON: tally, tie rule, turnout, chain head), or failed with a Russian message."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("в очереди")
        RUNNING = "running", _("идёт подсчёт")
        DONE = "done", _("готово")
        FAILED = "failed", _("ошибка")

    vote = models.ForeignKey(Vote, on_delete=models.CASCADE, related_name="tallies")
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.QUEUED)
    is_final = models.BooleanField(default=False)
    ballots_total = models.PositiveIntegerField(default=0)
    ballots_done = models.PositiveIntegerField(default=0)
    result = models.JSONField(default=dict, blank=True)
    message = models.TextField(blank=True)
    peak_memory_mb = models.FloatField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    @property
    def progress(self) -> float:
        return round(self.ballots_done / self.ballots_total, 4) if self.ballots_total else 0.0
