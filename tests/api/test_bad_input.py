"""Input that does not fit is a 400 that says what to fix, never a server error: an appeal's
status move without a status or with an unknown one, a vote setting sent as null, a vote date
in the wrong century (issue 15, point 4)."""

import datetime as dt
import json

import pytest
from django.utils import timezone

from veche.accounts.tokens import api_token_create
from veche.appeals.factories import make_appeal
from veche.registry.factories import make_person
from veche.territories.scoping import town_scope
from veche.votes.factories import make_vote
from veche.votes.validation import FIRST_YEAR, YEARS_AHEAD

pytestmark = pytest.mark.django_db
API = "/api/v1/t/zarechny"


@pytest.fixture
def head_key(user_with_role):
    return api_token_create(user=user_with_role("head", email="head@zarechny.ru"), name="СЭД")[1]


def _send(client, method, url, key, body):
    return getattr(client, method)(url, data=json.dumps(body), content_type="application/json",
                                   HTTP_AUTHORIZATION=f"Bearer {key}")


@pytest.mark.parametrize("body, code", [
    ({"to_status": ""}, "not_allowed"),
    ({"to_status": "nonsense"}, "not_allowed"),
    ({}, "status_required"),
    ({"to_status": None}, "status_required"),
])
def test_appeal_status_without_a_valid_status_is_refused(client, town, head_key, body, code):
    with town_scope(town):
        appeal = make_appeal(town, make_person(town, surname="Заявителев"), register=False)
    r = _send(client, "post", f"{API}/appeals/{appeal.pk}/status", head_key, body)
    assert r.status_code == 400, r.content
    assert r.json()["codes"]["to_status"] == [code]
    assert r.json()["errors"]["to_status"][0]  # a message a person can read


@pytest.fixture
def draft_vote(town):
    with town_scope(town):
        return make_vote(town, status="draft")


@pytest.mark.parametrize("field", ["min_verification", "min_age", "allow_change",
                                   "results_visibility", "title", "description"])
def test_vote_setting_sent_as_null_is_refused_and_kept(client, draft_vote, head_key, field):
    before = getattr(draft_vote, field)
    r = _send(client, "patch", f"{API}/votes/{draft_vote.pk}", head_key, {field: None})
    assert r.status_code == 400, r.content
    assert r.json()["codes"] == {field: ["null_not_allowed"]}
    assert "null" in r.json()["errors"][field][0]
    draft_vote.refresh_from_db()
    assert getattr(draft_vote, field) == before


def test_vote_dates_may_still_be_cleared_with_null(client, draft_vote, head_key):
    r = _send(client, "patch", f"{API}/votes/{draft_vote.pk}", head_key,
              {"opens_at": None, "closes_at": None, "min_age": 16})
    assert r.status_code == 200, r.content
    draft_vote.refresh_from_db()
    assert draft_vote.min_age == 16 and draft_vote.opens_at is None


@pytest.mark.parametrize("when", ["0437-10-01T00:00:00", "1999-12-31T12:00:00+03:00",
                                  f"{timezone.now().year + YEARS_AHEAD + 1}-01-01T00:00:00"])
def test_vote_date_outside_the_years_of_a_vote_is_refused(client, draft_vote, head_key, when):
    r = _send(client, "patch", f"{API}/votes/{draft_vote.pk}", head_key, {"opens_at": when})
    assert r.status_code == 400, r.content
    assert r.json()["codes"] == {"opens_at": ["date_out_of_range"]}
    assert str(FIRST_YEAR) in r.json()["detail"]
    draft_vote.refresh_from_db()
    assert draft_vote.opens_at is None


def test_new_vote_with_a_far_end_date_is_refused(client, town, head_key):
    r = _send(client, "post", f"{API}/votes/", head_key,
              {"title": "Дворы 2027", "closes_at": "9999-12-31T00:00:00Z"})
    assert r.status_code == 400, r.content
    assert r.json()["codes"]["closes_at"] == ["date_out_of_range"]


def test_vote_dates_of_this_decade_are_kept_as_sent(client, draft_vote, head_key):
    opens = (timezone.now() + dt.timedelta(days=3)).replace(microsecond=0)
    r = _send(client, "patch", f"{API}/votes/{draft_vote.pk}", head_key,
              {"opens_at": opens.isoformat()})
    assert r.status_code == 200, r.content
    draft_vote.refresh_from_db()
    assert draft_vote.opens_at == opens



def test_monthly_vote_of_a_far_month_is_refused(client, town, head_key):
    with town_scope(town):
        template = make_vote(town, status="draft", is_template=True)
    r = _send(client, "post", f"{API}/votes/{template.pk}/from-template", head_key,
              {"period": "1044-02-01"})
    assert r.status_code == 400, r.content
    assert r.json()["codes"] == {"period": ["date_out_of_range"]}


@pytest.mark.parametrize("value", [0, 1, "true", "да"])
def test_a_yes_no_field_takes_only_true_or_false(client, draft_vote, head_key, value):
    # pydantic's lax mode would read 0 as false: a client's typo must not switch a setting.
    r = _send(client, "patch", f"{API}/votes/{draft_vote.pk}", head_key, {"allow_change": value})
    assert r.status_code == 400, r.content
    assert r.json()["codes"] == {"allow_change": ["wrong_type"]}
