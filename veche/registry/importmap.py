"""Which row of a list is its header and which column holds what.

The header is found among the first rows (`veche.linkage.columns.find_header`: lists open with
a title line); a header written over two rows with merged cells («ФИО» over «Фамилия | Имя |
Отчество», «Дата рождения» merged down) is read as one, the lower row winning where it names a
field. Staff see the suggested mapping and correct it (a select per column) before the start.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from veche.linkage.columns import HEADER_ROWS, field_of, find_header

from .importfile import Book, ListFileError, too_many_rows

# The fields a column can be loaded into, in the order the mapping form offers them.
FIELDS: dict[str, object] = {
    "full_name": gettext_lazy("ФИО одной строкой"),
    "surname": gettext_lazy("Фамилия"),
    "given_name": gettext_lazy("Имя"),
    "patronymic": gettext_lazy("Отчество"),
    "birth_date": gettext_lazy("Дата рождения"),
    "phone": gettext_lazy("Телефон"),
    "email": gettext_lazy("Эл. почта"),
    "address": gettext_lazy("Адрес"),
    "street": gettext_lazy("Улица"),
    "house": gettext_lazy("Дом"),
    "apartment": gettext_lazy("Квартира"),
    "district": gettext_lazy("Район"),
    "organisation": gettext_lazy("Организация"),
    "role": gettext_lazy("Должность или роль"),
}
NAME_FIELDS = ("full_name", "surname")
HEAD_ROWS = HEADER_ROWS + 2


@dataclass
class Layout:
    header_row: int  # the header's row number in the file (1-based); 0: no header found
    headers: list[str]
    mapping: dict[int, str]  # column index → field
    data_from: int  # the first data row's number
    notes: list[str] = field(default_factory=list)


def cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return " ".join(str(value).split())


def suggest(headers: list[str]) -> dict[int, str]:
    """column index → field, each field taken by the first column that names it."""
    mapping: dict[int, str] = {}
    for index, header in enumerate(headers):
        name = field_of(header)
        if name in FIELDS and name not in mapping.values():
            mapping[index] = name
    if "full_name" in mapping.values() and "surname" in mapping.values():
        mapping = {i: f for i, f in mapping.items() if f != "full_name"}
    return mapping


def _merged_fill(row: list[str], merged, row_index: int) -> list[str]:
    """A merged cell's text copied into every column it spans (in the header row only)."""
    row = list(row)
    for (r0, c0), (r1, c1) in merged:
        if r0 <= row_index <= r1 and 0 <= c0 < len(row):
            for c in range(c0 + 1, min(c1 + 1, len(row))):
                if not row[c]:
                    row[c] = row[c0]
    return row


def analyse(book: Book, sheet: str, *, header_row: int | None = None) -> Layout:
    """Find the header (or take the one staff chose) and suggest the mapping."""
    head = [(n, [cell_text(c) for c in cells]) for n, cells, _p in book.rows(sheet, HEAD_ROWS)]
    filled = [(n, cells) for n, cells in head if any(cells)]
    if not filled:
        raise ListFileError(_("На листе нет ни одной строки с данными."))
    merged = book.merged(sheet)
    if header_row is None:
        index = find_header([cells for _n, cells in filled])
    else:
        index = next((i for i, (n, _c) in enumerate(filled) if n == header_row), 0)
    number, headers = filled[index]
    notes: list[str] = []
    spans = [m for m in merged if m[0][0] <= number - 1 <= m[1][0]]
    if spans:
        headers = _merged_fill(headers, merged, number - 1)
    data_from = number + 1
    below = filled[index + 1][1] if index + 1 < len(filled) else []
    below_fields = [field_of(c) for c in below]
    # A two-row header: the row under it names fields too (Фамилия | Имя | Отчество under a
    # merged «ФИО»), and a data row never does.
    if sum(1 for f in below_fields if f) >= 2:
        width = max(len(headers), len(below))
        headers = headers + [""] * (width - len(headers))
        headers = [below[i] if i < len(below) and below_fields[i] else headers[i]
                   for i in range(width)]
        data_from = filled[index + 1][0] + 1
        notes.append(_("Заголовок занимает две строки (объединённые ячейки): колонки "
                       "прочитаны по обеим строкам. Проверьте их ниже."))
    above = filled[index - 1] if index > 0 else None
    if above and data_from == number + 1:
        # The header found is the lower row of two («Фамилия | Имя | Отчество» under a merged
        # «ФИО», «Дата рождения» merged down): the empty cells take the upper row's text.
        upper = _merged_fill(above[1], merged, above[0] - 1)
        joined = [h or (upper[i] if i < len(upper) and field_of(upper[i]) else "")
                  for i, h in enumerate(headers + [""] * (len(upper) - len(headers)))]
        if joined != headers:
            headers = joined
            notes.append(_("Заголовок занимает две строки (объединённые ячейки): колонки "
                           "прочитаны по обеим строкам. Проверьте их ниже."))
    if spans and not notes:
        notes.append(_("В заголовке есть объединённые ячейки. Проверьте, что колонки "
                       "сопоставлены верно."))
    mapping = suggest(headers)
    if not set(mapping.values()) & set(NAME_FIELDS):
        notes.append(_("Не найдена колонка с фамилией. Выберите ниже колонку «ФИО» или "
                       "колонки «Фамилия», «Имя», «Отчество»."))
    return Layout(header_row=number, headers=headers, mapping=mapping, data_from=data_from,
                  notes=notes)


@dataclass
class SourceRow:
    number: int
    raw: dict[str, str]  # field → text as in the file; other columns by their header
    problems: list[str]  # the row was read as written, not as meant, for these reasons
    blocking: bool  # a problem that rejects the row (a name field cannot be read)


def mapped_rows(book: Book, sheet: str, *, data_from: int, headers: list[str],
                mapping: dict[int, str], limit: int | None = None,
                max_rows: int | None = None) -> Iterator[SourceRow]:
    """The data rows under the header, empty ones skipped, with their number in the file."""
    formulas = book.formulas_without_value(sheet)
    read = None if limit is None else data_from - 1 + limit * 3 + 50
    seen = 0
    for number, cells, problem in book.rows(sheet, read):
        if number < data_from:
            continue
        texts = [cell_text(c) for c in cells]
        if not problem and not any(texts):
            continue
        seen += 1
        if max_rows is not None and seen > max_rows:
            raise too_many_rows()
        raw: dict[str, str] = {}
        problems = [problem] if problem else []
        blocking = bool(problem)
        for index, text in enumerate(texts):
            name = mapping.get(index)
            if name:
                raw[name] = text
            elif text:
                label = headers[index] if index < len(headers) and headers[index] else (
                    _("колонка %(n)s") % {"n": index + 1})
                raw.setdefault(label, text)
            if name and (number, index) in formulas:
                problems.append(_(
                    "В колонке «%(column)s» формула без значения: откройте файл в Excel, "
                    "пересчитайте (F9) и сохраните.") % {"column": headers[index] if index < len(
                        headers) else index + 1})
                blocking = blocking or name in ("full_name", "surname", "given_name")
        for name in mapping.values():
            raw.setdefault(name, "")
        yield SourceRow(number=number, raw=raw, problems=problems, blocking=blocking)
        if limit is not None and seen >= limit:
            return
