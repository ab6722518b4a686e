"""/api/v1/: the same flow as the pages — propose, join, a task, sign-up, hours refused beyond
the event's length, confirmed once; the office's speakers; strangers refused."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from tests.web.helpers import login
from veche.accounts.tokens import api_token_create
from veche.ledger.models import Action
from veche.registry.factories import make_person
from veche.territories.scoping import town_scope

pytestmark = pytest.mark.django_db


def _client(user, verified=False) -> Client:
    return login(Client(enforce_csrf_checks=False), user, verified=verified)


def _post(client, url, body=None, **headers):
    return client.post(url, body or {}, content_type="application/json", **headers)


def test_api_flow(town, leader_user, volunteer_user, staff_user, three_hour_event):
    base = f"/api/v1/t/{town.slug}"
    leader, volunteer = _client(leader_user), _client(volunteer_user)
    bad = _post(leader, f"{base}/initiatives/", {"title": "Да"})
    assert bad.status_code == 400 and set(bad.json()["errors"]) == {"title", "goals"}
    r = _post(leader, f"{base}/initiatives/", {"title": "Сквер у школы", "goals": "Деревья"})
    assert r.status_code == 201, r.content
    initiative = r.json()
    assert initiative["status"] == "proposed" and initiative["members_count"] == 1
    assert _post(volunteer, f"{base}/initiatives/{initiative['id']}/join").status_code == 201
    again = _post(volunteer, f"{base}/initiatives/{initiative['id']}/join")
    assert again.status_code == 400 and again.json()["code"] == "already_member"
    r = _post(leader, f"{base}/initiatives/{initiative['id']}/status", {"action": "recruit"})
    assert r.status_code == 200 and r.json()["status"] == "recruiting"
    assert _post(volunteer, f"{base}/initiatives/{initiative['id']}/status",
                 {"action": "stop", "results": "x"}).status_code == 403

    token = api_token_create(user=staff_user, name="t")[1]
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    r = _post(Client(), f"{base}/events/{three_hour_event.pk}/volunteer-tasks",
              {"title": "Встречать гостей", "hours_planned": "3", "volunteers_needed": 2}, **auth)
    assert r.status_code == 201, r.content
    task = r.json()
    assert task["hours_limit"] == 3.0
    # The event is over: its task no longer asks for help in the public list.
    assert Client().get(f"{base}/volunteer-tasks/").json()["count"] == 0
    r = _post(volunteer, f"{base}/volunteer-tasks/{task['id']}/signup")
    assert r.status_code == 201
    signup = r.json()
    day = timezone.localdate(three_hour_event.starts_at).isoformat()
    r = _post(volunteer, f"{base}/volunteer-signups/{signup['id']}/hours",
              {"done_on": day, "hours": 10})
    assert r.status_code == 400
    assert r.json()["errors"]["hours"] == ["Нельзя указать больше 3 ч: мероприятие длилось 3 ч."]
    assert r.json()["codes"]["hours"] == ["hours_beyond_length"]
    r = _post(volunteer, f"{base}/volunteer-signups/{signup['id']}/hours",
              {"done_on": day, "hours": 2})
    assert r.status_code == 201
    hours = r.json()
    queue = Client().get(f"{base}/volunteer-hours/", **auth).json()
    assert [h["id"] for h in queue] == [hours["id"]]
    assert volunteer.get(f"{base}/volunteer-hours/").status_code == 403
    led = leader.get(f"{base}/initiatives/{initiative['id']}/hours")
    assert led.status_code == 200 and led.json() == []  # the event's claim is not theirs
    assert volunteer.get(f"{base}/initiatives/{initiative['id']}/hours").status_code == 403
    r = _post(Client(), f"{base}/volunteer-hours/{hours['id']}/confirm", **auth)
    assert r.status_code == 200 and r.json()["status"] == "confirmed"
    r = _post(Client(), f"{base}/volunteer-hours/{hours['id']}/confirm", **auth)
    assert r.status_code == 400 and r.json()["code"] == "already_confirmed"
    with town_scope(town):
        assert Action.objects.filter(kind="volunteer_hours").count() == 1

    detail = Client().get(f"{base}/initiatives/{initiative['id']}").json()
    assert detail["initiative"]["members_count"] == 2 and "Лидерова" not in str(detail)


def test_api_speakers_and_refusals(town, other_town, leader_user, staff_user):
    base = f"/api/v1/t/{town.slug}"
    with town_scope(town):
        person = make_person(town, surname="Ораторова")
    token = api_token_create(user=staff_user, name="t")[1]
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    r = _post(Client(), f"{base}/speakers/", {"person_id": person.pk, "topics": "экология"},
              **auth)
    assert r.status_code == 201 and r.json()["name"].startswith("Ораторова")
    speaker = r.json()["id"]
    r = _post(Client(), f"{base}/speakers/{speaker}/appearances",
              {"on_date": (timezone.localdate() - dt.timedelta(days=2)).isoformat(),
               "title": "Интервью", "channel": "Радио", "audience": 500}, **auth)
    assert r.status_code == 201
    listing = Client().get(f"{base}/speakers/", **auth).json()
    assert listing[0]["appearances_total"] == 1 and len(listing[0]["per_quarter"]) == 4
    # A resident has no access to speakers; another town's staff sees nothing here.
    assert _client(leader_user).get(f"{base}/speakers/").status_code == 403
    assert Client().get(f"/api/v1/t/{other_town.slug}/speakers/", **auth).status_code == 403
    assert _client(leader_user).get(
        f"/api/v1/t/{other_town.slug}/initiatives/1/hours").status_code in (403, 404)
