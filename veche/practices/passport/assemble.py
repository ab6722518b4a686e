"""Units (lines and tables) → sections of the form → ``Passport`` with a list of problems."""

from __future__ import annotations

import re
from typing import Any

from veche.practices.passport import schema as s
from veche.practices.passport.blocks import PLACEHOLDERS, Line, Table, Unit, clean
from veche.practices.passport.result import ParseResult
from veche.practices.passport.sections import (
    ACTS,
    ADOPTED_LABEL,
    BY_NUMBER,
    CHANGED_LABEL,
    HINTS,
    PAIR,
    SECTIONS,
    TABLE,
    TEXT,
    Section,
    is_header_cell,
    match_heading,
    norm,
)

MIN_SECTIONS = 3  # fewer recognised headings: the document is not a passport
# The dataclass of one table row, per section.
ROW_TYPES: dict[int, type[Any]] = {
    7: s.NumberedItem, 8: s.NumberedItem, 9: s.ResultRow, 10: s.Participant, 14: s.Action,
    16: s.Resource, 17: s.Beneficiary, 18: s.Cost, 21: s.Link, 22: s.Contact,
}
_NUMBER = re.compile(r"^\s*(\d{1,3}\s*[.)]?|[-–—]?)\s*$")
_UNIT = re.compile(r"^(.*\S)\s*,\s*([^,]{1,25})$")


def quote(sec: Section) -> str:
    return f"Раздел {sec.number} «{sec.title}»"


def assemble(units: list[Unit]) -> ParseResult:
    result = ParseResult()
    found: dict[int, list[Unit]] = {}
    preamble: list[str] = []
    current: list[Unit] | None = None
    for unit in units:
        heading = match_heading(unit.text) if isinstance(unit, Line) else None
        if heading is not None:
            assert isinstance(unit, Line)  # only a line is a heading
            sec = heading.section
            where = f" (строка {unit.lineno})" if unit.lineno else ""
            if sec.number in found:
                result.problems.append(
                    f"Повторный заголовок «{unit.text}»{where}: {quote(sec)} уже есть, "
                    "текст после него сохранён как нераспознанный"
                )
                current = None
                result.unplaced.append(unit.text)
                continue
            if heading.written_number not in (None, sec.number):
                result.problems.append(
                    f"Заголовок «{unit.text}»{where} распознан по формулировке "
                    f"как раздел {sec.number}, хотя в документе номер {heading.written_number}"
                )
            found[sec.number] = current = []
            result.recognised.append(sec.number)
            continue
        if current is not None:
            current.append(unit)
        elif found:
            result.unplaced.extend(_texts(unit))
        else:
            preamble.extend(_texts(unit))
    passport = result.passport
    passport.preamble = "\n".join(t for t in preamble if t)
    if len(found) < MIN_SECTIONS:
        result.is_passport = False
        result.problems.insert(
            0,
            f"Документ не похож на паспорт практики: распознано разделов {len(found)} из 22; "
            "весь текст сохранён как нераспознанный",
        )
        result.unplaced[:0] = [t for t in preamble if t]
        for sec_units in found.values():
            for unit in sec_units:
                result.unplaced.extend(_texts(unit))
        return result
    for sec in SECTIONS:
        if sec.number not in found:
            result.problems.append(f"{quote(sec)} не найден")
            continue
        _fill(passport, sec, found[sec.number], result)
        if _is_empty(getattr(passport, sec.field)) and not passport.notes.get(sec.field):
            result.problems.append(f"{quote(sec)} пуст")
    return result


def _texts(unit: Unit) -> list[str]:
    if isinstance(unit, Line):
        return [unit.text] if unit.text else []
    return ["\t".join(cell for cell in row) for row in unit.rows]


def _is_hint(text: str) -> bool:
    t = norm(text)
    return any(t.startswith(h) for h in HINTS)


def _lines(units: list[Unit]) -> list[str]:
    out: list[str] = []
    for unit in units:
        if isinstance(unit, Line):
            if unit.text and not _is_hint(unit.text):
                out.append(unit.text)
        else:
            for row in unit.rows:
                out.extend(p for cell in row for p in cell.split("\n") if p.strip())
    return out


def _is_empty(value: object) -> bool:
    if isinstance(value, s.Stakeholders):
        return not (value.involved or value.reached)
    if isinstance(value, s.LegalActs):
        return False  # «-» in both tables is a legitimate answer: no acts were needed
    return not value


