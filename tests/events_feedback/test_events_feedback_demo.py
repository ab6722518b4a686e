"""The demo's feedback part, made through the services: held events get questionnaires and
answers dated after the event; some held events get none (attendance only)."""

import random

import pytest

from tests.events_feedback.conftest import make_event, resident
from veche.demo.builder.events_feedback import build_feedback
from veche.events.models import Event, FeedbackResponse, Questionnaire
from veche.territories.scoping import town_scope

pytestmark = pytest.mark.django_db


def test_demo_feedback_through_the_services(town):
    names = ["Иванова", "Петров", "Сидорова", "Кузнецов", "Смирнова", "Попов", "Волкова",
             "Соколов", "Лебедева", "Козлов", "Новикова", "Морозов"]
    persons = [resident(town, f"p{i}@zarechny.ru", name)[1] for i, name in enumerate(names)]
    events = [make_event(town, title=f"Событие {i}", days_ago=5 + i, actual_participants=30)
              for i in range(12)]
    with town_scope(town):
        summary = build_feedback(town=town, events=events, persons=persons,
                                 rng=random.Random(3))
        forms = Questionnaire.objects.count()
        assert "анкеты" in summary and 0 < forms < len(events)
        for response in FeedbackResponse.objects.select_related("questionnaire__event"):
            assert response.submitted_at > response.questionnaire.event.ends_at
        bare = Event.objects.filter(questionnaire__isnull=True)
        assert bare.exists() and not bare.filter(actions_recorded__gt=0).exists()
