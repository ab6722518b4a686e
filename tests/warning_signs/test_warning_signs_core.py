"""The ledger's, the appeals' and the practices' warning signs: each fires on data that show it
and stays calm on data that do not."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from warning_signs_rows import person, result

from veche.accounts.factories import make_user
from veche.accounts.models import Department
from veche.accounts.signs import NO_DATA, OK, WARNING
from veche.appeals.factories import make_appeal
from veche.appeals.meetings.factories import make_meeting
from veche.appeals.meetings.questions import question_record
from veche.appeals.models import AppealDesk
from veche.appeals.services import assignment_create
from veche.appeals.services.delegation import assignment_delegate
from veche.ledger.models import ActionKind
from veche.ledger.services import action_record
from veche.practices.models import Body
from veche.practices.projects.bodies import body_create, body_member_add
from veche.practices.scorecard.services import fact_create, fact_recognize
from veche.territories.factories import make_topic


def _act(town, kind, n, topic=None):
    for _i in range(n):
        action_record(person=person(town), kind=kind, topic=topic)


def test_demands_only_fires_when_appeals_dominate(in_town):
    _act(in_town, ActionKind.APPEAL, 15)
    _act(in_town, ActionKind.BALLOT, 5)
    r = result(in_town, "ledger.demands_only")
    assert r.state == WARNING and r.figure == 0.75
    assert r.evidence[0].title == "обращение"


def test_demands_only_calm_with_proposals_votes_and_hours(in_town):
    _act(in_town, ActionKind.APPEAL, 5)
    _act(in_town, ActionKind.PROPOSAL, 5)
    _act(in_town, ActionKind.VOLUNTEER_HOURS, 10)
    assert result(in_town, "ledger.demands_only").state == OK


def test_demands_only_no_data_on_few_actions(in_town):
    _act(in_town, ActionKind.APPEAL, 3)
    assert result(in_town, "ledger.demands_only").state == NO_DATA


def test_invented_topics(in_town):
    pushed, asked = make_topic(in_town, "Фестиваль"), make_topic(in_town, "Дороги")
    _act(in_town, ActionKind.BALLOT, 6, pushed)
    _act(in_town, ActionKind.APPEAL, 6, asked)
    r = result(in_town, "ledger.invented_topics")
    assert r.state == WARNING and r.figure == 0.5
    assert [e.title for e in r.evidence] == ["Фестиваль"]
    action_record(person=person(in_town), kind=ActionKind.PROPOSAL, topic=pushed)
    r = result(in_town, "ledger.invented_topics")
    assert r.state == OK and r.evidence == []


@pytest.fixture
def appeals_world(in_town):
    dept = Department.objects.create(territory=in_town, name="Отдел ЖКХ")
    AppealDesk.objects.create(territory=in_town, department=dept)
    applicant = person(in_town)
    applicant.email = "a@example.ru"
    return {"town": in_town, "dept": dept, "applicant": applicant}


def _assignment(w, parent=None):
    due = timezone.localdate() + dt.timedelta(days=10)
    if parent is not None:
        return assignment_delegate(parent=parent, task="Передать подрядчику", deadline=due,
                                   actor=None, organisation="УК «Дом»")
    appeal = make_appeal(w["town"], w["applicant"])
    return assignment_create(appeal=appeal, task="Заменить лампу", deadline=due, actor=None,
                             department=w["dept"])


def test_hierarchies_fire_on_chains_of_sub_assignments(appeals_world):
    tops = [_assignment(appeals_world) for _ in range(3)]
    assert result(appeals_world["town"], "appeals.hierarchies").state == OK
    child = _assignment(appeals_world, parent=tops[0])
    grandchild = _assignment(appeals_world, parent=child)
    r = result(appeals_world["town"], "appeals.hierarchies")
    assert r.state == WARNING and "3 ур." in r.display
    assert r.evidence[0].object_id == str(grandchild.appeal_id)
    assert r.evidence[0].detail.startswith("уровень 3")


def test_a_sub_assignment_cannot_outlive_its_parent(appeals_world):
    top = _assignment(appeals_world)
    with pytest.raises(ValidationError) as e:
        assignment_delegate(parent=top, task="Дальше", deadline=top.deadline + dt.timedelta(1),
                            actor=None, organisation="УК")
    assert "deadline_after_parent" in str(e.value.error_dict["deadline"][0].code)


def test_meetings_without_assignments(appeals_world):
    town = appeals_world["town"]
    meetings = [make_meeting(town, days=-3 - i, status="held") for i in range(3)]
    assert result(town, "appeals.meetings_without_assignments").state == WARNING
    for m in meetings:
        question_record(meeting=m, text="Почините освещение", surname="Иванова", given_name="Анна",
                        email="i@example.ru", task="Заменить лампы",
                        deadline=timezone.localdate() + dt.timedelta(days=7),
                        department=appeals_world["dept"])
    r = result(town, "appeals.meetings_without_assignments")
    assert r.state == OK and r.figure == 0.0


def test_council_everywhere(in_town):
    council = body_create(territory=in_town, kind=Body.Kind.EXPERT_COUNCIL, name="Экспертный")
    chamber = body_create(territory=in_town, kind=Body.Kind.PUBLIC_COUNCIL, name="Палата")
    group = body_create(territory=in_town, kind=Body.Kind.WORKING_GROUP, name="Группа")
    assert result(in_town, "practices.council_everywhere").state == OK  # empty council
    veterans = [person(in_town) for _ in range(3)]
    for p in veterans:
        for b in (council, chamber, group):
            body_member_add(body=b, person=p)
    body_member_add(body=council, name="Новиков Пётр")
    r = result(in_town, "practices.council_everywhere")
    assert r.state == WARNING and r.figure == 0.75
    assert "во все органы города: 3" in r.evidence[0].detail
    for name in ("Волонтёрова Анна", "Лидерова Вера", "Предпринимателев Илья"):
        body_member_add(body=council, name=name)
    assert result(in_town, "practices.council_everywhere").state == OK


def test_council_no_data_without_other_bodies(in_town):
    body_create(territory=in_town, kind=Body.Kind.EXPERT_COUNCIL, name="Экспертный")
    assert result(in_town, "practices.council_everywhere").state == NO_DATA


def test_no_improvement(in_town):
    assert result(in_town, "practices.no_improvement").state == WARNING
    month = timezone.localdate().replace(day=1)
    fact = fact_create(territory=in_town, month=month, title="Срок ответа сократился",
                       by=None, description="было 30 дней → стало 12")
    assert result(in_town, "practices.no_improvement").state == WARNING  # not recognised yet
    fact_recognize(fact=fact, by=make_user(email="head@zarechny.ru"))
    r = result(in_town, "practices.no_improvement")
    assert r.state == OK and r.evidence[0].title == "Срок ответа сократился"


def test_the_stored_months_give_what_the_ledger_gives_and_never_fall_behind(in_town):
    from veche.ledger.models import SignsSnapshot
    from veche.ledger.signs import signs_snapshot_refresh

    _act(in_town, ActionKind.APPEAL, 15)
    _act(in_town, ActionKind.BALLOT, 5)
    live = result(in_town, "ledger.demands_only")
    # The immediate task backend stored the months when the sign found none.
    assert SignsSnapshot.objects.filter(territory=in_town).exists()
    signs_snapshot_refresh(territory=in_town)
    assert result(in_town, "ledger.demands_only").figure == live.figure == 0.75
    _act(in_town, ActionKind.PROPOSAL, 20)  # after the snapshot: counted live
    assert result(in_town, "ledger.demands_only").figure == 0.375
