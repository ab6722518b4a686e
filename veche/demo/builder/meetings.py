"""Demo data of the meetings area (see capabilities.py for the contract): a year of the head's
courtyard meetings like Zarechny's (seed 002) — held and reported meetings with participants
and questions that became appeals with assignments, several announced ahead — plus the
template-solution knowledge base and the recurring questions computed over the appeals.
Everything goes through the services, so appeals, assignments and the ledger stay true."""

import datetime as dt
import random

from django.core.exceptions import ValidationError
from django.utils import timezone

from veche.appeals.knowledge.services import solution_create
from veche.appeals.lifecycle import MEETING, perform
from veche.appeals.meetings.questions import question_publish_set, question_record
from veche.appeals.meetings.services import (
    meeting_create,
    meeting_headcount_set,
    participant_add,
    series_create,
)
from veche.appeals.models import RecurringRun, TemplateSolution
from veche.appeals.recurring.services import recurring_find
from veche.appeals.services import appeal_answer, assignment_report
from veche.appeals.services.feedback import feedback_open, feedback_submit
from veche.ledger.models import Action

from . import reception
from .capabilities import DemoTown
from .clock import demo_clock
from .meetings_content import ORGANISATIONS, PLACES, QUESTIONS, SOLUTIONS, SUMMARY


def _solutions(town: DemoTown) -> int:
    """Network-wide solutions once (with the main town), and one town-specific solution."""
    made = 0
    if town.is_main and not TemplateSolution.objects.filter(territory__isnull=True).exists():
        for title, problem, steps, keywords, docs in SOLUTIONS:
            solution_create(territory=None, title=title, problem=problem, steps=steps,
                            keywords=keywords, documents=docs)
            made += 1
    topic = next((t for t in town.topics if t.slug == "zhkh"), None)
    solution_create(
        territory=town.town, topic=topic, title=f"Смена управляющей компании ({town.town.name})",
        problem="Жители недовольны управляющей компанией и хотят выбрать другую.",
        steps=["Инициативная группа готовит повестку общего собрания",
               "Собрание собственников: расторжение договора и выбор новой компании",
               "Уведомление старой компании и жилищной инспекции в течение 5 рабочих дней",
               "Передача технической документации новой компании"],
        keywords="управляющая компания смена выбор УК собрание собственников")
    return made + 1


def _head(town: DemoTown):
    head = town.user("head")
    return head.full_name if head else "Глава города"


def _yards(rng: random.Random, town: DemoTown, n: int) -> list:
    with_coords = [b for b in town.buildings if b.latitude is not None
                   and b.kind == "apartment"] or list(town.buildings)
    rng.shuffle(with_coords)
    return with_coords[:n]


def _ask(rng, town, meeting, staff, at, persons, departments, topics):
    topic_slug, variants, task, public_text, outcome = rng.choice(QUESTIONS)
    person = rng.choice(persons)
    if rng.random() < 0.35:
        department, organisation = None, rng.choice(ORGANISATIONS)
    else:
        department, organisation = rng.choice(departments), ""
    deadline = (at + dt.timedelta(days=rng.choice([10, 14, 21, 28]))).date()
    q = question_record(
        meeting=meeting, text=rng.choice(variants), surname=person.surname,
        given_name=f"{person.given_name} {person.patronymic}".strip(), person=person,
        apartment=str(rng.randint(1, 120)), email=person.email, topic=topics.get(topic_slug),
        recorded_by=staff, task=task, deadline=deadline, department=department,
        organisation=organisation, at=at)
    return q, public_text, outcome


def _progress(rng, q, staff, at, outcome, public_text) -> bool:
    """Older questions: the executor reports the work done (closing the assignment)."""
    done = False
    for a in q.appeal.assignments.all():
        if rng.random() < 0.62 and staff is not None:
            when = min(at + dt.timedelta(days=rng.randint(5, 25)), timezone.now())
            assignment_report(assignment=a, text=f"Выполнено: {outcome.lower()}.",
                              author=staff, marks_done=True, at=when)
            done = True
    if done and staff is not None and rng.random() < 0.85:
        when = min(at + dt.timedelta(days=rng.randint(20, 29)), timezone.now())
        _answer(q.appeal, staff, f"Сообщаем: {outcome.lower()}. Спасибо за обращение.", when)
        feedback = feedback_open(appeal=q.appeal)
        if feedback is not None and rng.random() < 0.7:
            feedback_submit(feedback=feedback, solved=rng.random() < 0.85,
                            satisfaction=rng.choice([3, 4, 4, 5, 5, 5]), via="demo",
                            at=min(when + dt.timedelta(days=2), timezone.now()))
    # The public page counts a question as solved when its appeal is answered or closed, so the
    # outcome shown and the summary's count follow the appeal (a «not solved» reopens it).
    q.appeal.refresh_from_db(fields=["status"])
    solved = q.appeal.status in ("answered", "closed")
    question_publish_set(question=q, public_text=public_text,
                         public_outcome=outcome if solved else "В работе, срок сообщён жителям")
    return solved


