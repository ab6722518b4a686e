"""The project's writes through /api/v1/: a body's member and session, a plan with expected
results and tasks, its approval and the evaluation decision, a ticked stage result, an expert's
conflict of interest and the resident vote made from the council's shortlist."""

import pytest

from tests.api.conftest import login_client
from veche.accounts.factories import grant_role, make_user
from veche.accounts.models import Role
from veche.practices.models import Body, Shortlist
from veche.practices.tenancy import walk_project_objects
from veche.territories.scoping import town_scope

pytestmark = pytest.mark.django_db
API = "/api/v1/t/zarechny"
JSON = {"content_type": "application/json"}


@pytest.fixture
def filled(in_town, people):
    return walk_project_objects(territory=in_town, persons=people[:2], marker="Марк")


@pytest.fixture
def staff_api(staff_user):
    return login_client(staff_user, verified=True)


def test_body_members_and_sessions(staff_api, filled, in_town, people):
    with town_scope(in_town):
        council = Body.objects.get(kind=Body.Kind.EXPERT_COUNCIL)
    url = f"{API}/project/bodies/{council.pk}/"
    added = staff_api.post(url + "members/", {"person_id": people[3].pk, "role": "chair"},
                           **JSON)
    assert added.status_code == 201 and added.json()["name"].startswith("Орлова")
    again = staff_api.post(url + "members/", {"person_id": people[3].pk}, **JSON)
    assert again.status_code == 400 and "уже в составе" in again.json()["errors"]["person"][0]
    no_date = staff_api.post(url + "sessions/", {"title": "Итоги года"}, **JSON)
    assert "Укажите дату заседания" in no_date.json()["errors"]["held_on"][0]
    made = staff_api.post(url + "sessions/", {
        "held_on": "2026-05-12", "title": "Итоги года", "agenda": ["Отчёт", "Планы"],
        "decisions": ["Одобрить отчёт"], "minutes": "Присутствовали 7", "attendees": 7,
        "meeting_code": "7-groups"}, **JSON)
    assert made.status_code == 201 and made.json()["stage"] == 7
    detail = staff_api.get(f"{API}/project/bodies/{council.pk}").json()
    assert [s["title"] for s in detail["sessions"]][0] == "Итоги года"
    assert "Орлова" in {m["name"].split()[0] for m in detail["members"]}


def test_plan_from_results_to_decision(staff_api, filled):
    bad = staff_api.post(f"{API}/project/plans/", {
        "title": "Велодорожки", "indicators": [{"name": "Км дорожек", "target": 5}],
        "tasks": [{"title": "Проект", "responsible": "УЖКХ"}]}, **JSON)
    assert bad.status_code == 400 and "Укажите срок задачи" in bad.json()["errors"]["deadline"][0]
    made = staff_api.post(f"{API}/project/plans/", {
        "title": "Велодорожки", "resource_sources": "Бюджет города; грант",
        "legal_changes": "Правила благоустройства, п. 4",
        "indicators": [{"name": "Км дорожек", "unit": "км", "target": 5,
                        "deadline": "2026-10-01"}],
        "tasks": [{"title": "Проект", "responsible": "УЖКХ", "deadline": "2026-06-01"}]},
        **JSON)
    assert made.status_code == 201, made.content
    plan = made.json()
    assert (plan["indicators"], plan["tasks"], plan["status"]) == (1, 1, "draft")
    url = f"{API}/project/plans/{plan['id']}/"
    assert staff_api.post(url + "approve/", {}, **JSON).status_code == 400
    approved = staff_api.post(url + "approve/", {"legal_act": "Постановление № 12 от 01.06"},
                              **JSON)
    assert approved.json()["status"] == "approved"
    no_reason = staff_api.post(url + "decisions/", {"decision": "stop"}, **JSON)
    assert "Обоснование" in no_reason.json()["errors"]["reason"][0]
    stopped = staff_api.post(url + "decisions/", {"decision": "stop",
                                                 "reason": "Нет подрядчика"}, **JSON)
    assert stopped.status_code == 201 and stopped.json()["plan_status"] == "stopped"
    detail = staff_api.get(f"{API}/project/plans/{plan['id']}").json()
    assert detail["decisions"][0]["reason"] == "Нет подрядчика"


