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
           "EvaluationDecision", "PlanParticipant", "ParticipantWork", "PlanCorrection",
           "PlanAssessment", "ResidentProposal"]

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


class PlanParticipant(TownOwnedCreated):
    """A resident taking part in a practice's implementation (seed 004, stages 6–7: «актуальный
    список жителей — участников практики»), as a registry person, so that their work reaches
    the ledger. `left_on` keeps the list current without losing who took part."""

    class Role(models.TextChoices):
        COORDINATOR = "coordinator", _("координатор от жителей")
        VOLUNTEER = "volunteer", _("волонтёр")
        CONTRIBUTOR = "contributor", _("участник софинансирования")
        PARTNER = "partner", _("представитель организации")

    plan = models.ForeignKey(ImplementationPlan, on_delete=models.CASCADE,
                             related_name="participants_list")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(_("роль"), max_length=20, choices=Role.choices,
                            default=Role.VOLUNTEER)
    joined_on = models.DateField(_("с какого дня"))
    left_on = models.DateField(_("вышел из состава"), null=True, blank=True)
    added_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["role", "id"]
        constraints = [models.UniqueConstraint(fields=["plan", "person"],
                                               name="planparticipant_once")]


class ParticipantWork(TownOwnedCreated):
    """Work a participant did (hours, the task): one ledger action «волонтёрские часы»."""

    participant = models.ForeignKey(PlanParticipant, on_delete=models.CASCADE,
                                    related_name="work")
    task = models.ForeignKey(PlanTask, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="+")
    done_on = models.DateField(_("когда"))
    hours = models.DecimalField(_("часы"), max_digits=6, decimal_places=1)
    description = models.TextField(_("что сделано"))
    recorded_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL,
                                    related_name="+")

    class Meta:
        ordering = ["-done_on", "-id"]


class PlanCorrection(TownOwnedCreated):
    """One correction of an approved plan (seed 004, stage 6: «Внесены коррективы в планы
    реализации»): what changed, from what to what, and why. The plan shows its history."""

    plan = models.ForeignKey(ImplementationPlan, on_delete=models.CASCADE,
                             related_name="corrections")
    what = models.CharField(max_length=60)  # "ends_on", "indicator:12:target", …
    label = models.CharField(_("что изменено"), max_length=300)
    before = models.TextField(_("было"), blank=True)
    after = models.TextField(_("стало"), blank=True)
    reason = models.TextField(_("причина"))
    corrected_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL,
                                     related_name="+")

    class Meta:
        ordering = ["-created_at", "-id"]


class PlanAssessment(TownOwnedCreated):
    """An assessment the seed asks for at stages 6–7, with its conclusion and evidence."""

    class Kind(models.TextChoices):
        PARTICIPANTS = "participants", _("актуальность списка жителей — участников")
        LEGAL = "legal", _("внесение изменений в НПА")
        INVOLVEMENT = "involvement", _("процедура вовлечения жителей")
        EFFECT = "effect", _("эффективность применения практики")

    plan = models.ForeignKey(ImplementationPlan, on_delete=models.CASCADE,
                             related_name="assessments")
    kind = models.CharField(_("что оценено"), max_length=20, choices=Kind.choices)
    conclusion = models.TextField(_("вывод"))
    evidence = models.CharField(_("документ (номер, дата) или ссылка"), max_length=500)
    assessed_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL,
                                    related_name="+")

    class Meta:
        ordering = ["-created_at", "-id"]


class ResidentProposal(TownOwnedCreated):
    """A resident's proposal on a running practice (seed 004, stage 7: «перечень предложений
    от жителей по текущей реализации практики: продолжить, изменить, прекратить»), answered
    by staff."""

    class Kind(models.TextChoices):
        CONTINUE = "continue", _("продолжить")
        CHANGE = "change", _("изменить")
        STOP = "stop", _("прекратить")

    plan = models.ForeignKey(ImplementationPlan, on_delete=models.CASCADE,
                             related_name="proposals")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("предложение"), max_length=20, choices=Kind.choices)
    text = models.TextField(_("текст"))
    answer = models.TextField(_("ответ"), blank=True)
    answered_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    answered_at = models.DateTimeField(_("когда ответили"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
