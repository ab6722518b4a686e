"""A town's best-practices project (seed 004): its yearly run through the seven stages, the
city problems and initiatives it starts from, the bodies that work on it (working group,
expert council, public council), expert scoring with declared conflicts and the shortlist for
the resident vote. What is done with the chosen items afterwards (plans, monitoring,
evaluation) is in implementation.py.

Practices of the bank are referenced as "practices.Practice" (bank.py); the resident vote of
the votes app only by a plain `vote_ref` string, as capability apps do not import each other.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from veche.registry.models import Person
from veche.territories.models import CityTopic, TownOwned, TownOwnedCreated

__all__ = [
    "TownProject", "StageResultMark", "CityProblem", "Initiative", "Body", "BodyMember",
    "BodySession", "Criterion", "ExpertRound", "ExpertScore", "ConflictDeclaration",
    "Shortlist", "ShortlistItem", "ProblemSupport", "PassportSelection",
]

USER = settings.AUTH_USER_MODEL
PRACTICE = "practices.Practice"


class TownProject(TownOwnedCreated):
    """One yearly run of the project in a town; its stage checklist is computed (stages.py)."""

    year = models.PositiveSmallIntegerField(_("год"))
    title = models.CharField(_("название"), max_length=200)
    current_stage = models.PositiveSmallIntegerField(_("текущий этап"), default=1)
    # Weights of the expert criteria (Criterion codes -> weight), editable per town and year.
    weights = models.JSONField(_("веса критериев"), default=dict)
    # Practices put before the experts besides the town's own: other towns' published ones.
    candidates = models.ManyToManyField("practices.Practice", blank=True, related_name="+")

    class Meta:
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["territory", "year"], name="townproject_one_a_year"),
            models.CheckConstraint(condition=Q(current_stage__gte=1, current_stage__lte=7),
                                   name="townproject_stage_1_7"),
        ]

    def __str__(self) -> str:
        return self.title


class StageResultMark(TownOwned):
    """A manual tick of a stage's required result that the data cannot show, with evidence."""

    project = models.ForeignKey(TownProject, on_delete=models.CASCADE, related_name="marks")
    result_code = models.CharField(max_length=40)
    done = models.BooleanField(default=True)
    evidence_text = models.TextField(_("подтверждение"), blank=True)
    evidence_url = models.URLField(_("ссылка на документ"), blank=True, max_length=500)
    evidence_file = models.FileField(upload_to="projects/evidence/%Y/", blank=True)
    marked_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    marked_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["project", "result_code"],
                                               name="stagemark_one_per_result")]


class CityProblem(TownOwnedCreated):
    class Source(models.TextChoices):
        MEETING = "meeting", _("встреча с жителями")
        APPEALS = "appeals", _("обращения")
        SURVEY = "survey", _("опрос")
        STRATEGY = "strategy", _("стратегия, требования РОИВ")
        STAFF = "staff", _("администрация")

    project = models.ForeignKey(TownProject, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="problems")
    text = models.TextField(_("проблема"))
    topic = models.ForeignKey(CityTopic, null=True, blank=True, on_delete=models.SET_NULL)
    source = models.CharField(_("источник"), max_length=20, choices=Source.choices,
                              default=Source.STAFF)
    # Residents' own supports in force (ProblemSupport rows not withdrawn), kept by the
    # services in the same transaction: the ranking «самая важная проблема» follows from it.
    supports = models.PositiveIntegerField(_("поддержали жители"), default=0)
    # The count staff typed before residents supported problems themselves (issue 14): kept as
    # history, shown beside the residents' count, never added to it nor used for the ranking.
    supports_before_self = models.PositiveIntegerField(
        _("поддержка до запуска самоподдержки"), default=0)
    created_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-supports", "-created_at"]

    def __str__(self) -> str:
        return self.text[:80]


class Initiative(TownOwnedCreated):
    class Status(models.TextChoices):
        PROPOSED = "proposed", _("предложена")
        EXPERTISE = "expertise", _("на экспертизе")
        SHORTLISTED = "shortlisted", _("в перечне для голосования")
        SELECTED = "selected", _("выбрана для реализации")
        REJECTED = "rejected", _("отклонена")
        IMPLEMENTING = "implementing", _("реализуется")
        DONE = "done", _("реализована")

    project = models.ForeignKey(TownProject, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="initiatives")
    title = models.CharField(_("инициатива"), max_length=300)
    description = models.TextField(_("описание"), blank=True)
    problem = models.ForeignKey(CityProblem, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="initiatives")
    authors = models.ManyToManyField(Person, blank=True, related_name="+")
    # Authors who are not in the registry (yet): one name per line.
    author_names = models.TextField(_("авторы вне реестра"), blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PROPOSED)

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


