"""Feedback for an event (seed 000: «для каждого мероприятия предусматривается уместная форма
обратной связи») and its countable criteria of effectiveness («четкие, счетные критерии»).

A questionnaire belongs to one event, or stands alone for a town-wide survey (the community's
perception survey among the town's elites that one warning sign reads). Each answered form is one
response of one registry person: a ledger action, once per person and questionnaire."""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from veche.registry.models import Person
from veche.territories.models import TownOwned, TownOwnedCreated

from .events import Event

USER = settings.AUTH_USER_MODEL


class QuestionnairePurpose(models.TextChoices):
    EVENT_FEEDBACK = "event_feedback", _("обратная связь по мероприятию")
    # Seed 000's sign «городские элиты воспринимают сообщество как непонятное, выдуманное и
    # навязанное»: a survey of the town's elites about the community's format of work.
    COMMUNITY_PERCEPTION = "community_perception", _("восприятие сообщества городскими элитами")


def new_form_slug() -> str:
    return secrets.token_urlsafe(9)


class Questionnaire(TownOwnedCreated):
    event = models.OneToOneField(Event, null=True, blank=True, on_delete=models.CASCADE,
                                 related_name="questionnaire")
    purpose = models.CharField(max_length=30, choices=QuestionnairePurpose.choices,
                               default=QuestionnairePurpose.EVENT_FEEDBACK)
    title = models.CharField(_("заголовок"), max_length=300)
    intro = models.TextField(_("вступление"), blank=True)
    # The link and the QR code point at this slug; it names nothing guessable.
    slug = models.SlugField(max_length=20, unique=True, default=new_form_slug)
    is_open = models.BooleanField(_("принимает ответы"), default=True)
    closes_at = models.DateTimeField(_("принимает ответы до"), null=True, blank=True)
    created_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    def __str__(self) -> str:
        return self.title


class QuestionKind(models.TextChoices):
    RATING = "rating", _("оценка от 1 до 5")
    TEXT = "text", _("открытый вопрос")
    PROPOSAL = "proposal", _("что бы вы предложили")  # an answer is a ledger «предложение»
    HELP = "help", _("хочу помочь")  # yes + what with: a volunteer the organisers can call
    CHOICE = "choice", _("выбор из вариантов")


class FeedbackQuestion(TownOwned):
    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.CASCADE,
                                      related_name="questions")
    order = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField(max_length=10, choices=QuestionKind.choices)
    text = models.CharField(_("вопрос"), max_length=500)
    required = models.BooleanField(_("обязательный"), default=False)
    choices = models.JSONField(_("варианты"), default=list, blank=True)

    class Meta:
        ordering = ["order", "id"]


class FeedbackResponse(TownOwned):
    class Channel(models.TextChoices):
        QR = "qr", _("QR-код")
        LINK = "link", _("ссылка")
        BOT = "bot", _("бот")
        WEB = "web", _("сайт")

    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.CASCADE,
                                      related_name="responses")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    channel = models.CharField(max_length=10, choices=Channel.choices, default=Channel.WEB)
    submitted_at = models.DateTimeField(auto_now_add=True)
    wants_to_help = models.BooleanField(default=False)

    class Meta:
        ordering = ["-submitted_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["questionnaire", "person"],
                                               name="feedback_once_per_person")]


class FeedbackAnswer(TownOwned):
    response = models.ForeignKey(FeedbackResponse, on_delete=models.CASCADE,
                                 related_name="answers")
    question = models.ForeignKey(FeedbackQuestion, on_delete=models.CASCADE, related_name="answers")
    rating = models.PositiveSmallIntegerField(null=True, blank=True)
    text = models.TextField(blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["response", "question"],
                                               name="answer_once")]


class EventCriterion(TownOwned):
    """One countable criterion of an event's effectiveness with its target. `code` names a
    criterion of the catalogue (criteria.CATALOGUE, computed from records); a criterion the
    organisers define themselves has no code, a name and a value they enter with its source."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="criteria")
    code = models.CharField(max_length=40, blank=True)
    name = models.CharField(_("критерий"), max_length=300, blank=True)
    unit = models.CharField(_("единица"), max_length=40, blank=True)
    target = models.FloatField(_("цель"))
    manual_value = models.FloatField(_("значение"), null=True, blank=True)
    value_source = models.CharField(_("источник значения"), max_length=300, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["event", "code"], condition=~models.Q(code=""),
                                    name="criterion_once_per_code"),
        ]
