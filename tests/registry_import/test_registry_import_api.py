"""The list import through /api/v1/: upload, mapping get/set, preview, start, progress, report."""

import pytest

from tests.api.conftest import login_client
from veche.accounts.factories import add_totp, grant_role, make_user
from veche.registry.models import Person
from veche.territories.scoping import town_scope

pytestmark = pytest.mark.django_db

LIST = ("Список;;\nФИО;Д.р.;Прим.\n"
        "Соколова Вера Андреевна;02.03.1961;89125550011\n"
        "Ошибкин Ян;31.13.1990;\n").encode("cp1251")


@pytest.fixture
def staff(town):
    user = make_user(email="lists@zarechny.ru", full_name="Списки")
    grant_role(user, town, "staff")
    add_totp(user)
    return login_client(user, verified=True)


def test_the_whole_import_through_the_api(town, staff):
    base = "/api/v1/t/zarechny/registry/imports/"
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = staff.post(base, {"list_name": "Актив", "file": SimpleUploadedFile(
        "актив.csv", LIST, "text/csv")})
    assert response.status_code == 201, response.content
    record = response.json()
    assert record["status"] == "draft" and record["header_row"] == 2
    assert record["mapping"] == {"0": "full_name", "1": "birth_date"}
    url = f"{base}{record['id']}"
    response = staff.put(f"{url}/mapping", {"mapping": {"0": "full_name", "1": "birth_date",
                                                        "2": "phone"}},
                         content_type="application/json")
    assert response.status_code == 200 and response.json()["mapping"]["2"] == "phone"
    preview = staff.get(f"{url}/preview").json()
    assert preview[0]["fields"]["phone"] == "+79125550011"
    assert "не распознана" in preview[1]["problems"][0]
    duplicate = staff.put(f"{url}/mapping", {"mapping": {"0": "phone", "2": "phone"}},
                          content_type="application/json")
    assert duplicate.status_code == 400 and duplicate.json()["codes"]["mapping"] == [
        "mapping_duplicate"]
    started = staff.post(f"{url}/start")
    assert started.status_code == 202
    progress = staff.get(url).json()
    assert progress["status"] == "done" and progress["rows_done"] == progress["rows_total"] == 2
    assert (progress["created_count"], progress["rejected_count"]) == (1, 1)
    report = staff.get(f"{url}/report.csv")
    assert report.status_code == 200 and "не распознана" in report.content.decode("utf-8-sig")
    assert staff.get(f"{url}/report.xlsx").status_code == 200
    assert staff.post(f"{url}/start").json()["code"] == "import_not_draft"
    with town_scope(town):
        assert Person.objects.filter(surname="Соколова").count() == 1
