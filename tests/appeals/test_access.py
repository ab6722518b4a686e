"""The appeals capability's contract: its access functions give the same answer to every caller
(another town's id or a word for an id: not found; an executor or a resident asking to manage:
forbidden), and its lifecycle tables offer exactly the moves their services make."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from veche.accounts.contract import capability
from veche.appeals import access
from veche.appeals.factories import make_appeal
from veche.appeals.knowledge.services import solution_create
from veche.appeals.lifecycle import (
    APPEAL,
    APPEAL_STATUS_API,
    APPEAL_STATUS_FORM,
    ASSIGNMENT,
    BOOKING,
    MEETING,
    SLOT,
    offered,
    perform,
    step_to,
    targets,
)
from veche.appeals.meetings.factories import make_meeting
from veche.appeals.meetings.services import meeting_report
from veche.appeals.models import (
    Appeal,
    AppealStatus,
    Assignment,
    AssignmentStatus,
    HeadMeeting,
    MeetingStatus,
)
from veche.appeals.services import appeal_answer, assignment_create
from veche.registry.factories import make_person
from veche.territories.scoping import all_towns, town_scope

pytestmark = pytest.mark.django_db

SOON = dt.timedelta(days=5)


@pytest.fixture
def elsewhere(other_town):
    """An appeal, a meeting and a solution of another town."""
    with town_scope(other_town):
        person = make_person(other_town, surname="Чужаков", email="chuzhakov@example.ru")
        appeal = make_appeal(other_town, person)
        meeting = make_meeting(other_town, days=3)
        solution = solution_create(territory=other_town, title="Чужое решение",
                                   problem="Чужая проблема", steps=["Шаг"])
    return {"appeal": appeal, "meeting": meeting, "solution": solution}


@pytest.fixture
def yard(aw):
    """An appeal of the resident, assigned to the ЖКХ department."""
    with town_scope(aw["town"]):
        appeal = make_appeal(aw["town"], aw["me"])
        assignment = assignment_create(appeal=appeal, task="Починить фонарь",
                                       deadline=timezone.localdate() + SOON, actor=aw["desk"],
                                       department=aw["d_zhkh"])
    return appeal, assignment


# --- access ---------------------------------------------------------------------------------

def test_another_towns_objects_are_not_found(aw, elsewhere):
    town, desk = aw["town"], aw["desk"]
    with town_scope(town):
        with pytest.raises(Http404):
            access.access_appeal(desk, town, elsewhere["appeal"].pk)
        with pytest.raises(Http404):
            access.access_meeting(desk, town, elsewhere["meeting"].pk)
        with pytest.raises(Http404):
            access.access_meeting(None, town, elsewhere["meeting"].pk, public_only=True)
        with pytest.raises(Http404):
            access.access_solution(desk, town, elsewhere["solution"].pk)


@pytest.mark.parametrize("bad_id", ["abc", "", None, "1.5", 0, -3, 2**63, "9" * 30])
def test_an_id_that_cannot_be_one_is_not_found(aw, yard, bad_id):
    town, desk = aw["town"], aw["desk"]
    with town_scope(town):
        for call in (access.access_appeal, access.access_assignment, access.access_meeting,
                     access.access_recurring, access.access_solution,
                     access.access_meeting_question, access.access_own_appeal,
                     access.access_attachment):
            with pytest.raises(Http404):
                call(desk, town, bad_id)


def test_a_resident_may_not_manage_nor_enter_the_back_office(aw, yard):
    appeal, assignment = yard
    town, resident = aw["town"], aw["resident"]
    with town_scope(town):
        # Their own appeal: seen in the cabinet, never managed.
        assert access.access_own_appeal(resident, town, appeal.pk) == appeal
        for manage in (False, True):
            with pytest.raises(PermissionDenied):
                access.access_appeal(resident, town, appeal.pk, manage=manage)
        with pytest.raises(PermissionDenied):
            access.access_assignment(resident, town, assignment.pk, manage=True)
        with pytest.raises(PermissionDenied):
            access.access_desk(resident, town)
        with pytest.raises(PermissionDenied):
            access.access_meeting(resident, town, make_meeting(town).pk)


def test_an_executor_sees_their_departments_work_but_does_not_manage_it(aw, yard):
    appeal, assignment = yard
    town = aw["town"]
    with town_scope(town):
        assert access.access_appeal(aw["zhkh"], town, appeal.pk) == appeal
        assert access.access_assignment(aw["zhkh"], town, assignment.pk) == assignment
        with pytest.raises(PermissionDenied):
            access.access_appeal(aw["zhkh"], town, appeal.pk, manage=True)
        with pytest.raises(PermissionDenied):
            access.access_assignment(aw["zhkh"], town, assignment.pk, manage=True)
        with pytest.raises(PermissionDenied):
            access.access_desk(aw["zhkh"], town)
        with pytest.raises(Http404):  # every department's figures: not theirs to find
            access.access_quality(aw["zhkh"], town)
        # Another department's appeal is not confirmed to exist.
        with pytest.raises(Http404):
            access.access_appeal(aw["roads"], town, appeal.pk)
        with pytest.raises(Http404):
            access.access_assignment(aw["roads"], town, assignment.pk)
        # The desk and the head manage it.
        for user in (aw["desk"], aw["head"]):
            assert access.access_appeal(user, town, appeal.pk, manage=True) == appeal
            assert access.access_quality(user, town).sees_all


def test_another_residents_appeal_is_not_found(aw):
    town = aw["town"]
    with town_scope(town):
        theirs = make_appeal(town, aw["other"])
        with pytest.raises(Http404):
            access.access_own_appeal(aw["resident"], town, theirs.pk)


def test_a_draft_meeting_is_not_public_and_a_network_solution_not_editable(aw):
    town = aw["town"]
    with town_scope(town):
        draft = make_meeting(town, status="planned")
        with pytest.raises(Http404):
            access.access_meeting(None, town, draft.pk, public_only=True)
        assert access.access_meeting(aw["head"], town, draft.pk) == draft
    with all_towns():
        shared = solution_create(territory=None, title="Общее решение", problem="Ямы",
                                 steps=["Заявка"])
    with town_scope(town):
        assert access.access_solution(aw["desk"], town, shared.pk) == shared
        with pytest.raises(Http404):
            access.access_solution(aw["desk"], town, shared.pk, edit=True)


def test_a_damaged_feedback_link_is_not_found(aw, yard):
    appeal, _ = yard
    with town_scope(aw["town"]):
        with pytest.raises(Http404):
            access.access_feedback_by_link(aw["town"], appeal.pk, "not-a-signature")


def test_the_contract_is_registered():
    contract = capability("appeals")
    assert contract.lifecycles == (APPEAL, ASSIGNMENT, MEETING, SLOT, BOOKING)
    assert access.access_appeal in contract.access and contract.walk_objects is not None
    assert contract.roles["manage"] == access.MANAGE


def test_api_answers_404_for_an_id_out_of_range(aw, as_user):
    desk = as_user(aw["desk"])
    assert desk.get("/api/v1/t/zarechny/appeals/99999999999999999999").status_code == 404
    assert desk.get("/api/v1/t/zarechny/meetings/99999999999999999999").status_code == 404


# --- lifecycles -----------------------------------------------------------------------------

class _Undo(Exception):
    pass


def _service_accepts(run) -> bool:
    """Whether the service makes the move (then undone), or refuses it with a ValidationError."""
    try:
        with transaction.atomic():
            run()
            raise _Undo
    except _Undo:
        return True
    except ValidationError:
        return False


APPEAL_EXTRA = {
    "register": {}, "start_work": {}, "close": {}, "reopen": {},
    "answer": {"text": "Фонарь заменён."},
    "forward": {"body": "Росреестр", "reason": "Вопрос о границах участка"},
    "extend": {"new_due": None, "reason": "Нужна закупка"},  # new_due: set per appeal
    "assign": {"task": "Заменить лампу", "deadline": None},  # deadline: set per appeal
}


@pytest.mark.parametrize("status", AppealStatus.values)
def test_appeal_lifecycle_offers_exactly_the_moves_its_services_make(aw, status):
    town, today = aw["town"], timezone.localdate()
    with town_scope(town):
        appeal = make_appeal(town, aw["me"], register=False)
        due = today + dt.timedelta(days=20) if status != AppealStatus.RECEIVED else None
        Appeal.objects.filter(pk=appeal.pk).update(status=status, answer_due=due,
                                                   answer_due_initial=due)
        for step in APPEAL.steps:
            extra = dict(APPEAL_EXTRA[step.action])
            if "new_due" in extra:
                extra["new_due"] = today + dt.timedelta(days=25)
            if "deadline" in extra:
                extra |= {"deadline": today + SOON, "department": aw["d_zhkh"]}
            fresh = Appeal.objects.get(pk=appeal.pk)
            open_now = step.action in offered(APPEAL, fresh)
            made = _service_accepts(
                lambda: perform(APPEAL, step.action, fresh, by=aw["desk"], **extra))  # noqa: B023
            assert made == open_now, (status, step.action)


@pytest.mark.parametrize("status", AssignmentStatus.values)
def test_assignment_lifecycle_offers_exactly_the_moves_its_service_makes(aw, yard, status):
    _, assignment = yard
    with town_scope(aw["town"]):
        Assignment.objects.filter(pk=assignment.pk).update(status=status)
        for step in ASSIGNMENT.steps:
            fresh = Assignment.objects.get(pk=assignment.pk)
            open_now = step.action in offered(ASSIGNMENT, fresh)
            # The applicant's dispute needs their words (any text will do here).
            extra = {"comment": "Не сделано"} if step.action == "dispute" else {}
            made = _service_accepts(
                lambda: perform(ASSIGNMENT, step.action, fresh, by=aw["desk"], **extra))  # noqa: B023
            assert made == open_now, (status, step.action)


@pytest.mark.parametrize("status", MeetingStatus.values)
def test_meeting_lifecycle_offers_exactly_the_moves_its_services_make(aw, status):
    with town_scope(aw["town"]):
        meeting = make_meeting(aw["town"], days=-1, status=status)
        if status == MeetingStatus.REPORTED:
            meeting_report(meeting=meeting, results_summary="Итоги встречи")
        extra = {"report": {"results_summary": "Сделано всё"}}
        for step in MEETING.steps:
            fresh = HeadMeeting.objects.get(pk=meeting.pk)
            open_now = step.action in offered(MEETING, fresh)
            made = _service_accepts(lambda: perform(
                MEETING, step.action, fresh, by=aw["head"], **extra.get(step.action, {})))  # noqa: B023
            assert made == open_now, (status, step.action)


def test_status_forms_name_the_status_and_find_its_action():
    assert targets(APPEAL, APPEAL_STATUS_API) == ("registered", "in_work", "closed", "reopened")
    assert step_to(APPEAL, "closed", among=APPEAL_STATUS_FORM).action == "close"
    with pytest.raises(ValidationError) as refused:
        step_to(APPEAL, "answered", among=APPEAL_STATUS_FORM)  # the answer has its own form
    assert refused.value.error_dict["to_status"][0].code == "status_not_offered"


def test_the_card_and_the_meeting_page_offer_only_open_moves(aw, as_user):
    town = aw["town"]
    with town_scope(town):
        answered = make_appeal(town, aw["me"])
        appeal_answer(appeal=answered, text="Фонарь заменён.", actor=aw["desk"])
        planned = make_meeting(town, status="planned")
    desk = as_user(aw["desk"])
    card = desk.get(f"/t/zarechny/office/appeals/{answered.pk}/").content.decode()
    assert "/status/" in card and "/answer/" not in card and "/extend/" not in card
    assert "/register/" not in card and "/forward/" not in card
    page = as_user(aw["head"]).get(f"/t/zarechny/office/meetings/{planned.pk}/").content.decode()
    assert 'value="announce"' in page and 'value="report"' not in page


def test_the_api_enums_come_from_the_tables():
    from veche.api.routers.appeals_schemas import AppealStatusIn
    from veche.api.routers.meetings import MeetingStatusIn

    appeal = AppealStatusIn.model_json_schema()["properties"]["to_status"]["anyOf"][0]
    assert appeal["enum"] == list(targets(APPEAL, APPEAL_STATUS_API))
    meeting = MeetingStatusIn.model_json_schema()["properties"]["action"]["anyOf"][0]
    assert meeting["enum"] == MEETING.actions()
    # Both parse an empty body (the object is looked up before the body is judged).
    assert AppealStatusIn().to_status is None and MeetingStatusIn().action is None
