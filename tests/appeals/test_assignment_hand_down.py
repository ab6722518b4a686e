"""An executor hands part of an assignment down to another department or organisation: on the
report page (with the warning that each hand-down adds a level seed 000 counts against the
project) and through the API. The sub-assignment is due no later than its parent; a bad
deadline or an unknown executor gets a message saying what to fix, and what was typed stays."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from veche.accounts.tokens import api_token_create
from veche.appeals.factories import make_appeal
from veche.appeals.models import Assignment
from veche.appeals.services import assignment_create
from veche.territories.scoping import town_scope

pytestmark = pytest.mark.django_db


@pytest.fixture
def parent(aw):
    with town_scope(aw["town"]):
        appeal = make_appeal(aw["town"], aw["me"], topic=aw["topic"])
        return assignment_create(appeal=appeal, task="Отремонтировать двор у дома 7",
                                 deadline=timezone.localdate() + dt.timedelta(days=10),
                                 actor=aw["desk"], department=aw["d_zhkh"],
                                 executor=aw["zhkh"])


def test_the_executor_hands_part_of_the_work_down_on_the_report_page(aw, as_user, parent):
    client = as_user(aw["zhkh"])
    url = f"/t/zarechny/office/appeals/assignments/{parent.pk}/report/"
    page = client.get(url).content.decode()
    assert "Передать часть работы" in page and "признаком того, что проект идёт" in page
    too_late = (parent.deadline + dt.timedelta(days=3)).isoformat()
    post = f"/t/zarechny/office/appeals/assignments/{parent.pk}/delegate/"
    refused = client.post(post, {"department": aw["d_roads"].pk, "task": "Обрезать бордюр",
                                 "deadline": too_late})
    assert refused.status_code == 400
    text = refused.content.decode()
    assert "не может быть позже срока исходного поручения" in text
    assert "Обрезать бордюр" in text  # what was typed stays in the form
    done = client.post(post, {"department": aw["d_roads"].pk, "task": "Обрезать бордюр",
                              "deadline": parent.deadline.isoformat()}, follow=True)
    assert "Поручение передано дальше" in done.content.decode()
    with town_scope(aw["town"]):
        child = Assignment.objects.get(parent=parent)
        assert (child.department, child.task, child.appeal_id) == (
            aw["d_roads"], "Обрезать бордюр", parent.appeal_id)
    assert "Обрезать бордюр" in client.get(url).content.decode()  # listed as handed down
    # another department's executor neither sees the assignment nor hands it down
    assert as_user(aw["roads"]).post(post, {"department": aw["d_zhkh"].pk, "task": "x",
                                            "deadline": parent.deadline.isoformat()
                                            }).status_code in (403, 404)


def test_the_api_hands_an_assignment_down_and_says_what_is_wrong(aw, parent):
    _, key = api_token_create(user=aw["zhkh"], name="ЕСЭД")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {key}")
    url = f"/api/v1/t/zarechny/assignments/{parent.pk}/sub-assignments"
    bad = client.post(url, {"organisation": "УК «Уют»", "task": "Покрасить скамейки",
                            "executor_id": 999999}, content_type="application/json")
    assert bad.status_code == 400
    assert "executor_id" in bad.text and "Нет такого сотрудника" in bad.text
    no_date = client.post(url, {"organisation": "УК «Уют»", "task": "Покрасить скамейки"},
                          content_type="application/json")
    assert no_date.status_code == 400 and "Срок исполнения" in no_date.text
    made = client.post(url, {"organisation": "УК «Уют»", "task": "Покрасить скамейки",
                             "deadline": parent.deadline.isoformat()},
                       content_type="application/json")
    assert made.status_code == 201, made.text
    assert made.json()["parent_id"] == parent.pk
    assert made.json()["organisation"] == "УК «Уют»"
