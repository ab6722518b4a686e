"""Reading an existing list (CSV in UTF-8 or cp1251, or XLSX) into rows of named fields.

Town lists come in many shapes: one "ФИО" column or three, dates as text or Excel dates, phones
written any way. Column names are matched by meaning (`COLUMN_ALIASES`), not by position.
"""

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass, field

MAX_BYTES = 20 * 1024 * 1024
MAX_ROWS = 200_000

COLUMN_ALIASES = {
    "full_name": ["фио", "ф.и.о.", "ф.и.о", "фамилия имя отчество", "full name", "name"],
    "surname": ["фамилия", "surname", "last name", "lastname"],
    "given_name": ["имя", "given name", "first name", "firstname"],
    "patronymic": ["отчество", "patronymic", "middle name"],
    "birth_date": ["дата рождения", "д.р.", "др", "дата рожд.", "birth date", "birthdate",
                   "date of birth", "год рождения"],
    "phone": ["телефон", "тел.", "тел", "моб. телефон", "мобильный телефон", "мобильный",
              "контактный телефон", "phone", "mobile"],
    "email": ["email", "e-mail", "эл. почта", "электронная почта", "почта", "mail"],
    "street": ["улица", "street"],
    "house": ["дом", "house", "№ дома"],
    "address": ["адрес", "адрес проживания", "address"],
    "apartment": ["кв.", "кв", "квартира", "apartment", "flat"],
    "district": ["район", "микрорайон", "district"],
    "segments": ["сегмент", "сегменты", "теги", "категория", "tags"],
}
_ALIAS_TO_FIELD = {alias: name for name, aliases in COLUMN_ALIASES.items() for alias in aliases}


class ListFileError(ValueError):
    """The file as a whole cannot be read; the message says what to fix, in Russian."""


@dataclass
class ParsedList:
    encoding: str
    columns: dict[str, str]  # field -> header as written in the file
    unknown_columns: list[str]
    rows: list[dict[str, str]] = field(default_factory=list)


def _norm_header(value) -> str:
    return " ".join(str(value or "").strip().lower().replace("ё", "е").split()).rstrip(":")


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
            "Файл не похож на текстовую таблицу. Сохраните список как CSV или XLSX."
        )
    return text, "cp1251"


def _read_csv(data: bytes) -> tuple[list[list[str]], str]:
    text, encoding = _decode(data)
    sample = text[:8192]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=";,\t|")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ";" if sample.count(";") >= sample.count(",") else ","
    return [row for row in csv.reader(io.StringIO(text), delimiter=delimiter)], encoding


def _read_xlsx(data: bytes) -> list[list]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise ListFileError(
            "Файл XLSX повреждён или защищён паролем. Откройте его в Excel и сохраните заново."
        ) from exc
    sheet = book.worksheets[0]
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return " ".join(str(value).split())


def read_list(data: bytes, file_name: str) -> ParsedList:
    if not data:
        raise ListFileError("Файл пустой. Выберите файл со списком.")
    if len(data) > MAX_BYTES:
        raise ListFileError(
            f"Файл больше {MAX_BYTES // 1024 // 1024} МБ. Разделите список на несколько файлов."
        )
    if data[:2] == b"PK" or file_name.lower().endswith(".xlsx"):
        table, encoding = _read_xlsx(data), "xlsx"
    else:
        table, encoding = _read_csv(data)
    table = [row for row in table if any(_cell_text(c) for c in row)]
    if not table:
        raise ListFileError("В файле нет ни одной строки с данными.")
    header_index = _find_header(table)
    headers = [_norm_header(h) for h in table[header_index]]
    columns, unknown = {}, []
    for raw, name in zip(table[header_index], headers, strict=False):
        field_name = _ALIAS_TO_FIELD.get(name)
        if field_name and field_name not in columns:
            columns[field_name] = str(raw).strip()
        elif name:
            unknown.append(str(raw).strip())
    if "full_name" not in columns and "surname" not in columns:
        raise ListFileError(
            "Не найдена колонка с фамилией. Назовите колонки «Фамилия», «Имя», «Отчество» "
            "(или одну колонку «ФИО») в первой строке файла."
        )
    body = table[header_index + 1:]
    if len(body) > MAX_ROWS:
        raise ListFileError(f"В файле больше {MAX_ROWS} строк. Разделите список на части.")
    index = {name: i for i, name in enumerate(headers)}
    rows = []
    for row in body:
        values = {}
        for field_name, header in columns.items():
            i = index[_norm_header(header)]
            values[field_name] = _cell_text(row[i]) if i < len(row) else ""
        rows.append(values)
    return ParsedList(encoding=encoding, columns=columns, unknown_columns=unknown, rows=rows)


def _find_header(table: list[list]) -> int:
    """Lists often start with a title line ("Список ветеранов на 01.03.2026"): the header is the
    first of the top rows where a cell is a known column name."""
    for i, row in enumerate(table[:10]):
        if any(_norm_header(c) in _ALIAS_TO_FIELD for c in row):
            return i
    return 0


_DATE_FORMATS = ("%d.%m.%Y", "%Y-%m-%d", "%d/%m/%Y", "%d.%m.%y", "%d-%m-%Y")


def parse_date(text: str) -> dt.date:
    text = text.strip()
    for fmt in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(f"Дата «{text[:20]}» не распознана: нужна дата в виде ДД.ММ.ГГГГ.")


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
