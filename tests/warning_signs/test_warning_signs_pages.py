"""The pages and the API of «Тревожные признаки»: the town's staff see every sign as a card with
its evidence; the curator sees a towns × signs table whose cost does not grow with the towns."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from warning_signs_rows import held_event

from tests.web.helpers import login
from veche.accounts.factories import add_totp, grant_role, make_user
from veche.ledger.health import warning_signs
from veche.territories.factories import make_town
from veche.territories.scoping import all_towns, town_scope

pytestmark = pytest.mark.django_db

# Every sign of the seed's list (and the issue's): eleven kinds, twelve cards (the dialogues
# without decisions are told for events and for the head's meetings).
EXPECTED = {
    "events.reports_without_measure", "appeals.hierarchies", "ledger.invented_topics",
    "events.dialogues_without_decisions", "appeals.meetings_without_assignments",
    "events.elites_survey", "ledger.demands_only", "practices.council_everywhere",
    "events.enterprise_absent", "events.official_only", "events.lists_only",
    "practices.no_improvement",
}


def test_every_sign_is_declared_once():
    codes = [s.code for s in warning_signs()]
    assert set(codes) == EXPECTED and len(codes) == len(EXPECTED)


def _weak(town):
    with town_scope(town):
        for _ in range(4):
            held_event(town, organiser="administration", venue="administration")


def test_staff_see_the_towns_signs_with_evidence(client, town, staff_user):
    _weak(town)
    html = login(client, staff_user).get(
        reverse("web:office_signs", args=[town.slug])).content.decode()
    assert html.count('class="sign-card ') == len(EXPECTED)
    assert "Мероприятия только в стенах и силами администрации или предприятия" in html
    assert "4 из 4 мероприятий (100 %)" in html
    assert "sign-card sign-card-warning" in html
    assert reverse("web:events_office_detail", args=[town.slug, 1])[:-2] in html  # links
    assert "<script" not in html.split("<main", 1)[1] and "style=" not in html


def test_the_period_select_changes_the_period(client, town, staff_user):
    html = login(client, staff_user).get(
        reverse("web:office_signs", args=[town.slug]) + "?days=90").content.decode()
    assert '<option value="90" selected>' in html


def test_a_resident_may_not_see_the_signs(client, town, resident_user):
    response = login(client, resident_user, verified=False).get(
        reverse("web:office_signs", args=[town.slug]))
    assert response.status_code in (302, 403)


def _curator(towns):
    user = make_user(email=f"curator{len(towns)}@network.ru", full_name="Куратор Сети")
    for t in towns:
        grant_role(user, t, "curator")
    add_totp(user)
    return user


def _towns(n, prefix="town"):
    with all_towns():
        towns = [make_town(slug=f"{prefix}{i}", name=f"Город {i}") for i in range(n)]
    for t in towns:
        _weak(t)
    return towns


def test_curator_table_links_each_cell_to_the_towns_sign(client):
    towns = _towns(2)
    html = login(client, _curator(towns)).get(reverse("web:curator_signs")).content.decode()
    assert "Город 0" in html and "Город 1" in html
    cell = reverse("web:curator_town_signs", args=["town1"]) + "?days=365#events.official_only"
    assert cell in html
    page = client.get(reverse("web:curator_town_signs", args=["town1"])).content.decode()
    assert 'id="events.official_only"' in page
    assert client.get(reverse("web:curator_town_signs", args=["nowhere"])).status_code == 404


def test_curator_table_sorts_by_a_sign(client):
    towns = _towns(2)
    with town_scope(towns[1]):
        for _ in range(3):
            held_event(towns[1], organiser="ngo", venue="outdoors")
    login(client, _curator(towns))
    html = client.get(reverse("web:curator_signs") + "?sort=events.official_only").content
    text = html.decode()
    assert text.index("Город 0") < text.index("Город 1")  # Город 0: warning first


def _queries(client, n, prefix):
    towns = _towns(n, prefix)
    login(client, _curator(towns))
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse("web:curator_signs")).status_code == 200
    return len(ctx.captured_queries)


def test_curator_table_costs_the_same_for_one_town_and_five(client):
    one = _queries(client, 1, "one")
    client.logout()
    assert _queries(client, 5, "five") == one


def test_api_town_and_curator(client, town, staff_user, resident_user):
    _weak(town)
    login(client, staff_user)
    body = client.get(f"/api/v1/t/{town.slug}/warning-signs/?days=90").json()
    assert len(body["signs"]) == len(EXPECTED)
    official = next(r for r in body["town"]["results"] if r["code"] == "events.official_only")
    assert official["state"] == "warning" and official["evidence"][0]["object_type"] == \
        "events.event"
    bad = client.get(f"/api/v1/t/{town.slug}/warning-signs/?start=2026-01-01")
    assert bad.status_code == 400 and bad.json()["code"] == "period_incomplete"
    client.logout()
    login(client, resident_user, verified=False)
    assert client.get(f"/api/v1/t/{town.slug}/warning-signs/").status_code == 403
    client.logout()
    login(client, _curator([town]))
    body = client.get("/api/v1/curator/warning-signs/").json()
    assert [t["slug"] for t in body["towns"]] == [town.slug]
    assert body["towns"][0]["counts"]["warning"] >= 1
