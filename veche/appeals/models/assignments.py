"""Assignments made from an appeal (to a department or an outside organisation and an
executor), executors' reports, reminders sent about them, and the applicant's feedback."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from veche.accounts.models import Department
from veche.territories.models import TownOwned

from .appeals import Appeal

__all__ = ["AssignmentStatus", "ApplicantVerdict", "Assignment", "AssignmentReport",
           "AssignmentReminder", "AppealFeedback"]


class AssignmentStatus(models.TextChoices):
    ASSIGNED = "assigned", _("назначено")
    IN_WORK = "in_work", _("в работе")
    DONE = "done", _("исполнено")
    CANCELLED = "cancelled", _("отменено")


class ApplicantVerdict(models.TextChoices):
    """The applicant's word on a done assignment (seed 002: residents control the quality of
    the work); «disputed» sends the assignment back to its executor."""

    NONE = "", _("нет оценки")
    CONFIRMED = "confirmed", _("заявитель подтвердил исполнение")
    DISPUTED = "disputed", _("заявитель оспорил исполнение")


class Assignment(TownOwned):
    appeal = models.ForeignKey(Appeal, on_delete=models.CASCADE, related_name="assignments")
    department = models.ForeignKey(
        Department, null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("отдел")
    )
    # An outside organisation: a management company, a municipal enterprise.
    organisation = models.CharField(_("организация"), max_length=300, blank=True)
    executor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="appeal_assignments", verbose_name=_("исполнитель"),
    )
    task = models.TextField(_("поручение"), max_length=5000)
    deadline = models.DateField(_("срок"))
    status = models.CharField(
        max_length=20, choices=AssignmentStatus.choices, default=AssignmentStatus.ASSIGNED
    )
    done_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField()
    escalated_at = models.DateTimeField(null=True, blank=True)
    # The applicant's verdict on the latest completion (reset when the executor reports it done
    # again) and the words of their last dispute, shown to the executor.
    applicant_verdict = models.CharField(_("оценка заявителя"), max_length=10, blank=True,
                                         choices=ApplicantVerdict.choices, default="")
    applicant_comment = models.TextField(_("замечание заявителя"), max_length=2000, blank=True)
    verdict_at = models.DateTimeField(null=True, blank=True)
    disputes = models.PositiveSmallIntegerField(_("оспорено раз"), default=0)
    # The assignment this one was handed down from (an executor passing part of the work to
    # another): chains deeper than one level are seed 000's warning sign «построение жестких
    # иерархий, больше чем один уровень» (appeals/signs.py).
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE,
                               related_name="children", verbose_name=_("передано из поручения"))

    class Meta:
        ordering = ["deadline", "id"]
        verbose_name = _("поручение")
        verbose_name_plural = _("поручения")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(department__isnull=False) | models.Q(organisation__gt=""),
                name="assignment_has_addressee",
            ),
        ]
        indexes = [
            models.Index(fields=["territory", "status", "deadline"]),
            models.Index(fields=["territory", "department", "status", "deadline"]),
            models.Index(fields=["territory", "executor", "status"]),
            # The control view's lists: open assignments in deadline order, LIMIT 50 read
            # straight off the index instead of sorting every overdue one (bench 1).
            models.Index(fields=["territory", "deadline", "id"], name="assignment_open_deadline",
                         condition=models.Q(status__in=["assigned", "in_work"])),
        ]

    def __str__(self) -> str:
        return f"{self.appeal_id}: {self.department or self.organisation}"

    @property
    def addressee(self) -> str:
        return str(self.department) if self.department_id else self.organisation


class AssignmentReport(TownOwned):
    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="reports")
    text = models.TextField(_("отчёт"), max_length=5000)
    marks_done = models.BooleanField(_("поручение исполнено"), default=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField()

    class Meta:
        ordering = ["at", "id"]


class AssignmentReminder(TownOwned):
    """One reminder about one deadline; the unique key makes sending idempotent."""

    class Kind(models.TextChoices):
        BEFORE_3 = "before_3", _("за 3 дня")
        BEFORE_1 = "before_1", _("за 1 день")
        DUE = "due", _("в день срока")
        OVERDUE = "overdue", _("просрочено: эскалация")

    assignment = models.ForeignKey(
        Assignment, on_delete=models.CASCADE, related_name="reminders"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    deadline = models.DateField()
    recipients = models.CharField(max_length=1000, blank=True)
    outcome = models.CharField(max_length=10, default="sent")
    detail = models.CharField(max_length=300, blank=True)
    at = models.DateTimeField()

    class Meta:
        ordering = ["at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "kind", "deadline"], name="assignment_reminder_once"
            )
        ]


class AppealFeedback(TownOwned):
    """The applicant's answer to «is the problem solved, how satisfied (1–5)»; one per round
    (a reopened appeal answered again asks again)."""

    appeal = models.ForeignKey(Appeal, on_delete=models.CASCADE, related_name="feedback")
    round = models.PositiveSmallIntegerField(default=1)
    requested_at = models.DateTimeField()
    answered_at = models.DateTimeField(null=True, blank=True)
    solved = models.BooleanField(null=True)
    satisfaction = models.PositiveSmallIntegerField(null=True, blank=True)
    comment = models.TextField(blank=True, max_length=2000)
    via = models.CharField(max_length=20, blank=True)

    class Meta:
        ordering = ["round"]
        constraints = [
            models.UniqueConstraint(fields=["appeal", "round"], name="appeal_feedback_round"),
            models.CheckConstraint(
                condition=models.Q(satisfaction__isnull=True)
                | models.Q(satisfaction__gte=1, satisfaction__lte=5),
                name="appeal_feedback_scale",
            ),
        ]
        indexes = [models.Index(fields=["territory", "answered_at"])]
