"""What the warning signs need in the demo beyond the events' year (veche/demo/builder/events.py
calls `create` after its own part): the community-perception survey among the town's elites,
answered warmly in the main town and coolly in the weaker one, and in the weaker town chains of
sub-assignments («выдача поручений и сбор отчетов» more than one level deep). Everything goes
through the services, on its own day (demo_clock)."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from veche.appeals.models import Assignment, AssignmentStatus
from veche.appeals.services.delegation import assignment_delegate
from veche.events.models import Event, QuestionKind
from veche.events.services.feedback import feedback_submit
from veche.events.services.perception import perception_survey_create

from .capabilities import DemoTown
from .clock import demo_clock

SUB_ORGANISATIONS = ["МУП «Городское хозяйство»", "УК «Уютный дом»", "Подрядчик ООО «Дорстрой»"]


def _survey(rng: random.Random, town: DemoTown) -> int:
    people = town.active or town.persons
    if len(people) < 5:
        return 0
    staff = town.user("staff")
    opened = timezone.now() - dt.timedelta(days=60)
    with demo_clock(opened):
        survey = perception_survey_create(territory=town.town, by=staff)
    ratings = [q for q in survey.questions.all() if q.kind == QuestionKind.RATING]
    low, high = (3, 5) if town.is_main else (1, 3)
    answered = rng.sample(people, min(len(people), 14 if town.is_main else 9))
    for n, person in enumerate(answered):
        with demo_clock(opened + dt.timedelta(days=1 + n % 10, hours=n)):
            feedback_submit(questionnaire=survey, person=person,
                            answers={q.pk: rng.randint(low, high) for q in ratings})
    return len(answered)


def _chains(rng: random.Random, town: DemoTown) -> int:
    """Hand some open assignments down one and two more levels (the weaker town mostly)."""
    share = 0.03 if town.is_main else 0.35
    open_ones = list(Assignment.objects.filter(
        territory=town.town, status__in=(AssignmentStatus.ASSIGNED, AssignmentStatus.IN_WORK),
        parent__isnull=True).select_related("appeal").order_by("id"))
    made = 0
    for parent in open_ones:
        # The weaker town's first eligible assignment always goes down two levels (a chain of
        # three: the seed's «жёсткая иерархия»), whatever the random order gives.
        first = not town.is_main and made == 0
        if rng.random() >= share and not first:
            continue
        due = parent.appeal.answer_due
        if due and parent.deadline > due:
            continue  # the service refuses a sub-assignment due after the applicant's answer
        at = min(parent.created_at + dt.timedelta(days=2), timezone.now())
        chain = parent
        levels = 2 if first else (rng.choice([1, 2]) if not town.is_main else 1)
        for _level in range(levels):
            with demo_clock(at):
                chain = assignment_delegate(
                    parent=chain, task=f"Передано для исполнения: {parent.task[:200]}",
                    deadline=chain.deadline, actor=chain.executor,
                    organisation=rng.choice(SUB_ORGANISATIONS), created_at=at)
            made += 1
    return made


def create(rng: random.Random, town: DemoTown, events: list[Event]) -> str:
    answered = _survey(rng, town)
    chains = _chains(rng, town)
    return f"признаки: опрос элит — {answered} ответов, подпоручений — {chains}"
