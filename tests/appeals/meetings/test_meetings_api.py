"""The meetings API: public schedule without personal data; staff plan, record questions
(each an appeal), download the minutes, read recurring questions, solutions and figures."""

import datetime as dt
import io

import pytest
from django.test import Client
from django.utils import timezone
from docx import Document

pytestmark = pytest.mark.django_db
API = "/api/v1/t/zarechny/"


def test_public_list_and_detail(mw):
    c = Client()
    listing = c.get(API + "meetings/").json()
    assert listing["count"] == 1
    item = listing["results"][0]
    assert item["address"] == "ул. Победы, 12" and item["status"] == "announced"
    assert item["poster_url"].endswith(f"/meetings/{mw['meeting'].pk}/poster.pdf")
    assert c.get(API + f"meetings/{mw['meeting'].pk}").json()["questions"] == []
    assert c.get(API + "meetings/999999").status_code == 404
    assert c.post(API + "meetings/", {}, content_type="application/json").status_code == 401


def test_staff_records_a_question_with_an_assignment(mw, as_user):
    c = as_user(mw["desk"])
    m = mw["meeting"].pk
    deadline = (timezone.localdate() + dt.timedelta(days=14)).isoformat()
    body = {"text": "Яма на проезде", "surname": "Орлов", "given_name": "Иван",
            "apartment": "3", "task": "Ямочный ремонт", "deadline": deadline,
            "department_id": mw["dept_roads"].pk, "client_key": "k1"}
    r = c.post(API + f"meetings/{m}/questions", body, content_type="application/json")
    assert r.status_code == 201, r.content
    out = r.json()
    assert out["appeal_number"].startswith("П-") and out["assignments"][0]["addressee"] == \
        "Отдел дорожного хозяйства"
    bad = c.post(API + f"meetings/{m}/questions", {**body, "surname": "", "client_key": "k2"},
                 content_type="application/json")
    assert bad.status_code == 400 and "surname" in bad.json()["errors"]
    listed = c.get(API + f"meetings/{m}/questions").json()
    assert [q["applicant"] for q in listed] == ["Орлов Иван"]
    docx = c.get(API + f"meetings/{m}/minutes.docx")
    assert docx.status_code == 200
    assert "Ямочный ремонт" in Document(io.BytesIO(docx.content)).tables[0].rows[1].cells[3].text
    assert c.get(API + f"meetings/{m}/minutes.pdf").content.startswith(b"%PDF")


def test_staff_creates_and_moves_a_meeting(mw, as_user):
    c = as_user(mw["head"])
    start = (timezone.now() + dt.timedelta(days=9)).isoformat()
    r = c.post(API + "meetings/", {"starts_at": start, "head_name": "Глава",
                                   "building_id": mw["far"].pk},
               content_type="application/json")
    assert r.status_code == 201 and r.json()["status"] == "planned"
    mid = r.json()["id"]
    r = c.post(API + f"meetings/{mid}/status", {"action": "report", "results_summary": "Итоги"},
               content_type="application/json")
    assert r.status_code == 400 and "проведённой" in r.json()["detail"]
    assert c.post(API + f"meetings/{mid}/status", {"action": "announce"},
                  content_type="application/json").json()["status"] == "announced"
    r = c.post(API + "meetings/", {"starts_at": start, "head_name": "", "building_id": 999999},
               content_type="application/json")
    assert r.status_code == 400 and "building_id" in r.json()["errors"]


def test_knowledge_and_figures_endpoints(mw, as_user):
    c = as_user(mw["desk"])
    r = c.post(API + "solutions/", {"title": "Освещение двора", "problem": "Нет света",
                                    "steps": ["Заявка", "Замена ламп"],
                                    "keywords": "фонарь освещение"},
               content_type="application/json")
    assert r.status_code == 201
    got = c.post(API + "solution-suggestions", {"text": "не горит фонарь во дворе"},
                 content_type="application/json").json()
    assert got[0]["title"] == "Освещение двора" and got[0]["score"] > 0
    assert c.get(API + "solutions/").json()["count"] == 1
    assert c.post(API + "recurring-questions/run").status_code == 202
    assert c.get(API + "recurring-questions/").json() == []
    f = c.get(API + "practice-figures/", {"date_from": "2026-01-01"}).json()
    assert f["meetings_held"] == 0 and "monthly" in f
    assert c.get(API + "meeting-places/").status_code == 200
    resident = as_user(mw["resident"], verified=False)
    assert resident.get(API + "practice-figures/").status_code == 403
