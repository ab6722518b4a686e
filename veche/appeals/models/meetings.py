"""Head meetings (встречи Главы с жителями) held in courtyards, seed 002: a series of meetings
at apartment buildings, who came, and every question asked — each question is an appeal
(channel head_meeting), so it follows the same 59-FZ path as any other appeal."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from veche.registry.models import Person
from veche.territories.models import Building, TownOwnedCreated, TownOwnedTimestamped

__all__ = ["MeetingStatus", "MeetingSeries", "HeadMeeting", "MeetingParticipant",
           "MeetingQuestion"]


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", _("запланирована")
    ANNOUNCED = "announced", _("объявлена")
    HELD = "held", _("проведена")
    REPORTED = "reported", _("итоги опубликованы")


# Statuses shown to residents (a planned meeting is an internal draft).
PUBLIC_STATUSES = (MeetingStatus.ANNOUNCED, MeetingStatus.HELD, MeetingStatus.REPORTED)


class MeetingSeries(TownOwnedCreated):
    """A cycle of meetings planned together («Встречи Главы во дворах, лето 2026»)."""

    title = models.CharField(_("название цикла"), max_length=200)
    description = models.TextField(_("описание"), blank=True, max_length=2000)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title


class HeadMeeting(TownOwnedTimestamped):
    series = models.ForeignKey(MeetingSeries, null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="meetings", verbose_name=_("цикл"))
    starts_at = models.DateTimeField(_("дата и время"))
    duration_minutes = models.PositiveSmallIntegerField(_("продолжительность, мин"), default=60)
    building = models.ForeignKey(Building, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+", verbose_name=_("дом (двор)"))
    place = models.CharField(_("место"), max_length=300, blank=True,
                             help_text=_("Например: «во дворе, у детской площадки»"))
    head_name = models.CharField(_("Глава города"), max_length=200)
    status = models.CharField(_("статус"), max_length=20, choices=MeetingStatus.choices,
                              default=MeetingStatus.PLANNED)
    participants_count = models.PositiveIntegerField(_("участников"), default=0)
    # What residents see after the meeting (no personal data: staff write it for the public).
    results_summary = models.TextField(_("итоги для жителей"), blank=True, max_length=5000)
    announced_at = models.DateTimeField(null=True, blank=True)
    held_at = models.DateTimeField(null=True, blank=True)
    reported_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-starts_at", "-id"]
        verbose_name = _("встреча Главы с жителями")
        verbose_name_plural = _("встречи Главы с жителями")
        indexes = [
            models.Index(fields=["territory", "status", "starts_at"]),
            models.Index(fields=["territory", "building", "starts_at"]),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(duration_minutes__gte=10,
                                                      duration_minutes__lte=600),
                                   name="meeting_duration_sane"),
        ]

    def __str__(self) -> str:
        return f"{self.address} — {self.starts_at:%d.%m.%Y}"

    @property
    def address(self) -> str:
        return str(self.building) if self.building_id else (self.place or "—")

    @property
    def is_public(self) -> bool:
        return self.status in PUBLIC_STATUSES

    @property
    def source_ref(self) -> str:
        """How appeals made at this meeting point back to it (Appeal.source_ref)."""
        return f"meeting:{self.pk}"


class MeetingParticipant(TownOwnedCreated):
    """Someone who came: a registry person, or just a name written down at the meeting."""

    meeting = models.ForeignKey(HeadMeeting, on_delete=models.CASCADE,
                                related_name="participants")
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="+")
    name = models.CharField(_("ФИО"), max_length=300, blank=True)
    building = models.ForeignKey(Building, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+")
    apartment = models.CharField(_("квартира"), max_length=10, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="meeting_person_once",
                                    condition=models.Q(person__isnull=False)),
        ]

    def __str__(self) -> str:
        return self.name or str(self.person or "—")


class MeetingQuestion(TownOwnedCreated):
    """A question asked at (or sent before) a meeting, and the appeal it became."""

    meeting = models.ForeignKey(HeadMeeting, on_delete=models.CASCADE, related_name="questions")
    appeal = models.OneToOneField("appeals.Appeal", on_delete=models.CASCADE,
                                  related_name="meeting_question")
    in_advance = models.BooleanField(_("прислан заранее"), default=False)
    # The question and what was done, worded by staff for the public results page: the
    # appeal's own text may carry names and flats, so it is never shown publicly.
    public_text = models.CharField(_("вопрос (для жителей)"), max_length=300, blank=True)
    public_outcome = models.CharField(_("что сделано (для жителей)"), max_length=1000,
                                      blank=True)
    # A key the phone form sends once per question: a double tap or a resend on a flaky
    # connection finds the question already recorded instead of making a second appeal.
    client_key = models.CharField(max_length=40, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["meeting", "created_at"])]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "client_key"],
                                    condition=models.Q(client_key__gt=""),
                                    name="meeting_question_client_key_once"),
        ]
