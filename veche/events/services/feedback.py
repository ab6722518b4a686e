"""Feedback questionnaires of events: staff build them, residents answer them once.

A questionnaire starts from its event kind's template questions (KINDS[kind].questions →
feedback.QUESTION_TEMPLATES); staff add, edit, remove and reorder questions and open or close
it. An answered form is one FeedbackResponse of one registry person (a unique constraint, so a
second submit, even a concurrent one, counts nothing twice) and one ledger action «обратная
связь»; each non-empty «что бы вы предложили» answer is also a ledger «предложение»."""

import datetime as dt
from collections.abc import Mapping
from typing import Any
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from veche.accounts.models import User
from veche.ledger.models import ActionKind
from veche.ledger.services import action_record
from veche.registry.models import Person

from ..feedback import QUESTION_TEMPLATES, RATING_SCALE
from ..kinds import KINDS
from ..models import (
    Event,
    FeedbackAnswer,
    FeedbackQuestion,
    FeedbackResponse,
    QuestionKind,
    Questionnaire,
    QuestionnairePurpose,
)
from .ledger import record_event_action

QUESTIONNAIRE_OBJECT = "events.questionnaire"
# The response's channel → the ledger's source (events_common: web, qr, bot, staff).
Channel = FeedbackResponse.Channel
LEDGER_SOURCE: dict[str, str] = {Channel.QR: "qr", Channel.LINK: "web", Channel.BOT: "bot",
                                 Channel.WEB: "web"}
TEXT_LIMIT = 4000


# --- building a questionnaire ---------------------------------------------------------------

@transaction.atomic
def questionnaire_create(*, event: Event, by: User | None = None, title: str = "",
                         intro: str = "") -> Questionnaire:
    """The event's questionnaire with its kind's template questions. One per event."""
    if Questionnaire.objects.filter(event=event).exists():
        raise ValidationError(_("У этого мероприятия уже есть анкета."),
                              code="questionnaire_exists")
    questionnaire = Questionnaire.objects.create(
        territory_id=event.territory_id, event=event,
        purpose=QuestionnairePurpose.EVENT_FEEDBACK,
        title=(title.strip() or _("Обратная связь: %(event)s") % {"event": event.title})[:300],
        intro=intro.strip(), created_by=by)
    FeedbackQuestion.objects.bulk_create([
        FeedbackQuestion(territory_id=event.territory_id, questionnaire=questionnaire,
                         order=n, kind=t.kind, text=str(t.text), required=t.required,
                         choices=[str(c) for c in t.choices])
        for n, t in enumerate(QUESTION_TEMPLATES[code] for code in KINDS[event.kind].questions)
    ])
    return questionnaire


def questionnaire_update(*, questionnaire: Questionnaire, title: str, intro: str = "",
                         closes_at: dt.datetime | None = None) -> Questionnaire:
    if not title.strip():
        raise ValidationError({"title": ValidationError(_("Напишите заголовок анкеты."),
                                                        code="required")})
    questionnaire.title, questionnaire.intro = title.strip()[:300], intro.strip()
    questionnaire.closes_at = closes_at
    questionnaire.save(update_fields=["title", "intro", "closes_at"])
    return questionnaire


def questionnaire_set_open(*, questionnaire: Questionnaire, is_open: bool) -> Questionnaire:
    """Open or close the form. Reopening a form whose closing time has passed clears it."""
    questionnaire.is_open = is_open
    fields = ["is_open"]
    if is_open and questionnaire.closes_at and questionnaire.closes_at <= timezone.now():
        questionnaire.closes_at = None
        fields.append("closes_at")
    questionnaire.save(update_fields=fields)
    return questionnaire


def _check_question(kind: str, text: str, choices: list[str]) -> None:
    errors: dict[str, ValidationError] = {}
    if kind not in QuestionKind.values:
        errors["kind"] = ValidationError(_("Выберите вид вопроса из списка."),
                                         code="question_kind_unknown")
    if not text.strip():
        errors["text"] = ValidationError(_("Напишите текст вопроса."), code="required")
    if kind == QuestionKind.CHOICE and len(choices) < 2:
        errors["choices"] = ValidationError(
            _("Для вопроса с выбором нужно не меньше двух вариантов, по одному в строке."),
            code="choices_too_few")
    if errors:
        raise ValidationError(errors)


def _clean_choices(choices) -> list[str]:
    return [c.strip()[:200] for c in (choices or []) if c and c.strip()]


@transaction.atomic
def question_add(*, questionnaire: Questionnaire, kind: str, text: str,
                 required: bool = False, choices: list[str] | None = None) -> FeedbackQuestion:
    clean = _clean_choices(choices)
    _check_question(kind, text, clean)
    last = questionnaire.questions.aggregate(m=Max("order"))["m"]
    return FeedbackQuestion.objects.create(
        territory_id=questionnaire.territory_id, questionnaire=questionnaire,
        order=0 if last is None else last + 1, kind=kind, text=text.strip()[:500],
        required=required, choices=clean if kind == QuestionKind.CHOICE else [])


