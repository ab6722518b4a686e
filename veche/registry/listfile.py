"""Reading an existing list (CSV in UTF-8 or cp1251, or XLSX) into rows of named fields.

Town lists come in many shapes: one "ФИО" column or three, dates as text or Excel dates, phones
written any way. Column names are matched by meaning (`COLUMN_ALIASES`), not by position.
"""

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from veche.documents.csvrows import read_csv_rows
from veche.documents.safezip import TABLE, check_zip, is_zip

# One table of column names for the import and for `veche dedupe`.
from veche.linkage.columns import COLUMN_ALIASES, field_of, find_header  # noqa: F401
from veche.text.dates import parse_date as read_date

MAX_BYTES = 20 * 1024 * 1024
MAX_ROWS = 200_000


class ListFileError(ValueError):
    """The file as a whole cannot be read; the message says what to fix, in Russian."""


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


def _decode(data: bytes) -> tuple[str, str]:
    if data.startswith(b"\xff\xfe") or data.startswith(b"\xfe\xff"):
        return data.decode("utf-16"), "utf-16"
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    # Windows lists from Excel "Save as CSV" are cp1251; it decodes any byte, so check it is
    # mostly Cyrillic/ASCII text and not some other binary file.
    text = data.decode("cp1251", errors="replace")
    if text.count("\ufffd") > len(text) // 100 or "\x00" in text:
        raise ListFileError(
            _("Файл не похож на текстовую таблицу. Сохраните список как CSV или XLSX.")
        )
    return text, "cp1251"


def _read_csv(data: bytes) -> tuple[list[tuple[int, list, str]], str, str]:
    text, encoding = _decode(data)
    sample = text[:8192]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=";,\t|")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ";" if sample.count(";") >= sample.count(",") else ","
    rows = [(row.line, row.cells, row.problem) for row in read_csv_rows(text, delimiter)]
    return rows, encoding, delimiter


def _read_xlsx(data: bytes) -> list[tuple[int, list, str]]:
    from openpyxl import load_workbook

    try:
        check_zip(data, TABLE)
    except ValidationError as exc:
        raise ListFileError(exc.messages[0]) from exc
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise ListFileError(
            _("Файл XLSX повреждён или защищён паролем. Откройте его в Excel и сохраните "
              "заново.")
        ) from exc
    sheet = book.worksheets[0]
    rows = []
    for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
        rows.append((number, list(row), ""))
        if len(rows) > MAX_ROWS + 100:  # title lines and a header above the data
            raise ListFileError(_("В файле больше %(rows)s строк. Разделите список на части.")
                                % {"rows": MAX_ROWS})
    return rows


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


def read_table(data: bytes, file_name: str, *, max_bytes: int = MAX_BYTES) -> Table:
    """A CSV or XLSX file → its rows of cells and where its header is; ListFileError with a
    Russian message for a file that cannot be read as a table."""
    if not data:
        raise ListFileError(_("Файл пустой. Выберите файл со списком."))
    if len(data) > max_bytes:
        raise ListFileError(
            _("Файл больше %(mb)s МБ. Разделите список на несколько файлов.")
            % {"mb": max_bytes // 1024 // 1024}
        )
    if is_zip(data) or file_name.lower().endswith(".xlsx"):
        read, encoding, delimiter = _read_xlsx(data), "xlsx", ";"
    else:
        read, encoding, delimiter = _read_csv(data)
    read = [(n, cells, problem) for n, cells, problem in read
            if problem or any(cell_text(c) for c in cells)]
    if not read:
        raise ListFileError(_("В файле нет ни одной строки с данными."))
    rows = [cells for _n, cells, _p in read]
    return Table(encoding=encoding, delimiter=delimiter, rows=rows, header=find_header(rows),
                 numbers=[n for n, _c, _p in read],
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
