"""`action_record_many` checks every action as `action_record` checks one (the same function):
a known kind, a registry person of the action's town, a weight within bounds, a topic of that
town. One bad action refuses the batch and nothing is written."""

import pytest
from django.utils import timezone

from veche.ledger.models import Action, MonthlyActivity, PersonActivity, TownMonthActivity
from veche.ledger.services import LedgerError, action_record, action_record_many
from veche.registry.factories import make_person
from veche.territories.factories import make_topic
from veche.territories.scoping import all_towns, town_scope

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(town, other_town):
    with town_scope(other_town):
        stranger = make_person(other_town, surname="Чужой", given_name="Олег")
        far_topic = make_topic(other_town, "Чужая тема")
    with town_scope(town):
        return {"person": make_person(town, given_name="Анна"), "topic": make_topic(town, "Дворы"),
                "stranger": stranger, "far_topic": far_topic}


def _action(town, person=None, **fields) -> Action:
    fields.setdefault("kind", "comment")
    fields.setdefault("occurred_at", timezone.now())
    if person is not None:
        fields["person"] = person
    return Action(territory=town, **fields)


def _nothing_written():
    assert not Action.objects.exists()
    assert not PersonActivity.objects.exists()
    assert not MonthlyActivity.objects.exists()
    assert not TownMonthActivity.objects.exists()


BAD = {
    "weight above 1000": (lambda w: {"person": w["person"], "weight": 1001.0},
                          "Вес действия"),
    "negative weight": (lambda w: {"person": w["person"], "weight": -1.0}, "Вес действия"),
    "unknown kind": (lambda w: {"person": w["person"], "kind": "dance"},
                     "Неизвестный вид действия"),
    "another town's person": (lambda w: {"person": w["stranger"]}, "другому городу"),
    "another town's person, by id": (lambda w: {"person_id": w["stranger"].pk},
                                     "другому городу"),
    "another town's topic": (lambda w: {"person": w["person"], "topic": w["far_topic"]},
                             "Тема относится к другому городу"),
    "another town's topic, by id": (lambda w: {"person": w["person"],
                                               "topic_id": w["far_topic"].pk},
                                    "Тема относится к другому городу"),
    "no person": (lambda w: {}, "участником из реестра"),
}


@pytest.mark.parametrize("case", BAD)
def test_one_bad_action_refuses_the_batch_and_nothing_is_written(town, world, case):
    fields, message = BAD[case]
    with town_scope(town):
        good = _action(town, world["person"])
        bad = _action(town, **fields(world))
        with pytest.raises(LedgerError, match=message):
            action_record_many(actions=[good, bad])
        _nothing_written()


@pytest.mark.parametrize("case", ["weight above 1000", "unknown kind", "another town's topic"])
def test_action_record_refuses_the_same_with_the_same_words(town, world, case):
    fields, message = BAD[case]
    with town_scope(town):
        with pytest.raises(LedgerError, match=message):
            action_record(**{"kind": "comment", **fields(world)})
        _nothing_written()


def test_across_all_towns_another_towns_person_is_still_refused(town, world):
    # The demo builder writes with every town visible: the check compares towns, not scopes.
    with all_towns():
        with pytest.raises(LedgerError, match="другому городу"):
            action_record_many(actions=[_action(town, person_id=world["stranger"].pk)])
        with pytest.raises(LedgerError, match="Тема относится к другому городу"):
            action_record_many(actions=[_action(town, person_id=world["person"].pk,
                                                topic_id=world["far_topic"].pk)])
        assert not Action.objects.exists()


def test_a_good_batch_by_ids_and_by_objects_is_written(town, world):
    with town_scope(town):
        written = action_record_many(actions=[
            _action(town, world["person"], topic=world["topic"], weight=3.0),
            _action(town, person_id=world["person"].pk, topic_id=world["topic"].pk),
        ])
        activity = PersonActivity.objects.get(person=world["person"])
    assert written == 2
    assert (activity.actions_count, activity.weight_sum) == (2, 4.0)
