"""The funnel, cohorts and origins as a town's staff read them (docs/engagement.md)."""

import pytest

from veche.ledger.funnel import engagement_cohorts, engagement_funnel, engagement_origins
from veche.ledger.models import PersonActivity
from veche.ledger.services import rollups_rebuild
from veche.ledger.snapshots import engagement_breakdowns
from veche.territories.scoping import town_scope

pytestmark = pytest.mark.django_db


def test_funnel_counts_registered_acted_and_repeatedly_active(eng):
    with town_scope(eng["town"]):
        funnel = engagement_funnel(territory=eng["town"], now=eng["now"])
    counts = {s["code"]: s["count"] for s in funnel["stages"]}
    # Four in the registry, three acted, only Анна in two different months (Вера acted twice
    # but in one month; Борис once).
    assert counts == {"registered": 4, "acted": 3, "repeated": 1}
    assert funnel["stages"][1]["of_previous"] == 0.75
    assert funnel["stages"][2]["of_previous"] == round(1 / 3, 4)


def test_cohorts_follow_each_first_month(eng):
    with town_scope(eng["town"]):
        cohorts = engagement_cohorts(territory=eng["town"], now=eng["now"])
    rows = {r["cohort"]: r for r in cohorts["rows"] if r["size"]}
    assert len(cohorts["rows"]) == 12
    two_ago, one_ago = sorted(rows)
    # Two months ago Анна and Вера started; a month later only Анна acted, this month Анна.
    assert rows[two_ago]["size"] == 2
    assert [c["active"] for c in rows[two_ago]["cells"]] == [2, 1, 1]
    assert rows[two_ago]["cells"][1]["share"] == 0.5
    # Борис's cohort: one person, active in its first month only.
    assert rows[one_ago]["size"] == 1
    assert [c["active"] for c in rows[one_ago]["cells"]] == [1, 0]


def test_origins_by_channel_object_and_event_kind(eng):
    with town_scope(eng["town"]):
        origins = engagement_origins(territory=eng["town"], now=eng["now"])
    assert origins["new"] == 3 and origins["returned"] == 2  # Анна and Вера acted again
    assert {r["source"]: r["new"] for r in origins["by_source"]} == {"qr": 1, "bot": 1, "web": 1}
    assert {r["label"]: r["new"] for r in origins["by_object_type"]} == {
        "Мероприятия": 2, "votes.vote": 1}
    kinds = {r["group"]: r["new"] for r in origins["by_group"]
             if r["object_type"] == "events.event"}
    assert kinds == {"встреча с жителями": 1, "субботник, добровольческая акция": 1}


def test_rebuild_keeps_each_persons_origin(eng):
    with town_scope(eng["town"]):
        before = dict(PersonActivity.objects.values_list("person_id", "first_source"))
        rollups_rebuild(territory=eng["town"])
        after = dict(PersonActivity.objects.values_list("person_id", "first_source"))
        kinds = dict(PersonActivity.objects.values_list("person_id", "first_kind"))
    assert before == after
    assert after[eng["anna"].pk] == "qr" and kinds[eng["boris"].pk] == "volunteer_hours"


def test_stored_snapshot_gives_the_same_figures_back_with_dates(eng):
    with town_scope(eng["town"]):
        stored = engagement_breakdowns(territory=eng["town"])
        live = engagement_cohorts(territory=eng["town"])
    assert stored["cohorts"] == live
    assert stored["funnel"]["stages"][0]["count"] == 4
