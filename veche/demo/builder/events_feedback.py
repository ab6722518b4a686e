"""The demo's feedback and countable criteria, made through the events services on their own
days (demo_clock): most held events of the main town get a questionnaire the day before, and
residents answer it in the days after (ratings, what they liked, proposals — some alike, so the
results page groups them — and «хочу помочь»); each event gets its kind's suggested criteria
with targets, media reach entered with its source. A share of events get no questionnaire at
all, and in the weaker town most do not: with no actions recorded, the seed's warning sign
«only attendance lists» has something to find there.

Called by veche.demo.builder.events after the year of events: `create(rng, town, events)`."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from veche.events.models import Event, EventStatus, FeedbackResponse, QuestionKind, Registration
from veche.events.services.criteria import criteria_suggest, criterion_value_enter
from veche.events.services.feedback import (
    feedback_submit,
    questionnaire_create,
    questionnaire_set_open,
)
from veche.registry.models import Person

from .capabilities import DemoTown
from .clock import demo_clock

LIKED = ["Живое общение, ответили на все вопросы", "Хорошая организация и музыка",
         "Понравилось, что пришли специалисты", "Удобное время и место",
         "Много детей и семей, доброжелательно", "Коротко и по делу"]
PROPOSALS = ["Поставить скамейки и урны во дворе", "Больше скамеек в сквере у ДК",
             "Отремонтировать освещение во дворе", "Добавить фонари на тропинке к школе",
             "Проводить такие встречи чаще, раз в месяц", "Встречи с жителями каждый месяц",
             "Сделать велодорожку до промзоны", "Построить велодорожку вдоль набережной",
             "Починить детскую площадку", "Новая детская площадка во дворе",
             "Транслировать мероприятие онлайн", "Объявлять заранее в соцсетях"]
HELP = ["Могу помочь с уборкой", "Фотографировать", "Помогу расставить стулья", "",
        "Могу вести соцсети", "Готов дежурить на входе"]
TARGETS = {"feedback_rate": 30, "proposals_per_participant": 0.2, "new_active": 3,
           "volunteers_recruited": 5, "volunteer_hours": 20, "decisions_taken": 1,
           "media_reach": 1500}
HELD = (EventStatus.HELD, EventStatus.REPORTED)


def _answers(rng: random.Random, questionnaire, kinds: dict[int, str]) -> dict[int, object]:
    out: dict[int, object] = {}
    for pk, kind in kinds.items():
        if kind == QuestionKind.RATING:
            out[pk] = rng.choices([5, 4, 3, 2, 1], weights=[40, 30, 15, 10, 5])[0]
        elif kind == QuestionKind.TEXT and rng.random() < 0.5:
            out[pk] = rng.choice(LIKED)
        elif kind == QuestionKind.PROPOSAL and rng.random() < 0.45:
            out[pk] = rng.choice(PROPOSALS)
        elif kind == QuestionKind.HELP and rng.random() < 0.15:
            out[pk] = {"yes": True, "text": rng.choice(HELP)}
    return out


def growing_pool(people: list, day: dt.date, *, grows: bool) -> list:
    """Who takes part in an event on `day`: in a town whose community grows (the main demo
    town, climbing toward the goal) a year ago only a quarter of today's active residents were
    involved, and the share rises day by day; elsewhere everybody from the start."""
    if not grows:
        return people
    age = max(0, (timezone.localdate() - day).days)
    share = 0.25 + 0.75 * max(0.0, 1 - age / 365)
    return people[:max(5, int(len(people) * share))]


def _respondents(rng: random.Random, event: Event, people: list[Person], n: int) -> list[Person]:
    """Checked-in residents first (they got the QR at the door), then others of the town."""
    checked = list(Person.objects.filter(pk__in=Registration.objects.filter(
        event=event, checked_in_at__isnull=False).values("person_id")))
    rng.shuffle(checked)
    others = [p for p in rng.sample(people, min(len(people), n * 2)) if p not in checked]
    return (checked + others)[:n]


def build_feedback(*, town, events: list[Event], persons: list[Person],
                   rng: random.Random) -> str:
    """Questionnaires, answers and criteria for the held `events` of `town` (a Territory)."""
    main = getattr(town, "is_main", None)
    share = 0.75 if main or main is None else 0.2
    now = timezone.now()
    forms = responses = criteria = 0
    for event in events:
        if event.status not in HELD:
            continue
        if rng.random() < 0.8:
            with demo_clock(event.starts_at - dt.timedelta(days=rng.randint(3, 10))):
                criteria += len(criteria_suggest(event=event, targets=TARGETS))
                if event.media_reach is None and rng.random() < 0.3:
                    reach = event.criteria.filter(code="media_reach").first()
                    if reach is not None:
                        criterion_value_enter(criterion=reach, value=rng.randint(500, 4000),
                                              source="отчёт пресс-службы")
        if rng.random() >= share:
            continue  # an event with attendance only: no feedback, no actions
        with demo_clock(event.starts_at - dt.timedelta(days=1)):
            questionnaire = questionnaire_create(event=event)
        forms += 1
        kinds = dict(questionnaire.questions.values_list("pk", "kind"))
        base = event.actual_participants or 20
        n = max(1, int(base * rng.uniform(0.05, 0.45 if main or main is None else 0.1)))
        pool = growing_pool(persons, timezone.localdate(event.starts_at), grows=bool(main))
        for person in _respondents(rng, event, pool, min(n, 40)):
            answers = _answers(rng, questionnaire, kinds)
            if not answers:
                continue
            moment = event.ends_at + dt.timedelta(minutes=rng.randint(5, 60 * 72))
            if moment >= now:
                continue
            with demo_clock(moment):
                feedback_submit(questionnaire=questionnaire, person=person, answers=answers,
                                channel=rng.choice([FeedbackResponse.Channel.QR,
                                                    FeedbackResponse.Channel.QR,
                                                    FeedbackResponse.Channel.LINK]))
            responses += 1
        closes = event.ends_at + dt.timedelta(days=7)
        if closes < now:
            with demo_clock(closes):
                questionnaire_set_open(questionnaire=questionnaire, is_open=False)
    return f"анкеты: {forms} ({responses} ответов), критерии: {criteria}"


def create(rng: random.Random, town: DemoTown, events: list[Event]) -> str:
    """The hook veche.demo.builder.events calls (its PARTS)."""
    return build_feedback(town=town, events=events, persons=town.active or town.persons,
                          rng=rng)
