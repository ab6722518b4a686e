"""Seed 002 (Заречный), the applicant and the assignment that answers their question:
told its term, they confirm or dispute the work, and a dispute reopens the assignment."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from veche.appeals.factories import make_appeal
from veche.appeals.lifecycle import ASSIGNMENT, perform
from veche.appeals.models import AppealNotification, ApplicantVerdict, AssignmentStatus
from veche.appeals.services import (
    assignment_confirm,
    assignment_create,
    assignment_dispute,
    assignment_report,
)
from veche.ledger.models import Action, ActionKind
from veche.territories.scoping import town_scope

pytestmark = pytest.mark.django_db


@pytest.fixture
def job(aw):
    with town_scope(aw["town"]):
        appeal = make_appeal(aw["town"], aw["me"], topic=aw["topic"])
        return assignment_create(appeal=appeal, task="Заменить лампу у подъезда",
                                 deadline=timezone.localdate() + dt.timedelta(days=7),
                                 actor=aw["desk"], department=aw["d_zhkh"], executor=aw["zhkh"])


def _done(aw, job):
    with town_scope(aw["town"]):
        assignment_report(assignment=job, text="Лампа заменена", author=aw["zhkh"],
                          marks_done=True)
        job.refresh_from_db()
    return job


def test_the_applicant_is_told_the_assignment_term(aw, job, as_user):
    """Seed 002: «…обратная связь с заявителем с целью информирования о сроках исполнения
    поручения…» — the term of the assignment, not only the 59-FZ answer date, reaches the
    applicant: a notice in the cabinet (e-mail and SMS only where consented: the gate)."""
    with town_scope(aw["town"]):
        notices = list(AppealNotification.objects.filter(
            appeal=job.appeal, kind=AppealNotification.Kind.ASSIGNMENT_TERM))
    assert {n.channel for n in notices if n.outcome == "sent"} == {"cabinet"}
    # No consent to messages by e-mail: skipped, with the gate's reason recorded.
    assert any(n.channel == "email" and n.outcome == "skipped" for n in notices)
    page = as_user(aw["resident"], verified=False).get(
        f"/t/zarechny/cabinet/appeals/{job.appeal_id}/").content.decode()
    assert "Срок исполнения" in page and job.deadline.strftime("%d.%m.%Y") in page


def test_the_applicant_confirms_the_work_as_a_feedback_action(aw, job, as_user):
    """Seed 002: residents do «контроль выполнения поручений … контроль качества выполнения
    работ»; a confirmation is the applicant's real action: one ledger row of kind feedback."""
    _done(aw, job)
    me = as_user(aw["resident"], verified=False)
    page = me.get(f"/t/zarechny/cabinet/appeals/{job.appeal_id}/").content.decode()
    assert "Подтвердить исполнение" in page and "Оспорить исполнение" in page
    assert me.post(f"/t/zarechny/cabinet/assignments/{job.pk}/verdict/",
                   {"action": "confirm"}).status_code == 302
    with town_scope(aw["town"]):
        job.refresh_from_db()
        rows = list(Action.objects.filter(person=aw["me"], kind=ActionKind.FEEDBACK)
                    .values_list("object_type", "object_id"))
        with pytest.raises(ValidationError) as again:
            assignment_confirm(assignment=job, by=aw["resident"])
    assert job.applicant_verdict == ApplicantVerdict.CONFIRMED
    assert job.status == AssignmentStatus.DONE
    assert rows == [("assignment", str(job.pk))]
    assert again.value.code == "verdict_not_expected"


def test_a_dispute_reopens_the_assignment_with_the_applicants_words(aw, job, as_user):
    """Seed 002: residents control «качество выполнения работ»: a dispute puts the assignment
    back in work with the dispute text, which the executor sees in their list."""
    _done(aw, job)
    with town_scope(aw["town"]):
        with pytest.raises(ValidationError) as empty:
            assignment_dispute(assignment=job, by=aw["resident"], comment="  ")
        assert empty.value.error_dict["comment"][0].code == "dispute_reason_required"
    me = as_user(aw["resident"], verified=False)
    me.post(f"/t/zarechny/cabinet/assignments/{job.pk}/verdict/",
            {"action": "dispute", "comment": "Лампа снова не горит уже через день"})
    with town_scope(aw["town"]):
        job.refresh_from_db()
        feedback = Action.objects.filter(person=aw["me"], kind=ActionKind.FEEDBACK).count()
    assert job.status == AssignmentStatus.IN_WORK and job.done_at is None
    assert job.applicant_verdict == ApplicantVerdict.DISPUTED and job.disputes == 1
    # ten working days of the production calendar (holidays skipped), or the old term if later
    from veche.territories.calendar import add_working_days
    assert job.deadline >= add_working_days(timezone.localdate(), 10)
    assert feedback == 1
    mine = as_user(aw["zhkh"]).get("/t/zarechny/office/appeals/mine/?bucket=in_time")
    text = mine.content.decode()
    assert "Заявитель оспорил исполнение" in text and "Лампа снова не горит" in text
    # Done again: the applicant is asked again (a new verdict round).
    with town_scope(aw["town"]):
        assignment_report(assignment=job, text="Заменили светильник целиком",
                          author=aw["zhkh"], marks_done=True)
        job.refresh_from_db()
        assert job.applicant_verdict == ""
        asked = AppealNotification.objects.filter(
            appeal=job.appeal, kind=AppealNotification.Kind.ASSIGNMENT_DONE,
            channel="cabinet").count()
    assert asked == 2


def test_the_lifecycle_offers_the_applicants_moves_on_a_done_assignment_only(aw, job):
    """The assignment lifecycle names the applicant's moves once (web, API, demo)."""
    with town_scope(aw["town"]):
        with pytest.raises(ValidationError):
            perform(ASSIGNMENT, "confirm", job, by=aw["resident"])
        assert ASSIGNMENT.step("dispute").target == AssignmentStatus.IN_WORK
        assert ASSIGNMENT.step("dispute").sources == {AssignmentStatus.DONE}


def test_verdict_through_the_api_and_only_on_ones_own_appeal(aw, job, as_user):
    """The same move through /api/v1/ for the applicant; another resident's is not found."""
    _done(aw, job)
    me = as_user(aw["resident"], verified=False)
    card = me.get(f"/api/v1/t/zarechny/my/appeals/{job.appeal_id}").json()
    assert card["assignments"][0]["deadline"] == job.deadline.isoformat()
    assert card["assignments"][0]["verdict_open"] is True
    url = f"/api/v1/t/zarechny/my/assignments/{job.pk}/verdict"
    refused = me.post(url, {"action": "dispute"}, content_type="application/json")
    assert refused.status_code == 400
    ok = me.post(url, {"action": "dispute", "comment": "Не сделано"},
                 content_type="application/json")
    assert ok.status_code == 200 and ok.json()["status"] == "in_work"
    assert as_user(aw["desk"]).post(url, {"action": "confirm"},
                                    content_type="application/json").status_code in (403, 404)
