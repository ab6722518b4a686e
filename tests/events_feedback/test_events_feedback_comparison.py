"""Countable criteria as staff read them: each chosen criterion's value against its target with a
plain overall line, own criteria with a value and its source, and the comparison of events and
organisers, whose queries do not grow with the number of events."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.events_feedback.conftest import make_event
from veche.events.models import EventDecision
from veche.events.selectors.scorecard import Filters, comparison, scorecard
from veche.events.services.criteria import (
    criteria_suggest,
    criterion_define,
    criterion_set,
    criterion_value_enter,
)
from veche.events.services.feedback import feedback_submit, questionnaire_create
from veche.territories.scoping import town_scope

pytestmark = pytest.mark.django_db


def _answer(q, person, **by_kind):
    feedback_submit(questionnaire=q, person=person, answers={
        x.pk: by_kind[x.kind] for x in q.questions.all() if x.kind in by_kind})


def test_scorecard_values_targets_and_overall(town, event, anna, boris):
    with town_scope(town):
        q = questionnaire_create(event=event)
        _answer(q, anna[1], rating=5, proposal="Больше лавочек")
        _answer(q, boris[1], rating=4)
        criterion_set(event=event, code="feedback_rate", target="50")  # 2 of 3: 66.7 %
        criterion_set(event=event, code="proposals_per_participant", target="0,5")  # 1/3
        criterion_set(event=event, code="new_active", target=2)  # both were new
        reach = criterion_set(event=event, code="media_reach", target=1000)
        criterion_value_enter(criterion=reach, value="1500", source="пресс-служба")
        own = criterion_define(event=event, name="Собрано мешков мусора", unit="шт.",
                               target=10, value=None)
        card = scorecard(event=event)
    by_label = {r.label: r for r in card["rows"]}
    assert by_label["доля ответивших на анкету"].value == pytest.approx(200 / 3)
    assert by_label["доля ответивших на анкету"].met is True
    assert by_label["предложений на участника"].met is False
    assert by_label["новые активные жители"].value == 2
    assert by_label["охват в СМИ и соцсетях"].value == 1500
    assert by_label["Собрано мешков мусора"].met is None  # no value yet
    assert card["met"] == 3 and card["overall"] == "3 из 5 критериев выполнены"
    with town_scope(town):
        with pytest.raises(ValidationError) as exc:
            criterion_value_enter(criterion=own, value="12", source="")
        assert "источник" in str(exc.value)
        with pytest.raises(ValidationError):
            criterion_value_enter(criterion=card["rows"][0].criterion, value=1, source="x")
        with pytest.raises(ValidationError):
            criterion_set(event=event, code="feedback_rate", target="-3")


def test_suggested_criteria_follow_the_kind(town):
    event = make_event(town, kind="hearing")
    with town_scope(town):
        made = criteria_suggest(event=event)
    assert [c.code for c in made] == ["proposals_per_participant", "decisions_taken"]


def test_comparison_summarises_organisers(town, event, anna):
    ngo = make_event(town, title="Лекция", organiser_kind="ngo", organiser_name="Клуб",
                     actual_participants=20)
    with town_scope(town):
        _answer(questionnaire_create(event=event), anna[1], rating=5, proposal="Ещё встречу")
        criterion_set(event=event, code="feedback_rate", target=10)
        criterion_set(event=ngo, code="decisions_taken", target=1)
        EventDecision.objects.create(territory=town, event=ngo, text="Провести ещё")
        found = comparison(territory=town, filters=Filters())
        only_ngo = comparison(territory=town, filters=Filters(organiser_kind="ngo"))
    assert found["count"] == 2 and len(found["rows"]) == 2
    admin = next(s for s in found["organisers"] if s.organiser_kind == "administration")
    assert admin.events == 1 and admin.mean_feedback_rate == pytest.approx(100 / 3)
    assert admin.proposals_per_participant == pytest.approx(1 / 3) and admin.newcomers == 1
    assert admin.criteria_met_share == 1
    club = next(s for s in found["organisers"] if s.organiser_kind == "ngo")
    assert club.mean_feedback_rate == 0 and club.criteria_met == 1  # 20 came, none answered
    assert [r["title"] for r in only_ngo["rows"]] == ["Лекция"]


def test_comparison_queries_do_not_grow_with_events(town, anna):
    def queries(n: int) -> int:
        for i in range(n):
            ev = make_event(town, title=f"Событие {i}", days_ago=2 + i)
            with town_scope(town):
                criterion_set(event=ev, code="feedback_rate", target=10)
        with town_scope(town), CaptureQueriesContext(connection) as ctx:
            comparison(territory=town, filters=Filters())
        return len(ctx.captured_queries)

    few = queries(2)
    many = queries(25)
    assert few == many <= 10
