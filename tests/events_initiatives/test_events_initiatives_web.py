"""The pages: a resident proposes an initiative, another joins and signs up for a task, claims
hours (too many for the event is refused with the event's length), the leader confirms them
(twice makes one ledger row); the office's list and speakers; strangers see no names."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from tests.web.helpers import login
from veche.events.access_initiatives import person_of
from veche.events.models import CitizenInitiative, VolunteerHours, VolunteerSignup
from veche.events.services.initiatives import initiative_propose
from veche.events.services.speakers import speaker_mark
from veche.events.services.volunteers import hours_claim, signup_create, task_create
from veche.ledger.models import Action
from veche.territories.scoping import town_scope

pytestmark = pytest.mark.django_db


def _client(user, verified=False) -> Client:
    return login(Client(), user, verified=verified)


def test_resident_proposes_and_the_public_page_shows_no_names(town, leader_user):
    c = _client(leader_user)
    url = f"/t/{town.slug}/initiatives/new/"
    assert c.get(url).status_code == 200
    bad = c.post(url, {"kind": "initiative", "title": "", "goals": ""})
    assert bad.status_code == 400
    assert "Напишите, чего инициатива хочет добиться." in bad.content.decode()
    r = c.post(url, {"kind": "initiative", "title": "Сквер у школы №3",
                     "goals": "Деревья и скамейки"})
    assert r.status_code == 302
    with town_scope(town):
        initiative = CitizenInitiative.objects.get()
    page = c.get(r["Location"]).content.decode()
    assert "Вы руководитель группы" in page and "Открыть набор участников" in page
    anonymous = Client().get(f"/t/{town.slug}/initiatives/{initiative.pk}/")
    assert anonymous.status_code == 200
    text = anonymous.content.decode()
    assert "Сквер у школы №3" in text and "Лидерова" not in text
    assert "Открыть набор участников" not in text
    listing = Client().get(f"/t/{town.slug}/initiatives/").content.decode()
    assert "Сквер у школы №3" in listing


def test_signup_claim_confirm_flow(town, leader_user, volunteer_user, three_hour_event,
                                   staff_user):
    with town_scope(town):
        initiative = initiative_propose(territory=town, person=person_of(leader_user, town),
                                        title="Чистый берег", goals="Убрать мусор")
        task = task_create(territory=town, event=three_hour_event, title="Собрать мусор",
                           hours_planned=3, volunteers_needed=2)
    vol = _client(volunteer_user)
    join = vol.post(f"/t/{town.slug}/initiatives/{initiative.pk}/join/")
    assert join.status_code == 302
    vol.post(f"/t/{town.slug}/volunteer/tasks/{task.pk}/signup/")
    again = vol.post(f"/t/{town.slug}/volunteer/tasks/{task.pk}/signup/", follow=True)
    assert "Вы уже записаны на эту задачу." in again.content.decode()
    with town_scope(town):
        signup = VolunteerSignup.objects.get()
    day = timezone.localdate(three_hour_event.starts_at)
    claim_url = f"/t/{town.slug}/volunteer/signups/{signup.pk}/hours/"
    too_many = vol.post(claim_url, {"done_on": day.isoformat(), "hours": "10"})
    assert too_many.status_code == 400
    assert "Нельзя указать больше 3 ч: мероприятие длилось 3 ч." in too_many.content.decode()
    ok = vol.post(claim_url, {"done_on": day.isoformat(), "hours": "2,5"})
    assert ok.status_code == 302
    with town_scope(town):
        hours = VolunteerHours.objects.get()
    # Another resident cannot confirm; the event's organisers (the office) can, once.
    stranger = vol.post(f"/t/{town.slug}/volunteer/hours/{hours.pk}/confirm/")
    assert stranger.status_code == 403
    staff = _client(staff_user, verified=True)
    queue = staff.get(f"/t/{town.slug}/volunteer/confirm/").content.decode()
    assert "Помогаев" in queue
    staff.post(f"/t/{town.slug}/volunteer/hours/{hours.pk}/confirm/")
    second = staff.post(f"/t/{town.slug}/volunteer/hours/{hours.pk}/confirm/", follow=True)
    assert "Эти часы уже подтверждены и учтены." in second.content.decode()
    with town_scope(town):
        assert Action.objects.filter(kind="volunteer_hours").count() == 1
    mine = vol.get(f"/t/{town.slug}/volunteer/").content.decode()
    assert "подтверждено" in mine
    event_page = vol.get(f"/t/{town.slug}/events/{three_hour_event.pk}/").content.decode()
    assert "Собрать мусор" in event_page


def test_leader_confirms_their_initiatives_hours(town, leader_user, volunteer_user):
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    with town_scope(town):
        initiative = initiative_propose(territory=town, person=person_of(leader_user, town),
                                        title="Двор без ям", goals="Засыпать ямы")
        task = task_create(territory=town, initiative=initiative, title="Носить песок",
                           hours_planned=2)
        signup = signup_create(task=task, person=person_of(volunteer_user, town))
        hours = hours_claim(signup=signup, done_on=yesterday, hours=2)
    leader = _client(leader_user)
    page = leader.get(f"/t/{town.slug}/initiatives/{initiative.pk}/").content.decode()
    assert "Часы ждут подтверждения" in page and "Помогаев" in page
    assert leader.get(f"/t/{town.slug}/volunteer/tasks/{task.pk}/").status_code == 200
    vol = _client(volunteer_user)
    assert vol.get(f"/t/{town.slug}/volunteer/tasks/{task.pk}/").status_code == 403
    leader.post(f"/t/{town.slug}/volunteer/hours/{hours.pk}/confirm/")
    with town_scope(town):
        action = Action.objects.get(kind="volunteer_hours")
    assert action.object_type == "events.initiative" and action.weight == 2.0
    r = leader.post(f"/t/{town.slug}/initiatives/{initiative.pk}/action/", {"action": "start"})
    assert r.status_code == 302
    r = vol.post(f"/t/{town.slug}/initiatives/{initiative.pk}/action/", {"action": "stop",
                                                                         "results": "нет"})
    assert r.status_code == 403


def test_office_pages_and_speakers(town, leader_user, staff_user, resident_user):
    with town_scope(town):
        initiative_propose(territory=town, person=person_of(leader_user, town),
                           title="Библиотека во дворе", goals="Книжный шкаф")
        speaker = speaker_mark(territory=town, person=person_of(leader_user, town),
                               topics="чтение")
    staff = _client(staff_user, verified=True)
    office = staff.get(f"/t/{town.slug}/office/initiatives/?status=proposed")
    assert office.status_code == 200 and "Лидерова" in office.content.decode()
    speakers = staff.get(f"/t/{town.slug}/office/speakers/?q=Лидер").content.decode()
    assert "чтение" in speakers and "кв." in speakers
    url = f"/t/{town.slug}/office/speakers/{speaker.pk}/"
    bad = staff.post(url, {"on_date": timezone.localdate().isoformat(), "title": "Лекция"})
    assert bad.status_code == 400
    ok = staff.post(url, {"on_date": timezone.localdate().isoformat(), "title": "Лекция",
                          "channel": "Библиотека им. Пушкина", "audience": "30"})
    assert ok.status_code == 302
    resident = _client(resident_user)
    assert resident.get(f"/t/{town.slug}/office/speakers/").status_code == 403
    assert resident.get(f"/t/{town.slug}/office/initiatives/").status_code == 403
