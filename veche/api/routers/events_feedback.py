"""Event feedback and countable criteria: the questionnaire of an event (create from the kind's
templates, change, questions added, changed, moved, removed), the form by its slug, answers —
a resident's own (browser session) or sent by the resident bot with an integration token and
the person's id (channel «bot») — and the aggregated results. The criteria and the comparison
are in events_criteria.py."""

import datetime as dt
from typing import Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from veche.accounts.contract import one_or_404
from veche.events import access
from veche.events.models import FeedbackQuestion, FeedbackResponse
from veche.events.selectors import feedback as sel
from veche.events.services import feedback as svc
from veche.registry.models import Person

from ..errors import protected
from ..security import BearerToken, BrowserSession, auth_for, town_roles

router = Router(tags=["Мероприятия: обратная связь и критерии"])
MANAGE = auth_for(town_roles(*access.MANAGE))
# The resident bot: an integration's token of an account that runs events in the town.
BOT = [BearerToken(town_roles(*access.MANAGE))]


def _resident(request, user, token: bool) -> None:
    person = Person.objects.filter(territory=request.territory, user=user,
                                   is_erased=False).first()
    if person is None:
        raise PermissionDenied(_("Ответить на анкету может житель этого города: в вашем "
                                 "профиле нет записи жителя."))
    request.person = person


RESIDENT = [BrowserSession(_resident)]


class QuestionOut(Schema):
    id: int
    order: int
    kind: str
    text: str
    required: bool
    choices: list[str]


class QuestionnaireOut(Schema):
    id: int
    event_id: int | None
    title: str
    intro: str
    slug: str
    is_open: bool
    closes_at: dt.datetime | None
    questions: list[QuestionOut]

    @staticmethod
    def resolve_questions(obj):
        return sel.questions_of(obj)


class QuestionnaireIn(Schema):
    title: str = Field("", max_length=300)
    intro: str = Field("", max_length=5000)
    closes_at: dt.datetime | None = None
    is_open: bool | None = None


class QuestionIn(Schema):
    kind: str = Field("", max_length=10, description="rating, text, proposal, help, choice")
    text: str = Field("", max_length=500)
    required: bool = False
    choices: list[str] = Field(default_factory=list, max_length=30)


class QuestionChangeIn(Schema):
    text: str = Field("", max_length=500)
    required: bool = False
    choices: list[str] = Field(default_factory=list, max_length=30)
    move: Literal["up", "down"] | None = None


class AnswerIn(Schema):
    question_id: int
    rating: int | None = None
    text: str = Field("", max_length=4000)
    yes: bool = False  # «хочу помочь»


class ResponseIn(Schema):
    answers: list[AnswerIn] = Field(default_factory=list, max_length=100)
    channel: Literal["web", "qr", "link"] = "web"


class BotResponseIn(Schema):
    # Optional so that an empty body parses: the form is looked up first (another town's
    # is a 404, not a 400), then a missing person is refused with its message.
    person_id: int | None = None
    answers: list[AnswerIn] = Field(default_factory=list, max_length=100)


class ResponseOut(Schema):
    id: int
    questionnaire_id: int
    channel: str
    submitted_at: dt.datetime
    wants_to_help: bool


class BlockOut(Schema):
    question_id: int
    kind: str
    text: str
    answered: int
    mean: float | None = None
    distribution: list[dict] = Field(default_factory=list)
    texts: list[str] = Field(default_factory=list)
    groups: list[list[str]] = Field(default_factory=list)


class ResultsOut(Schema):
    responses: int
    checked_in: int
    actual_participants: int | None
    feedback_rate: float | None
    proposals: int
    wants_to_help: int
    blocks: list[BlockOut]



def _event(request, event_id: int, *, manage: bool = False):
    return access.access_event(request.auth, request.territory, event_id, manage=manage)


def _questionnaire(event):
    found = sel.questionnaire_of_event(event)
    if found is None:
        from django.http import Http404

        raise Http404(_("У мероприятия ещё нет анкеты."))
    return found


def _answers(items: list[AnswerIn]) -> dict[int, dict]:
    return {a.question_id: {"rating": a.rating, "text": a.text, "yes": a.yes} for a in items}


# --- questionnaire -----------------------------------------------------------------------------

@router.get("/t/{slug}/events/{event_id}/questionnaire", response=protected(
    {200: QuestionnaireOut}), auth=MANAGE, summary="Анкета мероприятия с вопросами")
def questionnaire_get(request, slug: str, event_id: int):
    return _questionnaire(_event(request, event_id))


@router.post("/t/{slug}/events/{event_id}/questionnaire", response=protected(
    {201: QuestionnaireOut}), auth=MANAGE,
    summary="Создать анкету из вопросов для вида мероприятия")
def questionnaire_add(request, slug: str, event_id: int, payload: QuestionnaireIn):
    event = _event(request, event_id, manage=True)
    return Status(201, svc.questionnaire_create(event=event, by=request.auth,
                                                title=payload.title, intro=payload.intro))


@router.put("/t/{slug}/events/{event_id}/questionnaire", response=protected(
    {200: QuestionnaireOut}), auth=MANAGE, summary="Изменить анкету, открыть или закрыть")
