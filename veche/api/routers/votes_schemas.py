"""Request and response shapes of the votes API (veche/api/routers/votes.py)."""

import datetime as dt
from typing import TYPE_CHECKING, Literal

from ninja import Field, Schema
from pydantic import StrictBool, create_model

from veche.votes import selectors as S
from veche.votes.kinds import QUESTION_KINDS, json_fields
from veche.votes.lifecycle import VOTE_LIFECYCLE
from veche.votes.models import Recurrence, TieRule, VoteKind

from .schemas import IsoDateTime, Text, omissible


class OptionOut(Schema):
    id: int
    text: str
    description: str
    cost: int | None
    latitude: float | None
    longitude: float | None
    photo: str | None = None
    sketch: str | None = None
    topic: str | None = None
    practice_ref: str
    initiative_ref: str

    @staticmethod
    def resolve_photo(obj):
        return obj.photo.url if obj.photo else None

    @staticmethod
    def resolve_sketch(obj):
        return obj.sketch.url if obj.sketch else None

    @staticmethod
    def resolve_topic(obj):
        return obj.topic.slug if obj.topic_id else None


class ChoiceOut(Schema):
    id: int
    text: str


class SurveyQuestionOut(Schema):
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
    building_id: int | None = Field(None, description="Только жители этого дома")

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
    questions: list[SurveyQuestionOut]

    @staticmethod
    def resolve_options(obj):
        return list(S.vote_options(vote=obj))

    @staticmethod
    def resolve_questions(obj):
        return list(S.vote_questions(vote=obj))


class _Answers(Schema):
    def answers(self) -> dict:
        return {k: v for k, v in self.dict().items() if v is not None}


# A ballot's answers: the fields every vote kind reads (veche/votes/kinds/: single `option`,
# approval and budget `options`, score `scores`, ranked `ranking`), then the survey's answers.
if TYPE_CHECKING:
    AnswersIn = _Answers
else:
    AnswersIn = create_model(
        "AnswersIn", __base__=_Answers,
        **{name: (kind, Field(None, description=text)) for name, (kind, text) in
           json_fields().items()},
        survey=(dict[str, int | list[int] | str] | None, Field(None, description="Ответы анкеты")))


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
    """A ballot as its voter sees it. The receipt code is in the answer to the cast (or change)
    only: the server keeps its hash, never the code. Where the vote does not allow a change the
    server cannot find a person's ballot (`linked` false): asked later, it answers only that
    and when the person voted, without the choices (check them with the receipt)."""

    receipt: str = Field(description="Код квитанции: только в ответе на подачу голоса")
    receipt_hash: str | None
    channel: str
    cast_at: dt.datetime | None
    choices: list[int] | None
    scores: list[int] | None
    seq: int | None
    linked: bool = Field(description="Сервер хранит связь «житель — бюллетень» (голос можно "
                                     "изменить)")

    @staticmethod
    def resolve_receipt(obj):
        from veche.votes.chain import receipt_code_display
        return receipt_code_display(getattr(obj, "receipt_code", ""))

    @staticmethod
    def resolve_receipt_hash(obj):
        return getattr(obj, "receipt_hash", None)

    @staticmethod
    def resolve_cast_at(obj):
        return getattr(obj, "at", None) or getattr(obj, "cast_at", None)

    @staticmethod
    def resolve_choices(obj):
        return getattr(obj, "choices", None)

    @staticmethod
    def resolve_scores(obj):
        return getattr(obj, "scores", None)

    @staticmethod
    def resolve_seq(obj):
        return getattr(obj, "seq", None)

    @staticmethod
    def resolve_linked(obj):
        from veche.votes.models import Ballot
        return isinstance(obj, Ballot) and obj.person_id is not None


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
    budget_completion: StrictBool = True
    min_age: int = Field(14, ge=0, le=120)
    min_verification: int = Field(0, ge=0, le=4)
    allow_change: StrictBool = False
    results_visibility: Literal["live", "after_close"] = "after_close"
    tie_rule: TieRule = TieRule.LEXICOGRAPHIC
    tie_seed: str = Field("", max_length=100, description="Затравка жребия (правило seeded)")
    opens_at: IsoDateTime | None = None
    closes_at: IsoDateTime | None = None
    topic: str | None = Field(None, description="slug темы города")
    is_template: StrictBool = Field(False, description="Шаблон ежемесячного голосования")
    recurrence: Recurrence = Recurrence.NONE
    building_id: int | None = Field(None, description="Голосуют только жители этого дома "
                                    "(по адресам реестра)")
    options: list[str] = Field([], max_length=500)


class VotePatch(Schema):
    # Only the dates may be cleared with null (no start or end set); the other settings are
    # columns that always hold a value, so a null there is a 400 that says so.
    title: str = omissible(max_length=300)
    description: str = omissible()
    allow_change: StrictBool = omissible()
    results_visibility: Literal["live", "after_close"] = omissible()
    opens_at: IsoDateTime | None = None
    closes_at: IsoDateTime | None = None
    min_age: int = omissible(ge=0, le=120)
    min_verification: int = omissible(ge=0, le=4)
    reason: str = Field("", max_length=300)


class OptionIn(Schema):
    text: str = Field(..., max_length=300)
    description: str = ""
    cost: int | None = Field(None, ge=1, le=10**13)
    latitude: float | None = Field(None, ge=-90, le=90)
    longitude: float | None = Field(None, ge=-180, le=180)
    practice_ref: str = Field("", max_length=60, description="id практики в банке")
    initiative_ref: str = Field("", max_length=60, description="id инициативы")
    topic: str | None = Field(None, description="slug темы города")


class SurveyQuestionIn(Schema):
    text: str = Field(..., max_length=300)
    kind: Literal[tuple(QUESTION_KINDS)] = "one"  # type: ignore[valid-type]
    choices: list[str] = Field([], max_length=50, description="Ответы (для one / many)")
    required: StrictBool = False


class FromTemplateIn(Schema):
    period: dt.date = Field(..., description="Любой день месяца, например 2026-12-01")
    publish: StrictBool = Field(False, description="Сразу опубликовать (иначе черновик)")


class TransitionIn(Schema):
    action: Literal[tuple(VOTE_LIFECYCLE.actions())]  # type: ignore[valid-type]


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
