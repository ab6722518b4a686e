"""What a town does with the items its project chose (seed 004, stages 6–7): implementation
plans with expected results and tasks, monitoring reports of current against planned values,
and the evaluation decision to continue, change resources or stop.

Kept apart from projects.py, which holds the project's run up to the shortlist: every table
here hangs off an implementation plan rather than off the selection that led to it. Practices
of the bank are referenced as "practices.Practice" (bank.py), as in projects.py.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from veche.registry.models import Person
from veche.territories.models import TownOwned, TownOwnedCreated

from .projects import Initiative, TownProject

__all__ = ["ImplementationPlan", "PlanIndicator", "PlanTask", "MonitoringReport",
           "EvaluationDecision"]

USER = settings.AUTH_USER_MODEL
PRACTICE = "practices.Practice"


class ImplementationPlan(TownOwnedCreated):
    class Status(models.TextChoices):
        DRAFT = "draft", _("проект плана")
        APPROVED = "approved", _("утверждён")
        STOPPED = "stopped", _("прекращён")

    project = models.ForeignKey(TownProject, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="plans")
    practice = models.ForeignKey(PRACTICE, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+")
    initiative = models.ForeignKey(Initiative, null=True, blank=True, on_delete=models.SET_NULL)
    title = models.CharField(_("что внедряем"), max_length=300)
    resource_sources = models.TextField(_("источники ресурсов"), blank=True)
    legal_changes = models.TextField(_("изменения в НПА и регламенты"), blank=True)
    legal_act = models.CharField(_("утверждён актом (номер, дата)"), max_length=200, blank=True)
    starts_on = models.DateField(_("начало"), null=True, blank=True)
    ends_on = models.DateField(_("окончание"), null=True, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    created_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title


class PlanIndicator(TownOwned):
    """An expected result with its target value and deadline."""

    plan = models.ForeignKey(ImplementationPlan, on_delete=models.CASCADE,
                             related_name="indicators")
    name = models.CharField(_("показатель"), max_length=300)
    unit = models.CharField(_("единица"), max_length=40, blank=True)
    baseline = models.FloatField(_("исходное значение"), default=0)
    target = models.FloatField(_("целевое значение"))
    deadline = models.DateField(_("срок"), null=True, blank=True)

    class Meta:
        ordering = ["id"]


class PlanTask(TownOwned):
    plan = models.ForeignKey(ImplementationPlan, on_delete=models.CASCADE, related_name="tasks")
    title = models.CharField(_("задача"), max_length=300)
    responsible = models.CharField(_("ответственный"), max_length=300)
    responsible_person = models.ForeignKey(Person, null=True, blank=True,
                                           on_delete=models.SET_NULL, related_name="+")
    deadline = models.DateField(_("срок"))
    done_on = models.DateField(_("выполнено"), null=True, blank=True)

    class Meta:
        ordering = ["deadline", "id"]


class MonitoringReport(TownOwnedCreated):
    """Current against planned values for a period; `values` maps indicator id -> value."""

    plan = models.ForeignKey(ImplementationPlan, on_delete=models.CASCADE,
                             related_name="reports")
    period_start = models.DateField(_("период с"))
    period_end = models.DateField(_("период по"))
    values = models.JSONField(default=dict)
    comment = models.TextField(_("комментарий"), blank=True)
    participants = models.TextField(_("список жителей-участников"), blank=True)
    links = models.JSONField(_("ссылки, фото"), default=list)
    photo = models.FileField(upload_to="projects/reports/%Y/", blank=True)
    created_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-period_end", "-id"]


class EvaluationDecision(TownOwned):
    class Decision(models.TextChoices):
        CONTINUE = "continue", _("продолжить")
        CHANGE_RESOURCES = "change_resources", _("изменить источники ресурсов")
        STOP = "stop", _("прекратить")

    plan = models.ForeignKey(ImplementationPlan, on_delete=models.CASCADE,
                             related_name="decisions")
    decision = models.CharField(_("решение"), max_length=20, choices=Decision.choices)
    reason = models.TextField(_("обоснование"))
    decided_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-decided_at", "-id"]
