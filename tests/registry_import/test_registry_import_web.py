"""Staff load a list from the back office: upload, correct a column, preview, start, report."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from tests.web.conftest import resident_client, staff_client, world  # noqa: F401
from veche.registry.models import ListImport, Person
from veche.territories.scoping import town_scope

pytestmark = pytest.mark.django_db

LIST = ("Список актива;;;\n"
        "ФИО;Д.р.;Моб.;Примечание\n"
        "Соколова Вера Андреевна;02.03.1961;8 912 555 00 11;староста\n"
        "Петров Пётр Ильич;03.02.1950;+79123456789;\n"
        "Ошибкин Ян;31.13.1990;;\n")


def _upload(client, data: bytes, name="актив.csv"):
    return client.post(reverse("web:office_imports", args=["zarechny"]), {
        "list_name": "Актив молодёжного совета",
        "file": SimpleUploadedFile(name, data, "application/octet-stream")})


def test_upload_map_preview_start_and_download_the_report(world, staff_client):  # noqa: F811
    response = _upload(staff_client, LIST.encode("cp1251"))
    assert response.status_code == 302
    detail = response["Location"]
    page = staff_client.get(detail).content.decode()
    # The suggested mapping, a select per column, and the preview of the rows.
    assert 'name="col_0"' in page and 'name="col_3"' in page
    assert "Соколова" in page and "+79125550011" in page
    assert "не распознана" in page  # the preview names the bad date
    with town_scope(world["town"]):
        record = ListImport.objects.get()
        assert record.status == "draft" and record.header_row == 2
        assert record.mapping == {"0": "full_name", "1": "birth_date", "2": "phone"}
    # Staff say the fourth column is the role and start.
    form = {"header_row": 2, "col_0": "full_name", "col_1": "birth_date", "col_2": "phone",
            "col_3": "role"}
    assert staff_client.post(detail, {**form, "action": "map"}).status_code == 302
    response = staff_client.post(detail, {**form, "action": "start"})
    assert response.status_code == 302
    page = staff_client.get(detail).content.decode()
    assert "обработано 3 из 3 строк" in page
    with town_scope(world["town"]):
        record.refresh_from_db()
        assert (record.created_count, record.matched_count, record.rejected_count) == (1, 1, 1)
        assert Person.objects.filter(surname="Петров").count() == 1
        sokolova = Person.objects.get(surname="Соколова")
        assert sokolova.facts.get(field="role").value == "староста"
    report = staff_client.get(reverse("web:office_import_report",
                                      args=["zarechny", record.pk, "csv"]))
    assert report.status_code == 200
    lines = list(csv.reader(io.StringIO(report.content.decode("utf-8-sig")), delimiter=";"))
    assert lines[0][:4] == ["Лист", "Строка файла", "Результат", "Что не так"]
    assert lines[1][1] == "5" and "не распознана" in lines[1][3]
    xlsx = staff_client.get(reverse("web:office_import_report",
                                    args=["zarechny", record.pk, "xlsx"]))
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet["B2"].value == 5 and "не распознана" in sheet["D2"].value


def test_a_duplicate_field_in_the_mapping_is_refused_in_russian(world, staff_client):  # noqa: F811
    detail = _upload(staff_client, LIST.encode())["Location"]
    response = staff_client.post(detail, {"header_row": 2, "col_0": "full_name",
                                          "col_1": "phone", "col_2": "phone", "action": "start"})
    assert response.status_code == 400
    assert "выбрано для двух колонок" in response.content.decode()
    with town_scope(world["town"]):
        assert ListImport.objects.get().status == "draft"


def test_a_second_sheet_can_be_chosen(world, staff_client):  # noqa: F811
    book = Workbook()
    book.active.title = "Титул"
    book.active.append(["Список волонтёров"])
    data = book.create_sheet("Волонтёры")
    data.append(["Фамилия", "Имя", "Телефон"])
    data.append(["Гришина", "Ольга", "89125556677"])
    buffer = io.BytesIO()
    book.save(buffer)
    detail = _upload(staff_client, buffer.getvalue(), "волонтёры.xlsx")["Location"]
    staff_client.post(detail, {"sheet": "Волонтёры", "action": "map"})
    page = staff_client.get(detail).content.decode()
    assert "Гришина" in page
    staff_client.post(detail, {"sheet": "Волонтёры", "header_row": 1, "col_0": "surname",
                               "col_1": "given_name", "col_2": "phone", "action": "start"})
    with town_scope(world["town"]):
        row = ListImport.objects.get().rows.get()
        assert row.sheet == "Волонтёры" and row.number == 2 and row.outcome == "created"


def test_an_unreadable_file_is_kept_and_the_reason_shown(world, staff_client):  # noqa: F811
    response = _upload(staff_client, b"PK\x03\x04broken", "list.xlsx")
    page = staff_client.get(response["Location"]).content.decode()
    assert "повреждён" in page
    with town_scope(world["town"]):
        record = ListImport.objects.get()
        assert record.status == "failed" and record.file.size == len(b"PK\x03\x04broken")


def test_residents_cannot_see_the_report(world, resident_client):  # noqa: F811
    url = reverse("web:office_import_report", args=["zarechny", 1, "csv"])
    assert resident_client.get(url).status_code in (302, 403, 404)
