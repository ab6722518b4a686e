"""Feedback as a resident and an organiser notice it: the form starts from the event kind's
questions, an answer is one ledger «обратная связь» plus one «предложение» per proposal, a
second answer is refused with the time of the first and counts nothing, a closed form refuses."""

import pytest
from django.core.exceptions import ValidationError

from tests.events_feedback.conftest import make_event, resident
from veche.events.models import Event, FeedbackResponse, QuestionKind
from veche.events.selectors.feedback import results
from veche.events.services.feedback import (
    feedback_submit,
    question_add,
    question_move,
    question_remove,
    questionnaire_create,
    questionnaire_set_open,
)
from veche.ledger.models import Action
from veche.territories.scoping import town_scope

pytestmark = pytest.mark.django_db


def _answers(questionnaire, **by_kind):
    return {q.pk: by_kind[q.kind] for q in questionnaire.questions.all() if q.kind in by_kind}


def test_questionnaire_starts_from_the_kind_templates(town, event):
    with town_scope(town):
        q = questionnaire_create(event=event)
        kinds = list(q.questions.values_list("kind", flat=True))
        assert kinds == ["rating", "text", "proposal", "help"]  # KINDS["public"].questions
        assert q.title.endswith(event.title) and q.is_open
        with pytest.raises(ValidationError) as exc:
            questionnaire_create(event=event)
        assert exc.value.code == "questionnaire_exists"


def test_answer_is_feedback_and_proposal_actions_once(town, event, anna):
    with town_scope(town):
        q = questionnaire_create(event=event)
        answers = _answers(q, rating=5, proposal="Поставить скамейки у подъезда",
                           help={"yes": True, "text": "могу покрасить забор"})
        response = feedback_submit(questionnaire=q, person=anna[1], answers=answers,
                                   channel="qr")
        assert response.wants_to_help
        kinds = sorted(Action.objects.filter(person=anna[1]).values_list("kind", flat=True))
        assert kinds == ["feedback", "proposal"]
        assert set(Action.objects.values_list("object_type", "source")) == {
            ("events.event", "qr")}
        ev = Event.objects.get(pk=event.pk)
        assert (ev.actions_recorded, ev.newcomers) == (2, 1)

        with pytest.raises(ValidationError) as exc:
            feedback_submit(questionnaire=q, person=anna[1], answers=answers)
        assert exc.value.code == "feedback_already_sent"
        message = exc.value.messages[0]
        assert "Вы уже ответили на эту анкету" in message and " в " in message
        assert message.split("анкету ")[1][2] == "."  # DD.MM
        assert FeedbackResponse.objects.count() == 1 and Action.objects.count() == 2
        assert Event.objects.get(pk=event.pk).actions_recorded == 2


def test_refusals_leave_nothing(town, event, anna, other_town):
    with town_scope(town):
        q = questionnaire_create(event=event)
        rating = q.questions.get(kind=QuestionKind.RATING)
        with pytest.raises(ValidationError) as exc:
            feedback_submit(questionnaire=q, person=anna[1], answers={rating.pk: 7})
        assert "от 1 до 5" in str(exc.value)
        with pytest.raises(ValidationError) as exc:  # the rating is required
            feedback_submit(questionnaire=q, person=anna[1],
                            answers=_answers(q, text="Всё понравилось"))
        assert f"q{rating.pk}" in exc.value.message_dict
        questionnaire_set_open(questionnaire=q, is_open=False)
        with pytest.raises(ValidationError) as exc:
            feedback_submit(questionnaire=q, person=anna[1], answers={rating.pk: 4})
        assert exc.value.code == "feedback_closed" and "закрыта" in exc.value.messages[0]
        assert not FeedbackResponse.objects.exists() and not Action.objects.exists()
    stranger = resident(other_town, "x@ozersk.ru", "Чужой")[1]
    with town_scope(town):
        questionnaire_set_open(questionnaire=q, is_open=True)
        with pytest.raises(ValidationError) as exc:
            feedback_submit(questionnaire=q, person=stranger, answers={rating.pk: 4})
        assert exc.value.code == "other_town"


def test_questions_are_added_moved_and_answered_ones_kept(town, event, anna):
    with town_scope(town):
        q = questionnaire_create(event=event)
        extra = question_add(questionnaire=q, kind="choice", text="Откуда узнали?",
                             choices=["соцсети", "знакомые", ""])
        assert extra.choices == ["соцсети", "знакомые"]
        with pytest.raises(ValidationError):
            question_add(questionnaire=q, kind="choice", text="Один вариант", choices=["да"])
        question_move(question=extra, up=True)
        assert list(q.questions.values_list("kind", flat=True))[-2] == "choice"
        feedback_submit(questionnaire=q, person=anna[1],
                        answers={**_answers(q, rating=4), extra.pk: "соцсети"})
        with pytest.raises(ValidationError) as exc:
            question_remove(question=extra)
        assert exc.value.code == "question_answered"
        question_remove(question=q.questions.get(kind="text"))  # nobody answered it


def test_results_rate_mean_and_grouped_proposals(town, event, anna, boris):
    with town_scope(town):
        q = questionnaire_create(event=event)
        feedback_submit(questionnaire=q, person=anna[1], answers=_answers(
            q, rating=5, proposal="Поставить новые скамейки во дворе"))
        feedback_submit(questionnaire=q, person=boris[1], answers=_answers(
            q, rating=3, proposal="Нужны скамейки во дворе у детской площадки",
            help={"yes": True, "text": ""}))
        found = results(questionnaire=q)
    assert found["responses"] == 2 and found["checked_in"] == 3
    assert found["rate"] == pytest.approx(2 / 3)
    assert found["wants_to_help"] == 1 and found["proposals"] == 2
    rating = next(b for b in found["blocks"] if b["kind"] == "rating")
    assert rating["mean"] == 4 and rating["distribution"][0] == {"label": "5", "count": 1}
    proposals = next(b for b in found["blocks"] if b["kind"] == "proposal")
    assert [g.size for g in proposals["groups"]] == [2]  # both about benches in the yard


def test_rate_uses_the_organisers_count_without_check_in(town):
    event = make_event(town, actual_participants=10)
    user, person = resident(town, "c@zarechny.ru", "Считаев")
    with town_scope(town):
        q = questionnaire_create(event=event)
        feedback_submit(questionnaire=q, person=person, answers=_answers(q, rating=4))
        assert results(questionnaire=q)["rate"] == pytest.approx(0.1)
