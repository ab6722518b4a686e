"""Citizens' appeals (59-FZ): the appeal itself, its numbering counter, every change of it
(`AppealEvent`), photos and report files (`AppealAttachment`), extensions, forwardings to
another body and every message sent to the applicant (`AppealNotification`)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from veche.accounts.models import Department
from veche.registry.models import Person
from veche.territories.models import Building, CityTopic, TownOwned, TownOwnedTimestamped

__all__ = [
    "AppealChannel", "AppealStatus", "AppealNumberCounter", "Appeal", "AppealEvent",
    "AppealAttachment", "AppealExtension", "AppealForwarding", "AppealNotification",
    "AppealDesk", "OPEN_STATUSES", "TEXT_MAX",
]

TEXT_MAX = 10_000


class AppealChannel(models.TextChoices):
    HEAD_MEETING = "head_meeting", _("встреча с Главой")
    RECEPTION = "reception", _("личный приём")
    WEB = "web", _("сайт")
    PHONE = "phone", _("телефон")
    LETTER = "letter", _("письмо")
    EMAIL = "email", _("электронная почта")
    OTHER = "other", _("другое")


class AppealStatus(models.TextChoices):
    RECEIVED = "received", _("поступило")
    REGISTERED = "registered", _("зарегистрировано")
    IN_WORK = "in_work", _("в работе")
    ANSWERED = "answered", _("дан ответ")
    CLOSED = "closed", _("закрыто")
    FORWARDED = "forwarded", _("перенаправлено")
    REOPENED = "reopened", _("возобновлено")


OPEN_STATUSES = (
    AppealStatus.RECEIVED, AppealStatus.REGISTERED, AppealStatus.IN_WORK, AppealStatus.REOPENED,
)


class AppealDesk(TownOwned):
    """A department that registers appeals and sees all of them (the head's office, the
    general department). Staff of other departments are executors: they see only what is
    addressed to their department; staff without a department see everything."""

    department = models.ForeignKey(Department, on_delete=models.CASCADE)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["territory", "department"], name="appeal_desk_unique")
        ]


class AppealNumberCounter(TownOwned):
    """The last registration number given in a town for a year; incremented under a row lock."""

    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["territory", "year"], name="appeal_counter_unique")
        ]


class Appeal(TownOwnedTimestamped):
    number = models.CharField(_("регистрационный номер"), max_length=20)
    channel = models.CharField(_("канал"), max_length=20, choices=AppealChannel.choices)
    status = models.CharField(
        _("статус"), max_length=20, choices=AppealStatus.choices, default=AppealStatus.RECEIVED
    )
    applicant = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="appeals")
    # What the applicant gave for this appeal (59-FZ: surname and an address or email to answer).
    applicant_surname = models.CharField(_("фамилия"), max_length=100)
    applicant_name = models.CharField(_("имя и отчество"), max_length=200, blank=True)
    reply_email = models.EmailField(_("email для ответа"), blank=True)
    reply_postal = models.CharField(_("почтовый адрес для ответа"), max_length=500, blank=True)
    reply_phone = models.CharField(_("телефон"), max_length=16, blank=True)
    # Where the problem is.
    address_text = models.CharField(_("адрес проблемы"), max_length=500, blank=True)
    building = models.ForeignKey(Building, null=True, blank=True, on_delete=models.SET_NULL)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    topic = models.ForeignKey(
        CityTopic, null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("тема")
    )
    text = models.TextField(_("текст обращения"), max_length=TEXT_MAX)
    department = models.ForeignKey(
        Department, null=True, blank=True, on_delete=models.SET_NULL,
        verbose_name=_("ответственный отдел"),
    )
    # 59-FZ dates.
    received_at = models.DateTimeField(_("поступило"))
    registration_due = models.DateField(_("зарегистрировать до"))
    registered_at = models.DateTimeField(_("зарегистрировано"), null=True, blank=True)
    answer_due = models.DateField(_("ответить до"), null=True, blank=True)
    answer_due_initial = models.DateField(null=True, blank=True)
    answer_text = models.TextField(_("ответ"), blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    reopened_count = models.PositiveSmallIntegerField(default=0)
    # A plain reference to where the appeal came from in another area, e.g. "meeting:12".
    source_ref = models.CharField(max_length=60, blank=True, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    # One submission of the resident's form or the API (its hidden token, the Idempotency-Key
    # header): the same key from the same login is the appeal already received
    # (services/submission.py); unique so that it holds under concurrency too.
    submission_key = models.CharField(max_length=64, blank=True, default="")

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = _("обращение")
        verbose_name_plural = _("обращения")
        constraints = [
            models.UniqueConstraint(fields=["territory", "number"], name="appeal_unique_number"),
            models.UniqueConstraint(fields=["territory", "created_by", "submission_key"],
                                    condition=models.Q(submission_key__gt=""),
                                    name="appeal_unique_submission"),
            models.CheckConstraint(
                condition=models.Q(reply_email__gt="") | models.Q(reply_postal__gt=""),
                name="appeal_has_reply_address",
            ),
        ]
        indexes = [
            models.Index(fields=["territory", "status", "answer_due"]),
            models.Index(fields=["territory", "received_at"]),
            models.Index(fields=["territory", "department", "status"]),
            models.Index(fields=["applicant", "received_at"]),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def title(self) -> str:
        text = " ".join(self.text.split())
        return text if len(text) <= 80 else text[:79] + "…"


class AppealEvent(TownOwned):
    """One change of an appeal: status, extension, forwarding, assignment, answer, note."""

    class Kind(models.TextChoices):
        STATUS = "status", _("статус")
        EXTENSION = "extension", _("продление срока")
        FORWARDING = "forwarding", _("перенаправление")
        ASSIGNMENT = "assignment", _("поручение")
        REPORT = "report", _("отчёт исполнителя")
        FEEDBACK = "feedback", _("оценка заявителя")
        NOTE = "note", _("заметка")

    appeal = models.ForeignKey(Appeal, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.STATUS)
    at = models.DateTimeField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    from_status = models.CharField(max_length=20, choices=AppealStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=AppealStatus.choices, blank=True)
    comment = models.TextField(blank=True)
    # Shown to the applicant in the cabinet (internal notes are not).
    public = models.BooleanField(default=True)

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["appeal", "at"])]


class AppealAttachment(TownOwned):
    """A photo of the problem (or a file of an executor's report). Images only, checked with
    Pillow before saving."""

    appeal = models.ForeignKey(Appeal, on_delete=models.CASCADE, related_name="attachments")
    report = models.ForeignKey(
        "appeals.AssignmentReport", null=True, blank=True, on_delete=models.CASCADE,
        related_name="attachments",
    )
    file = models.FileField(upload_to="appeals/%Y/%m/")
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=60)
    size = models.PositiveIntegerField()
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "id"]


class AppealNotification(TownOwned):
    """Every message to the applicant (or an executor) — sent, or skipped and why."""

    class Kind(models.TextChoices):
        REGISTERED = "registered", _("регистрация")
        EXTENDED = "extended", _("продление срока")
        FORWARDED = "forwarded", _("перенаправление")
        ANSWERED = "answered", _("ответ")
        FEEDBACK_REQUEST = "feedback_request", _("запрос оценки")
        REOPENED = "reopened", _("возобновление")
        ASSIGNMENT_TERM = "assignment_term", _("срок исполнения поручения")
        ASSIGNMENT_DONE = "assignment_done", _("поручение исполнено: подтвердите")

    class Channel(models.TextChoices):
        EMAIL = "email", _("эл. почта")
        SMS = "sms", _("SMS")
        CABINET = "cabinet", _("личный кабинет")
        POST = "post", _("почта")

    class Outcome(models.TextChoices):
        SENT = "sent", _("отправлено")
        SKIPPED = "skipped", _("не отправлено")
        FAILED = "failed", _("ошибка")
        TO_PRINT = "to_print", _("к отправке письмом")

    appeal = models.ForeignKey(Appeal, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    channel = models.CharField(max_length=10, choices=Channel.choices)
    recipient = models.CharField(max_length=500, blank=True)
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    detail = models.CharField(max_length=300, blank=True)
    # What the applicant was told, kept for the e-mails and the letters to print: the record
    # of a legal notice is its text, and a letter is printed from it (appeals/letters.py).
    subject = models.CharField(max_length=300, blank=True)
    text = models.TextField(blank=True)
    at = models.DateTimeField()

    class Meta:
        ordering = ["at", "id"]


class AppealExtension(TownOwned):
    """59-FZ art. 12 p. 2: the answer term extended, with the reason, the applicant told."""

    appeal = models.ForeignKey(Appeal, on_delete=models.CASCADE, related_name="extensions")
    reason = models.TextField()
    old_due = models.DateField()
    new_due = models.DateField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()

    class Meta:
        ordering = ["at", "id"]


class AppealForwarding(TownOwned):
    """59-FZ art. 8 p. 3: forwarded to the body whose competence it is, within 7 days."""

    appeal = models.ForeignKey(Appeal, on_delete=models.CASCADE, related_name="forwardings")
    body = models.CharField(_("орган"), max_length=300)
    reason = models.TextField(_("причина"))
    forwarded_on = models.DateField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()

    class Meta:
        ordering = ["at", "id"]
