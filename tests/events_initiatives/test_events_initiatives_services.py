"""Initiatives, volunteer tasks and hours, speakers: what a resident, a leader and the office
notice — the ledger gets a proposal, a support and confirmed hours (once), and bad input gets a
clear message."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from veche.events.access_initiatives import (
    LEADER,
    access_hours,
    access_initiative,
    initiative_roles,
    person_of,
)
from veche.events.lifecycle_initiatives import INITIATIVE
from veche.events.selectors.initiatives import (
    initiatives_in_town,
    initiatives_linked_to,
    speakers_with_counts,
)
from veche.events.services.initiatives import (
    initiative_join,
    initiative_leave,
    initiative_link_add,
    initiative_propose,
)
from veche.events.services.speakers import appearance_record, speaker_mark
from veche.events.services.volunteers import (
    hours_claim,
    hours_confirm,
    hours_log_for,
    hours_reject,
    signup_create,
    signup_withdraw,
    task_create,
)
from veche.ledger.models import Action
from veche.registry.factories import make_person

pytestmark = pytest.mark.django_db
YESTERDAY = timezone.localdate() - dt.timedelta(days=1)


def _codes(exc: ValidationError) -> set[str]:
    if hasattr(exc, "error_dict"):
        return {e.code for errs in exc.error_dict.values() for e in errs}
    return {e.code for e in exc.error_list}


def _propose(town, user, **extra):
    return initiative_propose(territory=town, person=person_of(user, town),
                              title=extra.pop("title", "Сквер у школы №3"),
                              goals="Посадить деревья и поставить скамейки", user=user, **extra)


def test_proposing_makes_the_author_leader_and_a_proposal_in_the_ledger(in_town, leader_user):
    initiative = _propose(in_town, leader_user)
    assert initiative.status == "proposed"
    assert LEADER in initiative_roles(leader_user, in_town, initiative)
    action = Action.objects.get()
    assert (action.kind, action.object_type, action.object_id) == (
        "proposal", "events.initiative", str(initiative.pk))
    assert action.person == person_of(leader_user, in_town)


def test_a_visitor_without_a_registry_person_cannot_propose(in_town, staff_user):
    with pytest.raises(ValidationError) as exc:
        _propose(in_town, staff_user)
    assert _codes(exc.value) == {"not_resident"}


def test_proposal_needs_a_title_and_goals(in_town, leader_user):
    with pytest.raises(ValidationError) as exc:
        initiative_propose(territory=in_town, person=person_of(leader_user, in_town), title="Да",
                           goals=" ")
    assert set(exc.value.message_dict) == {"title", "goals"}
    assert not Action.objects.exists()


def test_joining_twice_is_refused_and_counted_once(in_town, leader_user, volunteer_user):
    initiative = _propose(in_town, leader_user)
    person = person_of(volunteer_user, in_town)
    initiative_join(initiative=initiative, person=person)
    with pytest.raises(ValidationError) as exc:
        initiative_join(initiative=initiative, person=person)
    assert _codes(exc.value) == {"already_member"}
    assert Action.objects.filter(kind="support", person=person).count() == 1
    assert initiatives_in_town(territory=in_town).get().members_count == 2
    with pytest.raises(ValidationError):
        initiative_leave(initiative=initiative, person=person_of(leader_user, in_town))
    initiative_leave(initiative=initiative, person=person)
    assert initiatives_in_town(territory=in_town).get().members_count == 1


def test_lifecycle_leader_and_staff_move_it_a_member_may_not(in_town, leader_user,
                                                              volunteer_user, staff_user):
    initiative = _propose(in_town, leader_user)
    initiative_join(initiative=initiative, person=person_of(volunteer_user, in_town))
    with pytest.raises(PermissionDenied):
        INITIATIVE.run("recruit", initiative, by=volunteer_user,
                       roles=initiative_roles(volunteer_user, in_town, initiative))
    with pytest.raises(PermissionDenied):
        access_initiative(volunteer_user, in_town, initiative.pk, steer=True)
    INITIATIVE.run("recruit", initiative, by=leader_user,
                   roles=initiative_roles(leader_user, in_town, initiative))
    INITIATIVE.run("start", initiative, by=staff_user,
                   roles=initiative_roles(staff_user, in_town, initiative))
    with pytest.raises(ValidationError) as exc:
        INITIATIVE.run("finish", initiative, by=leader_user, roles={LEADER})
    assert "results" in exc.value.message_dict
    INITIATIVE.run("finish", initiative, by=leader_user, roles={LEADER},
                   results="Посажено 40 деревьев")
    initiative.refresh_from_db()
    assert (initiative.status, initiative.results) == ("done", "Посажено 40 деревьев")
    with pytest.raises(ValidationError) as exc:
        INITIATIVE.run("stop", initiative, by=staff_user, roles={"staff"}, results="…")
    assert _codes(exc.value) == {"wrong_state"}


def test_event_task_hours_bad_input_and_one_ledger_row(in_town, three_hour_event,
                                                        volunteer_user, staff_user):
    task = task_create(territory=in_town, event=three_hour_event, title="Раздать перчатки",
                       hours_planned="3", volunteers_needed=5)
    signup = signup_create(task=task, person=person_of(volunteer_user, in_town))
    day = timezone.localdate(three_hour_event.starts_at)
    with pytest.raises(ValidationError) as exc:
        hours_claim(signup=signup, done_on=day, hours=10)
    assert exc.value.message_dict["hours"] == [
        "Нельзя указать больше 3 ч: мероприятие длилось 3 ч."]
    for hours in (0, -2):
        with pytest.raises(ValidationError) as exc:
            hours_claim(signup=signup, done_on=day, hours=hours)
        assert _codes(exc.value) == {"hours_not_positive"}
    with pytest.raises(ValidationError) as exc:
        hours_claim(signup=signup, done_on=day - dt.timedelta(days=1), hours=2)
    assert _codes(exc.value) == {"date_before_task"}
    with pytest.raises(ValidationError) as exc:
        hours_claim(signup=signup, done_on=timezone.localdate() + dt.timedelta(days=1), hours=2)
    assert _codes(exc.value) == {"date_in_future"}
    claim = hours_claim(signup=signup, done_on=day, hours="2,5")
    assert claim.hours == Decimal("2.5") and claim.status == "claimed"
    with pytest.raises(ValidationError) as exc:
        hours_claim(signup=signup, done_on=day, hours=1)
    assert _codes(exc.value) == {"hours_same_day"}
    assert not Action.objects.filter(kind="volunteer_hours").exists()  # not yet confirmed

    hours_confirm(hours=claim, by=staff_user)
    with pytest.raises(ValidationError) as exc:
        hours_confirm(hours=claim, by=staff_user)
    assert _codes(exc.value) == {"already_confirmed"}
    action = Action.objects.get(kind="volunteer_hours")
    assert action.weight == 2.5 and action.object_type == "events.event"
    assert timezone.localdate(action.occurred_at) == day
    three_hour_event.refresh_from_db()
    assert three_hour_event.actions_recorded == 1 and three_hour_event.newcomers == 1


def test_full_task_twice_and_withdraw(in_town, leader_user, volunteer_user):
    initiative = _propose(in_town, leader_user)
    task = task_create(territory=in_town, initiative=initiative, title="Покрасить скамейки",
                       hours_planned=2, volunteers_needed=1)
    volunteer = person_of(volunteer_user, in_town)
    signup = signup_create(task=task, person=volunteer)
    with pytest.raises(ValidationError) as exc:
        signup_create(task=task, person=volunteer)
    assert _codes(exc.value) == {"already_signed"}
    other = make_person(in_town, surname="Третьяков")
    with pytest.raises(ValidationError) as exc:
        signup_create(task=task, person=other)
    assert _codes(exc.value) == {"task_full"}
    signup_withdraw(signup=signup)
    assert signup_create(task=task, person=other).status == "signed"
    with pytest.raises(ValidationError) as exc:
        hours_claim(signup=signup, done_on=YESTERDAY, hours=1)
    assert _codes(exc.value) == {"signup_withdrawn"}


def test_initiative_hours_rejected_then_claimed_again_and_logged_by_organiser(
        in_town, leader_user, volunteer_user):
    initiative = _propose(in_town, leader_user)
    task = task_create(territory=in_town, initiative=initiative, title="Убрать двор",
                       hours_planned=4, volunteers_needed=3)
    signup = signup_create(task=task, person=person_of(volunteer_user, in_town))
    with pytest.raises(ValidationError) as exc:
        hours_claim(signup=signup, done_on=YESTERDAY, hours=25)
    assert exc.value.message_dict["hours"] == ["Нельзя указать больше 24 ч за один день."]
    claim = hours_claim(signup=signup, done_on=YESTERDAY, hours=3)
    assert access_hours(leader_user, in_town, claim.pk) == claim
    with pytest.raises(PermissionDenied):
        access_hours(volunteer_user, in_town, claim.pk)
    with pytest.raises(ValidationError):
        hours_reject(hours=claim, by=leader_user, reason="")
    hours_reject(hours=claim, by=leader_user, reason="Вас не было в этот день")
    again = hours_claim(signup=signup, done_on=YESTERDAY, hours=2)
    assert again.pk == claim.pk and again.status == "claimed"
    _row, action = hours_log_for(signup=signup, done_on=YESTERDAY - dt.timedelta(days=1),
                                 hours=1, by=leader_user)
    assert (action.object_type, action.weight, action.source) == (
        "events.initiative", 1.0, "staff")


def test_task_window_bounds_the_hours(in_town, leader_user, volunteer_user):
    initiative = _propose(in_town, leader_user)
    start = timezone.make_aware(dt.datetime.combine(YESTERDAY, dt.time(9, 0)))
    task = task_create(territory=in_town, initiative=initiative, title="Дежурство",
                       hours_planned=2, starts_at=start, ends_at=start + dt.timedelta(hours=2))
    signup = signup_create(task=task, person=person_of(volunteer_user, in_town))
    with pytest.raises(ValidationError) as exc:
        hours_claim(signup=signup, done_on=YESTERDAY, hours=5)
    assert exc.value.message_dict["hours"] == ["Нельзя указать больше 2 ч: задача длилась 2 ч."]


def test_links_both_ways(in_town, leader_user, three_hour_event):
    initiative = _propose(in_town, leader_user)
    link = initiative_link_add(initiative=initiative, object_type="events.event",
                               object_id=str(three_hour_event.pk))
    assert link.title == "Субботник в парке"
    assert list(initiatives_linked_to(territory=in_town, object_type="events.event",
                                      object_id=three_hour_event.pk)) == [initiative]
    with pytest.raises(ValidationError) as exc:
        initiative_link_add(initiative=initiative, object_type="events.event",
                            object_id=str(three_hour_event.pk))
    assert _codes(exc.value) == {"link_exists"}
    with pytest.raises(ValidationError):
        initiative_link_add(initiative=initiative, object_type="votes.vote", object_id="999")
    with pytest.raises(ValidationError):
        initiative_link_add(initiative=initiative, object_type="auth.user", object_id="1")


def test_speakers_and_their_appearances_per_quarter(in_town, leader_user, three_hour_event):
    person = person_of(leader_user, in_town)
    speaker = speaker_mark(territory=in_town, person=person, topics="экология")
    assert speaker_mark(territory=in_town, person=person, topics="двор").pk == speaker.pk
    appearance_record(speaker=speaker, on_date=YESTERDAY, title="Зелёный город",
                      event=three_hour_event, audience=40)
    appearance_record(speaker=speaker, on_date=YESTERDAY, title="Интервью",
                      channel="Городская газета", url="https://news.example/1", audience=3000)
    with pytest.raises(ValidationError) as exc:
        appearance_record(speaker=speaker, on_date=YESTERDAY, title="Без места")
    assert "channel" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        appearance_record(speaker=speaker, on_date=timezone.localdate() + dt.timedelta(days=3),
                          title="Потом", channel="Радио")
    assert "on_date" in exc.value.message_dict
    speakers, columns = speakers_with_counts(territory=in_town)
    assert len(columns) == 4
    assert speakers[0].appearances_total == 2 and speakers[0].audience_total == 3040
    assert sum(speakers[0].per_quarter) == 2
    # Speaking at an event is the speaker's action there; a newspaper interview is not.
    assert Action.objects.filter(kind="event_action", person=person).count() == 1
