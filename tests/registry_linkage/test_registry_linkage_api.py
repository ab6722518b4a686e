"""Issue 18 through /api/v1/: queue, pair, decide, undo, verification, lists."""

import datetime as dt

import pytest

from tests.web.helpers import login
from veche.accounts.factories import grant_role, make_user
from veche.registry.factories import make_person
from veche.registry.models import Person, SourceList
from veche.registry.review import candidate_add
from veche.territories.scoping import town_scope

pytestmark = pytest.mark.django_db
EVIDENCE = [{"field": "surname", "label": "Фамилия", "level": "совпадает", "weight": 6.5,
             "left": "семенов", "right": "семенов"}]


def test_review_decide_undo_verification_and_lists(client, staff_user, town, other_town):
    with town_scope(town):
        SourceList.objects.create(territory=town, name="Совет ветеранов", owner="Совет")
        a = make_person(town, surname="Семёнов", birth_date=dt.date(1948, 4, 12))
        b = make_person(town, surname="Семенов", birth_date=dt.date(1948, 4, 21))
        candidate = candidate_add(territory=town, person=a, other=b, score=0.5,
                                  evidence=EVIDENCE)
    base = f"/api/v1/t/{town.slug}/registry"
    login(client, staff_user)
    queue = client.get(f"{base}/review/").json()
    assert queue["count"] == 1 and queue["results"][0]["score"] == 0.5
    assert client.get(f"{base}/review/counts").json()["open"] == 1
    detail = client.get(f"{base}/review/{candidate.pk}").json()
    assert detail["evidence"][0]["label"] == "Фамилия"
    english = client.get(f"{base}/review/{candidate.pk}", HTTP_ACCEPT_LANGUAGE="en").json()
    assert english["evidence"][0]["weight"] == 6.5
    missing = client.post(f"{base}/review/{candidate.pk}/decide", {},
                          content_type="application/json")
    assert missing.status_code == 400 and missing.json()["codes"]["same"] == ["required"]
    decided = client.post(f"{base}/review/{candidate.pk}/decide", {"same": True},
                          content_type="application/json")
    assert decided.status_code == 200 and decided.json()["status"] == "same"
    again = client.post(f"{base}/review/{candidate.pk}/decide", {"same": False},
                        content_type="application/json")
    assert again.status_code == 400 and again.json()["code"] == "already_decided"
    with town_scope(town):
        merge = Person.objects.get(pk=b.pk).merges_absorbed.get()
    undone = client.post(f"{base}/merges/{merge.pk}/undo")
    assert undone.status_code == 200 and undone.json()["undone_at"]
    status = client.get(f"{base}/verification/").json()
    assert status["unverified"] == 2
    sent = client.post(f"{base}/verification/send", {"channel": "email"},
                       content_type="application/json").json()
    assert sent["no_contact"] == 2 and sent["sent"] == 0
    lists = client.get(f"{base}/lists/").json()
    assert lists["lists"][0]["owner"] == "Совет"
    # Another town's staff sees nothing of this town.
    stranger = make_user(email="other@x.ru")
    grant_role(stranger, other_town, "staff")
    login(client, stranger)
    assert client.get(f"{base}/review/").status_code == 403
    assert client.get(f"/api/v1/t/{other_town.slug}/registry/review/{candidate.pk}"
                      ).status_code == 404
