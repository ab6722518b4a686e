"""An event of the administration, the enterprise, an NGO or citizens, with who registered and
who was checked in. Presence is not an action (seed 000): check-ins are kept here, never in the
ledger; what people did at the event (feedback, proposals, volunteered hours) is."""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from veche.registry.models import Person
from veche.territories.models import CityTopic, District, TownOwned, TownOwnedTimestamped

from ..kinds import kind_choices

USER = settings.AUTH_USER_MODEL


class OrganiserKind(models.TextChoices):
    ADMINISTRATION = "administration", _("администрация")
    ENTERPRISE = "enterprise", _("предприятие")
    NGO = "ngo", _("общественная организация")
    CITIZENS = "citizens", _("жители, инициативная группа")
    COMMUNITY = "community", _("сообщество активных граждан")


# The seed's warning sign «мероприятия проходят исключительно в стенах Администрации или
# Предприятия, организуются исключительно силами Администрации или Предприятия».
OFFICIAL_ORGANISERS = frozenset({OrganiserKind.ADMINISTRATION, OrganiserKind.ENTERPRISE})


class VenueKind(models.TextChoices):
    ADMINISTRATION = "administration", _("здание администрации")
    ENTERPRISE = "enterprise", _("здание предприятия")
    PUBLIC = "public", _("общественное место (ДК, библиотека, школа)")
    OUTDOORS = "outdoors", _("открытая площадка, двор, парк")
    ONLINE = "online", _("онлайн")


OFFICIAL_VENUES = frozenset({VenueKind.ADMINISTRATION, VenueKind.ENTERPRISE})


class EventFormat(models.TextChoices):
    OFFLINE = "offline", _("очно")
    ONLINE = "online", _("онлайн")
    HYBRID = "hybrid", _("очно и онлайн")


class EventStatus(models.TextChoices):
    DRAFT = "draft", _("черновик")
    ANNOUNCED = "announced", _("объявлено")
    HELD = "held", _("проведено")
    REPORTED = "reported", _("итоги подведены")
    CANCELLED = "cancelled", _("отменено")


class Event(TownOwnedTimestamped):
    kind = models.CharField(_("вид"), max_length=30, choices=kind_choices)
    title = models.CharField(_("название"), max_length=300)
    description = models.TextField(_("описание"), blank=True)
    status = models.CharField(max_length=12, choices=EventStatus.choices,
                              default=EventStatus.DRAFT)
    organiser_kind = models.CharField(_("организатор"), max_length=20,
                                      choices=OrganiserKind.choices)
    organiser_name = models.CharField(_("организатор (название)"), max_length=300, blank=True)
    # Co-organisers by kind: a joint event of the administration and the enterprise, or one
    # citizens run with the administration's help (the sign «организуются исключительно силами»).
    partner_kinds = models.JSONField(_("соорганизаторы"), default=list, blank=True)
    format = models.CharField(_("формат"), max_length=10, choices=EventFormat.choices,
                              default=EventFormat.OFFLINE)
    venue_kind = models.CharField(_("место"), max_length=20, choices=VenueKind.choices)
    venue_name = models.CharField(_("площадка"), max_length=300, blank=True)
    address = models.CharField(_("адрес"), max_length=300, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    district = models.ForeignKey(District, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+")
    topic = models.ForeignKey(CityTopic, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")
    starts_at = models.DateTimeField(_("начало"))
    ends_at = models.DateTimeField(_("окончание"))
    expected_participants = models.PositiveIntegerField(_("ожидается участников"), default=0)
    # Counted by the organiser (people in the hall, online viewers); check-ins are counted apart.
    actual_participants = models.PositiveIntegerField(_("пришло участников"), null=True,
                                                      blank=True)
    registration_open = models.BooleanField(_("нужна регистрация"), default=False)
    capacity = models.PositiveIntegerField(_("мест"), null=True, blank=True)
    announcement_url = models.URLField(_("анонс"), max_length=500, blank=True)
    press_release_url = models.URLField(_("пресс-релиз"), max_length=500, blank=True)
    media_reach = models.PositiveIntegerField(_("охват в СМИ и соцсетях"), null=True, blank=True)
    responsible = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+", verbose_name=_("ответственный"))
    responsible_name = models.CharField(_("ответственный (ФИО, должность)"), max_length=300,
                                        blank=True)
    # Kept by the events services as they write the ledger, so lists and the warning signs
    # read a number instead of grouping millions of ledger rows.
    actions_recorded = models.PositiveIntegerField(default=0)
    newcomers = models.PositiveIntegerField(default=0)  # persons whose first action was here
    created_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    class Meta:
        ordering = ["-starts_at", "-id"]
        indexes = [models.Index(fields=["territory", "starts_at"]),
                   models.Index(fields=["territory", "status", "starts_at"])]

    def __str__(self) -> str:
        return self.title

    @property
    def in_official_building(self) -> bool:
        return self.venue_kind in OFFICIAL_VENUES

    @property
    def official_only(self) -> bool:
        """Organised only by the administration and/or the enterprise."""
        kinds = {self.organiser_kind, *self.partner_kinds}
        return kinds <= OFFICIAL_ORGANISERS


class EventPhoto(TownOwned):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(upload_to="events/photos/%Y/")
    caption = models.CharField(_("подпись"), max_length=300, blank=True)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]


class EventLink(TownOwned):
    """Where the event meets another capability (a vote, an appeal, a head meeting, a
    practice): named as the ledger names objects ("app.model" + id), so the apps stay apart;
    the web shows the link on both pages."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="links")
    object_type = models.CharField(max_length=60)
    object_id = models.CharField(max_length=40)
    title = models.CharField(max_length=300)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["event", "object_type", "object_id"],
                                               name="eventlink_once")]
        indexes = [models.Index(fields=["territory", "object_type", "object_id"])]


class EventDecision(TownOwned):
    """A decision the event took (who does what by when): the criterion «принятые решения» and
    the warning sign about dialogues that end in nothing read these."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="decisions")
    text = models.TextField(_("решение"))
    responsible = models.CharField(_("ответственный"), max_length=300, blank=True)
    due_on = models.DateField(_("срок"), null=True, blank=True)
    recorded_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]


def new_ticket_code() -> str:
    # 128 bits, URL-safe: the QR on a resident's phone; guessing one is out of reach.
    return secrets.token_urlsafe(16)


class Registration(TownOwned):
    class Source(models.TextChoices):
        WEB = "web", _("сайт")
        STAFF = "staff", _("сотрудник")
        BOT = "bot", _("бот")
        DOOR = "door", _("на входе")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    code = models.CharField(max_length=40, unique=True, default=new_ticket_code)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.WEB)
    registered_at = models.DateTimeField(auto_now_add=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    checked_in_at = models.DateTimeField(null=True, blank=True)
    checked_in_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL,
                                      related_name="+")

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["event", "person"],
                                               name="registration_once")]
        indexes = [models.Index(fields=["event", "checked_in_at"])]
