"""The projects API: staff read stages, problems, bodies, scores, plans and the scorecard;
experts score; curators rank their towns; nobody else gets in."""

import pytest

from tests.api.conftest import login_client
from veche.accounts.factories import grant_role, make_user
from veche.accounts.models import Role
from veche.practices.tenancy import walk_project_objects

pytestmark = pytest.mark.django_db
API = "/api/v1/t/zarechny"


@pytest.fixture
def filled(in_town, people):
    return walk_project_objects(territory=in_town, persons=people[:2], marker="Марк")


@pytest.fixture
def staff_api(staff_user):
    return login_client(staff_user, verified=True)


def test_stages_checklist(staff_api, filled):
    body = staff_api.get(f"{API}/project/stages/").json()
    assert len(body["stages"]) == 7
    first = body["stages"][0]["meetings"][0]
    results = {r["code"]: r for r in first["results"]}
    assert results["1-wg"]["done"] and results["1-wg"]["auto"]
    assert results["1-know"]["done"] and results["1-know"]["evidence"] == "Протокол Марк"
    assert body["stages"][0]["meetings"][0]["sessions"]


def test_problems_and_initiatives_read_and_write(staff_api, filled):
    assert staff_api.get(f"{API}/project/problems/").json()["count"] == 1
    bad = staff_api.post(f"{API}/project/problems/", {"text": "  "},
                         content_type="application/json")
    assert bad.status_code == 400
    assert "Заполните поле «Проблема»" in bad.json()["errors"]["text"][0]
    ok = staff_api.post(f"{API}/project/initiatives/",
                        {"title": "Велодорожки", "author_names": ["Иванова А."]},
                        content_type="application/json")
    assert ok.status_code == 201 and ok.json()["authors"] == ["Иванова А."]
    listed = staff_api.get(f"{API}/project/initiatives/").json()
    assert listed["count"] == 2


def test_bodies_with_overlap(staff_api, filled):
    body = staff_api.get(f"{API}/project/bodies/").json()
    assert body["warning"] is True
    assert len(body["people_in_several_bodies"]) == 2
    detail = staff_api.get(f"{API}/project/bodies/{body['bodies'][0]['id']}").json()
    assert detail["members"]


def test_expert_scores_through_the_api_and_staff_see_the_aggregate(staff_api, filled, in_town):
    expert = make_user(email="api-expert@zarechny.ru")
    grant_role(expert, in_town, Role.EXPERT)
    client = login_client(expert)
    item = f"initiative:{filled['initiative'].pk}"
    bad = client.post(f"{API}/project/scores/", {"item": item, "effect": 9, "resources": 3,
                                                 "timeframe": 3, "fit": 3},
                      content_type="application/json")
    assert bad.status_code == 400 and "effect" in bad.json()["errors"]
    ok = client.post(f"{API}/project/scores/", {"item": item, "effect": 2, "resources": 2,
                                                "timeframe": 2, "fit": 2},
                     content_type="application/json")
    assert ok.status_code == 201
    rows = {r["item"]: r for r in staff_api.get(f"{API}/project/scores/").json()}
    assert rows[item]["experts"] == 2 and rows[item]["conflicts"] == 1
    # Staff cannot score; experts cannot read the staff aggregate.
    assert staff_api.post(f"{API}/project/scores/", {}, content_type="application/json") \
        .status_code == 403
    assert client.get(f"{API}/project/scores/").status_code == 403


def test_shortlist_plans_reports_and_scorecard(staff_api, filled):
    shortlists = staff_api.get(f"{API}/project/shortlists/").json()
    assert shortlists[0]["options"][0]["initiative_ref"] == str(filled["initiative"].pk)
    plan = staff_api.get(f"{API}/project/plans/{filled['plan'].pk}").json()
    indicator = plan["indicators"][0]
    assert plan["reports"][0]["indicators"][0]["progress"] == 0.3
    report = staff_api.post(f"{API}/project/plans/{filled['plan'].pk}/reports/", {
        "period_start": "2026-04-01", "period_end": "2026-04-30",
        "values": {str(indicator["id"]): 7}, "participants": "Петров"},
        content_type="application/json")
    assert report.status_code == 201
    assert report.json()["indicators"][0]["progress"] == 0.7
    months = staff_api.get(f"{API}/scorecard/?months=3").json()
    assert len(months) >= 1 and "cutoffs" in months[-1]


def test_curator_ranking_only_curated(filled, in_town, other_town):
    curator = make_user(email="api-cur@net.ru")
    grant_role(curator, other_town, Role.CURATOR)
    client = login_client(curator, verified=True)
    body = client.get("/api/v1/curator/scorecard/").json()
    assert [t["slug"] for t in body["towns"]] in ([], ["ozersk"])
    grant_role(curator, in_town, Role.CURATOR)
    body = client.get("/api/v1/curator/scorecard/").json()
    assert {t["slug"] for t in body["towns"]} == {"zarechny", "ozersk"}
    assert client.get(f"{API}/project/stages/").status_code == 403


def test_residents_get_nothing(filled, resident_user):
    client = login_client(resident_user)
    for path in ("/project/stages/", "/project/bodies/", "/scorecard/", "/project/plans/"):
        assert client.get(API + path).status_code == 403, path
    assert client.get("/api/v1/curator/scorecard/").status_code == 403
