"""The demo's appeals are made through the appeals services, each step on its day (issue 14,
point 13): every appeal, event, assignment, report, notice, feedback and ledger row is what the
desk, the executors and the applicants would have left in Veche, and the year still gives the
control view and the quality figures their data. One build at the tests' scale for the module."""

import datetime as dt
import re
from pathlib import Path

import pytest
from django.utils import timezone

from veche.appeals import selectors
from veche.appeals.models import (
    Appeal,
    AppealEvent,
    AppealFeedback,
    AppealNotification,
    AppealStatus,
    Assignment,
    AssignmentStatus,
)
from veche.appeals.services import TRANSITIONS
from veche.demo.builder import build_demo
from veche.ledger.models import Action, ActionKind
from veche.territories.models import Territory
from veche.territories.scoping import all_towns

S = AppealStatus
BUILDER = Path(__file__).resolve().parents[2] / "veche" / "demo" / "builder"
SECOND = dt.timedelta(seconds=5)
# Rows of the appeals area and the ledger that only their services may write.
WRITTEN_BY_SERVICES = ("Appeal", "AppealEvent", "AppealFeedback", "AppealNotification",
                       "AppealNumberCounter", "AppealExtension", "AppealForwarding",
                       "Assignment", "AssignmentReport", "Action")


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        from django.db import transaction

        # One build for the module, undone at its end (the tests only read).
        with transaction.atomic():
            build_demo(scale=0.05)
            with all_towns():
                yield {t.slug: t for t in Territory.objects.all()}
            transaction.set_rollback(True)


@pytest.fixture
def towns(demo, db):
    with all_towns():
        yield demo


def _appeals(towns) -> list[Appeal]:
    return list(Appeal.objects.filter(territory__in=towns.values()).select_related("applicant"))


def test_the_demo_builder_writes_no_appeals_or_ledger_rows_itself():
    for path in BUILDER.glob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "action_record" not in text, path.name
        for model in WRITTEN_BY_SERVICES:
            assert not re.search(rf"\b{model}\.objects\.(bulk_create|bulk_update|create|update"
                                 rf"|get_or_create)\b", text), (path.name, model)


def test_every_appeal_was_received_by_the_service_with_its_ledger_action(towns):
    appeals = _appeals(towns)
    assert len(appeals) > 40
    ledger = {int(a.object_id): a for a in Action.objects.filter(
        kind=ActionKind.APPEAL, object_type="appeals.appeal")}
    assert len(ledger) == Action.objects.filter(kind=ActionKind.APPEAL).count()
    for appeal in appeals:
        first = appeal.events.order_by("at", "id").first()
        assert first.to_status == S.RECEIVED and first.at == appeal.received_at, appeal.number
        assert first.comment.startswith("Канал: ")
        action = ledger.pop(appeal.pk)
        assert action.person_id == appeal.applicant_id
        assert action.occurred_at == appeal.received_at
        assert action.object_title.startswith(appeal.number)
    assert not ledger  # no appeal action without its appeal


def test_each_appeal_moved_along_the_laws_path_to_where_it_stands(towns):
    for appeal in _appeals(towns):
        moves = list(appeal.events.exclude(to_status="").order_by("at", "id")
                     .values_list("from_status", "to_status"))
        assert moves[0] == ("", S.RECEIVED)
        for (_before, now), (source, target) in zip(moves, moves[1:], strict=False):
            assert source == now and target in TRANSITIONS[source], (appeal.number, moves)
        assert moves[-1][1] == appeal.status, appeal.number


