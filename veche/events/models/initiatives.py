"""Citizens' own initiatives and city projects (seed 000: «реализуют самостоятельные городские
проекты, используя технологии привлечения добровольцев и волонтеров»), the help they need as
tasks with hours, volunteers' sign-ups and their hours (a ledger action once the organiser
confirms them), and the community's speakers with their public appearances."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from veche.registry.models import Person
from veche.territories.models import (
    CityTopic,
    District,
    TownOwned,
    TownOwnedCreated,
    TownOwnedTimestamped,
)

from .events import Event

USER = settings.AUTH_USER_MODEL


class CitizenInitiative(TownOwnedTimestamped):
    """Not practices.Initiative (a candidate inside a town's practice project): this is a
    residents' own initiative or city project with its initiative group."""

    class Kind(models.TextChoices):
        INITIATIVE = "initiative", _("инициатива жителей")
        CITY_PROJECT = "city_project", _("городской проект")

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("предложена")
        RECRUITING = "recruiting", _("набор участников")
        IN_PROGRESS = "in_progress", _("реализуется")
        DONE = "done", _("завершена")
        STOPPED = "stopped", _("остановлена")

    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.INITIATIVE)
    title = models.CharField(_("название"), max_length=300)
    description = models.TextField(_("описание"), blank=True)
    goals = models.TextField(_("цели"), blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PROPOSED)
    results = models.TextField(_("результаты"), blank=True)
    topic = models.ForeignKey(CityTopic, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")
    district = models.ForeignKey(District, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+")
    started_on = models.DateField(_("начало"), null=True, blank=True)
    finished_on = models.DateField(_("завершение"), null=True, blank=True)
    created_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title


class InitiativeMember(TownOwnedCreated):
    """The initiative group: its leader and members, registry persons of the town."""

    class Role(models.TextChoices):
        LEADER = "leader", _("руководитель инициативной группы")
        MEMBER = "member", _("участник инициативной группы")

    initiative = models.ForeignKey(CitizenInitiative, on_delete=models.CASCADE,
                                   related_name="members")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.MEMBER)

    class Meta:
        ordering = ["role", "id"]
        constraints = [models.UniqueConstraint(fields=["initiative", "person"],
                                               name="initiativemember_once")]


class VolunteerTask(TownOwnedCreated):
    """Help an initiative or an event needs: what, how many people, how many hours."""

    class Status(models.TextChoices):
        OPEN = "open", _("набор открыт")
        CLOSED = "closed", _("набор закрыт")
        DONE = "done", _("выполнено")

    initiative = models.ForeignKey(CitizenInitiative, null=True, blank=True,
                                   on_delete=models.CASCADE,
                                   related_name="tasks")
    event = models.ForeignKey(Event, null=True, blank=True, on_delete=models.CASCADE,
                              related_name="volunteer_tasks")
    title = models.CharField(_("что нужно сделать"), max_length=300)
    description = models.TextField(_("подробности"), blank=True)
    volunteers_needed = models.PositiveIntegerField(_("нужно волонтёров"), default=1)
    hours_planned = models.DecimalField(_("часов на человека"), max_digits=6, decimal_places=1)
    starts_at = models.DateTimeField(_("начало"), null=True, blank=True)
    ends_at = models.DateTimeField(_("окончание"), null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)

    class Meta:
        ordering = ["starts_at", "id"]
        constraints = [models.CheckConstraint(
            condition=models.Q(initiative__isnull=False) | models.Q(event__isnull=False),
            name="volunteertask_has_owner")]


class VolunteerSignup(TownOwned):
    class Status(models.TextChoices):
        SIGNED = "signed", _("записался")
        WITHDRAWN = "withdrawn", _("отказался")

    task = models.ForeignKey(VolunteerTask, on_delete=models.CASCADE, related_name="signups")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SIGNED)
    signed_at = models.DateTimeField(auto_now_add=True)
    source = models.CharField(max_length=10, default="web")

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["task", "person"], name="signup_once")]


class VolunteerHours(TownOwnedCreated):
    """Hours a volunteer claims for a task; the organiser confirms or rejects them. Only
    confirmed hours become a ledger action «волонтёрские часы» (weighted by the hours)."""

    class Status(models.TextChoices):
        CLAIMED = "claimed", _("ждёт подтверждения")
        CONFIRMED = "confirmed", _("подтверждено")
        REJECTED = "rejected", _("отклонено")

    signup = models.ForeignKey(VolunteerSignup, on_delete=models.CASCADE, related_name="hours")
    done_on = models.DateField(_("когда"))
    hours = models.DecimalField(_("часы"), max_digits=6, decimal_places=1)
    description = models.TextField(_("что сделано"), blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.CLAIMED)
    decided_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    reject_reason = models.TextField(_("причина отказа"), blank=True)

    class Meta:
        ordering = ["-done_on", "-id"]
        constraints = [models.UniqueConstraint(fields=["signup", "done_on"],
                                               name="hours_once_per_day")]


class Speaker(TownOwnedCreated):
    """A person who publicly represents the community («основные спикеры сообщества»)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    topics = models.CharField(_("темы выступлений"), max_length=500, blank=True)
    since = models.DateField(_("спикер с"), null=True, blank=True)
    is_active = models.BooleanField(default=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["territory", "person"],
                                               name="speaker_once")]


class SpeakerAppearance(TownOwnedCreated):
    """A public appearance: at an event, in the media plan of the administration or the
    enterprise («выступления спикеров включаются в медиаплан»)."""

    speaker = models.ForeignKey(Speaker, on_delete=models.CASCADE, related_name="appearances")
    event = models.ForeignKey(Event, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="appearances")
    on_date = models.DateField(_("дата"))
    title = models.CharField(_("тема выступления"), max_length=300)
    channel = models.CharField(_("где (площадка, СМИ)"), max_length=300, blank=True)
    url = models.URLField(_("ссылка"), max_length=500, blank=True)
    audience = models.PositiveIntegerField(_("аудитория"), null=True, blank=True)

    class Meta:
        ordering = ["-on_date", "-id"]


class InitiativeLink(TownOwned):
    """Where an initiative meets another capability (a practice of the bank, a vote, an appeal,
    a project): named as the ledger names objects ("app.model" + id), as EventLink does, so the
    apps stay apart; the other side finds its initiatives by the same pair."""

    initiative = models.ForeignKey(CitizenInitiative, on_delete=models.CASCADE,
                                   related_name="links")
    object_type = models.CharField(max_length=60)
    object_id = models.CharField(max_length=40)
    title = models.CharField(max_length=300)

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["initiative", "object_type", "object_id"],
                                               name="initiativelink_once")]
        indexes = [models.Index(fields=["territory", "object_type", "object_id"])]
