"""The community-perception survey among the town's elites (seed 000's warning sign «городские
элиты воспринимают сообщество как непонятное, выдуманное и навязанное»): a town-wide
questionnaire, not tied to an event, with rating questions on the format of joint work. Answers
go through `feedback_submit` like any other (one FEEDBACK action of the person each);
events/signs.py reads the ratings."""

from django.db import transaction
from django.utils.translation import gettext as _

from veche.accounts.models import User
from veche.territories.models import Territory

from ..models import FeedbackQuestion, QuestionKind, Questionnaire, QuestionnairePurpose


def perception_questions() -> list[tuple[str, str]]:
    """(kind, text) of the survey's questions: the seed's three words — interesting, topical,
    effective — as ratings, and what would make the format better."""
    return [
        (QuestionKind.RATING, _("Насколько вам понятно, чем занимается сообщество активных "
                                "граждан города?")),
        (QuestionKind.RATING, _("Насколько интересен и актуален для вас формат совместной "
                                "работы с сообществом?")),
        (QuestionKind.RATING, _("Насколько результативна совместная работа с сообществом?")),
        (QuestionKind.TEXT, _("Какой формат совместной работы вам подошёл бы?")),
    ]


@transaction.atomic
def perception_survey_create(*, territory: Territory, by: User | None = None,
                             title: str = "") -> Questionnaire:
    survey = Questionnaire.objects.create(
        territory=territory, event=None, purpose=QuestionnairePurpose.COMMUNITY_PERCEPTION,
        title=(title.strip() or _("Как вы видите сообщество активных граждан города"))[:300],
        intro=_("Опрос руководителей предприятий и учреждений, депутатов и общественных "
                "лидеров города. Ответы видят только сводно."),
        created_by=by if getattr(by, "pk", None) else None)
    FeedbackQuestion.objects.bulk_create([
        FeedbackQuestion(territory=territory, questionnaire=survey, order=n, kind=kind,
                         text=text, required=kind == QuestionKind.RATING)
        for n, (kind, text) in enumerate(perception_questions())])
    return survey
