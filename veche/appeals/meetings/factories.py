"""Rows of the meetings area for tests and the tenancy walk. The appeals app's factories
module calls `tenancy_walk_meeting_objects` from its `tenancy_walk_objects`."""

import datetime as dt

from django.utils import timezone

from veche.territories.models import Building, District

from ..knowledge.services import solution_create
from ..models import RecurringMember, RecurringQuestion, RecurringRun
from .questions import question_record
from .services import meeting_announce, meeting_create, meeting_mark_held, participant_add


def make_building_with_coords(territory, *, street="ул. Мира", house="1", lat=53.2, lon=45.1):
    district = District.objects.filter(territory=territory).first() or \
        District.objects.create(territory=territory, name="Центральный")
    return Building.objects.create(territory=territory, district=district, street=street,
                                   house=house, latitude=lat, longitude=lon, apartments=60)


def make_meeting(territory, *, building=None, days: int = 7, status: str = "announced",
                 head_name: str = "Климанов Олег Владимирович", **extra):
    meeting = meeting_create(territory=territory, building=building,
                             place="" if building else "у детской площадки",
                             starts_at=timezone.now() + dt.timedelta(days=days),
                             head_name=head_name, **extra)
    if status in ("announced", "held", "reported"):
        meeting_announce(meeting=meeting)
    if status in ("held", "reported"):
        meeting_mark_held(meeting=meeting)
    return meeting


def tenancy_walk_meeting_objects(*, territory, persons, marker: str) -> None:
    """A held meeting whose question carries the marked person's name, a participant, a
    town solution, and a recurring question over that appeal (for the walk's parameters)."""
    building = Building.objects.filter(territory=territory).first()
    meeting = make_meeting(territory, building=building, days=-1, status="announced")
    person = persons[0]
    participant_add(meeting=meeting, person=person)
    question = question_record(
        meeting=meeting, text=f"{marker}: во дворе яма, просим отремонтировать асфальт",
        surname=person.surname, given_name=person.given_name, person=person, apartment="3",
        email=person.email)
    meeting_mark_held(meeting=meeting)
    solution = solution_create(
        territory=territory, title="Ремонт дворового проезда",
        problem="Ямы на дворовом проезде", steps=["Собрание собственников", "Заявка"])
    run = RecurringRun.objects.create(territory=territory, status=RecurringRun.Status.DONE,
                                      documents_count=1, clusters_count=1)
    recurring = RecurringQuestion.objects.create(territory=territory, run=run,
                                                 label="яма, асфальт", terms=["яма"], size=1,
                                                 solution=solution)
    RecurringMember.objects.create(territory=territory, question=recurring,
                                   appeal=question.appeal, similarity=1.0)
