"""Staff load an existing list into the registry from the back office."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from veche.registry.models import ListImport, Person
from veche.territories.scoping import town_scope

pytestmark = pytest.mark.django_db

LIST = ("Фамилия;Имя;Отчество;Дата рождения;Телефон\n"
        "Соколова;Вера;Андреевна;02.03.1961;8 912 555 00 11\n"
        "Петров;Пётр;Ильич;03.02.1950;+79123456789\n"
        "Ошибкин;Ян;;31.13.1990;\n")


# The columns as the upload suggests them; staff confirm them and start (the mapping step).
MAPPING = {"header_row": 1, "col_0": "surname", "col_1": "given_name", "col_2": "patronymic",
           "col_3": "birth_date", "col_4": "phone", "action": "start"}


def test_staff_upload_a_cp1251_list_and_see_rejected_rows(world, staff_client):
    url = reverse("web:office_imports", args=["zarechny"])
    response = staff_client.post(url, {
        "list_name": "Актив молодёжного совета", "segment": world["volunteers"].pk,
        "file": SimpleUploadedFile("актив.csv", LIST.encode("cp1251"), "text/csv"),
    })
    assert response.status_code == 302
    assert staff_client.post(response["Location"], MAPPING).status_code == 302
    # Tasks run immediately in tests; the detail page shows the outcome of every row.
    page = staff_client.get(response["Location"]).content.decode()
    assert "Готово" in page or "готово" in page
    assert "31.13.1990" in page and "не распознана" in page
    with town_scope(world["town"]):
        record = ListImport.objects.get()
        assert (record.created_count, record.matched_count, record.rejected_count) == (1, 1, 1)
        assert Person.objects.get(surname="Соколова").segments.filter(code="volunteer").exists()
        # Петров was already in the registry: matched by phone, not doubled.
        assert Person.objects.filter(surname="Петров").count() == 1


def test_empty_upload_gets_a_russian_message_and_keeps_the_name(world, staff_client):
    url = reverse("web:office_imports", args=["zarechny"])
    response = staff_client.post(url, {"list_name": "Волонтёры Победы"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Выберите файл со списком" in page
    assert 'value="Волонтёры Победы"' in page


def test_residents_cannot_upload_lists(world, resident_client):
    url = reverse("web:office_imports", args=["zarechny"])
    response = resident_client.get(url)
    assert response.status_code in (302, 403)


def test_progress_poll_reloads_the_page_when_the_import_is_done(world, staff_client):
    url = reverse("web:office_imports", args=["zarechny"])
    response = staff_client.post(url, {
        "list_name": "Волонтёры", "file": SimpleUploadedFile("v.csv", LIST.encode(), "text/csv"),
    })
    staff_client.post(response["Location"], MAPPING)
    poll = staff_client.get(response["Location"], headers={"HX-Request": "true",
                                                           "HX-Target": "import-progress"})
    assert poll["HX-Refresh"] == "true"
    assert "обработано 3 из 3 строк" in poll.content.decode()
