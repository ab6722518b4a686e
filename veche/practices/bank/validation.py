"""Checks before a write; each raises ValidationError with a Russian message saying what to fix."""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from veche.practices.models import Function, Method, Practice, Replication, Stage
from veche.territories.models import Territory

MAX_FILE_BYTES = 20 * 1024 * 1024
FILE_KINDS = {".docx": "docx", ".txt": "text", ".text": "text"}


def check_passport_file(*, data: bytes, filename: str) -> str:
    """The kind of file ("docx" or "text"), or a clear refusal."""
    if not data:
        raise ValidationError({"file": ValidationError(
            _("Файл пуст: выберите файл паспорта (DOCX или TXT)."), code="file_empty")})
    if len(data) > MAX_FILE_BYTES:
        raise ValidationError({"file": ValidationError(
            _("Файл больше 20 МБ: паспорт практики столько не весит — проверьте, тот ли это "
              "файл."), code="file_too_large")})
    suffix = Path(filename or "").suffix.lower()
    if data[:2] == b"PK":
        return "docx"
    if suffix == ".doc" or data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise ValidationError({"file": ValidationError(
            _("Старый формат Word (.doc) не читается: сохраните файл как DOCX («Сохранить как» "
              "→ «Документ Word») или TXT."), code="file_doc_format")})
    if suffix == ".pdf" or data[:4] == b"%PDF":
        raise ValidationError({"file": ValidationError(
            _("PDF не разбирается на разделы: загрузите паспорт в DOCX или TXT."),
            code="file_pdf_format")})
    if suffix == ".docx":
        return "docx"  # will be reported as corrupt by the parser, and still kept
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ValidationError({"file": ValidationError(
            _("Это не текстовый файл и не DOCX: загрузите паспорт в DOCX или TXT."),
            code="file_not_text")})
    return "text"


def check_classifier(*, method: str, function: str) -> None:
    errors = {}
    if method and method not in Method.values:
        errors["method"] = ValidationError(_("Выберите метод из классификатора."),
                                           code="method_unknown")
    if function and function not in Function.values:
        errors["function"] = ValidationError(_("Выберите функцию ОМСУ из классификатора."),
                                             code="function_unknown")
    if errors:
        raise ValidationError(errors)


def check_year(value: int | None, field: str = "year") -> None:
    if value is not None and not 1990 <= value <= 2100:
        raise ValidationError({field: ValidationError(_("Год должен быть между 1990 и 2100."),
                                                      code="year_out_of_range")})


def check_title(title: str) -> None:
    if not title.strip():
        raise ValidationError({"name": ValidationError(
            _("Раздел 1 «Наименование практики» пуст: впишите название."),
            code="title_missing")})
    if len(title) > 500:
        raise ValidationError({"name": ValidationError(
            _("Название длиннее 500 знаков: сократите его."), code="text_too_long")})


def check_move(*, practice: Practice, to_stage: str, comment: str) -> None:
    if to_stage not in Stage.values:
        raise ValidationError({"to_stage": ValidationError(
            _("Выберите этап жизненного цикла из списка."), code="stage_unknown")})
    order = list(Stage.values)
    here, there = order.index(practice.stage), order.index(to_stage)
    if there == here:
        raise ValidationError({"to_stage": ValidationError(
            _("Практика уже на этом этапе."), code="stage_unchanged")})
    if there < here and not comment.strip():
        raise ValidationError({"comment": ValidationError(
            _("Возврат на прежний этап: напишите в комментарии, почему."),
            code="stage_back_reason_missing")})
    if there > here + 1 and not comment.strip():
        raise ValidationError({"comment": ValidationError(
            _("Этапы пропускаются: напишите в комментарии, почему (например, «практика уже "
              "работала до паспорта»)."), code="stage_skip_reason_missing")})


def check_replication(*, practice: Practice, territory: Territory) -> None:
    if practice.territory_id == territory.pk:
        raise ValidationError(
            _("Это практика вашего города: тиражируют практики других городов."),
            code="replication_own_practice")
    if practice.status != Practice.Status.PUBLISHED:
        raise ValidationError(_("Практика не опубликована в банке: её нельзя взять в работу."),
                              code="practice_not_published")
    if Replication.objects.filter(territory=territory, practice=practice).exists():
        raise ValidationError(_("Ваш город уже взял эту практику в работу: откройте её в списке "
                                "тиражирования."), code="replication_duplicate")


def check_indicators(rows: list[dict]) -> list[dict]:
    out = []
    for i, row in enumerate(rows or [], 1):
        if not isinstance(row, dict):
            raise ValidationError({"indicators": ValidationError(
                _("Показатель %(n)s: нужна строка таблицы."), code="indicator_invalid",
                params={"n": i})})
        item = {k: str(row.get(k) or "").strip()[:300]
                for k in ("indicator", "unit", "target", "actual")}
        if not any(item.values()):
            continue
        if not item["indicator"]:
            raise ValidationError({"indicators": ValidationError(
                _("Показатель %(n)s: впишите его название."), code="indicator_name_missing",
                params={"n": i})})
        out.append(item)
    return out
