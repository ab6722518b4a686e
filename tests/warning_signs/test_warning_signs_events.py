"""The events' warning signs: each fires on data that show it and stays calm on data that do
not, with the events behind it as evidence."""

from warning_signs_rows import held_event, person, result

from veche.accounts.signs import NO_DATA, OK, WARNING
from veche.events.services.events import event_decision_add
from veche.events.services.feedback import feedback_submit, questionnaire_create
from veche.events.services.ledger import record_event_action
from veche.events.services.perception import perception_survey_create
from veche.ledger.models import ActionKind


def test_lists_only_fires_when_events_record_no_actions(in_town):
    events = [held_event(in_town) for _ in range(4)]
    record_event_action(event=events[0], person=person(in_town), kind=ActionKind.PROPOSAL)
    r = result(in_town, "events.lists_only")
    assert r.state == WARNING
    assert r.figure == 0.75
    assert {e.object_id for e in r.evidence} == {str(e.pk) for e in events[1:]}
    assert "3 из 4" in r.display


def test_lists_only_calm_when_events_record_actions(in_town):
    events = [held_event(in_town) for _ in range(4)]
    for e in events:
        record_event_action(event=e, person=person(in_town), kind=ActionKind.FEEDBACK)
    r = result(in_town, "events.lists_only")
    assert r.state == OK and r.evidence == []


def test_lists_only_no_data_without_events(in_town):
    assert result(in_town, "events.lists_only").state == NO_DATA


def test_official_only_fires_for_administration_events_in_its_building(in_town):
    for _ in range(4):
        held_event(in_town, organiser="administration", venue="administration")
    held_event(in_town, organiser="enterprise", partners=["administration"], venue="enterprise")
    r = result(in_town, "events.official_only")
    assert r.state == WARNING and r.figure == 1.0


def test_official_only_calm_with_citizens_as_co_organisers(in_town):
    for _ in range(3):
        held_event(in_town, organiser="administration", partners=["citizens"],
                   venue="administration")
    held_event(in_town, organiser="administration", venue="outdoors")
    r = result(in_town, "events.official_only")
    assert r.state == OK and r.figure == 0.0


def test_dialogues_without_decisions(in_town):
    talks = [held_event(in_town, kind="discussion") for _ in range(3)]
    held_event(in_town, kind="mass")  # not a dialogue: not counted
    assert result(in_town, "events.dialogues_without_decisions").state == WARNING
    for t in talks:
        event_decision_add(event=t, text="Благоустроить сквер", responsible="Отдел ЖКХ")
    r = result(in_town, "events.dialogues_without_decisions")
    assert r.state == OK and "0 из 3" in r.display


def test_enterprise_absent_by_quarter(in_town):
    held_event(in_town, days_ago=20, organiser="enterprise")
    r = result(in_town, "events.enterprise_absent")
    # The year's three earlier quarters have no joint event.
    assert r.state == WARNING and r.figure == 3
    for days in (110, 200, 290):
        held_event(in_town, days_ago=days, organiser="ngo", partners=["enterprise"])
    r = result(in_town, "events.enterprise_absent")
    assert r.state == OK and r.figure == 0 and len(r.evidence) == 4


def test_reports_without_feedback_or_criteria(in_town):
    reported = [held_event(in_town, report=True) for _ in range(3)]
    assert result(in_town, "events.reports_without_measure").state == WARNING
    for e in reported:
        questionnaire_create(event=e)
    r = result(in_town, "events.reports_without_measure")
    assert r.state == OK and r.figure == 0.0


def test_elites_survey_no_data_then_low_then_good(in_town):
    r = result(in_town, "events.elites_survey")
    assert r.state == NO_DATA and "опрос" in r.note
    survey = perception_survey_create(territory=in_town)
    ratings = [q for q in survey.questions.all() if q.kind == "rating"]
    for n in range(5):
        feedback_submit(questionnaire=survey, person=person(in_town, 100 + n),
                        answers={q.pk: 2 for q in ratings})
    r = result(in_town, "events.elites_survey")
    assert r.state == WARNING and r.figure == 2.0
    assert r.evidence[0].object_id == str(survey.pk)
    for n in range(10):
        feedback_submit(questionnaire=survey, person=person(in_town, 200 + n),
                        answers={q.pk: 5 for q in ratings})
    r = result(in_town, "events.elites_survey")
    assert r.state == OK and r.figure == 4.0


def test_enterprise_joint_actions_beside_events_count_for_their_quarter(in_town):
    """Seed 000: no joint events *or actions* in a quarter. A joint event reported to the KPI
    scorecard and a resource the enterprise gave (practices) fill their quarters too, and
    stand in the evidence."""
    import datetime as dt

    from django.utils import timezone

    from veche.practices.scorecard.services import event_report_create, external_case_create

    held_event(in_town, days_ago=20, organiser="enterprise")
    today = timezone.localdate()
    event_report_create(territory=in_town, held_on=today - dt.timedelta(days=110),
                        title="Субботник с заводом", by=None, with_enterprise=True)
    event_report_create(territory=in_town, held_on=today - dt.timedelta(days=200),
                        title="Без завода", by=None, with_enterprise=False)
    r = result(in_town, "events.enterprise_absent")
    assert r.state == WARNING and r.figure == 2  # the two oldest quarters still empty
    assert "Субботник с заводом" in [e.title for e in r.evidence]
    assert "Без завода" not in [e.title for e in r.evidence]
    for days in (200, 290):
        external_case_create(territory=in_town, month=(today - dt.timedelta(days=days)
                                                       ).replace(day=1),
                             task="Освещение двора", kind="financial", source="Завод",
                             by=None, with_enterprise=True)
    r = result(in_town, "events.enterprise_absent")
    assert r.state == OK and r.figure == 0
    assert "других совместных дел: 3" in r.display
