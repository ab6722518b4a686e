"""Reading an existing list (CSV, XLSX, XLS, ODS: importfile.py) into rows of named fields.

Town lists come in many shapes: one "ФИО" column or three, dates as text or Excel dates, phones
written any way. Column names are matched by meaning (`COLUMN_ALIASES`), not by position.
"""

import datetime as dt
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

# One table of column names for the import and for `veche dedupe`.
from veche.linkage.columns import COLUMN_ALIASES, field_of, find_header  # noqa: F401
from veche.text.dates import parse_date as read_date

from .importfile import MAX_BYTES, MAX_ROWS, ListFileError, open_book
from .importmap import cell_text

# Reading is importfile.py's (every format); the limits and the error are the same objects.


@dataclass
class ParsedList:
    encoding: str
    columns: dict[str, str]  # field -> header as written in the file
    unknown_columns: list[str]
    rows: list[dict[str, str]] = field(default_factory=list)
    # rows[i] was read as written, not as meant, and is to be rejected with this message
    problems: dict[int, str] = field(default_factory=dict)


@dataclass
class Table:
    """A list file's cells as read (text, numbers, dates), empty rows dropped; the header is
    row `header` of `rows`; `numbers[i]` is row i's number in the file (1-based: the line of a
    CSV, the row of a sheet); `problems[i]` says why row i was read as written, not as meant
    (a CSV line with a broken quote)."""

    encoding: str
    delimiter: str
    rows: list[list]
    header: int
    numbers: list[int] = field(default_factory=list)
    problems: dict[int, str] = field(default_factory=dict)


def read_table(data: bytes, file_name: str, *, max_bytes: int = MAX_BYTES,
               sheet: str | None = None) -> Table:
    """A CSV, XLSX, XLS or ODS file (importfile.open_book) -> the rows of its first sheet with
    data (or `sheet`) and where its header is; ListFileError with a Russian message for a file
    that cannot be read as a table."""
    book = open_book(data, file_name, max_bytes=max_bytes)
    sheets = book.sheets()
    if not sheets:
        raise ListFileError(_("В файле нет ни одной строки с данными."))
    name = sheet if sheet is not None else sheets[0].name
    read = [(n, cells, problem) for n, cells, problem in book.rows(name)
            if problem or any(cell_text(c) for c in cells)]
    if not read:
        raise ListFileError(_("В файле нет ни одной строки с данными."))
    rows = [list(cells) for _n, cells, _p in read]
    return Table(encoding=book.encoding, delimiter=book.delimiter, rows=rows,
                 header=find_header(rows), numbers=[n for n, _c, _p in read],
                 problems={i: p for i, (_n, _c, p) in enumerate(read) if p})


def read_list(data: bytes, file_name: str) -> ParsedList:
    table = read_table(data, file_name)
    header_index = table.header
    columns, unknown, index = {}, [], {}
    for i, raw in enumerate(table.rows[header_index]):
        field_name = field_of(raw)
        if field_name and field_name not in columns:
            columns[field_name] = str(raw).strip()
            index[field_name] = i
        elif cell_text(raw):
            unknown.append(str(raw).strip())
    if "full_name" not in columns and "surname" not in columns:
        raise ListFileError(_(
            "Не найдена колонка с фамилией. Назовите колонки «Фамилия», «Имя», «Отчество» "
            "(или одну колонку «ФИО») в первой строке файла."
        ))
    body = table.rows[header_index + 1:]
    if len(body) > MAX_ROWS:
        raise ListFileError(_("В файле больше %(rows)s строк. Разделите список на части.")
                            % {"rows": MAX_ROWS})
    rows = []
    for row in body:
        values = {}
        for field_name, i in index.items():
            values[field_name] = cell_text(row[i]) if i < len(row) else ""
        rows.append(values)
    problems = {i - header_index - 1: text for i, text in table.problems.items()
                if i > header_index}
    return ParsedList(encoding=table.encoding, columns=columns, unknown_columns=unknown,
                      rows=rows, problems=problems)


def parse_date(text: str) -> dt.date:
    """A birth date in any of the ways lists write it (veche/text/dates.py), or ValueError."""
    day = read_date(text.strip())
    if day is None:
        raise ValueError(_("Дата «%(date)s» не распознана: нужна дата в виде ДД.ММ.ГГГГ.")
                         % {"date": text.strip()[:20]})
    return day


def split_full_name(text: str) -> tuple[str, str, str]:
    parts = text.split()
    parts += [""] * (3 - len(parts))
    return parts[0], parts[1], " ".join(parts[2:])


_HOUSE_RE = re.compile(r"^(?P<street>.+?)[,\s]+(?:д\.?\s*)?(?P<house>\d+[а-яА-Я]?(?:/\d+)?)"
                       r"(?:[,\s]+(?:кв\.?|квартира)\s*(?P<apartment>\d+))?\s*$")


def split_address(text: str) -> tuple[str, str, str]:
    """"ул. Ленина, д. 5, кв. 12" → ("ул. Ленина", "5", "12"); unknown shapes → (text, "", "")."""
    match = _HOUSE_RE.match(text.strip())
    if not match:
        return text.strip(), "", ""
    return match["street"].strip(" ,"), match["house"], match["apartment"] or ""
