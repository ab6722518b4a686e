"""Recurring questions found in appeal texts, and the knowledge base of template solutions
(проектные типовые решения, seed 002) staff answer them with."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from veche.territories.models import (
    CityTopic,
    Territory,
    TownOwned,
    TownOwnedCreated,
    TownOwnedTimestamped,
)

__all__ = ["TemplateSolution", "SolutionDocument", "RecurringRun", "RecurringQuestion",
           "RecurringMember"]


class TemplateSolution(TownOwnedTimestamped):
    """A ready answer to a question that comes up again and again: the steps, in order, and
    document templates. `territory` empty = shared by the whole network of towns."""

    # Nullable, unlike the base: a town's scope never sees network rows; they are read with
    # the town's own through veche.territories.crosstown.town_and_network.
    territory = models.ForeignKey(  # type: ignore[assignment]  # nullable on purpose (above)
        Territory, null=True, blank=True, on_delete=models.CASCADE)
    title = models.CharField(_("название"), max_length=300)
    problem = models.TextField(_("описание проблемы"), max_length=5000)
    steps = models.JSONField(_("шаги"), default=list)
    topic = models.ForeignKey(CityTopic, null=True, blank=True, on_delete=models.SET_NULL,
                              verbose_name=_("тема"))
    keywords = models.CharField(_("ключевые слова"), max_length=500, blank=True)
    is_published = models.BooleanField(_("опубликовано"), default=True)
    # The lemma tokens of title, problem, steps and keywords (suggestions compare with them).
    analysed_text = models.TextField(blank=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    # Given to suggested solutions by knowledge.suggest (similarity, 0..1); not stored.
    score: float

    class Meta:
        ordering = ["title", "id"]
        verbose_name = _("типовое решение")
        verbose_name_plural = _("типовые решения")

    def __str__(self) -> str:
        return self.title

    @property
    def is_network(self) -> bool:
        return self.territory_id is None


class SolutionDocument(TownOwned):
    """A document template of a solution: text with blanks to fill, or an uploaded file."""

    territory = models.ForeignKey(  # type: ignore[assignment]  # empty: as its solution
        Territory, null=True, blank=True, on_delete=models.CASCADE)
    solution = models.ForeignKey(TemplateSolution, on_delete=models.CASCADE,
                                 related_name="documents")
    title = models.CharField(_("название документа"), max_length=300)
    body = models.TextField(_("текст шаблона"), blank=True, max_length=20000)
    file = models.FileField(upload_to="solutions/%Y/", blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]


class RecurringRun(TownOwnedCreated):
    """One search for recurring questions over a town's appeals (a background task)."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("в очереди")
        RUNNING = "running", _("идёт")
        DONE = "done", _("готово")
        FAILED = "failed", _("ошибка")

    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    since = models.DateField(null=True, blank=True)
    documents_count = models.PositiveIntegerField(default=0)
    clusters_count = models.PositiveIntegerField(default=0)
    seconds = models.FloatField(default=0)
    error = models.TextField(blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]


class RecurringQuestion(TownOwned):
    """A group of appeals about the same thing, found by one run."""

    run = models.ForeignKey(RecurringRun, on_delete=models.CASCADE, related_name="questions")
    label = models.CharField(_("вопрос"), max_length=300)
    terms = models.JSONField(default=list)
    size = models.PositiveIntegerField(_("обращений"), default=0)
    meetings_count = models.PositiveIntegerField(_("встреч"), default=0)
    # [{"month": "2026-05-01", "count": 3}, …] oldest first.
    trend = models.JSONField(default=list)
    first_at = models.DateTimeField(null=True, blank=True)
    last_at = models.DateTimeField(null=True, blank=True)
    example = models.CharField(max_length=300, blank=True)
    solution = models.ForeignKey(TemplateSolution, null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="recurring",
                                 verbose_name=_("типовое решение"))
    # Kept on a run's new questions until their members are written (recurring/services.py).
    _member_ids: list[int]
    _sims: list[float]

    class Meta:
        ordering = ["-size", "id"]


class RecurringMember(TownOwned):
    question = models.ForeignKey(RecurringQuestion, on_delete=models.CASCADE,
                                 related_name="members")
    appeal = models.ForeignKey("appeals.Appeal", on_delete=models.CASCADE, related_name="+")
    similarity = models.FloatField(default=0)

    class Meta:
        ordering = ["-similarity", "id"]
        constraints = [
            models.UniqueConstraint(fields=["question", "appeal"], name="recurring_member_once")
        ]
