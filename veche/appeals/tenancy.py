"""Rows of every town-owned model of the appeals capability for the tenancy walk
(tests/test_tenancy_walk.py): made through the services for town A, with the walk's marked
persons, so that each `<int:appeal_id>`, `<int:assignment_id>`, `<int:meeting_id>`… of a page
or endpoint names a real row the walk's strangers must not see."""

import datetime as dt

from django.utils import timezone

from veche.accounts.models import Department, Role
from veche.territories.models import Building

from .meetings.questions import question_record
from .meetings.services import meeting_mark_held, participant_add
from .models import RecurringMember, RecurringQuestion, RecurringRun
from .reception.services import booking_create, reception_record, slot_publish
from .services import appeal_answer, assignment_create, assignment_report


def walk_objects(*, territory, persons, marker: str) -> None:
    """An appeal of a marked person, with an assignment, a report, an answer (so a feedback
    round exists); then a held meeting and what the meetings practice keeps."""
    # Test factories (users, images): loaded when the walk runs, not with the app's contract.
    from veche.accounts.factories import grant_role, make_user

    from .factories import make_appeal, png_upload

    department, _ = Department.objects.get_or_create(territory=territory,
                                                     name="Отдел проверки доступа")
    executor = make_user(email=f"executor-{territory.slug}@example.ru",
                         full_name="Исполнитель Проверочный")
    grant_role(executor, territory, Role.STAFF, department)
    appeal = make_appeal(territory, persons[0], text=f"{marker}: яма во дворе",
                         address_text=f"ул. {marker}, 1", photos=[png_upload(f"{marker}.png")])
    assignment = assignment_create(appeal=appeal, task=f"Засыпать яму {marker}",
                                   deadline=timezone.localdate() + dt.timedelta(days=5),
                                   actor=executor, department=department, executor=executor)
    assignment_report(assignment=assignment, text=f"Яма засыпана {marker}", author=executor,
                      marks_done=True)
    appeal_answer(appeal=appeal, text=f"Яма засыпана {marker}", actor=executor)
    _meeting_objects(territory=territory, persons=persons, marker=marker)
    _reception_objects(territory=territory, persons=persons, marker=marker, staff=executor)


def _reception_objects(*, territory, persons, marker: str, staff) -> None:
    """Reception slots: one booked by the marked person and recorded (its appeal), one booked
    and waiting, one free."""
    from veche.accounts.factories import make_user

    now = timezone.now()
    person = persons[0]
    # The login's e-mail and surname find the marked registry person (applicant_find_or_create).
    resident = make_user(email=person.email, full_name=f"{person.surname} {person.given_name}")
    slots = [slot_publish(territory=territory, starts_at=now + dt.timedelta(days=d, hours=h),
                          place="Администрация города, каб. 12", host="Глава города", by=staff,
                          now=now)
             for d, h in ((1, 1), (2, 1), (3, 1))]
    first = booking_create(slot=slots[0], user=resident, question=f"{marker}: двор без света",
                           surname=person.surname, given_name=person.given_name, now=now)
    reception_record(booking=first, by=staff, text=f"{marker}: во дворе не горят фонари",
                     at=now)
    booking_create(slot=slots[1], user=resident, question=f"{marker}: лавочки у подъезда",
                   surname=person.surname, given_name=person.given_name, now=now)


def _meeting_objects(*, territory, persons, marker: str) -> None:
    """A held meeting whose question carries the marked person's name, a participant, a
    town solution, and a recurring question over that appeal (for the walk's parameters)."""
    # The knowledge package loads the suggestion model (numpy): not with the app's contract.
    from .knowledge.services import solution_create
    from .meetings.factories import make_meeting

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
