"""The registry of residents and active citizens, their consents, and who looked at whom.

A Person is built from existing lists (seed 000: veterans, activists, NGO members, enterprise
lists), from forms and from staff entry; each fact keeps where it came from (`PersonFact`).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from veche.territories.models import (
    Building,
    District,
    TownOwned,
    TownOwnedCreated,
    TownOwnedTimestamped,
)


class VerificationLevel(models.IntegerChoices):
    NONE = 0, _("не подтверждён")
    EMAIL = 1, _("эл. почта")
    PHONE = 2, _("телефон")
    ESIA = 3, _("Госуслуги")
    # Seen in person with an identity document (staff entry, a meeting, the reception).
    IN_PERSON = 4, _("по документу")


class SourceKind(models.TextChoices):
    LIST = "list", _("список")
    FORM = "form", _("анкета")
    IMPORT = "import", _("импорт")
    STAFF = "staff", _("сотрудник")
    ESIA = "esia", _("Госуслуги")
    SELF = "self", _("сам житель")


class Segment(TownOwned):
    """A tag or segment: veteran, volunteer, NGO member, deputy, enterprise employee, youth…"""

    code = models.SlugField(max_length=40)
    name = models.CharField(_("сегмент"), max_length=100)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["territory", "code"], name="segment_unique_code")
        ]

    def __str__(self) -> str:
        return self.name


class SourceList(TownOwned):
    """An existing list a town brought in (seed 000: «верификация ранее составленных списков»)."""

    name = models.CharField(_("список"), max_length=200)
    kind = models.CharField(max_length=20, choices=SourceKind.choices, default=SourceKind.LIST)
    received_at = models.DateField(null=True, blank=True)
    note = models.TextField(blank=True)
    # Who answers for the list: an organisation or a person (the list of lists shows it).
    owner = models.CharField(_("владелец списка"), max_length=200, blank=True)

    def __str__(self) -> str:
        return self.name


class Person(TownOwnedTimestamped):
    surname = models.CharField(_("фамилия"), max_length=100)
    given_name = models.CharField(_("имя"), max_length=100)
    patronymic = models.CharField(_("отчество"), max_length=100, blank=True)
    birth_date = models.DateField(_("дата рождения"), null=True, blank=True)
    phone = models.CharField(_("телефон"), max_length=16, blank=True, db_index=True)
    email = models.EmailField(_("эл. почта"), blank=True, db_index=True)
    district = models.ForeignKey(District, null=True, blank=True, on_delete=models.SET_NULL)
    building = models.ForeignKey(Building, null=True, blank=True, on_delete=models.SET_NULL)
    apartment = models.CharField(_("квартира"), max_length=10, blank=True)
    segments = models.ManyToManyField(Segment, blank=True, related_name="persons")
    verification = models.PositiveSmallIntegerField(
        choices=VerificationLevel.choices, default=VerificationLevel.NONE
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="persons",
    )
    # Lower-cased "surname given patronymic" for fragment search (trigram index on PostgreSQL).
    search_name = models.CharField(max_length=320, db_index=True, editable=False)
    is_erased = models.BooleanField(default=False)
    erased_at = models.DateTimeField(null=True, blank=True)
    # Set when this record was merged into another record of the same human (merges.py); the
    # registry's lists hide it, undoing the merge clears it. Always the final survivor.
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="absorbed",
    )
    # Given to listed persons by selectors.attach_segments (one query a page); not stored.
    segment_list: list[dict]

    class Meta:
        ordering = ["surname", "given_name", "patronymic"]
        constraints = [
            models.UniqueConstraint(
                fields=["territory", "user"], name="person_one_per_user_per_town",
                condition=models.Q(user__isnull=False),
            )
        ]
        indexes = [
            models.Index(fields=["territory", "birth_date"]),
            # The registry's order: a name search walks it and stops at the first page, instead
            # of sorting every match of a common fragment (bench/registry_search.py).
            # search_name is carried in the index (PostgreSQL INCLUDE), so the fragment filter
            # and the capped count run on the index alone, without visiting the table.
            models.Index(fields=["territory", "surname", "given_name", "patronymic", "id"],
                         name="person_registry_order", include=["search_name"],
                         condition=models.Q(is_erased=False, merged_into__isnull=True)),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        if self.is_erased:
            return "Удалённый участник"
        return " ".join(p for p in (self.surname, self.given_name, self.patronymic) if p)

    def save(self, *args, **kwargs):
        self.search_name = " ".join(
            p for p in (self.surname, self.given_name, self.patronymic) if p
        ).lower().replace("ё", "е")
        super().save(*args, **kwargs)


class PersonFact(TownOwned):
    """Where one fact about a person came from: which list, form, import or staff member."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="facts")
    field = models.CharField(max_length=40)
    source_kind = models.CharField(max_length=20, choices=SourceKind.choices)
    source_list = models.ForeignKey(SourceList, null=True, blank=True, on_delete=models.SET_NULL)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    # The value the source gave (a list's phone, organisation, role), so a later list that
    # changes it leaves the earlier one on record; and the very row of the list it came from.
    value = models.CharField(max_length=300, blank=True)
    import_row = models.ForeignKey("ListImportRow", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="facts")


