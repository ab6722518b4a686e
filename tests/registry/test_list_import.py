import datetime as dt
import io

import pytest
from openpyxl import Workbook

from tests.documents.zipbomb import bomb
from veche.registry.factories import make_person
from veche.registry.imports import list_import_create, list_import_run
from veche.registry.models import ListImport, Person, Segment
from veche.territories.factories import make_building

pytestmark = pytest.mark.django_db

VETERANS = (
    "Список ветеранов на 01.03.2026;;;;\n"
    "ФИО;Дата рождения;Телефон;Адрес;Email\n"
    "Смирнова Галина Петровна;12.04.1948;8 (912) 100-20-30;ул. Ленина, д. 5, кв. 12;\n"
    "Кузнецов Иван Ильич;1950-02-01;;;kuz@mail.ru\n"
    "Смирнова Галина Петровна;12.04.1948;+79121002030;;\n"
    "<b>Хакер</b>;01.01.1990;;;\n"
    "Петров Пётр;31.02.1960;123;;\n"
)


def _run(town, data: bytes, name="veterans.csv", segment=None):
    record = list_import_create(territory=town, list_name="Совет ветеранов", file_name=name,
                                data=data, segment=segment)
    return list_import_run(list_import=record)


def test_cp1251_list_with_title_line_builds_the_registry(in_town, district):
    make_building(in_town, district, street="ул. Ленина", house="5")
    segment = Segment.objects.create(territory=in_town, code="veteran", name="Ветераны")
    record = _run(in_town, VETERANS.encode("cp1251"), segment=segment)

    assert record.status == ListImport.Status.DONE, record.message
    assert record.encoding == "cp1251"
    assert (record.created_count, record.matched_count, record.rejected_count) == (2, 1, 2)
    galina = Person.objects.get(surname="Смирнова")
    assert galina.phone == "+79121002030"
    assert galina.building.house == "5" and galina.apartment == "12"
    assert galina.district == district
    assert list(galina.segments.all()) == [segment]
    assert galina.facts.filter(source_list__name="Совет ветеранов").exists()
    rejected = record.rows.filter(outcome="rejected")
    reasons = " ".join(" ".join(r.errors) for r in rejected)
    assert "только буквы" in reasons and "не распознана" in reasons and "не существует" in reasons
    # The rejected rows keep what was in the file, so staff can fix them without retyping.
    assert rejected.first().raw["full_name"] == "<b>Хакер</b>"


def test_matches_people_already_in_the_registry_and_fills_only_blanks(in_town):
    existing = make_person(in_town, surname="Кузнецов", given_name="Иван", patronymic="Ильич",
                           birth_date=dt.date(1950, 2, 1), phone="+79120000001")
    record = _run(in_town, "Фамилия,Имя,Отчество,Д.Р.,E-mail,Телефон\n"
                  "Кузнецов,Иван,Ильич,01.02.1950,kuz@mail.ru,+79125555555\n".encode())
    assert record.matched_count == 1 and record.created_count == 0
    existing.refresh_from_db()
    assert existing.email == "kuz@mail.ru"
    assert existing.phone == "+79120000001"  # what staff entered is not overwritten


def test_xlsx_with_excel_dates(in_town):
    book = Workbook()
    sheet = book.active
    sheet.append(["Фамилия", "Имя", "Дата рождения", "Телефон"])
    sheet.append(["Орлова", "Мария", dt.datetime(2001, 5, 3), 79123334455])
    buffer = io.BytesIO()
    book.save(buffer)
    record = _run(in_town, buffer.getvalue(), name="youth.xlsx")
    assert record.created_count == 1, record.rows.first().errors
    person = Person.objects.get(surname="Орлова")
    assert person.birth_date == dt.date(2001, 5, 3) and person.phone == "+79123334455"


@pytest.mark.parametrize(
    "data,message",
    [
        (b"\x00\x01\x02\xff" * 500, "не похож на текстовую таблицу"),
        ("Имя;Телефон\nИван;+79120000000\n".encode(), "Не найдена колонка с фамилией"),
        (b"PK\x03\x04broken", "повреждён"),
    ],
)
def test_unreadable_file_is_kept_with_a_reason(in_town, data, message):
    record = _run(in_town, data, name="list.csv")
    assert record.status == ListImport.Status.FAILED
    assert message in record.message
    with record.file.open("rb") as fh:
        assert fh.read() == data  # the original file is kept
    assert not Person.objects.exists()


def test_a_broken_quote_rejects_its_line_by_number_and_keeps_every_other_line(in_town):
    # Python's csv merged these 4 data lines into 2 rows and Петров vanished.
    data = ("Фамилия;Имя;Дата рождения\n"
            'Иванов;"Иван;01.01.1990\n'
            "Петров;Пётр;02.02.1990\n"
            'Сидоров;Сидор";03.03.1990\n'
            "Козлов;Козьма;04.04.1990\n").encode()
    record = _run(in_town, data)
    assert record.status == ListImport.Status.DONE, record.message
    assert record.rows_total == 4
    assert sorted(Person.objects.values_list("surname", flat=True)) == ["Козлов", "Петров"]
    rejected = {r.raw["surname"]: r.errors for r in record.rows.filter(outcome="rejected")}
    assert rejected["Иванов"][0].startswith("Строка 2 файла: кавычка")
    assert "только буквы" in rejected["Сидоров"][0]  # «Сидор"»: the stray closing quote


def test_an_xlsx_that_unpacks_past_the_limit_is_refused_and_kept(in_town):
    book, buf = Workbook(), io.BytesIO()
    book.active.append(["Фамилия", "Имя"])
    book.save(buf)
    record = _run(in_town, bomb(buf.getvalue(), 210, "xl/media/filler.bin"), name="list.xlsx")
    assert record.status == ListImport.Status.FAILED
    assert "распаковывается в 210 МБ" in record.message
    assert record.file.size > 0 and Person.objects.count() == 0