def question_update(*, question: FeedbackQuestion, text: str, required: bool = False,
                    choices: list[str] | None = None) -> FeedbackQuestion:
    """The wording and options; the kind stays (answers already given were to that kind)."""
    clean = _clean_choices(choices)
    _check_question(question.kind, text, clean)
    question.text, question.required = text.strip()[:500], required
    question.choices = clean if question.kind == QuestionKind.CHOICE else []
    question.save(update_fields=["text", "required", "choices"])
    return question


def question_remove(*, question: FeedbackQuestion) -> None:
    """A question nobody has answered yet; an answered one stays, so no answer is lost."""
    if question.answers.exists():
        raise ValidationError(
            _("На этот вопрос уже отвечали: удалить его нельзя, ответы пропали бы. "
              "Измените формулировку или закройте анкету."), code="question_answered")
    question.delete()


@transaction.atomic
def question_move(*, question: FeedbackQuestion, up: bool) -> FeedbackQuestion:
    """Swap the question with its neighbour above (up) or below; orders are renumbered
    0..n-1 first, so equal orders left by older edits move predictably."""
    questions = list(question.questionnaire.questions.select_for_update().order_by("order", "id"))
    i = next(n for n, q in enumerate(questions) if q.pk == question.pk)
    j = i - 1 if up else i + 1
    if 0 <= j < len(questions):
        questions[i], questions[j] = questions[j], questions[i]
    for n, q in enumerate(questions):
        q.order = n
    FeedbackQuestion.objects.bulk_update(questions, ["order"])
    return next(q for q in questions if q.pk == question.pk)


# --- answering ------------------------------------------------------------------------------

def local_moment(territory, at: dt.datetime) -> dt.datetime:
    return at.astimezone(ZoneInfo(territory.time_zone))


def already_answered_message(response: FeedbackResponse) -> str:
    at = local_moment(response.territory, response.submitted_at)
    return _("Вы уже ответили на эту анкету %(day)s в %(time)s: второй ответ не нужен, "
             "первый учтён.") % {"day": at.strftime("%d.%m"), "time": at.strftime("%H:%M")}


def check_open(questionnaire: Questionnaire) -> None:
    if not questionnaire.is_open:
        raise ValidationError(_("Анкета закрыта и больше не принимает ответы."),
                              code="feedback_closed")
    if questionnaire.closes_at and questionnaire.closes_at <= timezone.now():
        raise ValidationError(_("Срок ответов на анкету истёк."), code="feedback_closed")


def _check_person(questionnaire: Questionnaire, person: Person) -> None:
    if person.territory_id != questionnaire.territory_id or person.is_erased:
        raise ValidationError(_("Ответить может только житель этого города из реестра."),
                              code="other_town")
    earlier = FeedbackResponse.objects.filter(questionnaire=questionnaire, person=person).first()
    if earlier is not None:
        raise ValidationError(already_answered_message(earlier), code="feedback_already_sent")


def _answer_of(question: FeedbackQuestion, raw: Any) -> tuple[int | None, str, bool] | None:
    """(rating, text, wants_to_help) of one raw answer, or None when it is empty. `raw` is
    the value of a form field or an API item: a number or text, or a dict with `rating`,
    `text`, `yes` (the «хочу помочь» tick) keys."""
    if isinstance(raw, Mapping):
        rating, text, yes = raw.get("rating"), raw.get("text") or "", bool(raw.get("yes"))
    elif question.kind == QuestionKind.RATING:
        rating, text, yes = raw, "", False
    else:
        rating, text, yes = None, raw or "", False
    text = str(text).strip()
    if question.kind == QuestionKind.RATING:
        if rating in (None, ""):
            return None
        try:
            value = int(rating)
        except (TypeError, ValueError):
            value = 0
        if value not in RATING_SCALE:
            raise ValidationError(_("Оценка — число от 1 до 5."), code="rating_out_of_range")
        return value, "", False
    if len(text) > TEXT_LIMIT:
        raise ValidationError(_("Ответ длиннее %(limit)s знаков: сократите его.")
                              % {"limit": TEXT_LIMIT}, code="answer_too_long")
    if question.kind == QuestionKind.CHOICE:
        if not text:
            return None
        if text not in question.choices:
            raise ValidationError(_("Выберите один из вариантов ответа."),
                                  code="choice_unknown")
        return None, text, False
    if question.kind == QuestionKind.HELP:
        return (None, text, True) if (yes or text) else None
    return (None, text, False) if text else None