class CardAccess(TownOwned):
    """Every opening of a person's card by staff (152-FZ: access to personal data is logged)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="card_accesses")
    viewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    purpose = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-at"]


class ConsentPurpose(models.TextChoices):
    PARTICIPATION = "participation", _("участие в проектах города")
    MESSAGES = "messages", _("сообщения")
    ANALYTICS = "analytics", _("анализ активности")


class ConsentChannel(models.TextChoices):
    NONE = "", _("—")
    EMAIL = "email", _("эл. почта")
    SMS = "sms", _("SMS")
    PHONE = "phone", _("звонок")
    TELEGRAM = "telegram", _("Telegram")
    POST = "post", _("почта")


class ConsentText(models.Model):
    """A published version of a consent wording. Consents refer to the version they agreed to."""

    purpose = models.CharField(max_length=20, choices=ConsentPurpose.choices)
    version = models.PositiveIntegerField()
    text = models.TextField()
    published_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["purpose", "version"], name="consent_text_version")
        ]


class Consent(TownOwned):
    """One grant or withdrawal; append-only. The newest row per (purpose, channel) is in force."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField(max_length=20, choices=ConsentPurpose.choices)
    channel = models.CharField(max_length=20, choices=ConsentChannel.choices, blank=True)
    granted = models.BooleanField()
    text = models.ForeignKey(ConsentText, on_delete=models.PROTECT)
    at = models.DateTimeField(db_index=True)
    # How the grant or withdrawal reached us: web, paper form, phone call, ESIA.
    via = models.CharField(max_length=20, default="web")
    ip = models.GenericIPAddressField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["person", "purpose", "channel", "-at"])]


class ListImport(TownOwnedCreated):
    """One uploaded list (CSV or XLSX). The original file is kept whatever happens to its rows."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("проверка колонок")
        QUEUED = "queued", _("в очереди")
        RUNNING = "running", _("обрабатывается")
        DONE = "done", _("готово")
        FAILED = "failed", _("файл не прочитан")

    source_list = models.ForeignKey(SourceList, on_delete=models.PROTECT, related_name="imports")
    segment = models.ForeignKey(Segment, null=True, blank=True, on_delete=models.SET_NULL)
    file = models.FileField(upload_to="imports/%Y/%m/")
    file_name = models.CharField(max_length=255)
    encoding = models.CharField(max_length=20, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    message = models.TextField(blank=True)
    rows_total = models.PositiveIntegerField(default=0)
    rows_done = models.PositiveIntegerField(default=0)
    created_count = models.PositiveIntegerField(default=0)
    matched_count = models.PositiveIntegerField(default=0)
    rejected_count = models.PositiveIntegerField(default=0)
    review_count = models.PositiveIntegerField(default=0)
    # What staff chose before the start (veche/registry/importfile.py reads, imports.py maps):
    # the sheets with data [{"name", "rows"}], the chosen sheet, the header's row in it
    # (1-based), the header cells, and column index (as text) → field.
    sheets = models.JSONField(default=list, blank=True)
    sheet = models.CharField(max_length=100, blank=True)
    header_row = models.PositiveIntegerField(default=0)
    headers = models.JSONField(default=list, blank=True)
    mapping = models.JSONField(default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )

    class Meta:
        ordering = ["-created_at"]


class ListImportRow(TownOwned):
    """One row of an uploaded list with its outcome; rejected rows keep their raw values and
    the Russian reasons, so nobody has to retype them."""

    class Outcome(models.TextChoices):
        CREATED = "created", _("добавлен")
        MATCHED = "matched", _("найден в реестре")
        REVIEW = "review", _("на проверке")
        REJECTED = "rejected", _("отклонён")

    list_import = models.ForeignKey(ListImport, on_delete=models.CASCADE, related_name="rows")
    number = models.PositiveIntegerField()
    raw = models.JSONField()
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL)
    errors = models.JSONField(default=list)
    # Provenance and the linkage's word: the sheet of the row (its `number` is the row in the
    # sheet or the line of a CSV), the match probability with the person it was linked to or
    # proposed for review (`candidate`).
    sheet = models.CharField(max_length=100, blank=True)
    score = models.FloatField(null=True, blank=True)
    candidate = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="import_candidates")

    class Meta:
        ordering = ["number"]


# The review queue, merges and verification (issue 18): models in their own module.
from .models_linkage import PersonMerge, ReviewCandidate, VerificationRequest  # noqa: E402, F401
