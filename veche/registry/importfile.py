"""Opening a list file of any shape a town keeps: CSV (UTF-8, UTF-8 with BOM, UTF-16,
Windows-1251, KOI8-R, DOS 866; `;`, `,` or tab) and workbooks (XLSX, XLS, ODS through
`python-calamine`, the Rust calamine reader).

Each format is a small class with one interface (`Book`): its sheets with data, the rows of a
sheet as they are numbered in the file (a CSV's line, a sheet's row), the merged cells and
the formula cells that carry no value. `open_book` picks the format by the file's first bytes,
not by its name, and refuses with a Russian sentence what cannot be read: an empty file, a
password-protected workbook (encrypted OOXML is an OLE file with an «EncryptionInfo» stream),
a corrupt one, a zip that unpacks past the limit, a text in an encoding no town uses.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from xml.etree.ElementTree import iterparse

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from veche.documents.csvrows import read_csv_rows
from veche.documents.safezip import TABLE, check_zip, is_zip

MAX_BYTES = 20 * 1024 * 1024
# A town's biggest list is its whole population (~200,000); a file longer than this is a
# database dump, not a list, and is refused before it is read into memory.
MAX_ROWS = 200_000
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# What an encrypted Office document holds instead of its workbook (MS-OFFCRYPTO).
ENCRYPTED_STREAMS = ("EncryptionInfo".encode("utf-16-le"), "EncryptedPackage".encode("utf-16-le"))
# The commonest Russian letters: real text has ~60% of its letters among them, a text read
# in the wrong code page far fewer.
COMMON_LETTERS = set("оеаинтсрвлк")
ENCODINGS = ("cp1251", "koi8_r", "cp866")

Row = tuple[int, list, str]  # number in the file (1-based), cells, problem with the row


class ListFileError(ValueError):
    """The file as a whole cannot be read; the message says what to fix, in Russian."""


def too_many_rows(rows: int | None = None) -> ListFileError:
    if rows:
        return ListFileError(
            _("В файле %(rows)s строк, а за один раз загружается не больше %(limit)s. "
              "Разделите список на части.") % {"rows": f"{rows:,}".replace(",", " "),
                                              "limit": f"{MAX_ROWS:,}".replace(",", " ")})
    return ListFileError(_("В файле больше %(limit)s строк. Разделите список на части.")
                         % {"limit": f"{MAX_ROWS:,}".replace(",", " ")})


@dataclass
class Sheet:
    name: str
    rows: int  # rows in the sheet, empty ones included (an upper bound of the data rows)


class Book:
    """One opened list file."""

    kind = ""
    encoding = ""
    delimiter = ";"

    def sheets(self) -> list[Sheet]:
        raise NotImplementedError

    def rows(self, sheet: str, limit: int | None = None) -> Iterator[Row]:
        raise NotImplementedError

    def merged(self, sheet: str) -> list[tuple[tuple[int, int], tuple[int, int]]]:
        """Merged ranges ((row, col), (row, col)), 0-based, columns as `rows` gives them."""
        return []

    def formulas_without_value(self, sheet: str) -> set[tuple[int, int]]:
        """(row number, column index) of the formula cells no program ever computed."""
        return set()


class CsvBook(Book):
    kind = "csv"

    def __init__(self, data: bytes):
        self.text, self.encoding = decode(data)
        sample = self.text[:8192]
        import csv

        try:
            self.delimiter = csv.Sniffer().sniff(sample, delimiters=";,\t|").delimiter
        except csv.Error:
            self.delimiter = ";" if sample.count(";") >= sample.count(",") else ","

    def sheets(self) -> list[Sheet]:
        lines = self.text.count("\n") + (0 if self.text.endswith("\n") else 1)
        return [Sheet("", lines)]

    def rows(self, sheet: str, limit: int | None = None) -> Iterator[Row]:
        text = self.text
        if limit is not None:  # only the head: the header and a preview
            end = -1
            for _i in range(limit + 1):
                end = text.find("\n", end + 1)
                if end < 0:
                    break
            if end >= 0:
                text = text[:end + 1]
        for row in read_csv_rows(text, self.delimiter):
            yield row.line, row.cells, row.problem


class WorkbookBook(Book):
    """XLSX, XLS and ODS through calamine; a sheet is read row by row."""

    def __init__(self, data: bytes, kind: str):
        from python_calamine import CalamineWorkbook

        self.data, self.kind, self.encoding = data, kind, kind
        try:
            self.book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        except Exception as exc:  # calamine raises CalamineError, PasswordError, XmlError…
            raise _workbook_error(exc, kind) from exc
        self._loaded: dict = {}

    def _sheet(self, name: str):
        if name not in self._loaded:
            if self.kind == "xlsx":
                rows = _xlsx_dimension(self.data, self._xlsx_path(name))
                if rows and rows > MAX_ROWS + 100:
                    raise too_many_rows(rows)
            try:
                self._loaded[name] = self.book.get_sheet_by_name(name)
            except Exception as exc:
                raise _workbook_error(exc, self.kind) from exc
        return self._loaded[name]

    def sheets(self) -> list[Sheet]:
        found = []
        for meta in self.book.sheets_metadata:
            if str(meta.typ) != "SheetTypeEnum.WorkSheet" and "WorkSheet" not in str(meta.typ):
                continue
            sheet = self._sheet(meta.name)
            if sheet.height and any(_filled(c) for row in sheet.iter_rows() for c in row):
                found.append(Sheet(meta.name, sheet.end[0] + 1 if sheet.end else sheet.height))
            self._loaded.pop(meta.name, None)  # read again when chosen; keeps memory low
        return found

    def rows(self, sheet: str, limit: int | None = None) -> Iterator[Row]:
        loaded = self._sheet(sheet)
        for index, cells in enumerate(loaded.iter_rows()):
            if limit is not None and index >= limit:
                break
            yield index + 1, cells, ""

    def merged(self, sheet: str) -> list[tuple[tuple[int, int], tuple[int, int]]]:
        loaded = self._sheet(sheet)
        try:
            ranges = loaded.merged_cell_ranges or []
        except Exception:  # not every format knows its merged cells
            return []
        offset = loaded.start[1] if loaded.start else 0
        return [((a[0], a[1] - offset), (b[0], b[1] - offset)) for a, b in ranges]

    def _xlsx_path(self, name: str) -> str | None:
        try:
            return _xlsx_sheet_paths(self.data).get(name)
        except (KeyError, zipfile.BadZipFile, SyntaxError):
            return None

    def formulas_without_value(self, sheet: str) -> set[tuple[int, int]]:
        if self.kind != "xlsx":
            return set()  # XLS keeps every formula's result; ODS writers compute theirs
        path = self._xlsx_path(sheet)
        if not path:
            return set()
        loaded = self._sheet(sheet)
        offset = loaded.start[1] if loaded.start else 0
        return {(row, col - offset) for row, col in _xlsx_empty_formulas(self.data, path)}


def _filled(value) -> bool:
    return value is not None and value != ""


def _workbook_error(exc: Exception, kind: str) -> ListFileError:
    if "password" in str(exc).lower() or type(exc).__name__ == "PasswordError":
        return password_protected()
    return corrupt(kind)


def corrupt(kind: str) -> ListFileError:
    return ListFileError(
        _("Файл %(kind)s повреждён или защищён паролем и не открывается. Откройте его в Excel "
          "или LibreOffice, снимите пароль, если он есть, и сохраните заново.")
        % {"kind": kind.upper()})


def password_protected() -> ListFileError:
    return ListFileError(_("Файл защищён паролем. Снимите пароль (в Excel: Файл → Сведения → "
                           "Защита книги) и загрузите снова."))


_CELL_REF = re.compile(r"([A-Z]+)(\d+)")
_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"


def _xlsx_sheet_paths(data: bytes) -> dict[str, str]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        from xml.etree import ElementTree

        book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
        rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target", "") for r in rels}
    paths = {}
    for sheet in book.iter(f"{_NS}sheet"):
        target = targets.get(sheet.get(f"{_REL_NS}id"), "")
        target = target.lstrip("/")
        paths[sheet.get("name", "")] = target if target.startswith("xl/") else f"xl/{target}"
    return paths


def _xlsx_dimension(data: bytes, path: str | None) -> int | None:
    """The last row the sheet declares (<dimension ref="A1:F1000000"/>), read from the start
    of its XML without unpacking the rest."""
    if not path:
        return None
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive, archive.open(path) as fh:
            head = fh.read(4096).decode("utf-8", errors="replace")
    except (KeyError, zipfile.BadZipFile):
        return None
    match = re.search(r'<dimension ref="[A-Z]+\d+:[A-Z]+(\d+)"', head)
    return int(match.group(1)) if match else None


def _column_index(letters: str) -> int:
    index = 0
    for ch in letters:
        index = index * 26 + ord(ch) - 64
    return index - 1


def _xlsx_empty_formulas(data: bytes, path: str) -> set[tuple[int, int]]:
    found = set()
    with zipfile.ZipFile(io.BytesIO(data)) as archive, archive.open(path) as fh:
        for _event, element in iterparse(fh):
            if element.tag != f"{_NS}c":
                continue
            formula = element.find(f"{_NS}f")
            value = element.find(f"{_NS}v")
            if formula is not None and (value is None or not (value.text or "").strip()):
                match = _CELL_REF.match(element.get("r", ""))
                if match:
                    found.add((int(match.group(2)), _column_index(match.group(1))))
            element.clear()
    return found


def decode(data: bytes) -> tuple[str, str]:
    """Text of a CSV and its encoding; ListFileError when it is no text or its code page is
    none a town's computer writes."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    if b"\x00" in data[:65536]:
        raise ListFileError(
            _("Файл не похож на текстовую таблицу. Сохраните список как CSV или XLSX.")
        )
    best, best_score, letters = "", -1.0, 0
    sample = data[:200_000]
    for encoding in ENCODINGS:
        text = sample.decode(encoding, errors="replace")
        if encoding == "cp1251" and text.count("\ufffd") > len(text) // 100:
            continue
        cyrillic = [ch for ch in text.lower() if "а" <= ch <= "я" or ch == "ё"]
        letters = max(letters, len(cyrillic))
        # Read right, nearly every non-ASCII character is a Russian letter (not a box-drawing
        # sign or a Serbian one), and the common letters are common.
        other = sum(1 for ch in text if ch > "\x7f") or 1
        score = (sum(ch in COMMON_LETTERS for ch in cyrillic) / len(cyrillic)
                 * min(1.0, len(cyrillic) / other / 0.9)) if cyrillic else 0
        if score > best_score:
            best, best_score = encoding, score
    if letters == 0 and best == "cp1251":
        return data.decode("cp1251", errors="replace"), "cp1251"
    if best_score < 0.4:
        raise ListFileError(_(
            "Не удалось определить кодировку файла: русские буквы в нём не читаются ни в "
            "UTF-8, ни в Windows-1251, ни в KOI8-R. Сохраните список в Excel как «CSV UTF-8» "
            "или как книгу XLSX."))
    return data.decode(best, errors="replace"), best


def open_book(data: bytes, file_name: str = "", *, max_bytes: int = MAX_BYTES) -> Book:
    """The file's format by its first bytes → a Book; ListFileError in Russian otherwise."""
    if not data:
        raise ListFileError(_("Файл пустой. Выберите файл со списком."))
    if len(data) > max_bytes:
        raise ListFileError(
            _("Файл больше %(mb)s МБ. Разделите список на несколько файлов.")
            % {"mb": max_bytes // 1024 // 1024})
    if data.startswith(OLE_MAGIC):
        if any(stream in data for stream in ENCRYPTED_STREAMS):
            raise password_protected()
        return WorkbookBook(data, "xls")
    name = file_name.lower()
    if is_zip(data) or name.endswith((".xlsx", ".xlsm", ".ods", ".xls")):
        if not is_zip(data):
            raise corrupt(name.rsplit(".", 1)[-1])
        try:
            check_zip(data, TABLE)
        except ValidationError as exc:
            raise ListFileError(exc.messages[0]) from exc
        kind = "ods" if b"application/vnd.oasis.opendocument" in data[:200] else "xlsx"
        return WorkbookBook(data, kind)
    return CsvBook(data)
