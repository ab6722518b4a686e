"""Ledger endpoints: the back office reads with filters; integrations append through
action_record, and the engagement figures move accordingly."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from veche.ledger.models import Action, PersonActivity
from veche.registry.factories import make_person
from veche.registry.services import person_erase
from veche.territories.scoping import town_scope

pytestmark = pytest.mark.django_db
URL = "/api/v1/t/zarechny/ledger/actions/"


def kinds(response):
    assert response.status_code == 200, response.content
    return [a["kind"] for a in response.json()["results"]]


def test_filters_by_kind_period_person_and_topic(staff_client, town_data):
    assert kinds(staff_client.get(URL)) == ["ballot", "comment", "appeal"]
    assert kinds(staff_client.get(URL, {"kind": "appeal"})) == ["appeal"]
    since = (timezone.now() - dt.timedelta(days=60)).date().isoformat()
    assert kinds(staff_client.get(URL, {"since": since})) == ["ballot", "comment"]
    until = (timezone.now() - dt.timedelta(days=10)).isoformat()
    assert kinds(staff_client.get(URL, {"until": until})) == ["comment", "appeal"]
    assert kinds(staff_client.get(URL, {"person": town_data["boris"].pk})) == ["appeal"]
    assert kinds(staff_client.get(URL, {"topic": town_data["topic"].slug})) == ["ballot"]
    first = staff_client.get(URL).json()["results"][0]
    assert first["person"] == {"id": town_data["anna"].pk,
                               "full_name": "Смирнова Анна Ильинична"}
    assert first["kind_label"] == "голос"


def test_unknown_kind_is_named_in_russian(staff_client, town_data):
    r = staff_client.get(URL, {"kind": "dance"})
    assert r.status_code == 400
    assert r.json()["errors"]["kind"][0].startswith("Недопустимое значение. Допустимые:")


def test_list_query_count_is_constant(staff_client, town, town_data,
                                      django_assert_max_num_queries):
    staff_client.get(URL)
    with django_assert_max_num_queries(12) as few:
        staff_client.get(URL)
    from veche.ledger.services import action_record

    with town_scope(town):
        for i in range(15):
            action_record(person=make_person(town, given_name="Ива" + "н" * (i + 1)),
                          kind="feedback", topic=town_data["topic"])
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(kinds(staff_client.get(URL))) == 18


def test_integration_records_an_action_with_a_staff_token(staff_token, bearer, town,
                                                          town_data):
    vera = town_data["vera"]
    r = Client().post(URL, {
        "person_id": vera.pk, "kind": "volunteer_hours", "weight": 4,
        "object_type": "events.event", "object_id": "77", "object_title": "Субботник",
        "topic": town_data["topic"].slug,
    }, content_type="application/json", **bearer(staff_token))
    assert r.status_code == 201, r.content
    assert r.json()["weight"] == 4 and r.json()["source"] == "api"
    with town_scope(town):
        assert Action.objects.filter(person=vera, kind="volunteer_hours").count() == 1
        # Written by action_record: the rollup moved in the same transaction.
        assert PersonActivity.objects.get(person=vera).actions_count == 1
    summary = Client().get("/api/v1/t/zarechny/engagement/").json()["summary"]
    assert summary["windows"][0]["active"] == 2


def test_bad_actions_are_refused_with_every_reason(staff_client, town, other_town,
                                                   town_data):
    with town_scope(other_town):
        stranger = make_person(other_town)
    future = (timezone.now() + dt.timedelta(days=2)).isoformat()
    r = staff_client.post(URL, {"person_id": stranger.pk, "kind": "ballot",
                                "topic": "nope", "occurred_at": future},
                          content_type="application/json")
    assert r.status_code == 400
    assert r.json()["errors"] == {
        "person_id": [f"Нет жителя с id {stranger.pk} в реестре этого города."],
        "topic": ["Нет темы «nope» в этом городе."],
        "occurred_at": ["Время действия не может быть в будущем."],
    }
    r = staff_client.post(URL, {"person_id": town_data["anna"].pk, "kind": "ballot",
                                "weight": 5000}, content_type="application/json")
    assert r.status_code == 400
    assert r.json()["errors"] == {"weight": ["Значение должно быть не больше 1000."]}
    with town_scope(town):
        assert Action.objects.count() == 3


def test_erased_person_gets_no_new_actions(staff_client, town, town_data):
    with town_scope(town):
        person_erase(person=town_data["vera"])
    r = staff_client.post(URL, {"person_id": town_data["vera"].pk, "kind": "ballot"},
                          content_type="application/json")
    assert r.status_code == 400
    assert "удалены по его запросу" in r.json()["errors"]["person_id"][0]


def test_moderator_neither_reads_nor_writes(town_data, user_with_role, login):
    # The ledger names residents and their actions: not a moderator's to read.
    moderator = login(user_with_role("moderator"), verified=True)
    assert moderator.get(URL).status_code == 403
    r = moderator.post(URL, {"person_id": town_data["anna"].pk, "kind": "ballot"},
                       content_type="application/json")
    assert r.status_code == 403
