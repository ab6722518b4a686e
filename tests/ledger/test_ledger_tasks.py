"""Background work through Django's tasks API: the database backend really queues a task, and
`db_worker` (`veche worker`) picks it up and runs it."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.db import connection
from django.tasks import TaskResultStatus
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from veche.ledger.models import MonthlyActivity, PersonActivity
from veche.ledger.services import action_record
from veche.ledger.tasks import rebuild_town_rollups
from veche.registry.factories import make_person
from veche.territories.factories import make_town
from veche.territories.scoping import all_towns, town_scope

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _town_with_history():
    with all_towns():
        town = make_town(slug="zarechny-tasks", name="Заречный")
    with town_scope(town):
        anna, boris = make_person(town, given_name="Анна"), make_person(town, given_name="Борис")
        now = timezone.now()
        for person, days in ((anna, 3), (anna, 40), (boris, 100)):
            action_record(person=person, kind="ballot", occurred_at=now - dt.timedelta(days=days))
        # Rollups drift (a restore, a bulk load): the task must put them right from the ledger.
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM ledger_monthlyactivity")
            cursor.execute("UPDATE ledger_personactivity SET actions_count = 99")
    return town, anna


def _rollups(town, person):
    with town_scope(town):
        return (PersonActivity.objects.get(person=person).actions_count,
                MonthlyActivity.objects.filter(territory=town).count())


@pytest.mark.django_db
def test_immediate_backend_runs_the_rebuild_in_tests():
    town, anna = _town_with_history()
    result = rebuild_town_rollups.enqueue(territory_id=town.pk)
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert result.return_value == {"territory": "zarechny-tasks", "persons": 2,
                                   "person_months": 3}
    assert _rollups(town, anna) == (2, 3)


def _town_with_stale_rollups():
    """A town whose rollups count actions the ledger does not have. (Transactional tests
    cannot write ledger rows on SQLite: the ledger refuses the DELETE that empties the test
    database afterwards; the immediate-backend test above covers real actions.)"""
    with all_towns():
        town = make_town(slug="ozersk-tasks", name="Озёрск")
    with town_scope(town):
        person = make_person(town)
        now = timezone.now()
        PersonActivity.objects.create(territory=town, person=person, first_at=now, last_at=now,
                                      actions_count=7)
        MonthlyActivity.objects.create(territory=town, person=person, month=now.date(),
                                       actions_count=7)
    return town


@pytest.mark.django_db(transaction=True)
@override_settings(TASKS=DATABASE_TASKS)
def test_database_backend_queues_and_the_worker_runs_the_task():
    town = _town_with_stale_rollups()

    result = rebuild_town_rollups.enqueue(territory_id=town.pk)

    # Queued, not run: a row waits in the database and the stale rollups are still there.
    row = DBTaskResult.objects.get(id=result.id)
    assert row.status == TaskResultStatus.READY
    assert row.task_path == "veche.ledger.tasks.rebuild_town_rollups"
    with town_scope(town):
        assert PersonActivity.objects.filter(territory=town).count() == 1

    # `veche worker --batch` runs everything queued, then exits.
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)

    result.refresh()
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert result.return_value == {"territory": "ozersk-tasks", "persons": 0,
                                   "person_months": 0}
    with town_scope(town):
        assert not PersonActivity.objects.filter(territory=town).exists()
        assert not MonthlyActivity.objects.filter(territory=town).exists()


@pytest.mark.django_db(transaction=True)
@override_settings(TASKS=DATABASE_TASKS)
def test_a_failing_task_is_recorded_as_failed_and_the_worker_goes_on():
    result = rebuild_town_rollups.enqueue(territory_id=987654)
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    result.refresh()
    assert result.status == TaskResultStatus.FAILED
    assert "DoesNotExist" in result.errors[0].exception_class_path
