"""The safe-zip check (veche/documents/safezip.py) every zip-based reader runs first: a file that
would unpack past its limit, or that lists too many entries, is refused before any reader
unpacks it; an ordinary DOCX or XLSX passes."""

import io
import struct
import zipfile

import pytest
from django.core.exceptions import ValidationError
from docx import Document
from openpyxl import Workbook

from tests.documents.zipbomb import bomb
from veche.documents.safezip import DOCUMENT, MB, TABLE, ZipLimits, check_zip, is_zip


def _docx() -> bytes:
    buf = io.BytesIO()
    doc = Document()
    doc.add_paragraph("Паспорт практики")
    doc.save(buf)
    return buf.getvalue()


def test_ordinary_docx_and_xlsx_pass():
    book, buf = Workbook(), io.BytesIO()
    book.active.append(["Фамилия", "Имя"])
    book.save(buf)
    check_zip(_docx(), DOCUMENT)
    check_zip(buf.getvalue(), TABLE)
    assert is_zip(_docx()) and not is_zip(b"\xd0\xa4\xd0\x98\xd0\x9e;")


def test_a_small_file_that_unpacks_to_100_mb_is_refused_with_its_size():
    data = bomb(_docx(), 100)
    assert len(data) < 300 * 1024  # the file: 138 KB on disk
    with pytest.raises(ValidationError) as caught:
        check_zip(data, DOCUMENT)
    assert caught.value.code == "zip_too_large"
    assert "100 МБ" in caught.value.messages[0] and "50 МБ" in caught.value.messages[0]


def test_too_many_entries_is_refused():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as archive:
        for i in range(30):
            archive.writestr(f"part{i}.xml", "<x/>")
    with pytest.raises(ValidationError) as caught:
        check_zip(buf.getvalue(), ZipLimits(max_unpacked=MB, max_entries=10))
    assert caught.value.code == "zip_too_many_entries"


def test_not_a_zip_passes_to_its_reader_which_reports_it_broken():
    check_zip(b"PK\x03\x04 broken", DOCUMENT)
    check_zip("Фамилия;Имя\n".encode(), TABLE)


def test_a_file_that_understates_its_sizes_is_read_as_broken_not_unpacked():
    """The check trusts the sizes in the table of contents; zipfile never returns more than
    an entry declares, so lying about them gives a CRC error, not a bomb."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("big.xml", b"<a>" + b"x" * (8 * MB) + b"</a>")
    data = bytearray(buf.getvalue())
    local = data.index(b"PK\x03\x04")
    central = data.index(b"PK\x01\x02")
    struct.pack_into("<I", data, local + 22, 1000)  # uncompressed size, local header
    struct.pack_into("<I", data, central + 24, 1000)  # uncompressed size, central directory
    check_zip(bytes(data), ZipLimits(max_unpacked=MB, max_entries=10))
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive, \
            pytest.raises(zipfile.BadZipFile):
        archive.read("big.xml")
