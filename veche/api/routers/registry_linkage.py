"""The review queue, merges, verification and the list of lists through the API (issue 18), for
the administration's staff and the head of town only (PERSONAL_DATA_ROLES), as the pages are.

Reading a pair opens two persons' data: both openings go to the access log first (152-FZ)."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from veche.registry.lists import lists_overview, lists_totals
from veche.registry.merges import access_merge, merge_undo
from veche.registry.models import ReviewCandidate
from veche.registry.review import (
    access_candidate,
    candidate_decide,
    candidates_counts,
    candidates_queue,
)
from veche.registry.services import person_card_open
from veche.registry.verification import (
    unverified_persons,
    verification_counts,
    verification_requests,
    verification_send,
)

from ..errors import protected
from ..pagination import PageParams, page_of, paginate
from ..security import PERSONAL_DATA
from .schemas import Text

router = Router(tags=["Реестр: дубли, объединения, подтверждение, списки"], auth=PERSONAL_DATA)


class EvidenceOut(Schema):
    field: str
    label: Text = Field(description="Поле, на языке запроса")
    level: Text = Field(description="Степень сходства, на языке запроса")
    weight: float = Field(description="Вес в битах: > 0 — за одного человека, < 0 — против")
    left: str
    right: str

    @staticmethod
    def resolve_label(obj):
        return _(obj["label"]) if obj["label"] else ""

    @staticmethod
    def resolve_level(obj):
        return _(obj["level"]) if obj["level"] else ""


class CandidateOut(Schema):
    id: int
    status: str = Field(description="open, same, different")
    score: float = Field(description="Вероятность, что это один человек")
    person_id: int
    person_name: str
    other_id: int | None
    other_name: str | None
    import_row_id: int | None
    source_list: str | None = Field(description="Список, из которого строка (для строки)")
    decided_at: dt.datetime | None

    @staticmethod
    def resolve_person_name(obj: ReviewCandidate):
        return obj.person.full_name

    @staticmethod
    def resolve_other_name(obj: ReviewCandidate):
        return obj.other.full_name if obj.other else None

    @staticmethod
    def resolve_source_list(obj: ReviewCandidate):
        row = obj.import_row
        return row.list_import.source_list.name if row is not None else None


class CandidateDetail(CandidateOut):
    evidence: list[EvidenceOut]
    row_raw: dict | None = Field(description="Исходные значения строки списка")

    @staticmethod
    def resolve_row_raw(obj: ReviewCandidate):
        return obj.import_row.raw if obj.import_row is not None else None


class QueueFilters(PageParams):
    status: str = Field("open", pattern="^(open|same|different)$")


class QueueCounts(Schema):
    open: int
    same: int
    different: int


class DecideIn(Schema):
    # Optional in the schema: the pair is looked up (and refused to a stranger) first.
    same: bool | None = Field(None, description="Обязательно: true — один человек "
                                                "(объединить), false — разные люди")


class MergeOut(Schema):
    id: int
    survivor_id: int
    absorbed_id: int
    undone_at: dt.datetime | None


class SendIn(Schema):
    channel: str = Field(pattern="^(email|sms)$")
    source_list: int | None = Field(None, description="id списка")
    has: str = Field("", pattern="^(|phone|email)$", description="Только с телефоном / почтой")


class SendOut(Schema):
    sent: int
    no_consent: int = Field(description="Пропущено: нет согласия на сообщения по каналу")
    no_contact: int = Field(description="Пропущено: нет адреса для канала")
    already_verified: int
    failed: int


class VerificationStatus(Schema):
    unverified: int
    contact: int
    document: int
    esia: int
    waiting: int


class RequestOut(Schema):
    id: int
    person_id: int
    channel: str
    status: str
    note: str
    created_at: dt.datetime
    answered_at: dt.datetime | None


class ListOut(Schema):
    id: int
    name: str
    owner: str
    kind: str
    received: dt.date | None
    rows: int
    uploads: int
    persons: int
    active: int = Field(description="Из них с действием в реестре действий за 365 дней")
    share: float | None


class ListsOut(Schema):
    totals: dict
    lists: list[ListOut]


@router.get("/t/{slug}/registry/review/", response=protected({200: page_of(CandidateOut)}),
            summary="Очередь проверки дублей")
def review_list(request, slug: str, filters: Query[QueueFilters]):
    return paginate(request, candidates_queue(territory=request.territory,
                                              status=filters.status), filters)


@router.get("/t/{slug}/registry/review/counts", response=protected({200: QueueCounts}),
            summary="Сколько пар ждут и сколько решено")
def review_counts(request, slug: str):
    return candidates_counts(territory=request.territory)


@router.get("/t/{slug}/registry/review/{candidate_id}", response=protected({200: CandidateDetail}),
            summary="Пара: поля в едином виде, доводы за и против (чтение записывается в журнал)")
def review_detail(request, slug: str, candidate_id: str):
    candidate = access_candidate(request.auth, request.territory, candidate_id)
    for person in filter(None, (candidate.person, candidate.other)):
        person_card_open(person=person, viewer=request.auth,
                         ip=request.META.get("REMOTE_ADDR"), purpose="API: проверка дублей")
    return candidate


@router.post("/t/{slug}/registry/review/{candidate_id}/decide",
             response=protected({200: CandidateOut}), summary="Решить: один человек или разные")
def review_decide(request, slug: str, candidate_id: str, payload: DecideIn):
    candidate = access_candidate(request.auth, request.territory, candidate_id)
    if payload.same is None:
        raise ValidationError({"same": ValidationError(
            _("Укажите решение: same = true (один человек) или false (разные люди)."),
            code="required")})
    return candidate_decide(candidate=candidate, same=payload.same, by=request.auth)


@router.post("/t/{slug}/registry/merges/{merge_id}/undo", response=protected({200: MergeOut}),
             summary="Отменить объединение записей")
def merge_undo_endpoint(request, slug: str, merge_id: str):
    merge = access_merge(request.auth, request.territory, merge_id)
    return merge_undo(merge=merge, by=request.auth)


@router.post("/t/{slug}/registry/verification/send", response=protected({200: SendOut}),
             summary="Разослать ссылки для подтверждения данных неподтверждённым")
def verification_send_endpoint(request, slug: str, payload: SendIn):
    t = request.territory
    chosen = unverified_persons(territory=t, source_list_id=payload.source_list, has=payload.has)
    report = verification_send(territory=t, persons=chosen, channel=payload.channel,
                               by=request.auth)
    return report


@router.get("/t/{slug}/registry/verification/", response=protected({200: VerificationStatus}),
            summary="Сколько людей в каждом статусе подтверждения")
def verification_status_endpoint(request, slug: str):
    return verification_counts(territory=request.territory)


class RequestFilters(PageParams):
    status: str = Field("", pattern="^(|sent|confirmed|disputed|failed)$")


@router.get("/t/{slug}/registry/verification/requests",
            response=protected({200: page_of(RequestOut)}),
            summary="Отправленные запросы подтверждения и ответы")
def verification_requests_endpoint(request, slug: str, filters: Query[RequestFilters]):
    rows = verification_requests(territory=request.territory, status=filters.status)
    return paginate(request, rows.order_by("-created_at", "-id"), filters)


@router.get("/t/{slug}/registry/lists/", response=protected({200: ListsOut}),
            summary="Списки: владелец, строки, люди, активные за год")
def lists_endpoint(request, slug: str):
    figures = lists_overview(territory=request.territory)
    return {"totals": lists_totals(figures), "lists": [
        {"id": f.source_list.pk, "name": f.source_list.name, "owner": f.source_list.owner,
         "kind": f.source_list.kind, "received": f.received, "rows": f.rows,
         "uploads": f.uploads, "persons": f.persons, "active": f.active, "share": f.share}
        for f in figures]}

