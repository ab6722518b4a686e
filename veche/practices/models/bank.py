"""The bank of best municipal practices (seed 004): a practice owned by a town, classified on the
seed's matrix (method × function of local government), moving along the seed's lifecycle; its
passport in the official 22-section form, versioned (a new version per save or import); where
other towns replicate it.

The bank is shared by the network: public pages read the published practices of every town on
purpose (inside ``all_towns()``); staff edit only their own town's practices.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from veche.territories.models import CityTopic, TownOwned, TownOwnedCreated, TownOwnedTimestamped

__all__ = [
    "Method", "Function", "Stage", "Tag", "Practice", "PassportVersion", "PracticeTransition",
    "Replication",
]

USER = settings.AUTH_USER_MODEL


class TsVectorField(models.Field):
    """A PostgreSQL ``tsvector`` column (plain text on SQLite, where it stays empty). Django's
    SearchVectorField would need django.contrib.postgres installed, which the SQLite demo
    does not have."""

    description = "full-text search vector"

    def db_type(self, connection):
        return "tsvector" if connection.vendor == "postgresql" else "text"


class Method(models.TextChoices):
    """Columns of the seed's classifier: how a practice improves the local government's work."""

    OWN_RESOURCES = "own_resources", _("Повышение эффективности использования собственных "
                                       "ресурсов ОМСУ")
    ENVIRONMENT = "environment", _("Повышение эффективности (качества) взаимодействия с "
                                   "внешней средой")
    INTERNAL = "internal", _("Повышение эффективности (качества работы) внутренних механизмов "
                             "ОМСУ")
    EXTERNAL_RESOURCES = "external_resources", _("Привлечение внешних ресурсов")


class Function(models.TextChoices):
    """Rows of the seed's classifier: functions of local government."""

    INFRASTRUCTURE = "infrastructure", _("Создание качественной инфраструктуры")
    HEALTH = "health", _("Сохранение и укрепление здоровья жителей")
    SAFETY = "safety", _("Обеспечение безопасности населения")
    EMPLOYMENT = "employment", _("Повышение уровня занятости и доходов населения")
    EDUCATION = "education", _("Развитие образования")
    CULTURE = "culture", _("Развитие культуры, массового спорта, организация отдыха и работы "
                           "с молодежью")
    SOCIAL = "social", _("Социальная защита населения")
    ECOLOGY = "ecology", _("Обеспечение благоприятной экологической обстановки")
    REGIONAL = "regional", _("Выполнение требований и поручений РОИВ")


class Stage(models.TextChoices):
    """The seed's lifecycle of a best practice, in order."""

    PROBLEM = "problem", _("Проблема")
    OPTIONS = "options", _("Варианты решения")
    INITIATIVE = "initiative", _("Инициатива/идея — как будем решать проблему")
    DECLARATION = "declaration", _("Декларация инициативы")
    SUPPORT = "support", _("Поддержка инициативы/подбор союзников")
    BARRIERS = "barriers", _("Преодоление барьеров/ограничений")
    RESOURCES = "resources", _("Поиск ресурсов/оптимизация расходов")
    IMPLEMENTATION = "implementation", _("Воплощение идеи/решение проблемы")
    OPERATION = "operation", _("Эксплуатация/проверка на жизнеспособность")
    CHANGE = "change", _("Внесение изменений в существующую систему")
    APPROVAL = "approval", _("Утверждение как истинного/общепринятого")
    REPLICATION = "replication", _("Тиражирование")