def questionnaire_change(request, slug: str, event_id: int, payload: QuestionnaireIn):
    q = _questionnaire(_event(request, event_id, manage=True))
    if payload.title:
        svc.questionnaire_update(questionnaire=q, title=payload.title, intro=payload.intro,
                                 closes_at=payload.closes_at)
    if payload.is_open is not None:
        svc.questionnaire_set_open(questionnaire=q, is_open=payload.is_open)
    return q


@router.post("/t/{slug}/events/{event_id}/questionnaire/questions", response=protected(
    {201: QuestionOut}), auth=MANAGE, summary="Добавить вопрос")
def question_add(request, slug: str, event_id: int, payload: QuestionIn):
    q = _questionnaire(_event(request, event_id, manage=True))
    return Status(201, svc.question_add(questionnaire=q, kind=payload.kind, text=payload.text,
                                        required=payload.required, choices=payload.choices))


def _question(request, event_id: int, question_id: int) -> FeedbackQuestion:
    q = _questionnaire(_event(request, event_id, manage=True))
    return one_or_404(FeedbackQuestion.objects.filter(questionnaire=q), question_id,
                      _("Нет такого вопроса."))


@router.put("/t/{slug}/events/{event_id}/questionnaire/questions/{question_id}",
            response=protected({200: QuestionOut}), auth=MANAGE,
            summary="Изменить вопрос или сдвинуть его (move: up, down)")
def question_change(request, slug: str, event_id: int, question_id: int,
                    payload: QuestionChangeIn):
    question = _question(request, event_id, question_id)
    if payload.move:
        return svc.question_move(question=question, up=payload.move == "up")
    return svc.question_update(question=question, text=payload.text, required=payload.required,
                               choices=payload.choices)


@router.delete("/t/{slug}/events/{event_id}/questionnaire/questions/{question_id}",
               response=protected({204: None}), auth=MANAGE,
               summary="Удалить вопрос, на который ещё не отвечали")
def question_delete(request, slug: str, event_id: int, question_id: int):
    svc.question_remove(question=_question(request, event_id, question_id))
    return Status(204, None)


# --- answering ---------------------------------------------------------------------------------

@router.get("/t/{slug}/feedback/{questionnaire_slug}", response=protected(
    {200: QuestionnaireOut}), auth=[*BOT, *RESIDENT],
    summary="Анкета по ссылке или QR-коду (вопросы; житель города или бот)")
def form_get(request, slug: str, questionnaire_slug: str):
    return sel.questionnaire_by_slug(territory=request.territory, slug=questionnaire_slug)


@router.post("/t/{slug}/feedback/{questionnaire_slug}/responses", response=protected(
    {201: ResponseOut}), auth=RESIDENT,
    summary="Ответить на анкету (житель, один раз; повтор — ошибка feedback_already_sent)")
def response_add(request, slug: str, questionnaire_slug: str, payload: ResponseIn):
    q = sel.questionnaire_by_slug(territory=request.territory, slug=questionnaire_slug)
    return Status(201, svc.feedback_submit(questionnaire=q, person=request.person,
                                           answers=_answers(payload.answers),
                                           channel=payload.channel))


@router.post("/t/{slug}/feedback/{questionnaire_slug}/bot-responses", response=protected(
    {201: ResponseOut}), auth=BOT,
    summary="Ответ жителя через бота (ключ интеграции, id жителя в реестре)")
def bot_response_add(request, slug: str, questionnaire_slug: str, payload: BotResponseIn):
    q = sel.questionnaire_by_slug(territory=request.territory, slug=questionnaire_slug)
    pid = payload.person_id
    person = Person.objects.filter(pk=pid, territory=request.territory,
                                   is_erased=False).first() if pid and 0 < pid < 2**63 else None
    if person is None:
        raise ValidationError({"person_id": ValidationError(
            _("Нет жителя с id %(id)s в этом городе."), code="person_unknown",
            params={"id": payload.person_id})})
    return Status(201, svc.feedback_submit(questionnaire=q, person=person,
                                           answers=_answers(payload.answers),
                                           channel=FeedbackResponse.Channel.BOT))


@router.get("/t/{slug}/events/{event_id}/feedback/results", response=protected(
    {200: ResultsOut}), auth=MANAGE, summary="Итоги анкеты: доля ответивших, оценки, "
    "предложения по группам, «хочу помочь»")
def results_get(request, slug: str, event_id: int):
    found = sel.results(questionnaire=_questionnaire(_event(request, event_id)))
    blocks = [{"question_id": b["question"].pk, "kind": b["kind"], "text": b["question"].text,
               "answered": b["answered"], "mean": b.get("mean"),
               "distribution": b.get("distribution", []), "texts": b.get("texts", []),
               "groups": [g.texts for g in b.get("groups", [])]} for b in found["blocks"]]
    return {"responses": found["responses"], "checked_in": found["checked_in"],
            "actual_participants": found["actual"], "feedback_rate": found["rate"],
            "proposals": found["proposals"], "wants_to_help": found["wants_to_help"],
            "blocks": blocks}


# --- criteria ----------------------------------------------------------------------------------


