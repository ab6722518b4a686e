"""Votes: public list, detail, results, ballot files and receipt checks; residents vote with
their session (CSRF checked); an integration of the town (staff's Bearer key, e.g. the town's
mobile app that has identified the resident) casts on a resident's behalf without a session;
staff create and run votes, enter paper ballots, review abuse flags and start counts."""

import datetime as dt
from typing import Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, StreamingHttpResponse
from ninja import Field, Query, Router, Schema, Status

from veche.accounts.models import Role
from veche.registry.models import Person
from veche.votes import selectors as S  # noqa: I001  (one import per area, read as S./V.)
from veche.votes import services as V
from veche.votes.models import (
    AbuseFlag,
    BallotChannel,
    Option,
    Vote,
    VoteKind,
    VoteStatus,
    VoteTally,
)

from ..errors import protected, public
from ..pagination import PageParams, page_of, paginate
from ..security import BearerToken, BrowserSession, auth_for, town_roles
from .schemas import IsoDateTime, Text

router = Router(tags=["Голосования"])


def _resident(request, user, token: bool) -> None:
    if token:
        raise PermissionDenied("Житель голосует сам, войдя на сайт; ключ API голосует только "
                               "от имени жителя (POST …/ballots/).")
    person = Person.objects.filter(territory=request.territory, user=user,
                                   is_erased=False).first()
    if person is None:
        raise PermissionDenied("Голосовать могут жители этого города: присоединитесь к городу "
                               "в личном кабинете.")
    request.person = person


def _vote_of_town(authorize):
    """After the role check, a vote id of another town is a 404 before the body is read."""
    def check(request, user, token: bool) -> None:
        authorize(request, user, token)
        vote_id = (request.resolver_match.kwargs if request.resolver_match else {}).get("vote_id")
        if vote_id is not None and not Vote.objects.filter(
                pk=vote_id, territory=request.territory).exists():
            raise Http404("Нет такого голосования в этом городе.")
    return check


RESIDENT = [BrowserSession(_vote_of_town(_resident))]
INTEGRATION = [BearerToken(_vote_of_town(town_roles(Role.STAFF, Role.HEAD)))]
STAFF = auth_for(_vote_of_town(town_roles(Role.STAFF, Role.HEAD)))


class OptionOut(Schema):
    id: int
    text: str
    description: str
    cost: int | None
    latitude: float | None
    longitude: float | None
    photo: str | None = None
    practice_ref: str
    initiative_ref: str

    @staticmethod
    def resolve_photo(obj):
        return obj.photo.url if obj.photo else None


class ChoiceOut(Schema):
    id: int
    text: str


class QuestionOut(Schema):
    id: int
    text: str
    kind: str
    required: bool
    choices: list[ChoiceOut]

    @staticmethod
    def resolve_choices(obj):
        return list(obj.choices.all())


class VoteOut(Schema):
    id: int
    title: str
    kind: str
    kind_label: Text = Field(..., alias="get_kind_display")
    status: str
    status_label: Text = Field(..., alias="get_status_display")
    opens_at: dt.datetime | None
    closes_at: dt.datetime | None
    topic: str | None = None
    results_visibility: str

    @staticmethod
    def resolve_topic(obj):
        return obj.topic.name if obj.topic_id else None


class VoteDetail(VoteOut):
    description: str
    max_choices: int | None
    score_min: int
    score_max: int
    ranked_method: str
    budget_amount: int | None
    budget_rule: str
    min_age: int
    min_verification: int
    allow_change: bool
    chain_head: str
    chain_length: int
    options: list[OptionOut]
    questions: list[QuestionOut]

    @staticmethod
    def resolve_options(obj):
        return list(S.vote_options(vote=obj))

    @staticmethod
    def resolve_questions(obj):
        return list(S.vote_questions(vote=obj))


