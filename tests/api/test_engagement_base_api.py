"""The goal's base through the API: the engagement endpoint names it (kind, figure, source,
date), and staff and the head set it with the same checks as the office page. Seed 000:
«ориентир 10% жителей» — the town's residents unless the town's setting says residents 14+."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db
URL = "/api/v1/t/zarechny/engagement/base"
GOOD = {"engagement_base": "population_14_plus", "population_total": 24000,
        "population_14_plus": 20000, "population_source": "Перепись 2021",
        "population_as_of": "2021-10-01"}


def test_engagement_names_its_base_and_the_share_of_residents_14_plus(town_data):
    summary = Client().get("/api/v1/t/zarechny/engagement/").json()["summary"]
    assert summary["base"] == {"kind": "population", "label": "все жители города",
                               "population": 24000, "source": "", "as_of": None}
    assert summary["share_of_base"] == round(2 / 24000, 4)
    assert summary["share_14_plus"] == 0.0001  # 2 of 20,000
    assert set(summary["windows"][0]) == {"days", "active", "share", "share_14_plus"}


def test_staff_set_the_base_and_the_figures_follow(town_data, staff_client, bearer, staff_token):
    r = Client().put(URL, GOOD, content_type="application/json", **bearer(staff_token))
    assert r.status_code == 200, r.content
    assert r.json() == {"kind": "population_14_plus", "label": "жители 14 лет и старше",
                        "population": 20000, "source": "Перепись 2021", "as_of": "2021-10-01"}
    summary = Client().get("/api/v1/t/zarechny/engagement/").json()["summary"]
    assert summary["goal_count"] == 2000 and summary["base"]["source"] == "Перепись 2021"


def test_bad_figures_get_the_services_codes(town_data, staff_token, bearer):
    r = Client().put(URL, {**GOOD, "population_14_plus": 30000},
                     content_type="application/json", **bearer(staff_token))
    assert r.status_code == 400
    assert "population_14_plus_above_total" in r.content.decode()


def test_residents_and_strangers_may_not_set_it(town_data, user_with_role, login):
    resident = user_with_role("resident", email="r@zarechny.ru")
    r = login(resident).put(URL, GOOD, content_type="application/json")
    assert r.status_code in (401, 403)
    assert Client().put(URL, GOOD, content_type="application/json").status_code in (401, 403)
