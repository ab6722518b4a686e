"""The monthly KPI scorecard of a town (seed 004, «Целевые показатели»): what staff and the
curator enter (improvement facts, external-resource cases, event reports, the curator's
assessment and cut-off judgements) and the computed month (`ScorecardMonth`), which the
service in veche/practices/scorecard/ recomputes from these rows, the bank and the ledger."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from veche.territories.models import TownOwned, TownOwnedCreated

__all__ = ["ImprovementFact", "ExternalResourceCase", "EventReport", "CuratorAssessment",
           "CutoffAssessment", "ScorecardMonth", "ScorecardSettings"]

USER = settings.AUTH_USER_MODEL


def _first_day() -> Q:
    return Q(month__day=1)


class ImprovementFact(TownOwnedCreated):
    """A fact of improvement of the administration's work, «зафиксированный и признанный»:
    it counts once a second person (head or curator) has recognised it."""

    month = models.DateField(_("месяц"))
    title = models.CharField(_("что улучшилось"), max_length=300)
    area = models.CharField(_("направление деятельности"), max_length=200, blank=True)
    description = models.TextField(_("было → стало"), blank=True)
    evidence_url = models.URLField(_("подтверждение (ссылка)"), blank=True, max_length=500)
    evidence_file = models.FileField(upload_to="scorecard/facts/%Y/", blank=True)
    recognized = models.BooleanField(_("признан"), default=False)
    recognized_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL,
                                      related_name="+")
    entered_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-month", "-id"]
        indexes = [models.Index(fields=["territory", "month"])]
        constraints = [models.CheckConstraint(condition=_first_day(), name="fact_month_first")]


class ExternalResourceCase(TownOwnedCreated):
    class Kind(models.TextChoices):
        FINANCIAL = "financial", _("финансовые")
        HUMAN = "human", _("человеческие")
        TECHNOLOGICAL = "technological", _("технологические")
        INFORMATION = "information", _("информационные")
        OTHER = "other", _("другие")

    month = models.DateField(_("месяц"))
    task = models.CharField(_("городская задача"), max_length=300)
    kind = models.CharField(_("вид ресурса"), max_length=20, choices=Kind.choices)
    source = models.CharField(_("кто дал ресурс"), max_length=300)
    amount = models.DecimalField(_("сумма, руб."), max_digits=14, decimal_places=2, null=True,
                                 blank=True)
    with_enterprise = models.BooleanField(_("совместно с предприятием"), default=False)
    evidence_url = models.URLField(_("подтверждение (ссылка)"), blank=True, max_length=500)
    entered_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-month", "-id"]
        indexes = [models.Index(fields=["territory", "month"])]
        constraints = [models.CheckConstraint(condition=_first_day(), name="external_month_first")]


class EventReport(TownOwned):
    """A project event with its announcement, release, speakers, lists and photos: the data
    behind cut-offs 2 (announcement and release), 4 (speakers), 5 (joint with the enterprise)
    and 8 (reports with lists and photos)."""

    month = models.DateField(_("месяц"))
    held_on = models.DateField(_("дата"))
    title = models.CharField(_("мероприятие"), max_length=300)
    announcement_url = models.URLField(_("анонс"), blank=True, max_length=500)
    release_url = models.URLField(_("пресс-релиз"), blank=True, max_length=500)
    speakers = models.JSONField(_("спикеры"), default=list)
    participants_count = models.PositiveIntegerField(_("участников"), default=0)
    participants_list = models.TextField(_("список участников"), blank=True)
    photo_urls = models.JSONField(_("фото"), default=list)
    with_enterprise = models.BooleanField(_("совместно с предприятием"), default=False)
    entered_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-held_on", "-id"]
        indexes = [models.Index(fields=["territory", "month"])]
        constraints = [models.CheckConstraint(condition=_first_day(), name="event_month_first")]


class CuratorAssessment(TownOwned):
    """«Экспертная оценка проекта — заключение куратора территории»: 0–100 % of weight 20."""

    month = models.DateField(_("месяц"))
    score = models.PositiveSmallIntegerField(_("оценка, %"))
    conclusion = models.TextField(_("заключение"))
    curator = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)
    # What the curator saw when judging: the reaction figures of the month as they were then
    # ([{"code", "label", "value", "detail", "source"}, …]) and the codes the judgement cites.
    figures = models.JSONField(default=list, blank=True)
    cited = models.JSONField(default=list, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["territory", "month"], name="curator_once_a_month"),
            models.CheckConstraint(condition=Q(score__lte=100), name="curator_score_0_100"),
            models.CheckConstraint(condition=_first_day(), name="curator_month_first"),
        ]


class CutoffAssessment(TownOwned):
    """The curator's judgement of one cut-off indicator in a month. For indicators the data
    can show, a judgement overrides the data (with the comment saying why)."""

    month = models.DateField(_("месяц"))
    code = models.PositiveSmallIntegerField(_("отсекающий показатель"))
    failed = models.BooleanField(_("сработал (нарушение)"))
    comment = models.TextField(_("комментарий"), blank=True)
    curator = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)
    figures = models.JSONField(default=list, blank=True)  # as on CuratorAssessment
    cited = models.JSONField(default=list, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["territory", "month", "code"],
                                    name="cutoff_once_a_month"),
            models.CheckConstraint(condition=Q(code__gte=1, code__lte=8), name="cutoff_code_1_8"),
            models.CheckConstraint(condition=_first_day(), name="cutoff_month_first"),
        ]


class ScorecardMonth(TownOwned):
    """The computed scorecard of a town for a month; rewritten by `scorecard_recompute`."""

    month = models.DateField()
    practices = models.PositiveIntegerField(default=0)
    practices_points = models.FloatField(default=0)
    votes = models.PositiveIntegerField(default=0)
    voters = models.PositiveIntegerField(default=0)
    votes_points = models.FloatField(default=0)
    facts = models.PositiveIntegerField(default=0)
    facts_points = models.FloatField(default=0)
    external = models.PositiveIntegerField(default=0)
    external_points = models.FloatField(default=0)
    curator_score = models.PositiveSmallIntegerField(null=True, blank=True)
    curator_points = models.FloatField(default=0)
    total_raw = models.FloatField(default=0)
    total = models.FloatField(default=0)
    # {"1": {"failed": true|false|null, "source": "data"|"curator"|"none", "why": "..."}, …}
    cutoffs = models.JSONField(default=dict)
    cut_off = models.BooleanField(default=False)
    # The ScorecardSettings row the month was computed under (0: the defaults, no row yet).
    settings_version = models.PositiveIntegerField(default=0)
    computed_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["territory", "month"]
        constraints = [
            models.UniqueConstraint(fields=["territory", "month"], name="scorecard_once_a_month"),
        ]


class ScorecardSettings(models.Model):
    """The network's settings of the scorecard: the numbers seed 004 leaves open (rules.py
    says which). Network-wide, not a town's row. Append-only: each change is a new row with
    who, when and why; the newest row is in force, and its id is the months' settings_version."""

    votes_held_points = models.FloatField(_("баллов за проведённое голосование"))
    voters_share_percent = models.FloatField(_("доля проголосовавших для полного балла, %"))
    facts_full = models.PositiveSmallIntegerField(_("признанных фактов для полного балла"))
    speakers_window_months = models.PositiveSmallIntegerField(_("окно подсчёта спикеров, мес."))
    no_events_fails = models.BooleanField(_("месяц без мероприятий не проходит показатели 2 и 8"))
    reason = models.TextField(_("причина изменения"))
    changed_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-id"]
        constraints = [
            models.CheckConstraint(condition=Q(votes_held_points__gte=0,
                                               votes_held_points__lte=20),
                                   name="scorecard_settings_vote_points"),
            models.CheckConstraint(condition=Q(voters_share_percent__gt=0,
                                               voters_share_percent__lte=100),
                                   name="scorecard_settings_share"),
        ]