def test_stage_marks_and_stage(staff_api, filled):
    auto = staff_api.post(f"{API}/project/marks/", {"result_code": "1-wg"}, **JSON)
    assert "проверяется по данным" in auto.json()["errors"]["result_code"][0]
    no_proof = staff_api.post(f"{API}/project/marks/", {"result_code": "2-ready"}, **JSON)
    assert "Приложите подтверждение" in no_proof.json()["errors"]["evidence_text"][0]
    ok = staff_api.post(f"{API}/project/marks/", {"result_code": "2-ready",
                                                  "evidence_text": "Протокол № 3"}, **JSON)
    assert ok.status_code == 200
    stages = staff_api.get(f"{API}/project/stages/").json()["stages"]
    ready = {r["code"]: r for m in stages[1]["meetings"] for r in m["results"]}["2-ready"]
    assert ready["done"] and ready["evidence"] == "Протокол № 3"
    assert staff_api.post(f"{API}/project/stage/", {"stage": 3}, **JSON).json() == {
        "year": 2026, "current_stage": 3}


def test_conflict_and_the_shortlists_resident_vote(staff_api, filled, in_town):
    expert = make_user(email="conflict@zarechny.ru")
    grant_role(expert, in_town, Role.EXPERT)
    client = login_client(expert)
    item = f"initiative:{filled['initiative'].pk}"
    made = client.post(f"{API}/project/conflicts/", {"item": item, "reason": "Мой брат автор"},
                       **JSON)
    assert made.status_code == 201
    scored = client.post(f"{API}/project/scores/", {"item": item, "effect": 5, "resources": 5,
                                                     "timeframe": 5, "fit": 5}, **JSON)
    assert scored.status_code == 400 and "конфликт интересов" in scored.content.decode()
    assert staff_api.post(f"{API}/project/conflicts/", {"item": item, "reason": "x"},
                          **JSON).status_code == 403
    with town_scope(in_town):
        sl = Shortlist.objects.get()
    url = f"{API}/project/shortlists/{sl.pk}/vote/"
    assert staff_api.get(url).json()["status"] == "none"
    created = staff_api.post(url)
    assert created.status_code == 201
    body = created.json()
    assert body["status"] == "draft" and body["message"] == "Голосование ещё не началось."
    vote = staff_api.get(f"/api/v1/t/zarechny/votes/staff/{body['vote_id']}")
    if vote.status_code == 200:  # the votes API shows the draft with the initiative's ref
        assert str(filled["initiative"].pk) in vote.content.decode()
    twice = staff_api.post(url)
    assert twice.status_code == 400 and "уже создано" in twice.content.decode()


def test_curator_assesses_a_town_month_through_the_api(filled, in_town, other_town, staff_api):
    curator = make_user(email="api-curator@net.ru")
    grant_role(curator, in_town, Role.CURATOR)
    client = login_client(curator, verified=True)
    url = "/api/v1/curator/scorecard/"
    town = {"town": "zarechny"}
    bad = client.post(url + "assessment/", {**town, "month": "2026-03-01", "score": 150,
                                            "conclusion": "Хорошо"}, **JSON)
    assert bad.status_code == 400 and "от 0 до 100" in bad.json()["errors"]["score"][0]
    ok = client.post(url + "assessment/", {**town, "month": "2026-03-15", "score": 80,
                                           "conclusion": "Хорошая работа"}, **JSON)
    assert ok.status_code == 200 and ok.json()["curator_points"] == 16
    why = client.post(url + "cutoffs/", {**town, "month": "2026-03-01", "code": 1,
                                         "failed": False}, **JSON)
    assert "объясните" in why.json()["errors"]["comment"][0]
    judged = client.post(url + "cutoffs/", {**town, "month": "2026-03-01", "code": 7,
                                            "failed": True, "comment": "Методика не соблюдена"},
                         **JSON)
    assert judged.json()["cut_off"] is True
    # The town's staff cannot give themselves the curator's mark; another town's curator
    # does not see this town.
    assert staff_api.post(url + "assessment/", {**town, "month": "2026-03-01", "score": 100,
                                                "conclusion": "x"}, **JSON).status_code == 403
    stranger = make_user(email="other-curator@net.ru")
    grant_role(stranger, other_town, Role.CURATOR)
    assert login_client(stranger, verified=True).post(
        url + "assessment/", {**town, "month": "2026-03-01", "score": 100, "conclusion": "x"},
        **JSON).status_code == 404
