"""Applicant feedback: the signed link, the cabinet form, «not solved» reopens the appeal and
puts the assignment back in work; double submits; the ledger; the statistics."""

import datetime as dt
import re

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone

from veche.accounts.sms import LocmemSmsSender
from veche.appeals.factories import make_appeal
from veche.appeals.models import AppealStatus, AssignmentStatus
from veche.appeals.selectors import satisfaction_by
from veche.appeals.services import (
    appeal_answer,
    assignment_create,
    assignment_report,
    feedback_open,
    feedback_submit,
)
from veche.ledger.models import Action, ActionKind
from veche.registry.consent import consent_grant
from veche.territories.scoping import town_scope

pytestmark = pytest.mark.django_db


@pytest.fixture
def answered(aw):
    with town_scope(aw["town"]):
        appeal = make_appeal(aw["town"], aw["me"], topic=aw["topic"])
        job = assignment_create(appeal=appeal, task="Заменить лампу",
                                deadline=timezone.localdate() + dt.timedelta(days=3),
                                actor=aw["desk"], department=aw["d_zhkh"], executor=aw["zhkh"])
        assignment_report(assignment=job, text="Лампа заменена", author=aw["zhkh"],
                          marks_done=True)
        appeal_answer(appeal=appeal, text="Лампа заменена.", actor=aw["desk"])
    return appeal, job


def test_not_solved_reopens_and_puts_the_assignment_back_in_work(aw, answered, as_user):
    appeal, job = answered
    me = as_user(aw["resident"], verified=False)
    url = f"/t/zarechny/cabinet/appeals/{appeal.pk}/"
    assert "Решена ли проблема?" in me.get(url).content.decode()
    refused = me.post(url, {"solved": "no"})
    assert refused.status_code == 400
    assert "Оцените от 1 до 5" in refused.content.decode()
    assert me.post(url, {"solved": "no", "satisfaction": "2",
                         "comment": "Лампа снова не горит"}).status_code == 302
    with town_scope(aw["town"]):
        appeal.refresh_from_db()
        job.refresh_from_db()
        kinds = list(appeal.events.values_list("kind", "to_status"))
        ledger = Action.objects.filter(person=aw["me"], kind=ActionKind.FEEDBACK).count()
    assert appeal.status == AppealStatus.REOPENED and appeal.reopened_count == 1
    assert job.status == AssignmentStatus.IN_WORK and job.done_at is None
    assert ("feedback", "") in kinds and ("status", "reopened") in kinds
    assert ledger == 1
    # The reopened appeal, answered again, asks again (a new round).
    with town_scope(aw["town"]):
        appeal_answer(appeal=appeal, text="Заменили светильник целиком.", actor=aw["desk"])
        assert feedback_open(appeal=appeal).round == 2


def test_signed_link_from_the_email_closes_a_solved_appeal(aw, answered, client, mailoutbox):
    appeal, _ = answered
    link = re.search(r"https?://\S+", mailoutbox[-1].body).group(0)
    path = link.removeprefix(settings.VECHE_SITE_URL)  # links come from the site's address
    assert client.get(path).status_code == 200
    assert client.get(path[:-3] + "xyz").status_code == 404
    assert client.post(path, {"solved": "yes", "satisfaction": "5"}).status_code == 200
    with town_scope(aw["town"]):
        appeal.refresh_from_db()
    assert appeal.status == AppealStatus.CLOSED
    again = client.post(path, {"solved": "no", "satisfaction": "1"})
    assert "Спасибо" in again.content.decode()
    with town_scope(aw["town"]):
        appeal.refresh_from_db()
    assert appeal.status == AppealStatus.CLOSED


def test_double_submit_is_refused_clearly(aw, answered):
    appeal, _ = answered
    with town_scope(aw["town"]):
        feedback = feedback_open(appeal=appeal)
        feedback_submit(feedback=feedback, solved=True, satisfaction=4)
        with pytest.raises(ValidationError, match="уже оценили"):
            feedback_submit(feedback=feedback, solved=True, satisfaction=4)
        assert Action.objects.filter(kind=ActionKind.FEEDBACK).count() == 1


def test_sms_asks_for_feedback_only_with_consent(aw, settings):
    settings.VECHE_SMS_SENDER = "veche.accounts.sms.LocmemSmsSender"
    LocmemSmsSender.outbox = []
    with town_scope(aw["town"]):
        first = make_appeal(aw["town"], aw["me"], reply_phone="+79121112233")
        appeal_answer(appeal=first, text="Сделано.", actor=aw["desk"])
        assert LocmemSmsSender.outbox == []
        skipped = first.notifications.get(channel="sms")
        assert skipped.outcome == "skipped"
        consent_grant(person=aw["me"], purpose="messages", channel="sms")
        second = make_appeal(aw["town"], aw["me"], reply_phone="+79121112233")
        appeal_answer(appeal=second, text="Сделано.", actor=aw["desk"])
    assert len(LocmemSmsSender.outbox) == 1
    phone, text = LocmemSmsSender.outbox[0]
    assert phone == "+79121112233" and second.number in text and "feedback" in text


def test_satisfaction_and_time_to_answer_by_department_and_topic(aw, answered, as_user):
    appeal, _ = answered
    with town_scope(aw["town"]):
        feedback_submit(feedback=feedback_open(appeal=appeal), solved=True, satisfaction=4)
        rows = satisfaction_by(territory=aw["town"], group="department")
        topics = satisfaction_by(territory=aw["town"], group="topic")
    assert rows[0]["label"] == "Отдел ЖКХ и благоустройства"
    assert rows[0]["satisfaction"] == 4 and rows[0]["solved_share"] == 1
    assert topics[0]["label"] == "Дворы"
    page = as_user(aw["head"]).get("/t/zarechny/office/appeals/quality/")
    assert page.status_code == 200 and "Отдел ЖКХ и благоустройства" in page.content.decode()
    assert as_user(aw["zhkh"]).get("/t/zarechny/office/appeals/quality/").status_code == 404
