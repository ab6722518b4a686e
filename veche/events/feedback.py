"""Question templates a questionnaire starts from: KINDS[kind].questions names them by code.

Each template is data (a kind of question, its wording, whether it is required, its options),
so a staff member sees the same wording the resident will, and can edit it per event. What a
question's kind means when answered (a rating is 1–5, a proposal is a ledger «предложение»,
«хочу помочь» marks the response) is in services/feedback.py, read from QuestionKind."""

from dataclasses import dataclass, field

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .models import QuestionKind


@dataclass(frozen=True)
class QuestionTemplate:
    code: str
    kind: str  # QuestionKind
    text: str | Promise
    required: bool = False
    choices: tuple[str | Promise, ...] = field(default_factory=tuple)


QUESTION_TEMPLATES: dict[str, QuestionTemplate] = {t.code: t for t in (
    QuestionTemplate("rating", QuestionKind.RATING,
                     _("Как вы оцениваете мероприятие по шкале от 1 до 5?"), required=True),
    QuestionTemplate("liked", QuestionKind.TEXT, _("Что вам понравилось?")),
    QuestionTemplate("propose", QuestionKind.PROPOSAL,
                     _("Что бы вы предложили сделать в городе или на следующем мероприятии?")),
    QuestionTemplate("help", QuestionKind.HELP,
                     _("Хотите помочь? Напишите, чем могли бы помочь.")),
    QuestionTemplate("source", QuestionKind.CHOICE, _("Откуда вы узнали о мероприятии?"),
                     choices=(_("от знакомых"), _("из соцсетей"), _("из СМИ"),
                              _("на сайте администрации"), _("другое"))),
)}

# Kinds of questions staff may add by hand, in the order the form offers them.
ADDABLE_KINDS = (QuestionKind.RATING, QuestionKind.TEXT, QuestionKind.PROPOSAL,
                 QuestionKind.HELP, QuestionKind.CHOICE)

RATING_SCALE = (1, 2, 3, 4, 5)
