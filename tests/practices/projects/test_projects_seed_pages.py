"""The pages and /api/v1/ endpoints of issue 14's records: residents support problems and
make proposals (web and API, refused to other towns' people), staff record a running practice's
participants, corrections, assessments and answers, a body session's selection of practices for
passports, and experts open the secondary expertise."""

import datetime as dt

import pytest

from tests.api.conftest import login_client
from tests.web.helpers import login
from veche.ledger.models import Action, ActionKind
from veche.practices.models import (
    Body,
    BodySession,
    CityProblem,
    ImplementationPlan,
    Practice,
    ResidentProposal,
)
from veche.practices.tenancy import walk_project_objects
from veche.registry.factories import make_person
from veche.territories.scoping import town_scope

pytestmark = pytest.mark.django_db
API = "/api/v1/t/zarechny"
JSON = {"content_type": "application/json"}


@pytest.fixture
def filled(in_town, people):
    return walk_project_objects(territory=in_town, persons=people[:2], marker="Марк")


@pytest.fixture
def resident(in_town, resident_user):
    make_person(in_town, surname="Жителева", given_name="Вера", user=resident_user)
    return resident_user


def test_resident_supports_a_problem_on_the_page_and_withdraws(client, filled, in_town,
                                                                resident):
    """Seed 004: «Концентрировать ресурсы нужно на самой важной проблеме» — residents say
    which, one support each."""
    login(client, resident, verified=False)
    page = client.get("/t/zarechny/problems/")
    assert page.status_code == 200 and "Поддержать" in page.content.decode()
    with town_scope(in_town):
        problem = CityProblem.objects.first()
    before = problem.supports
    client.post("/t/zarechny/problems/", {"problem": problem.pk, "action": "support"})
    again = client.post("/t/zarechny/problems/", {"problem": problem.pk, "action": "support"},
                        follow=True)
    assert "уже поддержали" in again.content.decode()
    with town_scope(in_town):
        assert CityProblem.objects.get(pk=problem.pk).supports == before + 1
    client.post("/t/zarechny/problems/", {"problem": problem.pk, "action": "withdraw"})
    with town_scope(in_town):
        assert CityProblem.objects.get(pk=problem.pk).supports == before


def test_support_and_proposal_through_the_api(filled, in_town, resident):
    api = login_client(resident)
    rows = api.get(f"{API}/problems/").json()
    assert rows and rows[0]["supported_by_me"] is False
    pk = rows[0]["id"]
    done = api.post(f"{API}/problems/{pk}/support/", **JSON)
    assert done.status_code == 200 and done.json()["supports"] == rows[0]["supports"] + 1
    assert api.post(f"{API}/problems/{pk}/support/", **JSON).status_code == 400
    assert api.delete(f"{API}/problems/{pk}/support/").status_code == 200
    plan = filled["plan"]
    made = api.post(f"{API}/practices-running/{plan.pk}/proposals/",
                    {"kind": "continue", "text": "Продолжить: стало светлее"}, **JSON)
    assert made.status_code == 201
    with town_scope(in_town):
        assert Action.objects.filter(kind=ActionKind.PROPOSAL,
                                     object_type="practices.residentproposal").count() == 2
    mine = api.get(f"{API}/practices-running/proposals/").json()
    assert [m["kind"] for m in mine] == ["continue"]


def test_a_user_without_a_person_in_the_town_is_refused(client, filled, resident_user):
    login(client, resident_user, verified=False)  # no registry person in this town
    assert client.get("/t/zarechny/problems/").status_code == 403
    assert client.get("/t/zarechny/practices-running/").status_code == 403
    api = login_client(resident_user)
    assert api.get(f"{API}/problems/").status_code == 403


def test_resident_proposes_on_a_running_practice_and_staff_answer(client, filled, in_town,
                                                                 resident, staff_user):
    """Seed 004, stage 7: «Составлен перечень предложений от жителей … Продолжить, Изменить,
    Прекратить» — residents submit them, staff answer them."""
    plan = filled["plan"]
    login(client, resident, verified=False)
    page = client.get("/t/zarechny/practices-running/")
    assert plan.title in page.content.decode()
    client.post("/t/zarechny/practices-running/", {"plan": plan.pk, "kind": "stop",
                                                    "text": "Деньги нужнее на дороги"})
    with town_scope(in_town):
        proposal = ResidentProposal.objects.get(text="Деньги нужнее на дороги")
    staff = login(client, staff_user)
    page = staff.get(f"/t/zarechny/office/project/plans/{plan.pk}/")
    assert "Деньги нужнее на дороги" in page.content.decode()
    staff.post(f"/t/zarechny/office/project/plans/{plan.pk}/records/",
               {"action": "answer", "proposal": proposal.pk, "answer": "Рассмотрим на совете"})
    with town_scope(in_town):
        proposal.refresh_from_db()
    assert proposal.answer == "Рассмотрим на совете" and proposal.answered_at


def test_staff_record_participants_work_corrections_and_assessments(client, filled, in_town,
                                                                   people, staff_user):
    plan = filled["plan"]
    staff = login(client, staff_user)
    url = f"/t/zarechny/office/project/plans/{plan.pk}/"
    found = staff.get(url + "?q=Кузнецов")
    assert "Кузнецов Олег" in found.content.decode()
    staff.post(url + "records/", {"action": "participant", "person": people[2].pk,
                                  "role": "volunteer", "joined_on": "2026-05-01"})
    with town_scope(in_town):
        member = plan.participants_list.get(person=people[2])
    staff.post(url + "records/", {"action": "work", "participant": member.pk,
                                  "done_on": dt.date.today().isoformat(), "hours": "2,5",
                                  "description": "Монтаж светильников"})
    staff.post(url + "records/", {"action": "correct", "what": "ends_on",
                                  "value": "01.03.2027", "reason": "Срыв поставки"})
    staff.post(url + "records/", {"action": "assess", "kind": "legal",
                                  "conclusion": "Порядок принят", "evidence": "Пост. № 415"})
    page = staff.get(url).content.decode()
    for text in ("Монтаж светильников", "Срыв поставки", "Порядок принят"):
        assert text in page, text
    with town_scope(in_town):
        assert Action.objects.filter(kind=ActionKind.VOLUNTEER_HOURS,
                                     person=people[2]).get().weight == 2.5
        assert ImplementationPlan.objects.get(pk=plan.pk).ends_on == dt.date(2027, 3, 1)


def test_session_page_records_practices_selected_for_passports(client, filled, in_town,
                                                              staff_user):
    with town_scope(in_town):
        council = Body.objects.get(kind=Body.Kind.EXPERT_COUNCIL)
        session = BodySession.objects.create(territory=in_town, body=council,
                                             held_on=dt.date(2026, 4, 1), title="Отбор")
        own = [Practice.objects.create(territory=in_town, title=f"Своя {n}") for n in range(3)]
    staff = login(client, staff_user)
    url = f"/t/zarechny/office/project/sessions/{session.pk}/"
    assert "Своя 0" in staff.get(url).content.decode()
    staff.post(url + "passports/", {"practices": [p.pk for p in own],
                                    "decision": "Протокол № 3, п. 2"})
    assert "Протокол № 3, п. 2" in staff.get(url).content.decode()


def test_secondary_round_page_for_experts(client, filled, in_town, expert):
    login(client, expert)
    page = client.get("/t/zarechny/expert/")
    assert "Вторичная экспертиза" in page.content.decode()
