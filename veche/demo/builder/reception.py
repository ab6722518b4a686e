"""Demo data of the head's reception by appointment (seed 002: «прием граждан в администрации
по предварительной записи»), called from the meetings step: past receptions recorded into
appeals (one assignment each, its term told to the applicant; some done and confirmed, one
disputed and back in work), a no-show, and the coming weeks' slots, a few booked. Everything
goes through the services; the bookers are the town's resident logins (a booking needs one)."""

import datetime as dt
import random

from django.core.exceptions import ValidationError
from django.utils import timezone

from veche.accounts.models import Membership, Role
from veche.appeals.lifecycle import ASSIGNMENT, BOOKING, perform
from veche.appeals.reception.services import booking_create, slot_publish
from veche.appeals.services import assignment_create, assignment_report
from veche.registry.models import Person

from .capabilities import DemoTown

PLACE = "Администрация города, приёмная Главы (каб. 12)"
QUESTIONS = [
    ("Протекает крыша над квартирой на пятом этаже, управляющая компания не реагирует.",
     "Обследовать кровлю и устранить протечку", "zhkh"),
    ("Во дворе дома нет освещения у детской площадки, вечером темно.",
     "Установить светильник у детской площадки", "blago"),
    ("Просим установить «лежачего полицейского» на дворовом проезде: машины ездят быстро.",
     "Подготовить схему и установить искусственную неровность", "roads"),
    ("Как жителям дома вступить в программу «Комфортная городская среда»?",
     "Разъяснить порядок и передать типовой комплект документов", "blago"),
    ("Не вывозят крупногабаритный мусор с контейнерной площадки уже две недели.",
     "Организовать вывоз и проверить график", "zhkh"),
]


def _residents(town: DemoTown) -> list:
    users = [*town.users.get(Role.MEMBER, []), *town.users.get(Role.RESIDENT, [])]
    with_person = set(Person.objects.filter(territory=town.town, user__in=users)
                      .values_list("user_id", flat=True))
    return [u for u in users if u.pk in with_person]


def _work_on(rng, appeal, staff, department, task, at, dispute: bool) -> str:
    """An assignment on the reception's appeal; older ones done, then confirmed or disputed
    by the applicant (the assignment lifecycle's moves)."""
    deadline = min(appeal.answer_due, (at + dt.timedelta(days=14)).date())
    job = assignment_create(appeal=appeal, task=task, deadline=deadline, actor=staff,
                            department=department, executor=staff, created_at=at)
    done_at = at + dt.timedelta(days=rng.randint(5, 10))
    if done_at > timezone.now() - dt.timedelta(days=3):
        return "in_work"
    assignment_report(assignment=job, text="Работы выполнены.", author=staff, marks_done=True,
                      at=done_at)
    said = done_at + dt.timedelta(days=2)
    if dispute:
        perform(ASSIGNMENT, "dispute", job, by=appeal.applicant.user, via="cabinet", at=said,
                comment="Сделано не до конца: после работ проблема осталась. Прошу проверить "
                        "на месте.")
        return "disputed"
    perform(ASSIGNMENT, "confirm", job, by=appeal.applicant.user, via="cabinet", at=said,
            comment="Спасибо, сделано.")
    return "confirmed"


def create(rng: random.Random, town: DemoTown, staff, head_name: str) -> str:
    residents = _residents(town)
    if not residents or staff is None or not town.departments:
        return ""
    topics = {t.slug: t for t in town.topics}
    # The executor works in their own department (the assignment rules check it).
    own = Membership.objects.filter(territory=town.town, user=staff,
                                    department__isnull=False).first()
    dept = own.department if own else town.departments[0]
    now = timezone.now()
    # Tuesdays at 15:00, local time, every other week over the last months.
    today = timezone.localtime()
    past_n = 8 if town.is_main else 3
    held = disputed = confirmed = no_show = 0
    for i in range(past_n):
        day = (today - dt.timedelta(days=14 * (past_n - i) + 3)).replace(
            hour=15, minute=0, second=0, microsecond=0)
        published = day - dt.timedelta(days=10)
        slot = slot_publish(territory=town.town, starts_at=day, place=PLACE, host=head_name,
                            by=staff, now=published)
        user = residents[i % len(residents)]
        text, task, topic_slug = QUESTIONS[i % len(QUESTIONS)]
        try:
            booking = booking_create(slot=slot, user=user, question=text,
                                     now=published + dt.timedelta(days=rng.randint(1, 5)))
        except ValidationError:
            continue
        if i == 2:
            perform(BOOKING, "no_show", booking, by=staff)
            no_show += 1
            continue
        try:
            appeal = perform(BOOKING, "record", booking, by=staff, text=text,
                             topic=topics.get(topic_slug), at=day + dt.timedelta(minutes=10))
        except ValidationError:
            continue  # a demo person with no address to answer to: the office would call
        held += 1
        outcome = _work_on(rng, appeal, staff, dept, task, day + dt.timedelta(hours=2),
                           dispute=(i == past_n - 3))
        disputed += outcome == "disputed"
        confirmed += outcome == "confirmed"
    # The coming weeks: published slots, the first two booked.
    ahead = 6 if town.is_main else 2
    booked = 0
    for j in range(ahead):
        day = (today + dt.timedelta(days=3 + 7 * (j // 2))).replace(
            hour=15 + j % 2, minute=0, second=0, microsecond=0)
        slot = slot_publish(territory=town.town, starts_at=day, place=PLACE, host=head_name,
                            by=staff, now=now - dt.timedelta(days=1))
        if j < 2 and len(residents) > j:
            text = QUESTIONS[(j + 3) % len(QUESTIONS)][0]
            try:
                booking_create(slot=slot, user=residents[-1 - j], question=text)
                booked += 1
            except ValidationError:
                pass
    return (f"приём по записи: {held} приёмов записано обращениями, {no_show} неявка, "
            f"подтверждено исполнений {confirmed}, оспорено {disputed}; "
            f"впереди {ahead} времён, записаны {booked}")
