"""Public endpoints (towns, topics, engagement) and the curator's aggregated overview."""

import pytest
from django.test import Client

from veche.territories.factories import make_town
from veche.territories.scoping import all_towns

pytestmark = pytest.mark.django_db


def test_towns_list_with_population_and_goal(town, other_town):
    body = Client().get("/api/v1/territories/").json()
    assert body["count"] == 2
    zarechny = next(t for t in body["results"] if t["slug"] == "zarechny")
    assert zarechny["population_14_plus"] == 20000
    assert zarechny["engagement_goal"] == 0.1
    assert zarechny["kind_label"] == "ЗАТО"


def test_inactive_town_is_hidden_and_404(town):
    with all_towns():
        closed = make_town(slug="closed")
        closed.is_active = False
        closed.save()
    assert [t["slug"] for t in Client().get("/api/v1/territories/").json()["results"]] == [
        "zarechny"]
    assert Client().get("/api/v1/t/closed/engagement/").status_code == 404


def test_topics_are_public_and_per_town(town_data, other_town):
    from veche.territories.factories import make_topic
    from veche.territories.scoping import town_scope

    with town_scope(other_town):
        make_topic(other_town, "Дороги Озёрска")
    body = Client().get("/api/v1/t/zarechny/topics/").json()
    assert [t["name"] for t in body["results"]] == ["Благоустройство"]


def test_engagement_figures_are_aggregates_only(town_data):
    r = Client().get("/api/v1/t/zarechny/engagement/", {"days": 365})
    assert r.status_code == 200
    body = r.json()
    assert body["territory"] == {"slug": "zarechny", "name": "Заречный"}
    assert [w["active"] for w in body["summary"]["windows"]] == [1, 1, 2]
    # Seed 000, «ориентир 10% жителей»: the town's 24,000 residents by default (not its 20,000
    # aged 14+, whose share is given beside).
    assert body["summary"]["goal_count"] == 2400
    assert body["summary"]["base"]["kind"] == "population"
    assert body["summary"]["base"]["population"] == 24000
    by_district = {d["district"]: d["active"] for d in body["by_district"]}
    assert by_district == {"Северный": 1, "Центральный": 1}
    assert body["by_segment"] == [{"segment": "Ветераны", "code": "veteran", "members": 1,
                                   "active": 1, "share": 1.0}]
    assert sum(b["active"] for b in body["by_age_band"]) == 2
    assert len(body["trend"]) == 12
    for marker in ("Смирнова", "+7912", "anna@example.ru"):
        assert marker not in r.content.decode()


def test_curator_sees_each_curated_town_and_nothing_else(town_data, town, other_town,
                                                         user_with_role, login):
    from veche.accounts.factories import grant_role

    with all_towns():
        third = make_town(slug="third")
    curator = user_with_role("curator", territory=town)
    grant_role(curator, other_town, "curator")
    r = login(curator, verified=True).get("/api/v1/curator/overview/")
    assert r.status_code == 200, r.content
    body = r.json()
    assert sorted(t["slug"] for t in body["towns"]) == ["ozersk", "zarechny"]
    assert third.slug not in r.content.decode()
    assert body["totals"] == {"towns": 2, "population_14_plus": 40000, "active_365": 2,
                              "share_365": 0.0001}
    assert "Смирнова" not in r.content.decode()


def test_curator_overview_refuses_others_and_unverified(town, staff_client, user_with_role,
                                                        login):
    assert Client().get("/api/v1/curator/overview/").status_code == 401
    r = staff_client.get("/api/v1/curator/overview/")
    assert r.status_code == 403
    assert r.json()["detail"] == "Раздел доступен только кураторам территорий."
    curator = user_with_role("curator")
    assert login(curator, verified=False).get("/api/v1/curator/overview/").status_code == 403