def _questions(n: int) -> str:
    """«1 вопрос», «3 вопроса», «5 вопросов»."""
    if n % 10 == 1 and n % 100 != 11:
        return f"{n} вопрос"
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return f"{n} вопроса"
    return f"{n} вопросов"


def _answer(appeal, staff, text, when):
    """The appeals service stamps the answer (and the notices it sends) «now»: the demo clock
    makes that the day it was given, so the applicant's later word follows it in the history."""
    with demo_clock(when):
        appeal_answer(appeal=appeal, text=text, actor=staff)


def create(rng: random.Random, town: DemoTown) -> str:
    if not town.buildings or not town.persons:
        return ""
    solutions = _solutions(town)
    staff = town.user("staff")
    departments = list(town.departments)
    if not departments:
        return f"типовых решений: {solutions}"
    topics = {t.slug: t for t in town.topics}
    head = _head(town)
    held_n, ahead_n, per_meeting = (22, 4, (4, 8)) if town.is_main else (6, 2, (2, 4))
    yards = _yards(rng, town, held_n + ahead_n + 2)
    series = series_create(territory=town.town, title="Встречи Главы города во дворах",
                           description="Цикл встреч Главы с жителями на дворовых территориях "
                           "по графику, составленному по обращениям жителей.")
    # Local time: the meetings start at 18:30 in the town, not at 18:30 UTC (21:30 there).
    now = timezone.localtime()
    # Those who come to the head's meetings are mostly the residents already active in the
    # town (they voted, wrote an appeal): the demo's engagement figures stay in the seed's range.
    active = set(Action.objects.filter(territory=town.town).values_list("person_id", flat=True)
                 .distinct())
    with_email = [p for p in town.persons if p.email]
    persons = ([p for p in with_email if p.pk in active][:400] or with_email[:400]
               or list(town.persons)[:400])
    questions = done = participants = 0
    for i, yard in enumerate(yards[:held_n]):
        days_ago = 12 + round((held_n - i) * 340 / held_n)
        start = (now - dt.timedelta(days=days_ago)).replace(hour=18, minute=30, second=0,
                                                            microsecond=0)
        meeting = meeting_create(territory=town.town, series=series, building=yard,
                                 starts_at=start, head_name=head, place=rng.choice(PLACES))
        perform(MEETING, "announce", meeting, by=staff)
        for person in rng.sample(persons, min(len(persons), rng.randint(2, 4))):
            participant_add(meeting=meeting, person=person, recorded_by=staff)
        made = []
        for k in range(rng.randint(*per_meeting)):
            at = start + dt.timedelta(minutes=5 + 7 * k)
            try:
                made.append((*_ask(rng, town, meeting, staff, at, persons, departments,
                                   topics), at))
            except ValidationError:
                continue  # a demo person whose data the appeals rules refuse: skip them
        meeting_headcount_set(meeting=meeting, count=rng.randint(40, 160))
        perform(MEETING, "held", meeting, by=staff)
        solved = 0
        for q, public_text, outcome, at in made:
            solved += _progress(rng, q, staff, at, outcome, public_text) if days_ago > 20 else 0
        questions, done = questions + len(made), done + solved
        meeting.refresh_from_db()
        participants += meeting.participants_count
        if days_ago > 30:
            perform(MEETING, "report", meeting, by=staff, results_summary=SUMMARY.format(
                q=_questions(len(made)), d=solved))
    for j, yard in enumerate(yards[held_n:held_n + ahead_n + 2]):
        start = (now + dt.timedelta(days=5 + 9 * j)).replace(hour=18, minute=30, second=0,
                                                             microsecond=0)
        meeting = meeting_create(territory=town.town, series=series, building=yard,
                                 starts_at=start, head_name=head, place=rng.choice(PLACES))
        if j < ahead_n:
            perform(MEETING, "announce", meeting, by=staff)
    run = RecurringRun.objects.create(territory=town.town)
    run = recurring_find(run=run)
    receptions = reception.create(rng, town, staff, head)
    return (f"встреч Главы: {held_n} проведено, {ahead_n} объявлено; участников {participants}, "
            f"вопросов {questions} (решено {done}); типовых решений {solutions}; "
            f"повторяющихся вопросов {run.clusters_count}"
            + (f"; {receptions}" if receptions else ""))