def _parse(questionnaire: Questionnaire, answers: Mapping[int, Any]
           ) -> list[tuple[FeedbackQuestion, int | None, str, bool]]:
    questions = {q.pk: q for q in questionnaire.questions.all()}
    unknown = [k for k in answers if _int(k) not in questions]
    if unknown:
        raise ValidationError(_("В ответе есть вопросы не из этой анкеты."),
                              code="question_unknown")
    errors: dict[str, list[ValidationError]] = {}
    parsed = []
    for pk, question in questions.items():
        raw = answers.get(pk, answers.get(str(pk)))  # type: ignore[call-overload]
        try:
            one = _answer_of(question, raw)
        except ValidationError as exc:
            errors[f"q{pk}"] = exc.error_list
            continue
        if one is None:
            if question.required:
                errors[f"q{pk}"] = [ValidationError(_("Ответьте на этот вопрос."),
                                                    code="required")]
            continue
        parsed.append((question, *one))
    if errors:
        raise ValidationError(errors)
    if not parsed:
        raise ValidationError(_("Анкета пуста: ответьте хотя бы на один вопрос."),
                              code="feedback_empty")
    return parsed


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _record(questionnaire: Questionnaire, person: Person, kind: str, source: str) -> None:
    event = questionnaire.event
    if event is not None:
        record_event_action(event=event, person=person, kind=kind, source=source)
    else:  # a town-wide survey: the person's action about the questionnaire itself
        action_record(person=person, kind=kind, object_type=QUESTIONNAIRE_OBJECT,
                      object_id=str(questionnaire.pk), object_title=questionnaire.title,
                      source=source)


@transaction.atomic
def feedback_submit(*, questionnaire: Questionnaire, person: Person,
                    answers: Mapping[int, Any], channel: str = FeedbackResponse.Channel.WEB
                    ) -> FeedbackResponse:
    """One person's answers to a questionnaire, once. Refused (nothing saved) when the form is
    closed, the person is not of its town, they have answered before (the message names when),
    an answer is invalid or a required one is missing. Ledger: one FEEDBACK action, plus one
    PROPOSAL per non-empty proposal answer, through record_event_action."""
    if channel not in FeedbackResponse.Channel.values:
        raise ValidationError(_("Неизвестный канал ответа."), code="channel_unknown")
    _check_person(questionnaire, person)
    check_open(questionnaire)
    parsed = _parse(questionnaire, answers)
    try:
        with transaction.atomic():  # a savepoint: a concurrent twin's insert loses here
            response = FeedbackResponse.objects.create(
                territory_id=questionnaire.territory_id, questionnaire=questionnaire,
                person=person, channel=channel,
                wants_to_help=any(yes for _q, _r, _t, yes in parsed))
    except IntegrityError:
        earlier = FeedbackResponse.objects.filter(questionnaire=questionnaire,
                                                  person=person).first()
        if earlier is None:
            raise
        raise ValidationError(already_answered_message(earlier),
                              code="feedback_already_sent") from None
    FeedbackAnswer.objects.bulk_create([
        FeedbackAnswer(territory_id=questionnaire.territory_id, response=response,
                       question=q, rating=rating, text=text)
        for q, rating, text, _yes in parsed
    ])
    source = LEDGER_SOURCE[channel]
    _record(questionnaire, person, ActionKind.FEEDBACK, source)
    for q, _rating, text, _yes in parsed:
        if q.kind == QuestionKind.PROPOSAL and text:
            _record(questionnaire, person, ActionKind.PROPOSAL, source)
    return response


def feedback_walk(*, territory, persons, marker: str, event: Event) -> None:
    """Rows of the feedback part for the tenancy walk (veche/events/tenancy.py): the event's
    questionnaire, one resident's answers and a criterion of the organisers' own, each
    carrying the marker where a page or an endpoint shows text."""
    from .criteria import criterion_define, criterion_set

    questionnaire = questionnaire_create(event=event, title=f"Анкета {marker}",
                                         intro=f"Вступление {marker}")
    question_add(questionnaire=questionnaire, kind=QuestionKind.CHOICE,
                 text=f"Вопрос {marker}", choices=[f"Да {marker}", "Нет"])
    answers: dict[int, Any] = {}
    for q in questionnaire.questions.all():
        by_kind: dict[str, Any] = {QuestionKind.RATING: 4, QuestionKind.CHOICE: f"Да {marker}",
                                   QuestionKind.HELP: {"yes": True,
                                                       "text": f"Помогу {marker}"}}
        answers[q.pk] = by_kind.get(q.kind, f"Ответ {marker}")
    feedback_submit(questionnaire=questionnaire, person=persons[0], answers=answers)
    criterion_set(event=event, code="feedback_rate", target=30)
    criterion_define(event=event, name=f"Критерий {marker}", unit="шт.", target=1, value=2,
                     source=f"Источник {marker}")