class AnswersIn(Schema):
    option: int | None = Field(None, description="Один вариант (голосование с одним выбором)")
    options: list[int] | None = Field(None, description="Отмеченные варианты (несколько / бюджет)")
    scores: dict[str, int] | None = Field(None, description="Оценки: {id варианта: оценка}")
    ranking: list[int] | None = Field(None, description="Варианты по порядку, лучший первым")
    survey: dict[str, int | list[int] | str] | None = Field(None, description="Ответы анкеты")

    def answers(self) -> dict:
        return {k: v for k, v in self.dict().items() if v is not None}


class CastIn(AnswersIn):
    invitation: str = Field("", max_length=64, description="Токен ссылки-приглашения")


class OnBehalfIn(AnswersIn):
    person_id: int
    device: str = Field("", max_length=200)


class PaperIn(AnswersIn):
    person_id: int
    number: str = Field(..., max_length=30, description="Номер бумажного бюллетеня")
    cast_at: IsoDateTime | None = None


class BallotOut(Schema):
    receipt: str
    receipt_hash: str
    channel: str
    cast_at: dt.datetime
    choices: list[int]
    scores: list[int] | None
    seq: int | None

    @staticmethod
    def resolve_receipt(obj):
        from veche.votes.chain import receipt_code_display
        return receipt_code_display(obj.receipt_code)


class ReceiptIn(Schema):
    code: str = Field("", max_length=40, description="Код квитанции, например K7QM-3XRD-PW9A")


class ReceiptOut(Schema):
    found: bool
    counted: bool
    seq: int | None
    hash: str
    replaced_by_seq: int | None
    choices: list[int] | None
    scores: list[int] | None
    chain_head: str
    chain_length: int
    message: str


class VoteIn(Schema):
    title: str = Field(..., max_length=300)
    description: str = ""
    kind: VoteKind = VoteKind.SINGLE
    max_choices: int | None = Field(None, ge=1, le=1000)
    score_min: int = Field(1, ge=-100, le=100)
    score_max: int = Field(5, ge=-100, le=100)
    ranked_method: Literal["borda", "schulze", "irv"] = "schulze"
    budget_amount: int | None = Field(None, ge=1, le=10**13)
    budget_rule: Literal["greedy", "equal_shares"] = "equal_shares"
    budget_completion: bool = True
    min_age: int = Field(14, ge=0, le=120)
    min_verification: int = Field(0, ge=0, le=4)
    allow_change: bool = False
    results_visibility: Literal["live", "after_close"] = "after_close"
    opens_at: IsoDateTime | None = None
    closes_at: IsoDateTime | None = None
    topic: str | None = Field(None, description="slug темы города")
    options: list[str] = Field([], max_length=500)


class VotePatch(Schema):
    title: str | None = Field(None, max_length=300)
    description: str | None = None
    allow_change: bool | None = None
    results_visibility: Literal["live", "after_close"] | None = None
    opens_at: IsoDateTime | None = None
    closes_at: IsoDateTime | None = None
    min_age: int | None = Field(None, ge=0, le=120)
    min_verification: int | None = Field(None, ge=0, le=4)
    reason: str = Field("", max_length=300)


class OptionIn(Schema):
    text: str = Field(..., max_length=300)
    description: str = ""
    cost: int | None = Field(None, ge=1, le=10**13)
    latitude: float | None = Field(None, ge=-90, le=90)
    longitude: float | None = Field(None, ge=-180, le=180)
    practice_ref: str = Field("", max_length=60)
    initiative_ref: str = Field("", max_length=60)


class TransitionIn(Schema):
    action: Literal["publish", "open", "close", "publish_results"]


class InvitationIn(Schema):
    channel: str
    campaign: str = Field("", max_length=100)
    inviter_id: int | None = None
    inviter_name: str = Field("", max_length=200)


class InvitationOut(Schema):
    id: int
    token: str
    channel: str
    campaign: str
    inviter_name: str


class FlagOut(Schema):
    id: int
    reason: str
    reason_label: Text = Field(..., alias="get_reason_display")
    ballots_count: int
    status: str
    details: str
    note: str
    first_at: dt.datetime | None
    last_at: dt.datetime | None


class FlagReview(Schema):
    status: Literal["open", "cleared", "confirmed"]
    note: str = Field("", max_length=5000)


