"""The votes API: public reads, a resident's ballot through the session, an integration's
ballot through a key, staff running a vote, paper ballots, flags and counts."""

import datetime as dt

import pytest
from django.test import Client

from tests.api.conftest import login_client
from tests.votes.conftest import opts
from veche.accounts.tokens import api_token_create
from veche.registry.factories import make_person
from veche.votes.models import Ballot

pytestmark = pytest.mark.django_db

BASE = "/api/v1/t/zarechny/votes/"


@pytest.fixture
def resident(votes_town, resident_user):
    return make_person(votes_town["town"], surname="Жителева", birth_date=dt.date(1985, 2, 2),
                       user=resident_user)


def test_public_list_detail_and_hidden_drafts(vote_factory):
    vote = vote_factory()
    draft = vote_factory(status="draft", title="Черновик")
    client = Client()
    listing = client.get(BASE).json()
    assert [v["id"] for v in listing["results"]] == [vote.pk]
    detail = client.get(f"{BASE}{vote.pk}").json()
    assert [o["id"] for o in detail["options"]] == opts(vote)
    assert client.get(f"{BASE}{draft.pk}").status_code == 404


def test_resident_votes_with_session_and_csrf(vote_factory, resident, resident_user):
    vote = vote_factory()
    client = login_client(resident_user, enforce_csrf_checks=True)
    r = client.post(f"{BASE}{vote.pk}/ballot", {"option": opts(vote)[0]},
                    content_type="application/json")
    assert r.status_code == 403 and "CSRF" in r.json()["detail"]
    client = login_client(resident_user)
    r = client.post(f"{BASE}{vote.pk}/ballot", {"option": opts(vote)[0]},
                    content_type="application/json")
    assert r.status_code == 201, r.content
    receipt = r.json()["receipt"]
    again = client.post(f"{BASE}{vote.pk}/ballot", {"option": opts(vote)[1]},
                        content_type="application/json")
    assert again.status_code == 400 and "Вы уже проголосовали" in again.json()["detail"]
    # Later the server can say only that (and how) the resident voted: the vote allows no
    # change, so it keeps no link to the ballot, and the receipt code is not stored.
    mine = client.get(f"{BASE}{vote.pk}/ballot").json()
    assert mine["linked"] is False and mine["receipt"] == "" and mine["choices"] is None
    assert mine["channel"] == "web" and mine["cast_at"]
    check = Client().post(f"{BASE}{vote.pk}/receipt", {"code": receipt},
                          content_type="application/json").json()
    assert check["found"] and check["counted"] and check["choices"] == [opts(vote)[0]]


def test_a_logged_in_stranger_cannot_vote(vote_factory, user_with_role, other_town):
    vote = vote_factory()
    outsider = user_with_role("resident", other_town)
    r = login_client(outsider).post(f"{BASE}{vote.pk}/ballot", {"option": opts(vote)[0]},
                                    content_type="application/json")
    assert r.status_code == 403
    assert not Ballot.objects.filter(vote=vote).exists()


def test_integration_casts_on_behalf_and_bad_input_is_explained(vote_factory, voter_factory,
                                                               staff_user, bearer):
    vote = vote_factory(kind="ranked")
    key = api_token_create(user=staff_user, name="Мобильное приложение")[1]
    person = voter_factory()
    url = f"{BASE}{vote.pk}/ballots/"
    o = opts(vote)
    r = Client().post(url, {"person_id": person.pk, "ranking": [o[0], o[0]]},
                      content_type="application/json", **bearer(key))
    assert r.status_code == 400 and "дважды" in r.json()["detail"]
    r = Client().post(url, {"person_id": person.pk, "ranking": [o[2], o[0]]},
                      content_type="application/json", **bearer(key))
    assert r.status_code == 201 and r.json()["channel"] == "api"
    r = Client().post(url, {"person_id": person.pk, "ranking": "abc"},
                      content_type="application/json", **bearer(key))
    assert r.status_code in (400, 422)
    assert Client().post(url, {"person_id": person.pk, "ranking": [o[1]]},
                         content_type="application/json").status_code == 401


def test_staff_run_a_vote_from_creation_to_published_results(staff_client, voter_factory,
                                                            votes_town):
    r = staff_client.post(BASE, {"title": "Лучший двор", "options": ["Двор 1", "Двор 2"],
                                 "kind": "approval", "max_choices": 1, "topic": "dvory"},
                          content_type="application/json")
    assert r.status_code in (201, 400), r.content
    if r.status_code == 400:  # topic slug differs: create without it
        r = staff_client.post(BASE, {"title": "Лучший двор", "options": ["Двор 1", "Двор 2"],
                                     "kind": "approval", "max_choices": 1},
                              content_type="application/json")
    vote_id = r.json()["id"]
    for step in ("publish", "open"):
        r = staff_client.post(f"{BASE}{vote_id}/transition", {"action": step},
                              content_type="application/json")
        assert r.status_code == 200, r.content
    detail = Client().get(f"{BASE}{vote_id}").json()
    first = detail["options"][0]["id"]
    paper = staff_client.post(f"{BASE}{vote_id}/paper-ballots",
                              {"person_id": voter_factory().pk, "number": "A-1",
                               "options": [first]}, content_type="application/json")
    assert paper.status_code == 201, paper.content
    assert staff_client.get(f"{BASE}{vote_id}/staff-results").json()["tally"]["ballots"] == 1
    assert Client().get(f"{BASE}{vote_id}/results").status_code == 400
    assert Client().get(f"{BASE}{vote_id}/ballots.csv").status_code == 400
    for step in ("close", "publish_results"):
        r = staff_client.post(f"{BASE}{vote_id}/transition", {"action": step},
                              content_type="application/json")
        assert r.status_code == 200, r.content
    results = Client().get(f"{BASE}{vote_id}/results").json()
    assert results["tally"]["winners"] == [first] and results["chain"]["length"] == 1
    assert "by_inviter" not in results["invitations"]
    file = Client().get(f"{BASE}{vote_id}/ballots.json")
    assert file.status_code == 200
    assert b'"counted":true' in b"".join(file.streaming_content)
    r = staff_client.patch(f"{BASE}{vote_id}", {"title": "Другое"},
                           content_type="application/json")
    assert r.status_code == 400 and "завершено" in r.json()["detail"]
    tally = staff_client.post(f"{BASE}{vote_id}/tallies").json()
    got = staff_client.get(f"{BASE}{vote_id}/tallies/{tally['id']}").json()
    assert got["status"] in ("queued", "done")


def test_residents_and_strangers_get_no_staff_endpoints(vote_factory, resident_user, resident):
    vote = vote_factory()
    client = login_client(resident_user)
    for url in (f"{BASE}{vote.pk}/flags", f"{BASE}{vote.pk}/staff-results",
                f"{BASE}{vote.pk}/invitations"):
        assert client.get(url).status_code in (401, 403)
        assert Client().get(url).status_code == 401
