"""The appeals API: a resident's own appeals, staff registration and the path to an answer,
assignments and reports, feedback, control figures; errors in Russian by field."""

import datetime as dt

import pytest
from django.utils import timezone

from veche.accounts.tokens import api_token_create
from veche.appeals.models import Appeal
from veche.territories.scoping import town_scope

pytestmark = pytest.mark.django_db
API = "/api/v1/t/zarechny"


def post(client, url, data, **extra):
    return client.post(url, data, content_type="application/json", **extra)


def test_staff_path_from_phone_call_to_answer_and_feedback(aw, as_user):
    desk = as_user(aw["desk"])
    bad = post(desk, f"{API}/appeals/", {"text": "", "surname": "Новикова",
                                         "given_name": "Ольга", "channel": "phone"})
    assert bad.status_code == 400
    errors = bad.json()["errors"]
    assert "text" in errors and "reply_email" in errors
    created = post(desk, f"{API}/appeals/", {
        "text": "Не вывозят мусор с контейнерной площадки", "surname": "Новикова",
        "given_name": "Ольга", "reply_phone": "+79125550011", "reply_email": "nov@example.ru",
        "channel": "phone", "topic_id": aw["topic"].pk, "address_text": "ул. Мира, 3"})
    assert created.status_code == 201, created.content
    appeal = created.json()
    assert appeal["status"] == "registered" and appeal["number"].startswith("П-")
    deadline = (timezone.localdate() + dt.timedelta(days=5)).isoformat()
    job = post(desk, f"{API}/appeals/{appeal['id']}/assignments",
               {"task": "Вывезти мусор", "deadline": deadline,
                "department_id": aw["d_zhkh"].pk, "executor_id": aw["zhkh"].pk})
    assert job.status_code == 201, job.content
    zhkh = as_user(aw["zhkh"])
    mine = zhkh.get(f"{API}/assignments/").json()
    assert [a["appeal_number"] for a in mine["results"]] == [appeal["number"]]
    report = post(zhkh, f"{API}/assignments/{job.json()['id']}/reports",
                  {"text": "Вывезено", "marks_done": True})
    assert report.status_code == 201
    answered = post(desk, f"{API}/appeals/{appeal['id']}/answer", {"text": "Мусор вывезен."})
    assert answered.json()["status"] == "answered"
    card = desk.get(f"{API}/appeals/{appeal['id']}").json()
    assert [e["to_status"] for e in card["events"] if e["kind"] == "status"] == [
        "received", "registered", "in_work", "answered"]
    assert card["assignments"][0]["status"] == "done"
    control = desk.get(f"{API}/appeals-control/").json()
    assert control["total"]["done"] == 1


def test_resident_files_reads_and_rates_own_appeal(aw, as_user):
    me = as_user(aw["resident"], verified=False)
    too_long = post(me, f"{API}/my/appeals/", {"text": "а" * 100_000,
                                               "reply_email": "zhitel@zarechny.ru"})
    assert too_long.status_code == 400
    assert "не более 10 000" in too_long.json()["errors"]["text"][0]
    created = post(me, f"{API}/my/appeals/", {"text": "Сломана скамейка во дворе",
                                              "reply_email": "zhitel@zarechny.ru"})
    assert created.status_code == 201 and created.json()["channel"] == "web"
    appeal_id = created.json()["id"]
    early = post(me, f"{API}/my/appeals/{appeal_id}/feedback",
                 {"solved": True, "satisfaction": 5})
    assert early.status_code == 400
    desk = as_user(aw["desk"])
    post(desk, f"{API}/appeals/{appeal_id}/status", {"to_status": "registered"})
    post(desk, f"{API}/appeals/{appeal_id}/answer", {"text": "Скамейку заменили."})
    detail = me.get(f"{API}/my/appeals/{appeal_id}").json()
    assert detail["feedback_open"] is True
    assert all("Сотрудник" not in e["comment"] for e in detail["events"])
    rated = post(me, f"{API}/my/appeals/{appeal_id}/feedback",
                 {"solved": False, "satisfaction": 2, "comment": "Поставили старую"})
    assert rated.status_code == 200 and rated.json()["status"] == "reopened"


def test_token_and_refusals(aw):
    from django.test import Client

    _, key = api_token_create(user=aw["desk"], name="ЕСЭД")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {key}")
    made = post(client, f"{API}/appeals/", {"text": "Письмо о ремонте крыши",
                                            "surname": "Крышин", "given_name": "Игорь",
                                            "reply_postal": "ул. Мира, 5, кв. 2",
                                            "channel": "letter"})
    assert made.status_code == 201
    assert client.get(f"{API}/my/appeals/").status_code in (401, 403)
    with town_scope(aw["town"]):
        assert Appeal.objects.get().channel == "letter"
    extend = post(client, f"{API}/appeals/{made.json()['id']}/extend",
                  {"new_due": "2099-01-01", "reason": "экспертиза"})
    assert extend.status_code == 400 and "30 дней" in extend.json()["errors"]["new_due"][0]
    assert Client().get(f"{API}/appeals/").status_code == 401


def test_photos_and_email_letters_through_the_api(aw, as_user):
    from email.message import EmailMessage

    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.appeals.conftest import png_bytes

    me = as_user(aw["resident"], verified=False)
    created = post(me, f"{API}/my/appeals/", {"text": "Лужа у подъезда",
                                              "reply_email": "zhitel@zarechny.ru"}).json()
    url = f"{API}/my/appeals/{created['id']}/photos"
    added = me.post(url, {"photos": [SimpleUploadedFile("luzha.png", png_bytes())]})
    assert added.status_code == 201 and added.json()[0]["content_type"] == "image/png"
    refused = me.post(url, {"photos": [SimpleUploadedFile("akt.pdf", b"%PDF-1.4")]})
    assert refused.status_code == 400 and "не фотография" in refused.json()["errors"]["photos"][0]
    too_many = me.post(url, {"photos": [SimpleUploadedFile(f"{i}.png", png_bytes())
                                        for i in range(10)]})
    assert too_many.status_code == 400 and "уже приложено 1" in str(too_many.json())
    assert as_user(aw["zhkh"]).post(  # an executor of another department: not even seen
        f"{API}/appeals/{created['id']}/photos",
        {"photos": [SimpleUploadedFile("x.png", png_bytes())]}).status_code in (403, 404)

    letter = EmailMessage()
    letter["From"], letter["Subject"] = "Морозова Елена <morozova@mail.ru>", "Снег"
    letter["Message-ID"] = "<snow@mail.ru>"
    letter.set_content("Не вывозят снег с парковки у дома 7.")
    desk = as_user(aw["desk"])
    eml = lambda: SimpleUploadedFile("letter.eml", letter.as_bytes())  # noqa: E731
    first = desk.post(f"{API}/appeals-from-email", {"message": eml()})
    assert first.status_code == 201, first.content
    body = first.json()
    assert (body["channel"], body["status"], body["reply_email"]) == (
        "email", "received", "morozova@mail.ru")
    again = desk.post(f"{API}/appeals-from-email", {"message": eml()})
    assert again.status_code == 200 and again.json()["id"] == body["id"]
    assert as_user(aw["zhkh"]).post(f"{API}/appeals-from-email",
                                    {"message": eml()}).status_code == 403