class TallyOut(Schema):
    id: int
    status: str
    is_final: bool
    ballots_total: int
    ballots_done: int
    progress: float
    message: str
    peak_memory_mb: float | None
    result: dict


class ChangeOut(Schema):
    changed_at: dt.datetime
    field: str
    old: str
    new: str
    reason: str


def _vote(request, vote_id: int, staff: bool = False):
    return S.vote_get(territory=request.territory, vote_id=vote_id, public=not staff)


def _person(request, person_id: int) -> Person:
    person = Person.objects.filter(pk=person_id, territory=request.territory).first()
    if person is None:
        raise ValidationError({"person_id": [f"Нет жителя с id {person_id} в этом городе."]})
    return person


# --- public ----------------------------------------------------------------------------------

@router.get("/t/{slug}/votes/", response=public({200: page_of(VoteOut)}), summary="Голосования")
def vote_list(request, slug: str, filters: Query[PageParams]):
    return paginate(request, S.votes_public(territory=request.territory), filters)


@router.get("/t/{slug}/votes/{vote_id}", response=public({200: VoteDetail}),
            summary="Голосование: варианты и вопросы")
def vote_detail(request, slug: str, vote_id: int):
    return _vote(request, vote_id)


@router.get("/t/{slug}/votes/{vote_id}/results", response=public({200: dict}),
            summary="Итоги (во время голосования или после завершения — как задано)")
def vote_results(request, slug: str, vote_id: int):
    vote = _vote(request, vote_id)
    ok, reason = S.results_visible(vote=vote)
    result = S.vote_results(vote=vote) if ok else None
    if result is None:
        raise ValidationError(reason or "Подсчёт ещё не завершён: загляните позже.")
    result = dict(result)
    result["invitations"] = {k: v for k, v in result.get("invitations", {}).items()
                             if k != "by_inviter"}  # names of inviters are for staff only
    return result


def _export(vote, fmt: str):
    if fmt == "csv":
        resp = StreamingHttpResponse(S.ballots_export_csv(vote=vote),
                                     content_type="text/csv; charset=utf-8")
    else:
        resp = StreamingHttpResponse(S.ballots_export_json(vote=vote),
                                     content_type="application/json")
    resp["Content-Disposition"] = f'attachment; filename="vote-{vote.pk}-ballots.{fmt}"'
    return resp


def _public_file(request, vote_id: int, fmt: str):
    vote = _vote(request, vote_id)
    if vote.status != VoteStatus.RESULTS:
        raise ValidationError("Файл бюллетеней публикуется вместе с итогами.")
    return _export(vote, fmt)


@router.get("/t/{slug}/votes/{vote_id}/ballots.csv", response=public({200: None}),
            summary="Обезличенный файл бюллетеней CSV для пересчёта")
def vote_ballots_csv(request, slug: str, vote_id: int):
    return _public_file(request, vote_id, "csv")


@router.get("/t/{slug}/votes/{vote_id}/ballots.json", response=public({200: None}),
            summary="Обезличенный файл бюллетеней JSON для пересчёта")
def vote_ballots_json(request, slug: str, vote_id: int):
    return _public_file(request, vote_id, "json")


@router.post("/t/{slug}/votes/{vote_id}/receipt", response=public({200: ReceiptOut}),
             summary="Проверить квитанцию: учтён ли бюллетень")
def receipt_check(request, slug: str, vote_id: int, payload: ReceiptIn = None):
    vote = _vote(request, vote_id)  # an unknown vote is a 404 before an empty code is a 400
    if payload is None or not payload.code.strip():
        raise ValidationError({"code": ["Введите код квитанции."]})
    return S.receipt_verify(vote=vote, code=payload.code)


# --- residents and integrations ----------------------------------------------------------------

@router.post("/t/{slug}/votes/{vote_id}/ballot", response=protected({201: BallotOut}),
             auth=RESIDENT, summary="Проголосовать (житель, вошедший на сайт)")
def ballot_cast(request, slug: str, vote_id: int, payload: CastIn):
    ballot = V.ballot_cast(vote=_vote(request, vote_id), person=request.person,
                           answers=payload.answers(), channel=BallotChannel.WEB,
                           ip=request.META.get("REMOTE_ADDR"),
                           device=request.headers.get("User-Agent", "")[:200],
                           invitation_token=payload.invitation)
    return Status(201, ballot)


