"""Every format a town's list comes in, and every bad file with a clear Russian message; the
original kept and a record of what happened (issue 18, «Bad input»)."""

import datetime as dt
import io
import time
import zipfile

import pytest
import xlwt
from openpyxl import Workbook

from veche.registry.importfile import open_book
from veche.registry.importmap import analyse, mapped_rows
from veche.registry.imports import list_import_create, list_import_run
from veche.registry.models import ListImport, Person

pytestmark = pytest.mark.django_db

ROWS = [["Фамилия", "Имя", "Отчество", "Дата рождения", "Телефон"],
        ["Гришина", "Ольга", "Петровна", dt.date(1961, 3, 2), "8 912 555 66 77"],
        ["Лебедев", "Артём", "", dt.date(1990, 12, 31), "+79120001122"]]


def _xlsx(rows=ROWS, title="Лист1") -> bytes:
    book = Workbook()
    book.active.title = title
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _xls(rows=ROWS) -> bytes:
    book = xlwt.Workbook()
    sheet = book.add_sheet("Ветераны")
    dates = xlwt.easyxf(num_format_str="DD.MM.YYYY")
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            style = dates if isinstance(value, dt.date) else xlwt.Style.default_style
            sheet.write(r, c, value, style)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _ods(rows=ROWS) -> bytes:
    """A minimal OpenDocument spreadsheet, as LibreOffice writes one."""
    def cell(value):
        if isinstance(value, dt.date):
            return (f'<table:table-cell office:value-type="date" office:date-value='
                    f'"{value.isoformat()}"><text:p>{value:%d.%m.%Y}</text:p></table:table-cell>')
        return (f'<table:table-cell office:value-type="string"><text:p>{value}</text:p>'
                '</table:table-cell>')
    body = "".join("<table:table-row>" + "".join(cell(v) for v in row) + "</table:table-row>"
                   for row in rows)
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        '<office:body><office:spreadsheet><table:table table:name="Актив">'
        f'{body}</table:table></office:spreadsheet></office:body></office:document-content>')
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
        'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
        'manifest:version="1.2"><manifest:file-entry manifest:full-path="/" '
        'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        '</manifest:manifest>')
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"),
                         "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("META-INF/manifest.xml", manifest, zipfile.ZIP_DEFLATED)
        archive.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def _csv(encoding: str, delimiter=";") -> bytes:
    lines = [delimiter.join(c.strftime("%d.%m.%Y") if isinstance(c, dt.date) else c for c in row)
             for row in ROWS]
    return ("\n".join(lines) + "\n").encode(encoding)


def _run(town, data: bytes, name: str):
    record = list_import_create(territory=town, list_name="Актив", file_name=name, data=data)
    return list_import_run(list_import=record)


@pytest.mark.parametrize("name,data", [
    ("list.xlsx", _xlsx()), ("list.xls", _xls()), ("list.ods", _ods()),
    ("utf8.csv", _csv("utf-8")), ("bom.csv", _csv("utf-8-sig")),
    ("win.csv", _csv("cp1251")), ("comma.csv", _csv("cp1251", ",")),
    ("no-extension", _xls()),
])
def test_every_format_loads_the_same_two_persons(in_town, name, data):
    record = _run(in_town, data, name)
    assert record.status == ListImport.Status.DONE, record.message
    assert record.created_count == 2, [r.errors for r in record.rows.all()]
    olga = Person.objects.get(surname="Гришина")
    assert (olga.birth_date, olga.phone) == (dt.date(1961, 3, 2), "+79125556677")
    assert Person.objects.get(surname="Лебедев").birth_date == dt.date(1990, 12, 31)


def test_every_sheet_with_data_is_offered(in_town):
    book = Workbook()
    book.active.title = "Пустой"
    book.create_sheet("Ветераны").append(["ФИО"])
    book["Ветераны"].append(["Иванов Иван"])
    book.create_sheet("Волонтёры").append(["Фамилия", "Имя"])
    buffer = io.BytesIO()
    book.save(buffer)
    record = list_import_create(territory=in_town, list_name="Два листа", file_name="x.xlsx",
                                data=buffer.getvalue())
    assert [s["name"] for s in record.sheets] == ["Ветераны", "Волонтёры"]
    assert record.sheet == "Ветераны" and record.mapping == {"0": "full_name"}