class Body(TownOwnedCreated):
    class Kind(models.TextChoices):
        WORKING_GROUP = "working_group", _("рабочая группа")
        EXPERT_COUNCIL = "expert_council", _("экспертный совет")
        PUBLIC_COUNCIL = "public_council", _("общественный совет")

    kind = models.CharField(_("вид"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("название"), max_length=300)
    order_number = models.CharField(_("номер распоряжения"), max_length=60, blank=True)
    order_date = models.DateField(_("дата распоряжения"), null=True, blank=True)
    tasks = models.TextField(_("задачи (по распоряжению)"), blank=True)

    class Meta:
        ordering = ["kind", "name"]

    def __str__(self) -> str:
        return self.name


class BodyMember(TownOwned):
    class Role(models.TextChoices):
        CHAIR = "chair", _("председатель")
        SECRETARY = "secretary", _("секретарь")
        MEMBER = "member", _("член")

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.CASCADE,
                               related_name="+")
    user = models.ForeignKey(USER, null=True, blank=True, on_delete=models.CASCADE,
                             related_name="+")
    name = models.CharField(_("ФИО"), max_length=300)
    role = models.CharField(_("роль"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    position = models.CharField(_("должность, организация"), max_length=300, blank=True)
    is_community_member = models.BooleanField(_("участник «Гражданин страны Росатом»"),
                                              default=False)

    class Meta:
        ordering = ["role", "name"]
        constraints = [
            models.UniqueConstraint(fields=["body", "person"], condition=Q(person__isnull=False),
                                    name="bodymember_person_once"),
            models.UniqueConstraint(fields=["body", "user"], condition=Q(user__isnull=False),
                                    name="bodymember_user_once"),
        ]

    def __str__(self) -> str:
        return self.name


class BodySession(TownOwned):
    """A meeting of a body; `stage` and `meeting_code` tie it to a meeting of the seed's stage."""

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="sessions")
    project = models.ForeignKey(TownProject, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="sessions")
    stage = models.PositiveSmallIntegerField(_("этап"), null=True, blank=True)
    meeting_code = models.CharField(max_length=40, blank=True)
    held_on = models.DateField(_("дата"))
    title = models.CharField(_("тема заседания"), max_length=300)
    agenda = models.JSONField(_("повестка"), default=list)
    minutes = models.TextField(_("протокол"), blank=True)
    minutes_file = models.FileField(upload_to="projects/minutes/%Y/", blank=True)
    decisions = models.JSONField(_("решения"), default=list)
    attendees = models.PositiveIntegerField(_("присутствовали"), default=0)
    created_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"{self.held_on:%d.%m.%Y} {self.title}"


class Criterion(models.TextChoices):
    """The seed's criteria (stage 5): effect, resource intensity, timeframe, fit to needs.
    Every score is 1..5 where 5 is best (cheap, quick, effective, needed)."""

    EFFECT = "effect", _("эффективность")
    RESOURCES = "resources", _("ресурсоёмкость (доступность ресурсов)")
    TIMEFRAME = "timeframe", _("сроки реализации")
    FIT = "fit", _("соответствие городским потребностям")


class ExpertRound(models.IntegerChoices):
    """Seed 004 has two expertises on the same four criteria: the primary one of everything
    proposed (stage 3, before the shortlist) and the secondary one of the items that won the
    residents' vote (stage 5, «вторичная экспертиза»)."""

    PRIMARY = 1, _("первичная экспертиза (этап 3)")
    SECONDARY = 2, _("вторичная экспертиза победителей голосования (этап 5)")


def _one_item() -> Q:
    return (Q(initiative__isnull=False, practice__isnull=True)
            | Q(initiative__isnull=True, practice__isnull=False))


class ExpertScore(TownOwned):
    project = models.ForeignKey(TownProject, on_delete=models.CASCADE, related_name="scores")
    expert = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="+")
    initiative = models.ForeignKey(Initiative, null=True, blank=True, on_delete=models.CASCADE)
    practice = models.ForeignKey(PRACTICE, null=True, blank=True, on_delete=models.CASCADE,
                                 related_name="+")
    effect = models.PositiveSmallIntegerField()
    resources = models.PositiveSmallIntegerField()
    timeframe = models.PositiveSmallIntegerField()
    fit = models.PositiveSmallIntegerField()
    round = models.PositiveSmallIntegerField(_("раунд экспертизы"), choices=ExpertRound.choices,
                                             default=ExpertRound.PRIMARY)
    comment = models.TextField(blank=True)
    scored_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=_one_item(), name="expertscore_one_item"),
            models.UniqueConstraint(fields=["project", "round", "expert", "initiative"],
                                    condition=Q(initiative__isnull=False),
                                    name="expertscore_once_initiative_round"),
            models.UniqueConstraint(fields=["project", "round", "expert", "practice"],
                                    condition=Q(practice__isnull=False),
                                    name="expertscore_once_practice_round"),
        ]