def _fill(passport: s.Passport, sec: Section, units: list[Unit], result: ParseResult) -> None:
    if sec.kind == TEXT:
        setattr(passport, sec.field, "\n".join(_lines(units)))
        return
    tables = [u for u in units if isinstance(u, Table)]
    notes = [u.text for u in units if isinstance(u, Line) and u.text and not _is_hint(u.text)
             and not ADOPTED_LABEL.match(u.text) and not CHANGED_LABEL.match(u.text)]
    if sec.kind == PAIR:
        rows = [r for t in tables for r in _data_rows(t.rows)]
        if rows:
            cells = rows[0] + ["", ""]
            passport.stakeholders = s.Stakeholders(cells[0], "\n".join(c for c in cells[1:] if c))
        elif notes:
            passport.stakeholders = s.Stakeholders(involved="\n".join(notes))
            notes = []
            result.problems.append(f"{quote(sec)}: таблица не найдена, текст записан целиком")
    elif sec.kind == ACTS:
        target = "adopted"
        seen_tables = 0
        for unit in units:
            if isinstance(unit, Line):
                if ADOPTED_LABEL.match(unit.text):
                    target = "adopted"
                elif CHANGED_LABEL.match(unit.text):
                    target = "changed"
                continue
            if seen_tables == 1 and target == "adopted" and _width(unit) >= 4:
                target = "changed"
            seen_tables += 1
            row_type = s.AdoptedAct if target == "adopted" else s.ChangedAct
            rows = _rows(unit.rows, row_type, sec, result)
            getattr(passport.legal_acts, target).extend(rows)
    elif sec.kind == TABLE:
        rows = []
        for table in tables:
            rows.extend(_rows(table.rows, ROW_TYPES[sec.number], sec, result))
        if not tables and notes:
            fake = [[m.group(1), m.group(2)] if (m := re.match(r"^(\d{1,3}[.)])\s*(.+)$", n))
                    else ["", n] for n in notes]
            rows = _rows(fake, ROW_TYPES[sec.number], sec, result)
            notes = []
            result.problems.append(f"{quote(sec)}: таблица не найдена, строки взяты из текста")
        setattr(passport, sec.field, rows)
    if notes:
        passport.notes.setdefault(sec.field, []).extend(notes)


def _width(table: Table) -> int:
    return max((len(r) for r in table.rows), default=0)


def _data_rows(rows: list[list[str]]) -> list[list[str]]:
    """Drops the leading header rows and rows that hold only dashes."""
    i = 0
    while i < len(rows) and all(is_header_cell(c) for c in rows[i]):
        i += 1
    return [r for r in rows[i:] if not all(clean(c) in PLACEHOLDERS for c in r)]


def _split(row: list[str], sec: Section, result: ParseResult) -> list[list[str]]:
    """One table row holding several numbered items, one per line, becomes several rows."""
    numbers = [x for x in row[0].split("\n") if x.strip()] if row else []
    if len(numbers) < 2 or not all(_NUMBER.match(x) for x in numbers):
        return [row]
    columns = [[x for x in cell.split("\n") if x.strip()] for cell in row[1:]]
    if all(len(c) in (0, len(numbers)) for c in columns):
        return [[n] + [c[i] if c else "" for c in columns] for i, n in enumerate(numbers)]
    result.problems.append(
        f"{quote(sec)}: в одной строке таблицы {len(numbers)} пунктов, но столбцы не совпадают "
        "по числу строк — строка оставлена как в документе"
    )
    return [row]


def _rows(rows: list[list[str]], row_type: type[Any], sec: Section, result: ParseResult) -> list:
    fields = [f for f in row_type.__dataclass_fields__ if f != "number"]
    out = []
    for row in _data_rows(rows):
        for cells in _split(row, sec, result):
            number = ""
            if len(cells) > 1 and all(_NUMBER.match(x) for x in cells[0].split("\n")):
                number, cells = cells[0].strip(), cells[1:]
            if row_type is s.ResultRow:
                out.append(_result_row(number, cells))
                continue
            cells = list(cells[: len(fields)]) if len(cells) <= len(fields) else (
                cells[: len(fields) - 1] + ["\n".join(cells[len(fields) - 1:])])
            cells += [""] * (len(fields) - len(cells))
            out.append(row_type(number, *cells))
    return out


def _result_row(number: str, cells: list[str]) -> s.ResultRow:
    indicator = cells[0] if cells else ""
    unit = ""
    m = _UNIT.match(indicator)
    if m and len(m.group(2).split()) <= 3:
        indicator, unit = m.group(1), m.group(2).strip().rstrip(".")
    if len(cells) >= 3:  # the 2023 form: last year, whole period
        last_year, whole = cells[1], "\n".join(c for c in cells[2:] if c)
    else:  # older forms have one «Значение показателя» column
        last_year, whole = "", cells[1] if len(cells) > 1 else ""
    return s.ResultRow(number, indicator, unit, last_year, whole)


__all__ = ["assemble", "BY_NUMBER"]
