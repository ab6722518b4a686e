"""The votes API as staff and residents would use it for everything the staff pages can do:
every kind and setting, survey questions, options with a topic, photo and sketch, the monthly
template; and bad input answered with a Russian `detail`, the first ballot untouched."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from tests.api.conftest import login_client
from tests.votes.conftest import opts
from veche.registry.factories import make_person
from veche.votes.models import Ballot, Vote

pytestmark = pytest.mark.django_db

BASE = "/api/v1/t/zarechny/votes/"


def _png() -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (8, 8), (10, 120, 40)).save(buf, format="PNG")
    return buf.getvalue()


def _post(client, url, data):
    return client.post(url, data, content_type="application/json")


def test_staff_make_a_score_vote_with_questions_topic_photo_and_sketch(staff_client, votes_town):
    topic = votes_town["topic"]
    r = _post(staff_client, BASE, {"title": "Оцените службы", "kind": "score", "score_min": 1,
                                   "score_max": 5, "tie_rule": "seeded", "tie_seed": "лото 1234",
                                   "min_age": 16, "min_verification": 2, "allow_change": True,
                                   "results_visibility": "live"})
    assert r.status_code == 201, r.content
    vote_id = r.json()["id"]
    vote = Vote.objects.get(pk=vote_id)
    assert (vote.tie_rule, vote.tie_seed, vote.min_age, vote.allow_change) == (
        "seeded", "лото 1234", 16, True)
    r = _post(staff_client, f"{BASE}{vote_id}/options",
              {"text": "Уборка снега", "topic": topic.slug, "latitude": 56.1,
               "longitude": 60.2, "practice_ref": "12"})
    assert r.status_code == 201 and r.json()["topic"] == topic.slug
    option_id = r.json()["id"]
    bad_topic = _post(staff_client, f"{BASE}{vote_id}/options",
                      {"text": "Вывоз мусора", "topic": "net-takoi"})
    assert bad_topic.status_code == 400 and "Нет темы" in bad_topic.json()["detail"]
    files = f"{BASE}{vote_id}/options/{option_id}/files"
    fake = staff_client.post(files, {"photo": SimpleUploadedFile("a.png", b"not an image")})
    assert fake.status_code == 400 and "не изображение" in fake.json()["detail"]
    ok = staff_client.post(files, {
        "photo": SimpleUploadedFile("snow.png", _png(), content_type="image/png"),
        "sketch": SimpleUploadedFile("plan.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>",
                                     content_type="image/svg+xml")})
    assert ok.status_code == 200, ok.content
    assert ok.json()["photo"].endswith(".png") and ok.json()["sketch"].endswith(".svg")
    q = _post(staff_client, f"{BASE}{vote_id}/questions",
              {"text": "Откуда вы узнали?", "kind": "one", "choices": ["Телеграм"]})
    assert q.status_code == 400 and "хотя бы два" in q.json()["detail"]
    q = _post(staff_client, f"{BASE}{vote_id}/questions",
              {"text": "Откуда вы узнали?", "kind": "one", "choices": ["Телеграм", "Соседи"],
               "required": True})
    assert q.status_code == 201 and [c["text"] for c in q.json()["choices"]] == [
        "Телеграм", "Соседи"]
    _post(staff_client, f"{BASE}{vote_id}/options", {"text": "Вывоз мусора"})
    assert _post(staff_client, f"{BASE}{vote_id}/transition",
                 {"action": "publish"}).status_code == 200
    detail = Client().get(f"{BASE}{vote_id}").json()
    assert detail["questions"][0]["required"] is True
    assert detail["options"][0]["photo"] and detail["options"][0]["sketch"]


def test_monthly_template_makes_this_months_vote_once(staff_client, votes_town):
    r = _post(staff_client, BASE, {"title": "Самая острая проблема", "is_template": True,
                                   "recurrence": "monthly", "options": ["Ямы", "Мусор"]})
    assert r.status_code == 201, r.content
    tpl = r.json()["id"]
    _post(staff_client, f"{BASE}{tpl}/questions",
          {"text": "Ваш район?", "kind": "one", "choices": ["Центр", "Север"]})
    made = _post(staff_client, f"{BASE}{tpl}/from-template", {"period": "2026-12-05"})
    assert made.status_code == 201, made.content
    vote = Vote.objects.get(pk=made.json()["id"])
    assert vote.status == "draft" and vote.template_id == tpl
    assert [o.text for o in vote.options.order_by("order")] == ["Ямы", "Мусор"]
    assert vote.questions.count() == 1
    again = _post(staff_client, f"{BASE}{tpl}/from-template", {"period": "2026-12-20"})
    assert again.status_code == 200 and again.json()["id"] == vote.pk  # one vote a month
    assert Vote.objects.filter(template_id=tpl).count() == 1


@pytest.fixture
def adult(votes_town, resident_user):
    return make_person(votes_town["town"], surname="Взрослова", birth_date=dt.date(1970, 3, 3),
                       user=resident_user)


def test_bad_ballots_through_the_api_keep_the_first_ballot(vote_factory, adult, resident_user,
                                                         staff_client):
    client = login_client(resident_user)
    budget = vote_factory(kind="budget", budget_amount=100, costs=[60, 50, 30])
    o = opts(budget)
    over = _post(client, f"{BASE}{budget.pk}/ballot", {"options": [o[0], o[1]]})
    assert over.status_code == 400 and "бюджет" in over.json()["detail"].lower()
    assert _post(client, f"{BASE}{budget.pk}/ballot", {"options": [o[0], o[2]]}).status_code \
        == 201
    twice = _post(client, f"{BASE}{budget.pk}/ballot", {"options": [o[1]]})
    assert twice.status_code == 400 and "уже проголосовали" in twice.json()["detail"]
    assert Ballot.objects.get(vote=budget).choices == [o[0], o[2]]
    closed = vote_factory()
    _post(staff_client, f"{BASE}{closed.pk}/transition", {"action": "close"})
    late = _post(client, f"{BASE}{closed.pk}/ballot", {"option": opts(closed)[0]})
    assert late.status_code == 400 and "заверш" in late.json()["detail"]
    ranked = vote_factory(kind="ranked")
    r = opts(ranked)
    rep = _post(client, f"{BASE}{ranked.pk}/ballot", {"ranking": [r[0], r[1], r[0]]})
    assert rep.status_code == 400 and "дважды" in rep.json()["detail"]
    strict = vote_factory(min_age=60)
    young = _post(client, f"{BASE}{strict.pk}/ballot", {"option": opts(strict)[0]})
    assert young.status_code in (400, 403) and "60" in young.json()["detail"]
    assert not Ballot.objects.filter(vote__in=[ranked, strict, closed]).exists()