def test_the_year_of_the_appeals_step_is_dated_when_it_happened(towns):
    """The appeals of the appeals step itself (not the head's meetings and receptions, nor
    this morning's mail): made, registered, assigned, answered and rated on their days."""
    now = timezone.now()
    own = [a for a in _appeals(towns) if not a.source_ref]
    assert min(a.received_at for a in own) < now - dt.timedelta(days=200)
    for appeal in own:
        assert abs(appeal.created_at - appeal.received_at) < SECOND, appeal.number
        assert appeal.received_at <= (appeal.registered_at or now) <= (
            appeal.answered_at or now) <= now
        for event in appeal.events.all():
            assert appeal.received_at <= event.at <= now
        for job in appeal.assignments.all():
            assert appeal.registered_at <= job.created_at <= now
    # Numbers in order of receipt, as the desk's counter gave them.
    main = sorted((a for a in own if a.territory_id == towns["priozersk-26"].pk),
                  key=lambda a: a.received_at)
    numbers = [a.number for a in main if a.received_at.year == main[-1].received_at.year]
    assert numbers == sorted(numbers)


def test_every_answer_reached_the_applicant_and_asked_for_their_word(towns):
    answered = [a for a in _appeals(towns) if a.answered_at]
    assert answered
    for appeal in answered:
        told = appeal.notifications.filter(kind=AppealNotification.Kind.ANSWERED)
        # The law's notice: by e-mail, or a letter to print for a postal address only.
        assert told.filter(outcome__in=(AppealNotification.Outcome.SENT,
                                        AppealNotification.Outcome.TO_PRINT)).exists()
        latest = told.order_by("-at").first()
        assert abs(latest.at - appeal.answered_at) < SECOND, appeal.number
        assert appeal.feedback.filter(round=appeal.reopened_count + 1).exists() or (
            appeal.status in (S.REOPENED, S.IN_WORK))
    letters = AppealNotification.objects.filter(channel=AppealNotification.Channel.POST,
                                                kind=AppealNotification.Kind.ANSWERED)
    assert letters.exists()


def test_each_rating_is_a_feedback_event_and_a_ledger_action_of_its_day(towns):
    given = AppealFeedback.objects.filter(answered_at__isnull=False).select_related("appeal")
    assert given.filter(solved=True).exists() and given.filter(solved=False).exists()
    actions = Action.objects.filter(kind=ActionKind.FEEDBACK, object_type="appeals.appeal")
    assert actions.count() == given.count()
    for feedback in given:
        appeal = feedback.appeal
        assert actions.filter(object_id=str(appeal.pk), occurred_at=feedback.answered_at,
                              person=appeal.applicant_id).exists()
        assert appeal.events.filter(kind=AppealEvent.Kind.FEEDBACK,
                                    at=feedback.answered_at).exists()
    # An applicant's verdict on an assignment's work is a ledger action too.
    verdicts = Assignment.objects.filter(verdict_at__isnull=False).count()
    assert Action.objects.filter(kind=ActionKind.FEEDBACK, object_type="assignment").count() \
        >= verdicts > 0


def test_every_assignment_has_its_history_and_done_ones_their_report(towns):
    jobs = Assignment.objects.filter(territory__in=towns.values()).select_related("appeal")
    assert jobs.filter(organisation__gt="").exists() and jobs.filter(executor__isnull=False)
    for job in jobs:
        assert job.appeal.events.filter(kind=AppealEvent.Kind.ASSIGNMENT,
                                        at=job.created_at).exists(), job.pk
        if job.status == AssignmentStatus.DONE:
            assert job.reports.filter(marks_done=True, at=job.done_at).exists(), job.pk


def test_the_control_view_and_quality_figures_have_a_years_data(towns):
    main = towns["priozersk-26"]
    figures = selectors.appeal_figures(Appeal.objects.filter(territory=main))
    assert figures["open"] and figures["answered"] and figures["closed"]
    control = selectors.control_figures(Assignment.objects.filter(territory=main))
    assert sum(control["total"].values()) > 0 and control["by_department"]
    quality = selectors.satisfaction_by(territory=main)
    assert sum(r["feedback"] for r in quality) > 0
    assert all(0 <= r["solved_share"] <= 1 and r["days"] >= 0 for r in quality)
