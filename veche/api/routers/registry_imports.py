"""The registry's list import through the API, a child router of `registry.py` (the same steps
as the back office's page, veche/registry/imports.py): upload, the mapping (get and set), a
preview of the first rows, start, progress, and the row-level report as XLSX or CSV."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Router, Schema, Status, UploadedFile

from veche.documents.download import file_response
from veche.registry.import_report import report_file
from veche.registry.importfile import MAX_BYTES
from veche.registry.importmap import FIELDS
from veche.registry.imports import (
    import_preview,
    list_import_create,
    list_import_map,
    list_import_start,
)
from veche.registry.models import ListImport, Segment

from ..errors import protected

router = Router()  # tags and auth come from the parent, registry.py


class ListSheetOut(Schema):
    name: str
    rows: int


class ListImportOut(Schema):
    id: int
    list_name: str = Field(..., alias="source_list.name")
    file_name: str
    encoding: str
    status: str
    message: str
    sheets: list[ListSheetOut]
    sheet: str
    header_row: int
    headers: list[str]
    mapping: dict[str, str] = Field(..., description="Номер колонки (с 0) → поле")
    fields: dict[str, str] = Field({}, description="Поля, в которые можно загрузить колонку")
    rows_total: int
    rows_done: int
    created_count: int
    matched_count: int
    review_count: int
    rejected_count: int
    created_at: dt.datetime

    @staticmethod
    def resolve_fields(record: ListImport) -> dict[str, str]:
        return {k: str(v) for k, v in FIELDS.items()}


class ListMappingIn(Schema):
    sheet: str | None = None
    header_row: int | None = Field(None, ge=1)
    mapping: dict[int, str] | None = Field(None, description="Номер колонки (с 0) → поле; "
                                                             "пустая строка — не загружать")


class ListPreviewRowOut(Schema):
    number: int
    raw: dict[str, str]
    fields: dict[str, str]
    problems: list[str]


def _record(request, import_id: int) -> ListImport:
    record = ListImport.objects.select_related("source_list").filter(pk=import_id).first()
    if record is None:
        raise Http404(_("Нет такой загрузки."))
    return record


@router.post("/t/{slug}/registry/imports/", response=protected({201: ListImportOut}),
             summary="Загрузить список (XLSX, XLS, ODS, CSV): файл сохраняется, колонки "
                     "предлагаются")
def import_upload(request, slug: str, file: File[UploadedFile], list_name: Form[str] = "",
                  segment: Form[str] = ""):
    if (file.size or 0) > MAX_BYTES:
        raise ValidationError({"file": [ValidationError(
            _("Файл больше %(mb)s МБ. Разделите список на несколько файлов."),
            code="file_too_large", params={"mb": MAX_BYTES // 1024 // 1024})]})
    found = Segment.objects.filter(code=segment).first() if segment else None
    if segment and found is None:
        raise ValidationError({"segment": [ValidationError(
            _("Нет сегмента «%(code)s» в этом городе."), code="segment_unknown",
            params={"code": segment})]})
    record = list_import_create(territory=request.territory, list_name=list_name,
                                file_name=file.name or "list.csv", data=file.read(),
                                segment=found, created_by=request.auth)
    return Status(201, record)


@router.get("/t/{slug}/registry/imports/{import_id}", response=protected({200: ListImportOut}),
            summary="Загрузка списка: колонки, ход обработки, итоги")
def import_get(request, slug: str, import_id: int):
    return _record(request, import_id)


@router.put("/t/{slug}/registry/imports/{import_id}/mapping",
            response=protected({200: ListImportOut}), summary="Выбрать лист, строку заголовка и "
                                                          "поле каждой колонки")
def import_map(request, slug: str, import_id: int, payload: ListMappingIn):
    return list_import_map(list_import=_record(request, import_id), sheet=payload.sheet,
                           header_row=payload.header_row, mapping=payload.mapping)


@router.get("/t/{slug}/registry/imports/{import_id}/preview",
            response=protected({200: list[ListPreviewRowOut]}),
            summary="Первые строки так, как они попадут в реестр, с проблемами")
def import_preview_get(request, slug: str, import_id: int):
    rows = import_preview(list_import=_record(request, import_id))
    return [{"number": r.number, "raw": r.raw, "problems": r.problems,
             "fields": {k: (v.isoformat() if isinstance(v, dt.date) else str(v))
                        for k, v in r.fields.items() if v and k not in ("building", "district")}}
            for r in rows]


@router.post("/t/{slug}/registry/imports/{import_id}/start",
             response=protected({202: ListImportOut}), summary="Начать загрузку (в фоне)")
def import_start(request, slug: str, import_id: int):
    return Status(202, list_import_start(list_import=_record(request, import_id),
                                         by=request.auth))


@router.get("/t/{slug}/registry/imports/{import_id}/report.{fmt}",
            response=protected({200: None}),
            summary="Отчёт по отклонённым и сомнительным строкам (fmt: xlsx или csv)")
def import_report(request, slug: str, import_id: int, fmt: str):
    record = _record(request, import_id)
    report = report_file(record, fmt)
    if report is None:
        raise Http404(_("Нет такого формата."))
    body, kind, name = report
    return file_response(body, filename=name, content_type=kind)
