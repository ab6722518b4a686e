"""The production calendar in appeals: a 59-FZ term ending on a day off is shown with the Civil
Code's rule (meetings: tests/appeals/meetings/test_meetings_clock.py)."""

import datetime as dt

import pytest

from veche.appeals.factories import make_appeal
from veche.appeals.models import Appeal
from veche.territories.scoping import town_scope

pytestmark = pytest.mark.django_db


def test_an_answer_term_on_new_year_holidays_shows_the_rule_on_card_and_cabinet(aw, as_user):
    with town_scope(aw["town"]):
        appeal = make_appeal(aw["town"], aw["me"])
        Appeal.objects.filter(pk=appeal.pk).update(answer_due=dt.date(2027, 1, 4))
    card = as_user(aw["desk"]).get(f"/t/zarechny/office/appeals/{appeal.pk}/").content.decode()
    assert "нерабочий день (Новогодние каникулы)" in card
    assert "по ст. 193 ГК РФ окончание срока — 11.01.2027" in card
    assert "последний рабочий день до него — 30.12.2026" in card
    mine = as_user(aw["resident"]).get(f"/t/zarechny/cabinet/appeals/{appeal.pk}/")
    assert "11.01.2027" in mine.content.decode()
    with town_scope(aw["town"]):
        Appeal.objects.filter(pk=appeal.pk).update(answer_due=dt.date(2027, 1, 12))
    card = as_user(aw["desk"]).get(f"/t/zarechny/office/appeals/{appeal.pk}/").content.decode()
    assert "ГК РФ" not in card
