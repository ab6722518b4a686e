"""`veche dedupe FILE --out persons.csv`: a list audited without the database (no test here is
allowed to touch it: pytest-django refuses database access without the django_db mark)."""

import csv
import datetime as dt
import io
import json

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

VETERANS = (
    "Список ветеранов на 01.03.2026;;;;;\n"
    "ФИО;Дата рождения;Телефон;Адрес;E-mail;Примечание\n"
    "Семёнов Алексей Петрович;12.04.1948;8 (912) 100-20-30;ул. Ленина, д. 5, кв. 12;;орден\n"
    "Семенов Алексей Петрович;12.04.1948;;;;\n"
    "Кузнецова Галина Ивановна;1950-02-01;;;kuz@mail.ru;\n"
    "Кузнецова Галя Ивановна;01.02.1950;;Ленина ул., 7-3;kuz@mail.ru;\n"
    "Смирнов Иван Петрович;03.03.1961;+79125555555;;;\n"
)


def _read(path):
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.reader(fh, delimiter=";"))


def _dedupe(tmp_path, name, data, *extra):
    source = tmp_path / name
    source.write_bytes(data)
    out = tmp_path / "persons.csv"
    stdout = io.StringIO()
    call_command("dedupe", str(source), "--out", str(out), *extra, stdout=stdout)
    return _read(out), stdout.getvalue()


def test_cp1251_semicolon_list_keeps_every_column_and_adds_person(tmp_path):
    rows, said = _dedupe(tmp_path, "veterans.csv", VETERANS.encode("cp1251"))
    assert rows[0] == ["ФИО", "Дата рождения", "Телефон", "Адрес", "E-mail", "Примечание",
                       "person"]
    assert rows[1][:6] == ["Семёнов Алексей Петрович", "12.04.1948", "8 (912) 100-20-30",
                           "ул. Ленина, д. 5, кв. 12", "", "орден"]
    assert len(rows) == 6  # the title line is not a row of the list
    person = [row[-1] for row in rows[1:]]
    assert person[0] == person[1]  # Семёнов = Семенов, one birth date
    assert person[2] == person[3]  # Галина = Галя, one e-mail
    assert len({person[0], person[2], person[4]}) == 3
    assert "Записей: 5. Людей: 3" in said


def test_xlsx_with_the_header_on_the_third_row(tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(["Список участников акции «Чистый двор»"])
    sheet.append([])
    sheet.append(["Фамилия", "Имя", "Отчество", "Д.р.", "Моб. тел.", "Организация"])
    sheet.append(["Орлова", "Мария", "Ивановна", dt.datetime(2001, 5, 3), 79123334455, "ДК"])
    sheet.append(["Орлова", "Маша", "Ивановна", "03.05.2001", "8 912 333-44-55", "ДК"])
    sheet.append(["Петров", "Пётр", "Петрович", dt.datetime(1970, 1, 1), None, "Школа №1"])
    buffer = io.BytesIO()
    book.save(buffer)
    rows, _said = _dedupe(tmp_path, "action.xlsx", buffer.getvalue())
    assert rows[0] == ["Фамилия", "Имя", "Отчество", "Д.р.", "Моб. тел.", "Организация",
                       "person"]
    assert rows[1] == ["Орлова", "Мария", "Ивановна", "2001-05-03", "79123334455", "ДК", "1"]
    assert rows[2][-1] == "1" and rows[3][-1] == "2"


def test_json_summary_and_pairs_with_evidence(tmp_path):
    pairs = tmp_path / "pairs.csv"
    _rows, said = _dedupe(tmp_path, "veterans.csv", VETERANS.encode("utf-8-sig"), "--json",
                          "--pairs", str(pairs))
    summary = json.loads(said)
    assert summary["records"] == 5 and summary["persons"] == 3
    assert summary["encoding"] == "utf-8" and summary["header_row"] == 2
    assert summary["columns"]["full_name"] == "ФИО"
    evidence = _read(pairs)
    assert evidence[0][:4] == ["Строка 1", "Строка 2", "Вероятность", "Решение"]
    assert {tuple(row[:2]) for row in evidence[1:]} >= {("3", "4"), ("5", "6")}


@pytest.mark.parametrize("name,data,message", [
    ("empty.csv", b"", "Файл пустой"),
    ("blank.csv", b";;;\n;;\n", "нет ни одной строки с данными"),
    ("binary.csv", b"\x00\x01\x02\xff" * 500, "не похож на текстовую таблицу"),
    ("list.xlsx", b"PK\x03\x04broken", "повреждён или защищён паролем"),
    ("names.csv", "Имя;Телефон\nИван;+79120000000\n".encode(), "Не найдена колонка с фамилией"),
    ("header.csv", "Фамилия;Имя\n".encode(), "нет ни одной строки с данными"),
])
def test_bad_files_get_a_russian_message(tmp_path, name, data, message):
    with pytest.raises(CommandError, match=message):
        _dedupe(tmp_path, name, data)


def test_a_missing_file_and_wrong_thresholds(tmp_path):
    with pytest.raises(CommandError, match="не найден"):
        call_command("dedupe", str(tmp_path / "nope.csv"), "--out", str(tmp_path / "o.csv"))
    with pytest.raises(CommandError, match="Пороги"):
        call_command("dedupe", str(tmp_path / "nope.csv"), "--out", str(tmp_path / "o.csv"),
                     "--merge", "0.2", "--review", "0.5")


def test_utf8_with_bom_and_commas(tmp_path):
    data = ("\ufeffФамилия,Имя,Отчество,Дата рождения,E-mail\n"
            "Петрова,Наталья,Ивановна,1980-07-15,nat@mail.ru\n"
            "ПЕТРОВА,Наталия,Ивановна,15.07.1980,\n").encode()
    source = tmp_path / "list.csv"
    source.write_bytes(data)
    out = tmp_path / "persons.csv"
    call_command("dedupe", str(source), "--out", str(out), stdout=io.StringIO())
    with open(out, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh, delimiter=","))
    assert rows[0][-1] == "person" and rows[1][:3] == ["Петрова", "Наталья", "Ивановна"]
    assert rows[1][-1] == rows[2][-1]  # Наталия is Наталья