class ConflictDeclaration(TownOwned):
    """An expert's declared conflict of interest: they may not score that item."""

    project = models.ForeignKey(TownProject, on_delete=models.CASCADE, related_name="conflicts")
    expert = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="+")
    initiative = models.ForeignKey(Initiative, null=True, blank=True, on_delete=models.CASCADE)
    practice = models.ForeignKey(PRACTICE, null=True, blank=True, on_delete=models.CASCADE,
                                 related_name="+")
    reason = models.TextField(_("причина"))
    declared_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=_one_item(), name="conflict_one_item"),
        ]


class Shortlist(TownOwned):
    """The expert council's approved list for the resident vote (seed, stage 3)."""

    project = models.ForeignKey(TownProject, on_delete=models.CASCADE, related_name="shortlists")
    session = models.ForeignKey(BodySession, null=True, blank=True, on_delete=models.SET_NULL)
    decision = models.TextField(_("решение совета"))
    approved_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    approved_at = models.DateTimeField(auto_now_add=True)
    # The resident vote made from this list ("votes.vote:<id>"), once the web layer created it.
    vote_ref = models.CharField(max_length=60, blank=True)
    # When the closed vote's winners were taken for the secondary expertise (stage 5).
    winners_taken_at = models.DateTimeField(_("победители голосования приняты"), null=True,
                                            blank=True)

    class Meta:
        ordering = ["-approved_at"]


class ShortlistItem(TownOwned):
    shortlist = models.ForeignKey(Shortlist, on_delete=models.CASCADE, related_name="items")
    initiative = models.ForeignKey(Initiative, null=True, blank=True, on_delete=models.PROTECT)
    practice = models.ForeignKey(PRACTICE, null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="+")
    position = models.PositiveSmallIntegerField()
    score = models.FloatField(null=True, blank=True)
    # Won the residents' vote (taken from the closed vote's count): scored again at stage 5.
    won_vote = models.BooleanField(_("победитель голосования жителей"), default=False)

    class Meta:
        ordering = ["position"]
        constraints = [models.CheckConstraint(condition=_one_item(), name="shortlist_one_item")]


class ProblemSupport(TownOwnedCreated):
    """A resident's own support of a city problem (seed 004 «Правила игры»: «Концентрировать
    ресурсы нужно на самой важной проблеме»). One row per person and problem; a withdrawal
    keeps the row (its ledger action stays: the support was given) and a renewed support
    reuses it without a second ledger row."""

    problem = models.ForeignKey(CityProblem, on_delete=models.CASCADE,
                                related_name="support_rows")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    withdrawn_at = models.DateTimeField(_("отозвана"), null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["problem", "person"],
                                               name="problemsupport_once_per_person")]


class PassportSelection(TownOwnedCreated):
    """A body's recorded decision (seed 004, stage 3, the expert council's session with the
    working group): «Утвержден перечень собственных (реализованных) лучших практик (не менее
    трех), отобранных для паспортизации». The practices listed are the town's own."""

    project = models.ForeignKey(TownProject, on_delete=models.CASCADE,
                                related_name="passport_selections")
    session = models.ForeignKey(BodySession, on_delete=models.PROTECT, related_name="+")
    decision = models.TextField(_("решение"))
    practices: models.ManyToManyField = models.ManyToManyField(PRACTICE, related_name="+")
    recorded_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL,
                                    related_name="+")

    class Meta:
        ordering = ["-created_at"]