@router.put("/t/{slug}/votes/{vote_id}/ballot", response=protected({200: BallotOut}),
            auth=RESIDENT, summary="Изменить свой голос (если голосование это разрешает)")
def ballot_change(request, slug: str, vote_id: int, payload: AnswersIn):
    return V.ballot_change(vote=_vote(request, vote_id), person=request.person,
                           answers=payload.answers(), ip=request.META.get("REMOTE_ADDR"))


@router.get("/t/{slug}/votes/{vote_id}/ballot", response=protected({200: BallotOut}),
            auth=RESIDENT, summary="Мой бюллетень и квитанция")
def my_ballot(request, slug: str, vote_id: int):
    ballot = S.ballot_of(vote=_vote(request, vote_id), person=request.person)
    if ballot is None:
        raise Option.DoesNotExist("Вы ещё не голосовали в этом голосовании.")
    return ballot


@router.post("/t/{slug}/votes/{vote_id}/ballots/", response=protected({201: BallotOut}),
             auth=INTEGRATION, summary="Голос жителя через интеграцию города (ключ API)")
def ballot_on_behalf(request, slug: str, vote_id: int, payload: OnBehalfIn):
    ballot = V.ballot_cast(vote=_vote(request, vote_id), person=_person(request, payload.person_id),
                           answers=payload.answers(), channel=BallotChannel.API,
                           ip=request.headers.get("X-Voter-IP", ""), device=payload.device)
    return Status(201, ballot)


# --- staff -----------------------------------------------------------------------------------

@router.get("/t/{slug}/votes/manage/all", response=protected({200: page_of(VoteOut)}),
            auth=STAFF, summary="Все голосования города, с черновиками и шаблонами")
def vote_list_staff(request, slug: str, filters: Query[PageParams]):
    return paginate(request, S.votes_staff(territory=request.territory), filters)


@router.post("/t/{slug}/votes/", response=protected({201: VoteOut}), auth=STAFF,
             summary="Создать голосование (черновик)")
def vote_add(request, slug: str, payload: VoteIn):
    data = payload.dict()
    topic_slug = data.pop("topic")
    if topic_slug:
        topic = request.territory.topics.filter(slug=topic_slug).first()
        if topic is None:
            raise ValidationError({"topic": [f"Нет темы «{topic_slug}» в этом городе."]})
        data["topic"] = topic
    vote = V.vote_create(territory=request.territory, created_by=request.auth, **data)
    return Status(201, vote)


@router.patch("/t/{slug}/votes/{vote_id}", response=protected({200: VoteOut}), auth=STAFF,
              summary="Изменить настройки (после публикации каждое изменение в журнале)")
def vote_patch(request, slug: str, vote_id: int, payload: VotePatch):
    changes = payload.dict(exclude_unset=True)
    reason = changes.pop("reason", "")
    return V.vote_update(vote=_vote(request, vote_id, staff=True), changed_by=request.auth,
                         reason=reason, **changes)


@router.post("/t/{slug}/votes/{vote_id}/options", response=protected({201: OptionOut}),
             auth=STAFF, summary="Добавить вариант")
def option_add(request, slug: str, vote_id: int, payload: OptionIn):
    vote = _vote(request, vote_id, staff=True)
    return Status(201, V.option_add(vote=vote, changed_by=request.auth, **payload.dict()))


@router.post("/t/{slug}/votes/{vote_id}/transition", response=protected({200: VoteOut}),
             auth=STAFF, summary="Опубликовать, открыть, завершить, опубликовать итоги")
def vote_transition(request, slug: str, vote_id: int, payload: TransitionIn):
    vote = _vote(request, vote_id, staff=True)
    step = {"publish": V.vote_publish, "open": V.vote_open, "close": V.vote_close,
            "publish_results": V.vote_results_publish}[payload.action]
    return step(vote=vote, by=request.auth)


