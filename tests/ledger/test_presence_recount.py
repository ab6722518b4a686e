"""Presence is not an action. Seed 000, among the signs that the project is going wrong:
«Результатом мероприятия или городского события являются списки участников, без фиксации их
реальных действий (предложения, голосования, обратная связь, добровольных затрат времени и
труда)». Being listed at a head meeting is presence (the MeetingParticipant row); what the
person did there (a question: an appeal) is a ledger action and counts toward the 10% goal.
Ledger migration 0005 removed the presence rows written before and rebuilt the rollups."""

import datetime as dt
import importlib
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from veche.appeals.meetings.factories import make_building_with_coords, make_meeting
from veche.appeals.meetings.questions import question_record
from veche.appeals.meetings.services import participant_add
from veche.ledger.models import (
    Action,
    EngagementSnapshot,
    MonthlyActivity,
    PersonActivity,
    TownMonthActivity,
)
from veche.ledger.selectors import engagement_summary
from veche.ledger.services import action_record, rollups_rebuild
from veche.ledger.snapshots import engagement_snapshot_refresh
from veche.registry.factories import make_person
from veche.territories.scoping import town_scope

pytestmark = pytest.mark.django_db

recount = importlib.import_module("veche.ledger.migrations.0005_presence_is_not_an_action")


def _active_in_year(town) -> int:
    return engagement_summary(territory=town)["windows"][-1]["active"]


def test_a_listed_participant_is_not_active_one_who_asked_is(town):
    """«списки участников, без фиксации их реальных действий» — a list is not participation."""
    with town_scope(town):
        yard = make_building_with_coords(town, street="ул. Победы", house="12")
        meeting = make_meeting(town, building=yard, days=3)
        listed = make_person(town, surname="Листова", given_name="Анна")
        participant_add(meeting=meeting, person=listed)
        assert meeting.participants.filter(person=listed).exists()  # presence is recorded
        assert not Action.objects.filter(person=listed).exists()
        assert _active_in_year(town) == 0

        question = question_record(meeting=meeting, text="Во дворе не горит фонарь.",
                                   surname="Вопросов", given_name="Иван", apartment="3")
        asker = question.appeal.applicant
        assert meeting.participants.filter(person=asker).exists()
        assert set(Action.objects.filter(person=asker).values_list("kind", flat=True)) \
            == {"appeal"}
        assert _active_in_year(town) == 1


def _run_recount() -> int:
    """The migration's function on the live models, with the schema editor's two members it
    uses (a real schema editor cannot open inside the test's transaction on SQLite)."""
    def execute(sql):
        with connection.cursor() as cursor:
            cursor.execute(sql)

    return recount.presence_actions_remove(
        apps, SimpleNamespace(connection=connection, execute=execute))


def _rollups(town) -> tuple:
    return (
        sorted(PersonActivity.objects.filter(territory=town).values_list(
            "person_id", "first_at", "last_at", "actions_count", "weight_sum")),
        sorted(MonthlyActivity.objects.filter(territory=town).values_list(
            "person_id", "month", "actions_count")),
        sorted(TownMonthActivity.objects.filter(territory=town).values_list(
            "month", "active_persons", "actions_count")),
    )


def test_the_recount_removes_presence_rows_and_rebuilds_the_rollups(town, other_town):
    now = timezone.now()
    with town_scope(town):
        only_listed = make_person(town, surname="Пришедший", given_name="Олег")
        listed_and_asked = make_person(town, surname="Спросивший", given_name="Нина")
        elsewhere = make_person(town, surname="Волонтёр", given_name="Пётр")
        # History as participant_add wrote it before: an «action at an event» per listed person.
        for person, days in ((only_listed, 40), (listed_and_asked, 40), (only_listed, 100)):
            action_record(person=person, kind="event_action", object_type="appeals.headmeeting",
                          object_id=7, object_title="Встреча с Главой: ул. Победы, 12",
                          occurred_at=now - dt.timedelta(days=days), source="meeting")
        action_record(person=listed_and_asked, kind="appeal", object_type="appeals.appeal",
                      object_id=1, occurred_at=now - dt.timedelta(days=40), source="meeting")
        # An action at another kind of event, not written by participant_add: it stays.
        action_record(person=elsewhere, kind="event_action", object_type="events.event",
                      object_id=3, occurred_at=now - dt.timedelta(days=10))
        engagement_snapshot_refresh(territory=town)
        assert _active_in_year(town) == 3
    with town_scope(other_town):
        stranger = make_person(other_town, surname="Чужой", given_name="Иван")
        action_record(person=stranger, kind="ballot", occurred_at=now - dt.timedelta(days=5))
        other_before = _rollups(other_town)

    assert _run_recount() == 3

    with town_scope(town):
        assert not Action.objects.filter(**recount.PRESENCE).exists()
        assert Action.objects.filter(territory=town).count() == 2
        assert not PersonActivity.objects.filter(person=only_listed).exists()
        assert PersonActivity.objects.get(person=listed_and_asked).actions_count == 1
        assert _active_in_year(town) == 2
        assert not EngagementSnapshot.objects.filter(territory=town).exists()
        rebuilt = _rollups(town)
        rollups_rebuild(territory=town)  # the service's own rebuild agrees
        assert _rollups(town) == rebuilt
        assert sum(r[2] for r in rebuilt[2]) == 2
    with town_scope(other_town):
        assert _rollups(other_town) == other_before

    # The append-only guard is back: the database still refuses a delete.
    with pytest.raises(DatabaseError):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("DELETE FROM ledger_action")
    assert _run_recount() == 0  # nothing left to remove
