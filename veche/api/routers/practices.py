"""API of the bank of practices. The bank is the network's: search, a published practice, its
similar practices and replications are public (/practices/…, no personal data beyond the
published passport). A town's staff and head work with their own practices under
/t/{slug}/practices/…: list with drafts, upload a passport, versions, lifecycle moves, and
their town's replications of other towns' practices."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from ninja import Field, File, Query, Router, Schema, Status, UploadedFile

from veche.practices import access
from veche.practices.bank import selectors as sel
from veche.practices.bank import services as svc
from veche.practices.bank.search import BankFilters, filtered, search_practices
from veche.practices.bank.similar import similar_to_practice, similar_to_text
from veche.practices.lifecycle import practice_stage_move
from veche.practices.models import Practice
from veche.territories.models import Territory
from veche.territories.scoping import all_towns

from ..errors import protected, public
from ..pagination import PageParams, page_of
from ..security import auth_for, town_roles

router = Router(tags=["Банк практик"])
# A town's own practices: its staff and head (the capability's back office).
OFFICE = auth_for(town_roles(*access.MANAGE))


class PracticeOut(Schema):
    id: int
    title: str
    town: str = Field(..., alias="territory.name")
    town_slug: str = Field(..., alias="territory.slug")
    method: str
    function: str
    stage: str
    status: str
    year: int | None
    contest_year: int | None
    summary: str


class PracticeDetail(PracticeOut):
    version: int | None
    passport: dict
    tag_names: list[str]
    docx_url: str
    pdf_url: str

    # Read from the practice: its current version, its tags, the export links.
    @staticmethod
    def resolve_version(practice: Practice) -> int | None:
        return practice.current_version.number if practice.current_version else None

    @staticmethod
    def resolve_passport(practice: Practice) -> dict:
        return practice.current_version.data if practice.current_version else {}

    @staticmethod
    def resolve_tag_names(practice: Practice) -> list[str]:
        return [t.name for t in practice.tags.all()]

    @staticmethod
    def resolve_docx_url(practice: Practice) -> str:
        return reverse("web:practices_docx", args=[practice.pk])

    @staticmethod
    def resolve_pdf_url(practice: Practice) -> str:
        return reverse("web:practices_pdf", args=[practice.pk])


class SimilarOut(Schema):
    practice: PracticeOut
    similarity: float
    score: float
    neighbour: bool
    own_town: bool
    same_function: bool


class ReplicationOut(Schema):
    id: int
    practice_id: int
    town: str = Field(..., alias="territory.name")
    status: str
    started_on: dt.date | None
    adaptation_notes: str
    indicators: list[dict]


class VersionOut(Schema):
    number: int
    created_at: dt.datetime
    source: str
    source_name: str
    comment: str
    problems: list[str]
    recognised: list[int]


class ImportOut(Schema):
    practice: PracticeOut
    version: int
    is_passport: bool
    recognised: list[int]
    problems: list[str]


class SearchParams(PageParams):
    q: str = Field("", max_length=300, description="Слова поиска (русская морфология)")
    method: str = ""
    function: str = ""
    town: str = Field("", description="slug города")
    topic: str = ""
    tag: str = ""
    year: int | None = Field(None, ge=1990, le=2100)
    stage: str = ""


class TextIn(Schema):
    text: str = Field(..., max_length=20000, description="Проблема своими словами")
    town: str = Field("", description="slug города: его соседи — первыми")


class MoveIn(Schema):
    # Optional in the schema so that another town's practice id answers 404 before the body
    # is judged; the service refuses an empty stage with a Russian message.
    to_stage: str = Field("", description="Код этапа: problem, options, … replication")
    comment: str = ""


class ReplicationIn(Schema):
    practice_id: int
    adaptation_notes: str = ""
    indicators: list[dict] = []
    status: str = "planned"
    started_on: dt.date | None = None


def _page(request, found, params) -> dict:
    start = (params.page - 1) * params.page_size
    return {"count": found.total, "next": None if start + params.page_size >= found.total
            else request.build_absolute_uri(f"{request.path}?page={params.page + 1}"),
            "previous": None, "results": found.items}


@router.get("/practices/", response=public({200: page_of(PracticeOut)}),
            summary="Поиск по банку практик сети")
def bank_search(request, params: Query[SearchParams]):
    f = BankFilters(**{k: getattr(params, k) for k in
                       ("q", "method", "function", "town", "topic", "tag", "year", "stage")})
    with all_towns():
        found = search_practices(f, limit=params.page_size,
                                 offset=(params.page - 1) * params.page_size)
    return _page(request, found, params)


@router.post("/practices/similar/", response=public({200: list[SimilarOut]}),
             summary="Практики под проблему (сначала — у соседей)")
def bank_similar_text(request, payload: TextIn):
    with all_towns():
        town = Territory.objects.filter(slug=payload.town).first() if payload.town else None
        return similar_to_text(payload.text, territory=town)


# Fixed paths come before /practices/{practice_id}, which would take «network» as an id.
class NetworkTownOut(Schema):
    town: str
    town_slug: str
    status: str


class NetworkRowOut(Schema):
    id: int
    title: str
    town: str
    town_slug: str
    adopted_by: list[NetworkTownOut]


@router.get("/practices/network", response=public({200: list[NetworkRowOut]}),
            summary="Сеть: где работает каждая тиражированная практика")
def bank_network(request):
    return [{"id": row.practice.pk, "title": row.practice.title,
             "town": row.practice.territory.name, "town_slug": row.practice.territory.slug,
             "adopted_by": [{"town": t.name, "town_slug": t.slug, "status": label}
                            for t, label in row.towns]}
            for row in sel.network_rows()]


class MatrixCellOut(Schema):
    method: str
    count: int


class MatrixRowOut(Schema):
    function: str
    function_label: str
    cells: list[MatrixCellOut]
    total: int


class MatrixOut(Schema):
    rows: list[MatrixRowOut]
    unclassified: int
    total: int


@router.get("/practices/matrix", response=public({200: MatrixOut}),
            summary="Классификатор: способы × функции, число опубликованных практик")
def bank_matrix(request):
    with all_towns():
        m = sel.classifier_matrix(filtered(BankFilters()))
    rows = [{"function": r["function"].value, "function_label": str(r["function"].label),
             "cells": [{"method": c.method, "count": c.count} for c in r["cells"]],
             "total": r["total"]} for r in m["rows"]]
    return {"rows": rows, "unclassified": m["unclassified"], "total": m["total"]}


@router.get("/practices/{practice_id}", response=public({200: PracticeDetail}),
            summary="Опубликованная практика с паспортом")
def bank_detail(request, practice_id: int):
    return access.access_practice(request.user, None, practice_id)


@router.get("/practices/{practice_id}/similar", response=public({200: list[SimilarOut]}),
            summary="Похожие практики")
def bank_similar(request, practice_id: int):
    practice = access.access_practice(request.user, None, practice_id)
    with all_towns():
        return similar_to_practice(practice)


@router.get("/practices/{practice_id}/replications",
            response=public({200: list[ReplicationOut]}), summary="Где тиражируется практика")
def bank_replications(request, practice_id: int):
    return sel.replications_of(access.access_practice(request.user, None, practice_id))


# --- a town's own practices ------------------------------------------------------------------

@router.get("/t/{slug}/practices/", response=protected({200: page_of(PracticeOut)}),
            auth=OFFICE, summary="Практики города (и черновики)")
def town_list(request, slug: str, params: Query[SearchParams]):
    f = BankFilters(q=params.q, method=params.method, function=params.function,
                    stage=params.stage, year=params.year)
    found = search_practices(f, published_only=False, territory=request.territory,
                             limit=params.page_size, offset=(params.page - 1) * params.page_size)
    return _page(request, found, params)


@router.post("/t/{slug}/practices/import", response=protected({201: ImportOut}),
             auth=OFFICE, summary="Загрузить паспорт (DOCX или TXT)")
def town_import(request, slug: str, file: File[UploadedFile], publish: bool = False):
    outcome = svc.practice_import(territory=request.territory, data=file.read(),
                                  filename=file.name or "passport", user=request.auth,
                                  publish=publish)
    assert outcome.version is not None  # an import always saves a version
    return Status(201, {"practice": outcome.practice, "version": outcome.version.number,
                        "is_passport": outcome.result.is_passport,
                        "recognised": outcome.result.recognised,
                        "problems": outcome.result.problems})


@router.get("/t/{slug}/practices/{practice_id}", response=protected({200: PracticeDetail}),
            auth=OFFICE, summary="Практика города с паспортом")
def town_detail(request, slug: str, practice_id: int):
    return access.access_practice(request.auth, request.territory, practice_id, manage=True)


@router.get("/t/{slug}/practices/{practice_id}/versions",
            response=protected({200: list[VersionOut]}), auth=OFFICE,
            summary="Версии паспорта")
def town_versions(request, slug: str, practice_id: int):
    return sel.versions_of(access.access_practice(request.auth, request.territory, practice_id,
                                                  manage=True))


@router.post("/t/{slug}/practices/{practice_id}/transitions",
             response=protected({201: PracticeOut}), auth=OFFICE,
             summary="Перевести практику на этап жизненного цикла")
def town_move(request, slug: str, practice_id: int, payload: MoveIn):
    practice = access.access_practice(request.auth, request.territory, practice_id, manage=True)
    practice_stage_move(practice=practice, to_stage=payload.to_stage, by=request.auth,
                        comment=payload.comment)
    return Status(201, practice)


@router.get("/t/{slug}/replications/", response=protected({200: list[ReplicationOut]}),
            auth=OFFICE, summary="Практики других городов, взятые в работу")
def town_replications(request, slug: str):
    return sel.town_replications(territory=request.territory)


@router.post("/t/{slug}/replications/", response=protected({201: ReplicationOut}),
             auth=OFFICE, summary="Взять в работу практику другого города")
def town_replicate(request, slug: str, payload: ReplicationIn):
    practice = access.access_practice(request.auth, None, payload.practice_id)
    rep = svc.replication_create(practice=practice, territory=request.territory,
                                 user=request.auth, adaptation_notes=payload.adaptation_notes,
                                 indicators=payload.indicators, status=payload.status,
                                 started_on=payload.started_on)
    return Status(201, rep)
