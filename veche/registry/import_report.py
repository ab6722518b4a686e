"""The row-level report of a list import, in CSV (UTF-8 with BOM, `;`, as Excel opens it) and
XLSX: every rejected, doubtful or problematic row with its place in the file, what became of
it and what was wrong, in Russian."""

from __future__ import annotations

import csv
import io

from django.utils.translation import gettext as _

from .imports import import_rows_doubtful
from .models import ListImport, ListImportRow


def _headers() -> list[str]:
    return [_("Лист"), _("Строка файла"), _("Результат"), _("Что не так"),
            _("Вероятность совпадения"), _("Человек в реестре"), _("Что в файле")]


def _lines(record: ListImport) -> list[list[str]]:
    rows: list[ListImportRow] = list(import_rows_doubtful(list_import=record))
    out = []
    for row in rows:
        who = row.person or row.candidate
        if row.outcome == ListImportRow.Outcome.REVIEW:
            problem = [_("Похож на человека из реестра, но не наверняка: решение — в очереди "
                         "проверки.")]
        else:
            problem = []
        raw = "; ".join(f"{key}: {value}" for key, value in (row.raw or {}).items() if value)
        out.append([row.sheet, str(row.number), row.get_outcome_display(),
                    " ".join([*problem, *row.errors]),
                    f"{row.score:.2f}" if row.score is not None else "",
                    f"{who.full_name} (№ {who.pk})" if who else "", raw])
    return out


def report_csv(record: ListImport) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(_headers())
    writer.writerows(_lines(record))
    return buffer.getvalue().encode("utf-8-sig")


def report_xlsx(record: ListImport) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    book = Workbook(write_only=False)
    sheet = book.active
    sheet.title = _("Отчёт")[:31]
    sheet.append(_headers())
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for line in _lines(record):
        sheet.append([int(v) if i == 1 and v.isdigit() else v for i, v in enumerate(line)])
    for column, width in zip("ABCDEFG", (14, 8, 16, 60, 12, 30, 60), strict=True):
        sheet.column_dimensions[column].width = width
    for row in sheet.iter_rows(min_row=2):
        row[3].alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def report_name(record: ListImport, extension: str) -> str:
    return f"import-{record.pk}-report.{extension}"


REPORT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


def report_file(record: ListImport, fmt: str) -> tuple[bytes, str, str] | None:
    """The row report as (body, content type, file name), or None for an unknown format: one
    switch for the back office's page and the API."""
    if fmt not in REPORT_TYPES:
        return None
    body = report_xlsx(record) if fmt == "xlsx" else report_csv(record)
    return body, REPORT_TYPES[fmt], report_name(record, fmt)
