"""DOCX passport → ``ParseResult``: paragraphs and real tables, in document order (python-docx)."""

from __future__ import annotations

import io
import os
from typing import IO

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy

from veche.documents.safezip import DOCUMENT, check_zip
from veche.practices.passport.assemble import assemble
from veche.practices.passport.blocks import Line, Table, Unit, clean
from veche.practices.passport.result import ParseResult
from veche.practices.passport.sections import match_heading

UNREADABLE = gettext_lazy(
    "Файл не удалось открыть как DOCX: он повреждён (например, загружен не до конца) "
    "или это файл другого формата. Откройте паспорт в Word, сохраните заново как "
    "«Документ Word (.docx)» и загрузите ещё раз — или загрузите его текстом (.txt).")


def parse_docx(source: str | os.PathLike | bytes | IO[bytes]) -> ParseResult:
    """Never raises: an unreadable file gives a result with the reason in ``problems``."""
    try:
        data = source if isinstance(source, bytes) else _read_all(source)
        check_zip(data, DOCUMENT)  # a zip bomb is refused before python-docx unpacks it
    except ValidationError as exc:
        return _failed(exc.messages[0])
    except OSError:
        return _failed(str(UNREADABLE))
    try:
        import docx  # python-docx

        document = docx.Document(io.BytesIO(data))
    except Exception:  # noqa: BLE001 - python-docx raises many kinds on bad input
        # The library's English reason («File is not a zip file») tells a town's staff nothing.
        return _failed(str(UNREADABLE))
    try:
        return assemble(document_units(document))
    except Exception as exc:  # noqa: BLE001
        return _failed(f"Документ не удалось разобрать: {exc.__class__.__name__}: {exc}")


def _read_all(source: str | os.PathLike | IO[bytes]) -> bytes:
    if isinstance(source, (str, os.PathLike)):
        with open(source, "rb") as fh:
            return fh.read()
    return source.read()


def _failed(problem: str) -> ParseResult:
    result = ParseResult(is_passport=False)
    result.problems.append(problem)
    return result


def document_units(document) -> list[Unit]:
    from docx.table import Table as DocxTable

    units: list[Unit] = []
    for block in document.iter_inner_content():
        if isinstance(block, DocxTable):
            units.extend(_table_units(block))
        else:
            units.extend(Line(clean(line)) for line in block.text.split("\n") if clean(line))
    return units


def _row_cells(row) -> list[str]:
    cells, seen = [], set()
    for cell in row.cells:  # a merged cell is repeated once per grid column it spans
        if id(cell._tc) in seen:
            continue
        seen.add(id(cell._tc))
        text = "\n".join(c for c in (clean(p.text) for p in cell.paragraphs) if c)
        cells.append(text)
    return cells


def _table_units(table) -> list[Unit]:
    """A table; where the whole form is one table, rows starting with a heading are split off."""
    units: list[Unit] = []
    rows: list[list[str]] = []
    for row in table.rows:
        cells = _row_cells(row)
        first = cells[0] if cells else ""
        if first and "\n" not in first and match_heading(first):
            if rows:
                units.append(Table(rows))
                rows = []
            units.append(Line(first))
            if any(cells[1:]):
                rows.append(cells[1:])
            continue
        rows.append(cells)
    if rows:
        units.append(Table(rows))
    return units
