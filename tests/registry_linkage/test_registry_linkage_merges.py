"""Merges keep every fact's provenance, count one human once in the ledger's rollups, and an
undo puts back exactly what was there (issue 18, point 3)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from veche.ledger.models import MonthlyActivity, PersonActivity, TownMonthActivity
from veche.ledger.services import action_record, rollups_rebuild
from veche.registry.consent import consent_grant, has_consent
from veche.registry.factories import make_person
from veche.registry.merges import merge_history, merge_undo, person_merge
from veche.registry.models import (
    ListImport,
    ListImportRow,
    Person,
    PersonFact,
    ReviewCandidate,
    Segment,
    SourceList,
)
from veche.registry.review import candidate_add, decided_pairs
from veche.registry.selectors import persons_search

pytestmark = pytest.mark.django_db


def snapshot(person):
    person.refresh_from_db()
    return {
        "fields": {f: getattr(person, f) for f in (
            "surname", "given_name", "patronymic", "birth_date", "phone", "email",
            "apartment", "district_id", "building_id", "verification", "user_id",
            "merged_into_id")},
        "facts": sorted(person.facts.values_list("pk", "field", "source_list_id")),
        "consents": sorted(person.consents.values_list("pk", "purpose", "channel", "granted")),
        "segments": sorted(person.segments.values_list("pk", flat=True)),
        "rows": sorted(ListImportRow.objects.filter(person=person).values_list("pk", flat=True)),
    }


@pytest.fixture
def pair(in_town):
    veterans = Segment.objects.create(territory=in_town, code="veteran", name="ветераны")
    volunteers = Segment.objects.create(territory=in_town, code="volunteer", name="волонтёры")
    source = SourceList.objects.create(territory=in_town, name="Совет ветеранов")
    a = make_person(in_town, surname="Семёнов", given_name="Алексей", patronymic="Петрович",
                    birth_date=dt.date(1948, 4, 12), phone="+79120000001",
                    segments=[veterans])
    b = make_person(in_town, surname="Семенов", given_name="Алексей", patronymic="",
                    birth_date=dt.date(1948, 4, 12), email="semenov@mail.ru",
                    segments=[volunteers], source_kind="list", source_list=source,
                    verification=2)
    imp = ListImport.objects.create(territory=in_town, source_list=source, file_name="v.csv")
    ListImportRow.objects.create(territory=in_town, list_import=imp, number=2, raw={},
                                 outcome="created", person=b)
    consent_grant(person=b, purpose="messages", channel="email")
    return a, b


def test_merge_moves_facts_with_their_source_and_undo_restores_exactly(pair):
    a, b = pair
    before_a, before_b = snapshot(a), snapshot(b)
    merge = person_merge(survivor=a, absorbed=b)
    a.refresh_from_db()
    b.refresh_from_db()
    assert b.merged_into_id == a.pk
    assert a.email == "semenov@mail.ru" and a.phone == "+79120000001"
    assert a.patronymic == "Петрович"  # never overwritten
    assert a.verification == 2
    # Every fact of the absorbed record kept its source list.
    email_fact = PersonFact.objects.get(person=a, field="email")
    assert email_fact.source_list.name == "Совет ветеранов"
    assert has_consent(a, "messages", "email")
    assert {s.code for s in a.segments.all()} == {"veteran", "volunteer"}
    # The registry's lists hide the absorbed record.
    assert list(persons_search(territory=a.territory, q="семенов")) == [a]
    assert [m.pk for m in merge_history(person=a)] == [merge.pk]

    merge_undo(merge=merge)
    assert snapshot(a) == before_a
    assert snapshot(b) == before_b
    assert set(persons_search(territory=a.territory, q="семенов")) == {a, b}


def test_undone_merge_is_remembered_as_two_people(pair):
    a, b = pair
    merge = person_merge(survivor=a, absorbed=b)
    merge_undo(merge=merge)
    _must, never = decided_pairs(territory=a.territory)
    assert (min(a.pk, b.pk), max(a.pk, b.pk)) in never
    again = candidate_add(territory=a.territory, person=a, other=b, score=0.5)
    assert again.status == ReviewCandidate.Status.DIFFERENT
    with pytest.raises(ValidationError) as exc:
        merge_undo(merge=merge)
    assert exc.value.code == "already_undone"


def test_rollups_do_not_count_a_merged_human_twice(pair):
    a, b = pair
    now = timezone.now().replace(day=15, hour=12)  # three actions in one month
    action_record(person=a, kind="ballot", occurred_at=now - dt.timedelta(days=2))
    action_record(person=b, kind="comment", occurred_at=now - dt.timedelta(days=1))
    month = MonthlyActivity.objects.get(person=a).month
    assert TownMonthActivity.objects.get(month=month).active_persons == 2
    merge = person_merge(survivor=a, absorbed=b)
    assert TownMonthActivity.objects.get(month=month).active_persons == 1
    assert TownMonthActivity.objects.get(month=month).actions_count == 2
    activity = PersonActivity.objects.get(person=a)
    assert activity.actions_count == 2
    assert not PersonActivity.objects.filter(person=b).exists()
    # An action recorded later against the absorbed record still counts for the human once.
    b.refresh_from_db()
    action_record(person=b, kind="comment", occurred_at=now)
    assert TownMonthActivity.objects.get(month=month).active_persons == 1
    assert PersonActivity.objects.get(person=a).actions_count == 3
    # A whole-town rebuild agrees.
    rollups_rebuild(territory=a.territory)
    assert TownMonthActivity.objects.get(month=month).active_persons == 1
    assert not PersonActivity.objects.filter(person=b).exists()
    merge_undo(merge=merge)
    assert TownMonthActivity.objects.get(month=month).active_persons == 2
    assert PersonActivity.objects.get(person=a).actions_count == 1
    assert PersonActivity.objects.get(person=b).actions_count == 2


def test_refused_merges(pair, in_town):
    a, b = pair
    with pytest.raises(ValidationError) as exc:
        person_merge(survivor=a, absorbed=a)
    assert exc.value.code == "same_person"
    person_merge(survivor=a, absorbed=b)
    c = make_person(in_town, surname="Третьяков")
    with pytest.raises(ValidationError) as exc:
        person_merge(survivor=c, absorbed=b)
    assert exc.value.code == "already_merged"


def test_a_later_merge_must_be_undone_first(pair, in_town):
    a, b = pair
    c = make_person(in_town, surname="Семенов", given_name="Алёша")
    first = person_merge(survivor=a, absorbed=b)
    second = person_merge(survivor=c, absorbed=a)
    assert Person.objects.get(pk=b.pk).merged_into_id == c.pk  # always the final survivor
    with pytest.raises(ValidationError) as exc:
        merge_undo(merge=first)
    assert exc.value.code == "later_merge"
    merge_undo(merge=second)
    assert Person.objects.get(pk=b.pk).merged_into_id == a.pk
    merge_undo(merge=first)
    assert Person.objects.get(pk=b.pk).merged_into_id is None


def test_the_survivors_card_counts_what_the_absorbed_record_did(in_town):
    """The staff card's profile of a merged human: their actions by kind and volunteer hours
    include the actions recorded for the record the merge absorbed; after the undo, not."""
    from veche.ledger.selectors import person_profile

    survivor = make_person(in_town, surname="Семёнов", given_name="Алексей")
    absorbed = make_person(in_town, surname="Семенов", given_name="Алексей")
    action_record(person=survivor, kind="comment")
    action_record(person=absorbed, kind="proposal")
    action_record(person=absorbed, kind="volunteer_hours", weight=3)
    merge = person_merge(survivor=survivor, absorbed=absorbed)
    profile = person_profile(person=survivor)
    counts = {r["kind"]: r["count"] for r in profile["by_kind"]}
    assert (profile["total"], counts["proposal"], profile["volunteer_hours"]) == (3, 1, 3)
    merge_undo(merge=merge)
    assert person_profile(person=survivor)["total"] == 1