@router.get("/t/{slug}/votes/{vote_id}/changes", response=protected({200: list[ChangeOut]}),
            auth=STAFF, summary="Журнал изменений настроек")
def vote_changes(request, slug: str, vote_id: int):
    return list(S.vote_settings_changes(vote=_vote(request, vote_id, staff=True))[:500])


@router.post("/t/{slug}/votes/{vote_id}/paper-ballots", response=protected({201: BallotOut}),
             auth=STAFF, summary="Внести бумажный бюллетень")
def paper_ballot(request, slug: str, vote_id: int, payload: PaperIn):
    ballot = V.paper_ballot_enter(vote=_vote(request, vote_id, staff=True),
                                  person=_person(request, payload.person_id),
                                  number=payload.number, answers=payload.answers(),
                                  entered_by=request.auth, cast_at=payload.cast_at)
    return Status(201, ballot)


@router.get("/t/{slug}/votes/{vote_id}/invitations", response=protected({200: list[InvitationOut]}),
            auth=STAFF, summary="Ссылки-приглашения")
def invitation_list(request, slug: str, vote_id: int):
    return list(_vote(request, vote_id, staff=True).invitations.all())


@router.post("/t/{slug}/votes/{vote_id}/invitations", response=protected({201: InvitationOut}),
             auth=STAFF, summary="Создать ссылку-приглашение (канал, кампания, кто зовёт)")
def invitation_add(request, slug: str, vote_id: int, payload: InvitationIn):
    inviter = _person(request, payload.inviter_id) if payload.inviter_id else None
    return Status(201, V.invitation_create(vote=_vote(request, vote_id, staff=True),
                                           channel=payload.channel, campaign=payload.campaign,
                                           inviter=inviter, inviter_name=payload.inviter_name))


@router.get("/t/{slug}/votes/{vote_id}/staff-results", response=protected({200: dict}),
            auth=STAFF, summary="Итоги для сотрудников (в том числе по приглашающим)")
def staff_results(request, slug: str, vote_id: int):
    result = S.vote_results(vote=_vote(request, vote_id, staff=True), staff=True)
    if result is None:
        raise ValidationError("Подсчёта ещё нет: голосование не началось или подсчёт идёт.")
    return result


@router.get("/t/{slug}/votes/{vote_id}/staff-ballots.json", response=protected({200: None}),
            auth=STAFF, summary="Файл бюллетеней до публикации итогов (сотрудникам)")
def staff_ballots_file(request, slug: str, vote_id: int):
    vote = _vote(request, vote_id, staff=True)
    V.ballot_chain_seal(vote=vote)
    return _export(vote, "json")


@router.get("/t/{slug}/votes/{vote_id}/flags", response=protected({200: list[FlagOut]}),
            auth=STAFF, summary="Сигналы злоупотреблений")
def flag_list(request, slug: str, vote_id: int):
    return list(S.vote_abuse_flags(vote=_vote(request, vote_id, staff=True)))


@router.post("/t/{slug}/votes/{vote_id}/flags/{flag_id}", response=protected({200: FlagOut}),
             auth=STAFF, summary="Снять или подтвердить сигнал")
def flag_review(request, slug: str, vote_id: int, flag_id: int, payload: FlagReview):
    flag = AbuseFlag.objects.get(pk=flag_id, vote=_vote(request, vote_id, staff=True))
    return V.abuse_flag_review(flag=flag, status=payload.status, by=request.auth,
                               note=payload.note)


@router.post("/t/{slug}/votes/{vote_id}/tallies", response=protected({201: TallyOut}),
             auth=STAFF, summary="Запустить подсчёт в фоне")
def tally_add(request, slug: str, vote_id: int):
    return Status(201, V.tally_start(vote=_vote(request, vote_id, staff=True)))


@router.get("/t/{slug}/votes/{vote_id}/tallies/{tally_id}", response=protected({200: TallyOut}),
            auth=STAFF, summary="Ход подсчёта и его результат")
def tally_get(request, slug: str, vote_id: int, tally_id: int):
    return VoteTally.objects.get(pk=tally_id, vote=_vote(request, vote_id, staff=True))