class Tag(models.Model):
    """A free tag of the network-wide bank (not a town's: the bank is shared)."""

    name = models.CharField(_("метка"), max_length=60, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Practice(TownOwnedTimestamped):
    class Status(models.TextChoices):
        DRAFT = "draft", _("черновик")
        PUBLISHED = "published", _("опубликована в банке")
        ARCHIVED = "archived", _("в архиве")

    title = models.CharField(_("наименование практики"), max_length=500)
    summary = models.TextField(_("кратко"), blank=True)  # from section 13, for lists
    method = models.CharField(_("метод"), max_length=30, choices=Method.choices, blank=True)
    function = models.CharField(_("функция ОМСУ"), max_length=30, choices=Function.choices,
                                blank=True)
    topics = models.ManyToManyField(CityTopic, blank=True, related_name="practices")
    tags = models.ManyToManyField(Tag, blank=True, related_name="practices")
    stage = models.CharField(_("этап жизненного цикла"), max_length=20, choices=Stage.choices,
                             default=Stage.PROBLEM)
    status = models.CharField(_("статус"), max_length=12, choices=Status.choices,
                              default=Status.DRAFT)
    year = models.PositiveSmallIntegerField(_("год начала"), null=True, blank=True)
    contest_year = models.PositiveSmallIntegerField(_("год конкурса"), null=True, blank=True)
    current_version = models.ForeignKey("PassportVersion", null=True, blank=True,
                                        on_delete=models.SET_NULL, related_name="+")
    # Search: lemmas of the whole passport (SQLite search, TF-IDF of similar practices) and,
    # on PostgreSQL, a `russian` tsvector kept by the service (GIN index made in apps.py).
    search_lemmas = models.TextField(blank=True, default="")
    search_vector = TsVectorField(null=True, blank=True, editable=False)
    # Title, tags, classifier and summary only: small enough to stay inline (not toasted), so
    # ranking a common word's thousands of matches does not read every whole passport.
    search_head = TsVectorField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    published_at = models.DateTimeField(null=True, blank=True)
    # Given to found practices by bank.search (the match's rank); not stored.
    rank: float

    class Meta:
        ordering = ["-year", "title", "id"]
        indexes = [
            models.Index(fields=["status", "method", "function"], name="practice_cell"),
            models.Index(fields=["territory", "status"], name="practice_town_status"),
            models.Index(fields=["status", "year"], name="practice_status_year"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(year__isnull=True) | Q(year__gte=1990,
                                                                      year__lte=2100),
                                   name="practice_year_sane"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED


class PassportVersion(TownOwnedCreated):
    """One saved state of the passport: all 22 sections as ``Passport.to_dict()`` (schema in
    veche/practices/passport/schema.py: text sections as strings, tables as lists of rows),
    the parser's problems and the original file, kept as uploaded."""

    class Source(models.TextChoices):
        DOCX = "docx", _("файл DOCX")
        TEXT = "text", _("текстовый файл")
        FORM = "form", _("правка на сайте")
        API = "api", _("API")
        DEMO = "demo", _("демо")

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("номер версии"))
    data = models.JSONField(_("разделы паспорта"), default=dict)
    recognised = models.JSONField(default=list)  # section numbers the parser found
    problems = models.JSONField(_("что не распознано"), default=list)
    unplaced = models.JSONField(_("текст вне разделов"), default=list)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.FORM)
    source_file = models.FileField(upload_to="practices/passports/%Y/", blank=True)
    source_name = models.CharField(_("имя файла"), max_length=255, blank=True)
    comment = models.CharField(_("что изменено"), max_length=300, blank=True)
    created_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    class Meta:
        ordering = ["practice", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["practice", "number"], name="passport_version_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.practice_id} v{self.number}"


class PracticeTransition(TownOwned):
    """A move of a practice along the lifecycle: who, when, why."""

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="transitions")
    from_stage = models.CharField(max_length=20, choices=Stage.choices, blank=True)
    to_stage = models.CharField(max_length=20, choices=Stage.choices)
    by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL,
                           related_name="+")
    at = models.DateTimeField()
    comment = models.TextField(_("комментарий"), blank=True)

    class Meta:
        ordering = ["practice", "at", "id"]


class Replication(TownOwnedTimestamped):
    """A town adopts another town's practice. The row belongs to the adopting town."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("планируется")
        RUNNING = "running", _("внедряется")
        DONE = "done", _("внедрена")
        STOPPED = "stopped", _("прекращена")

    # `territory` (from TownOwned) is the adopting town; `practice` may be another town's.
    practice = models.ForeignKey(Practice, on_delete=models.PROTECT,
                                 related_name="replications")
    adaptation_notes = models.TextField(_("как адаптируем"), blank=True)
    # Own indicators: [{"indicator", "unit", "target", "actual"}].
    indicators = models.JSONField(_("свои показатели"), default=list, blank=True)
    status = models.CharField(_("статус"), max_length=10, choices=Status.choices,
                              default=Status.PLANNED)
    started_on = models.DateField(_("начало"), null=True, blank=True)
    created_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    class Meta:
        ordering = ["-created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["territory", "practice"],
                                    name="replication_once_per_town"),
        ]

    def __str__(self) -> str:
        return f"{self.practice_id} → {self.territory_id}"
