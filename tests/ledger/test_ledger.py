import datetime as dt

import pytest
from django.db import connection, transaction
from django.utils import timezone

from veche.ledger.models import Action, AppendOnlyError
from veche.ledger.selectors import engagement_summary, engagement_trend, person_profile
from veche.ledger.services import action_record, action_record_many, rollups_rebuild
from veche.registry.factories import make_person

pytestmark = pytest.mark.django_db


def test_actions_count_towards_the_ten_percent_goal(in_town):
    in_town.population_total = in_town.population_14_plus = 20
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
    other = make_person(in_town, given_name="Олег")
    action_record_many(actions=[
        Action(territory=in_town, person=p, kind="comment",
               occurred_at=timezone.now() - dt.timedelta(days=d))
        for p, d in ((person, 1), (other, 2), (other, 3), (other, 75))
    ])
    before = (person_profile(person=person), engagement_trend(territory=in_town))
    # person-months: the first person acted in 3 distinct months (1, 40, 80 days ago; 1 day
    # ago again in bulk), the other in 2 (2 and 3 days ago share a month; 75 days ago).
    assert sum(m["active"] for m in before[1]) == len({
        (a.person_id, timezone.localtime(a.occurred_at).strftime("%Y-%m"))
        for a in Action.objects.all()
    })
    rollups_rebuild(territory=in_town)
    assert (person_profile(person=person), engagement_trend(territory=in_town)) == before


def test_unknown_kind_is_refused(in_town):
    person = make_person(in_town)
    with pytest.raises(ValueError, match="Неизвестный вид"):
        action_record(person=person, kind="like")
    assert not Action.objects.exists()




def test_public_town_figures_are_shared_for_a_minute(in_town, settings):
    from django.core.cache import cache

    from veche.ledger.selectors import town_figures_cached

    settings.VECHE_FIGURES_CACHE_SECONDS = 60
    cache.clear()
    person = make_person(in_town)
    action_record(person=person, kind="ballot")
    first = town_figures_cached(territory=in_town)
    action_record(person=make_person(in_town, given_name="Ольга"), kind="ballot")
    assert town_figures_cached(territory=in_town) == first  # served from the cache
    cache.clear()
    assert town_figures_cached(territory=in_town)["summary"]["windows"][0]["active"] == 2


def test_stale_breakdowns_are_served_and_refreshed_in_the_background(in_town, settings):
    from veche.ledger.models import EngagementSnapshot
    from veche.ledger.snapshots import engagement_breakdowns

    settings.VECHE_BREAKDOWNS_MAX_AGE_SECONDS = 600
    person = make_person(in_town)
    action_record(person=person, kind="ballot")
    first = engagement_breakdowns(territory=in_town)  # none stored yet: computed now
    assert sum(r["active"] for r in first["by_age_band"]) == 1
    action_record(person=make_person(in_town, given_name="Ольга"), kind="ballot")
    # Fresh: the stored figures are served as they are.
    assert engagement_breakdowns(territory=in_town) == first
    # Stale: the stored figures are served and one refresh is queued (tasks run at once here).
    EngagementSnapshot.objects.update(computed_at=timezone.now() - dt.timedelta(hours=1))
    engagement_breakdowns(territory=in_town)
    refreshed = engagement_breakdowns(territory=in_town)
    assert sum(r["active"] for r in refreshed["by_age_band"]) == 2
    assert refreshed["recent_by_kind"] == {"ballot": 2}

