import datetime as dt

import pytest
from django.db import connection, transaction
from django.utils import timezone

from veche.ledger.models import Action, AppendOnlyError
from veche.ledger.selectors import engagement_summary, engagement_trend, person_profile
from veche.ledger.services import action_record, rollups_rebuild
from veche.registry.factories import make_person

pytestmark = pytest.mark.django_db


def test_actions_count_towards_the_ten_percent_goal(in_town):
    in_town.population_14_plus = 20
    in_town.save()
    people = [make_person(in_town, given_name=n) for n in ("Анна", "Борис", "Вера")]
    now = timezone.now()
    action_record(person=people[0], kind="ballot", occurred_at=now - dt.timedelta(days=5))
    action_record(person=people[0], kind="comment", occurred_at=now - dt.timedelta(days=2))
    action_record(person=people[1], kind="appeal", occurred_at=now - dt.timedelta(days=60))
    action_record(person=people[2], kind="feedback", occurred_at=now - dt.timedelta(days=200))

    summary = engagement_summary(territory=in_town, now=now)
    assert [w["active"] for w in summary["windows"]] == [1, 2, 3]
    assert summary["windows"][2]["share"] == 0.15
    assert summary["goal_count"] == 2
    assert summary["progress_to_goal"] == 1.5
    assert person_profile(person=people[0])["total"] == 2
    trend = engagement_trend(territory=in_town, months=12, now=now)
    assert len(trend) == 12 and sum(m["actions"] for m in trend) == 4


def test_ledger_rows_cannot_be_changed_or_deleted(in_town):
    person = make_person(in_town)
    action = action_record(person=person, kind="proposal")
    with pytest.raises(AppendOnlyError):
        action.save()
    with pytest.raises(AppendOnlyError):
        Action.objects.filter(pk=action.pk).update(weight=5)
    with pytest.raises(AppendOnlyError):
        action.delete()
    # The database refuses too, for code that bypasses the ORM.
    with pytest.raises(Exception, match="append-only"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("UPDATE ledger_action SET weight = 9 WHERE id = %s", [action.pk])
    assert Action.objects.get(pk=action.pk).weight == 1.0


def test_rollups_rebuild_matches_incremental_rollups(in_town):
    person = make_person(in_town)
    for days in (1, 40, 80):
        action_record(person=person, kind="ballot",
                      occurred_at=timezone.now() - dt.timedelta(days=days))
    before = person_profile(person=person)
    rollups_rebuild(territory=in_town)
    assert person_profile(person=person) == before


def test_unknown_kind_is_refused(in_town):
    person = make_person(in_town)
    with pytest.raises(ValueError, match="Неизвестный вид"):
        action_record(person=person, kind="like")
    assert not Action.objects.exists()


