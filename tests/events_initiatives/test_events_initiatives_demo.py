"""The demo's part: a small town's year of initiatives, volunteers and speakers made through
the services — confirmed hours are ledger actions dated on the day the work was done."""

import random

import pytest

from veche.demo.builder.capabilities import DemoTown
from veche.demo.builder.events_initiatives import create
from veche.events.models import CitizenInitiative, Speaker, VolunteerHours
from veche.ledger.models import Action
from veche.registry.factories import make_person
from veche.territories.scoping import town_scope

pytestmark = pytest.mark.django_db


def test_demo_year(town, staff_user, three_hour_event):
    with town_scope(town):
        people = [make_person(town, surname=f"Житель{c}") for c in "абвгдежзиклм"]
        demo = DemoTown(town=town, is_main=False, districts=[], buildings=[], topics=[],
                        departments=[], persons=people, active=people,
                        users={"staff": [staff_user]})
        summary = create(random.Random(7), demo, [three_hour_event])
        assert "инициативы: 2" in summary
        assert CitizenInitiative.objects.count() == 2
        assert Speaker.objects.count() == 2
        confirmed = VolunteerHours.objects.filter(status="confirmed")
        actions = Action.objects.filter(kind="volunteer_hours")
        assert actions.count() == confirmed.count()
        for action in actions:
            assert action.occurred_at.date() <= action.recorded_at.date()