def test_a_header_over_two_merged_rows_is_read_as_one():
    book = Workbook()
    sheet = book.active
    sheet.append(["Список Совета ветеранов"])
    sheet.append(["ФИО", None, None, "Дата рождения"])
    sheet.append(["Фамилия", "Имя", "Отчество", None])
    sheet.append(["Орлов", "Иван", "Ильич", "03.03.1955"])
    sheet.merge_cells("A2:C2")
    sheet.merge_cells("D2:D3")
    buffer = io.BytesIO()
    book.save(buffer)
    book_ = open_book(buffer.getvalue(), "x.xlsx")
    layout = analyse(book_, "Sheet")
    assert layout.mapping == {0: "surname", 1: "given_name", 2: "patronymic", 3: "birth_date"}
    assert layout.data_from == 4 and "две строки" in layout.notes[0]
    rows = list(mapped_rows(book_, "Sheet", data_from=layout.data_from,
                            headers=layout.headers, mapping=layout.mapping))
    assert [(r.number, r.raw["surname"]) for r in rows] == [(4, "Орлов")]


def test_a_formula_without_a_value_is_named_on_its_row(in_town):
    data = _xlsx([["ФИО", "Телефон"], ["Орлов Иван", "=CONCAT(\"8912\",\"5554433\")"],
                  ["=A1", "89125554433"]])
    record = _run(in_town, data, "formulas.xlsx")
    assert record.status == "done", record.message
    by_number = {r.number: r for r in record.rows.all()}
    assert "формула без значения" in by_number[2].errors[0]
    assert by_number[2].outcome == "created"  # the name was there: only the phone is missing
    assert by_number[3].outcome == "rejected" and "формула без значения" in by_number[3].errors[0]


@pytest.mark.parametrize("name,data,message", [
    ("empty.csv", b"", "Файл пустой"),
    ("blank.csv", b";;;\n;;\n", "нет ни одной строки с данными"),
    ("koi.csv", "Фамилия;Имя\nСеменов;Алексей\nИванова;Мария\n".encode("iso8859_5"),
     "Не удалось определить кодировку"),
    ("broken.xlsx", b"PK\x03\x04broken", "повреждён"),
    ("broken.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 1000, "повреждён"),
])
def test_a_bad_file_is_kept_with_a_russian_reason(in_town, name, data, message):
    record = _run(in_town, data, name)
    assert record.status == ListImport.Status.FAILED
    assert message in record.message
    with record.file.open("rb") as fh:
        assert fh.read() == data
    assert not Person.objects.exists() and not record.rows.exists()


def test_a_password_protected_workbook_is_recognised(in_town):
    from msoffcrypto.format.ooxml import OOXMLFile

    encrypted = io.BytesIO()
    OOXMLFile(io.BytesIO(_xlsx())).encrypt("секрет", encrypted)
    record = _run(in_town, encrypted.getvalue(), "secret.xlsx")
    assert record.status == "failed" and "защищён паролем" in record.message
    assert "Снимите пароль" in record.message


def test_koi8_lists_are_still_read(in_town):
    record = _run(in_town, "Фамилия;Имя\nСеменов;Алексей\nИванова;Мария\n".encode("koi8_r"),
                  "koi.csv")
    assert record.status == "done" and record.encoding == "koi8_r"
    assert Person.objects.filter(surname="Семенов").exists()


def test_a_million_rows_are_refused_at_once_with_the_limit_named(in_town):
    data = "Фамилия;Имя\n".encode() + b"".join(
        f"Ф{i:07d};Иван\n".encode("cp1251") for i in range(1_000_000))
    started = time.perf_counter()
    record = list_import_create(territory=in_town, list_name="Миллион", file_name="big.csv",
                                data=data)
    assert time.perf_counter() - started < 10
    assert record.status == "failed"
    assert "1 000 001 строк" in record.message and "200 000" in record.message
    assert record.file.size == len(data)
    assert list_import_run(list_import=record).status == "failed"
    assert not Person.objects.exists()
