"""Pages and API of the bank: the public bank (no drafts, no staff names), a town's staff
pages (upload with problems, new version per save, lifecycle, replication) and access."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from tests.practices.conftest import seed_bytes
from veche.practices.factories import make_practice
from veche.practices.models import PassportVersion, Practice, Replication
from veche.territories.scoping import all_towns, town_scope

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(town):
    with all_towns():
        return make_practice(territory=town, name="Встречи Главы города с жителями",
                             description="Встречи во дворах", contact=("Иванов И.И.", "+7 900"))


@pytest.fixture
def draft(town):
    with all_towns():
        return make_practice(territory=town, name="Секретный черновик", publish=False)


def test_public_bank_lists_published_practices_only(published, draft):
    c = Client()
    page = c.get(reverse("web:practices_bank"), {"q": "встреча"}).content.decode()
    assert "Встречи Главы города с жителями" in page and "Секретный черновик" not in page
    assert c.get(reverse("web:practices_matrix")).status_code == 200
    assert c.get(reverse("web:practices_network")).status_code == 200
    assert c.get(reverse("web:practices_similar"), {"text": "встречи во дворах"}).status_code \
        == 200
    detail = c.get(reverse("web:practices_detail", args=[published.pk])).content.decode()
    assert "22. Список контактов" in detail and "Иванов И.И." in detail
    assert c.get(reverse("web:practices_detail", args=[draft.pk])).status_code == 404
    assert c.get(reverse("web:practices_docx", args=[draft.pk])).status_code == 404
    pdf = c.get(reverse("web:practices_pdf", args=[published.pk]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


def test_staff_upload_shows_the_problems_and_keeps_the_file(town, staff_of):
    user, client = staff_of(town)
    url = reverse("web:practices_office_import", args=[town.slug])
    text = seed_bytes("002").decode()
    half = text[: text.index("9. Результаты практики")].encode()
    response = client.post(url, {"file": SimpleUploadedFile("half.txt", half)}, follow=True)
    page = response.content.decode()
    assert "Что не распознано при загрузке" in page
    assert "Раздел 9 «Результаты практики» не найден" in page
    with town_scope(town):
        version = PassportVersion.objects.get()
        assert version.source_file.read() == half and version.created_by == user
    empty = client.post(url, {"file": SimpleUploadedFile("e.txt", b"x")})
    assert empty.status_code in (200, 302)
    pdf = client.post(url, {"file": SimpleUploadedFile("p.pdf", b"%PDF-1.4")})
    assert pdf.status_code == 400 and "PDF не разбирается" in pdf.content.decode()


def test_edit_saves_a_new_version_with_a_diff(town, staff_of, draft):
    user, client = staff_of(town)
    edit = reverse("web:practices_office_edit", args=[town.slug, draft.pk])
    form = client.get(edit).context["form"]
    data = {name: (field.initial or "") for name, field in form.fields.items()}
    data.update(costs="1 | Печать листовок | 30 000 рублей | бюджет города",
                comment="Добавлены затраты")
    assert client.post(edit, data).status_code == 302
    with town_scope(town):
        v2 = PassportVersion.objects.get(practice=draft, number=2)
    assert v2.data["costs"][0] == {"number": "1", "item": "Печать листовок",
                                   "amount": "30 000 рублей", "source": "бюджет города"}
    page = client.get(reverse("web:practices_office_version",
                              args=[town.slug, draft.pk, v2.pk])).content.decode()
    assert "18. Затраты на реализацию практики" in page and "Печать листовок" in page
    data["name"] = ""
    bad = client.post(edit, data)
    assert bad.status_code == 400 and "Печать листовок" in bad.content.decode()  # kept


def test_lifecycle_move_and_publish_from_the_office(town, staff_of, draft):
    _, client = staff_of(town)
    move = reverse("web:practices_office_move", args=[town.slug, draft.pk])
    assert client.post(move, {"to_stage": "options", "comment": ""}).status_code == 302
    skip = client.post(move, {"to_stage": "operation", "comment": ""})
    assert skip.status_code == 400 and "пропускаются" in skip.content.decode()
    client.post(reverse("web:practices_office_publish", args=[town.slug, draft.pk]),
                {"publish": "1"})
    with town_scope(town):
        draft.refresh_from_db()
    assert draft.stage == "options" and draft.status == Practice.Status.PUBLISHED


def test_staff_of_another_town_cannot_edit_but_can_adopt(town, other_town, staff_of,
                                                        published, draft):
    _, client = staff_of(other_town)
    for name in ("practices_office_detail", "practices_office_edit"):
        assert client.get(reverse(f"web:{name}", args=[other_town.slug, draft.pk])) \
            .status_code == 404
        assert client.get(reverse(f"web:{name}", args=[town.slug, draft.pk])).status_code \
            == 403
    new = reverse("web:practices_replication_new", args=[other_town.slug])
    assert client.get(new, {"practice": draft.pk}).status_code == 404
    response = client.post(new, {"practice": published.pk, "status": "running",
                                 "adaptation_notes": "Встречи в микрорайонах",
                                 "indicators": "Встреч | шт | 12 | 3"})
    assert response.status_code == 302
    with all_towns():
        rep = Replication.objects.get()
    assert rep.territory == other_town and rep.indicators[0]["actual"] == "3"
    page = Client().get(reverse("web:practices_detail", args=[published.pk])).content.decode()
    assert "Встречи в микрорайонах" in page and "Озёрск" in page
    # The network page: the table and a map of the whole network with both towns on it.
    network = Client().get(reverse("web:practices_network")).content.decode()
    assert "Карта сети" in network and network.count("<circle") == 2
    assert "Встречи Главы города с жителями" in network and other_town.name in network
    # The same network through the API: the author town and the adopting town.
    rows = Client().get("/api/v1/practices/network").json()
    assert [(r["title"], r["town_slug"]) for r in rows] == [
        ("Встречи Главы города с жителями", town.slug)]
    assert rows[0]["adopted_by"] == [{"town": other_town.name, "town_slug": other_town.slug,
                                      "status": rep.get_status_display()}]
    # A town that stopped the practice no longer counts where it works.
    from veche.practices.bank.services import replication_update
    with town_scope(other_town):
        replication_update(replication=rep, adaptation_notes=rep.adaptation_notes,
                           status="stopped", indicators=rep.indicators, started_on=None)
    network = Client().get(reverse("web:practices_network")).content.decode()
    assert "Встречи Главы города с жителями" not in network


def test_api_public_search_detail_similar(published, draft):
    c = Client()
    found = c.get("/api/v1/practices/", {"q": "встречи"}).json()
    assert found["count"] == 1 and found["results"][0]["town"] == "Заречный"
    detail = c.get(f"/api/v1/practices/{published.pk}").json()
    assert detail["passport"]["contacts"][0]["person"] == "Иванов И.И."
    assert detail["docx_url"].endswith("passport.docx")
    assert c.get(f"/api/v1/practices/{draft.pk}").status_code == 404
    assert c.get(f"/api/v1/practices/{published.pk}/similar").status_code == 200
    sim = c.post("/api/v1/practices/similar/", json.dumps({"text": "встречи во дворах"}),
                 content_type="application/json")
    assert sim.status_code == 200
    # The classifier matrix counts the published practice only (the draft stays out).
    matrix = c.get("/api/v1/practices/matrix").json()
    assert matrix["total"] == 1
    assert sum(cell["count"] for row in matrix["rows"] for cell in row["cells"]) \
        + matrix["unclassified"] == 1


def test_api_staff_import_versions_and_moves(town, staff_of, draft):
    _, client = staff_of(town)
    base = f"/api/v1/t/{town.slug}/practices/"
    upload = client.post(base + "import", {"file": SimpleUploadedFile("002.txt",
                                                                       seed_bytes("002"))})
    assert upload.status_code == 201, upload.content
    body = upload.json()
    assert body["recognised"] == list(range(1, 23)) and body["problems"] == []
    pid = body["practice"]["id"]
    assert client.get(base).json()["count"] == 2
    versions = client.get(f"{base}{pid}/versions").json()
    assert versions[0]["number"] == 1 and versions[0]["source"] == "text"
    moved = client.post(f"{base}{pid}/transitions", {"to_stage": "replication",
                                                     "comment": "Тиражируем"},
                        content_type="application/json")
    assert moved.status_code == 201 and moved.json()["stage"] == "replication"
    bad = client.post(f"{base}{pid}/transitions", {"to_stage": "nonsense"},
                      content_type="application/json")
    assert bad.status_code == 400 and "Выберите этап" in bad.json()["detail"]
    assert Client().get(base).status_code == 401
