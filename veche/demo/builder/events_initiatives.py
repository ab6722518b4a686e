"""The demo's year of citizens' initiatives, volunteering and speakers, made through the events
services on their own days (demo_clock): in the main town ~15 initiatives proposed by its
active residents over the year, their groups, tasks with hours, sign-ups and hours claimed and
confirmed (each confirmation one ledger action dated on the day the work was done); tasks of
its volunteer events (subbotniks, charity, mass events) likewise; 6–8 speakers with their
appearances at events and in the media. The weaker town gets a couple of each.

Called by veche.demo.builder.events after the year of events: `create(rng, town, events)`."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.utils import timezone

from veche.events.lifecycle_initiatives import INITIATIVE
from veche.events.models import Event, EventStatus, VolunteerTask
from veche.events.services.initiatives import initiative_join, initiative_propose
from veche.events.services.speakers import appearance_record, speaker_mark
from veche.events.services.volunteers import (
    hours_claim,
    hours_confirm,
    hours_limit,
    hours_reject,
    signup_create,
    task_create,
)

from .capabilities import DemoTown
from .clock import at_day, demo_clock

IDEAS = [
    ("Сквер у школы №3", "Посадить 40 деревьев и поставить скамейки",
     ["Посадка деревьев", "Покраска скамеек"]),
    ("Детская площадка во дворе на Ленина, 12", "Собрать площадку своими силами",
     ["Сборка горки", "Уборка территории"]),
    ("Чистый берег озера", "Убрать берег и поставить урны", ["Уборка берега", "Вывоз мешков"]),
    ("Книжный шкаф в библиотеке двора", "Обменный фонд книг для соседей",
     ["Сбор книг", "Дежурство у шкафа"]),
    ("Школа скандинавской ходьбы для пенсионеров", "Занятия три раза в неделю",
     ["Сопровождение группы"]),
    ("Велодорожка до промзоны", "Собрать предложения и подписи за маршрут",
     ["Опрос жителей", "Разметка маршрута"]),
    ("Музей истории города в школе", "Собрать экспонаты и оформить зал",
     ["Сбор экспонатов", "Оформление стендов"]),
    ("Помощь одиноким пожилым соседям", "Покупка продуктов и лекарств",
     ["Доставка продуктов"]),
    ("Дворовый футбол", "Турнир дворовых команд летом", ["Судейство", "Подготовка поля"]),
    ("Зимняя горка в парке", "Залить горку и следить за ней", ["Заливка горки"]),
    ("Цветники у подъездов", "Клумбы у каждого подъезда микрорайона",
     ["Посадка цветов", "Полив"]),
    ("Кинопоказы под открытым небом", "Летние показы в парке", ["Установка экрана"]),
    ("Экотропа в лесопарке", "Проложить и разметить тропу", ["Расчистка тропы"]),
    ("Совет дома на Строителей, 5", "Выбрать совет и провести ремонт подъезда",
     ["Покраска подъезда"]),
    ("Городской волонтёрский штаб", "Единый штаб добровольцев города",
     ["Дежурство в штабе"]),
]
RESULTS = ["Сделано: работы приняты жителями, фотоотчёт опубликован.",
           "Результат достигнут, группа продолжает поддерживать объект."]
STOP_REASONS = ["Не нашлось площадки: перенесено на следующий год."]
SPEAKER_TOPICS = ["благоустройство", "экология", "молодёжь", "старшее поколение",
                  "спорт", "история города", "городская среда", "добровольчество"]
MEDIA = ["Городская газета", "Телеканал города", "Радио «Город»", "Паблик города ВКонтакте",
         "Корпоративная газета предприятия"]
VOLUNTEER_KINDS = ("subbotnik", "charity", "mass")


def _day(moment: dt.datetime) -> dt.date:
    return timezone.localdate(moment)


def _confirm(rng: random.Random, claim, staff, day: dt.date, today: dt.date) -> int:
    """Confirm (or now and then reject) `claim` a day or three after `day`."""
    when = min(day + dt.timedelta(days=rng.randint(1, 3)), today)
    with demo_clock(at_day(when, 19)):
        if rng.random() < 0.06:
            hours_reject(hours=claim, by=staff, reason="В этот день вас не было в списке.")
            return 0
        hours_confirm(hours=claim, by=staff)
    return 1


def _work(rng: random.Random, task: VolunteerTask, people, staff, days: list[dt.date],
          today: dt.date) -> tuple[int, int]:
    """Sign-ups for `task` and their hours on `days`; (sign-ups, confirmed claims)."""
    limit = hours_limit(task)[0]
    n = min(len(people), task.volunteers_needed, rng.randint(1, task.volunteers_needed))
    signups = []
    first = days[0]
    opened = _day(task.created_at)
    for person in rng.sample(people, n):
        day = max(first - dt.timedelta(days=rng.randint(1, 5)), opened)
        with demo_clock(at_day(day, 20)):
            signups.append(signup_create(task=task, person=person))
    confirmed = 0
    for signup in signups:
        for day in days:
            if rng.random() < 0.25:
                continue
            hours = min(limit, Decimal(rng.choice([1, 2, 2, 3, 4])), task.hours_planned)
            with demo_clock(at_day(day, 21)):
                claim = hours_claim(signup=signup, done_on=day, hours=hours)
            confirmed += _confirm(rng, claim, staff, day, today)
    return len(signups), confirmed


def _initiatives(rng: random.Random, town: DemoTown, today: dt.date, staff, people
                 ) -> tuple[int, int, int]:
    count = len(IDEAS) if town.is_main else 2
    made = signed = confirmed = 0
    for title, goals, tasks in rng.sample(IDEAS, count):
        proposed = today - dt.timedelta(days=rng.randint(40, 350))
        leader = rng.choice(people)
        with demo_clock(at_day(proposed, 18)):
            initiative = initiative_propose(
                territory=town.town, person=leader, title=title, goals=goals,
                description=f"{goals}. Приглашаем соседей в инициативную группу.",
                topic=rng.choice(town.topics) if town.topics else None,
                district=rng.choice(town.districts) if town.districts else None)
        made += 1
        for person in rng.sample(people, min(len(people), rng.randint(2, 9))):
            if person.pk == leader.pk:
                continue
            with demo_clock(at_day(proposed + dt.timedelta(days=rng.randint(1, 20)), 19)):
                initiative_join(initiative=initiative, person=person)
        roles = {"staff"}
        fate = rng.random()
        if fate < 0.12:  # still a proposal
            continue
        started = proposed + dt.timedelta(days=rng.randint(5, 15))
        with demo_clock(at_day(started, 10)):
            INITIATIVE.run("recruit", initiative, by=staff, roles=roles)
            for task_title in tasks:
                task_create(territory=town.town, initiative=initiative, title=task_title,
                            hours_planned=rng.choice([2, 3, 4]),
                            volunteers_needed=rng.randint(3, 8))
        if fate < 0.25:  # recruiting now
            continue
        work_from = started + dt.timedelta(days=rng.randint(5, 20))
        if work_from >= today:
            continue
        with demo_clock(at_day(work_from, 9)):
            INITIATIVE.run("start", initiative, by=staff, roles=roles)
        days = [work_from]
        for task in initiative.tasks.all():
            days = sorted({min(work_from + dt.timedelta(days=rng.randint(0, 40)), today)
                           for _i in range(rng.randint(1, 3))})
            s, c = _work(rng, task, people, staff, days, today)
            signed, confirmed = signed + s, confirmed + c
        end = days[-1] + dt.timedelta(days=rng.randint(3, 15))
        if end >= today or fate < 0.45:
            continue
        with demo_clock(at_day(end, 17)):
            if fate < 0.52:
                INITIATIVE.run("stop", initiative, by=staff, roles=roles,
                               results=rng.choice(STOP_REASONS))
            else:
                INITIATIVE.run("finish", initiative, by=staff, roles=roles,
                               results=rng.choice(RESULTS))
    return made, signed, confirmed


def _event_tasks(rng: random.Random, town: DemoTown, events: list[Event], today: dt.date,
                 staff, people) -> tuple[int, int]:
    held = [e for e in events if e.kind in VOLUNTEER_KINDS and _day(e.ends_at) < today
            and e.status in (EventStatus.HELD, EventStatus.REPORTED)]
    tasks = signed = 0
    for event in held:
        with demo_clock(event.starts_at - dt.timedelta(days=7)):
            task = task_create(territory=town.town, event=event, title=rng.choice(
                ["Встреча и регистрация гостей", "Раздача инвентаря", "Уборка после события"]),
                hours_planned=2, volunteers_needed=rng.randint(3, 10))
        tasks += 1
        s, _c = _work(rng, task, people, staff, [_day(event.starts_at)], today)
        signed += s
    return tasks, signed


def _speakers(rng: random.Random, town: DemoTown, events: list[Event], today: dt.date,
              staff, people) -> tuple[int, int]:
    count = rng.randint(6, 8) if town.is_main else 2
    past = [e for e in events if _day(e.starts_at) < today
            and e.status in (EventStatus.HELD, EventStatus.REPORTED)]
    appearances = 0
    for person in rng.sample(people, min(count, len(people))):
        since = today - dt.timedelta(days=rng.randint(200, 360))
        with demo_clock(at_day(since, 12)):
            speaker = speaker_mark(territory=town.town, person=person, by=staff,
                                   topics=", ".join(rng.sample(SPEAKER_TOPICS, 2)))
        for _i in range(rng.randint(3, 10) if town.is_main else rng.randint(1, 3)):
            event = rng.choice(past) if past and rng.random() < 0.5 else None
            day = (_day(event.starts_at) if event is not None
                   else since + dt.timedelta(days=rng.randint(0, (today - since).days)))
            if day < since:
                event, day = None, since + dt.timedelta(days=rng.randint(0, (today - since).days))
            with demo_clock(at_day(day, 20)):
                appearance_record(
                    speaker=speaker, on_date=day, event=event, by=staff,
                    title=rng.choice(["О планах сообщества", "Итоги субботника",
                                      "Как предложить инициативу", "Волонтёры города"]),
                    channel="" if event else rng.choice(MEDIA),
                    audience=rng.choice([20, 50, 120, 800, 3000, 12000]))
            appearances += 1
    return count, appearances


def create(rng: random.Random, town: DemoTown, events: list[Event]) -> str:
    staff = town.user("staff")
    people = town.active or town.persons
    if not people:
        return ""
    today = timezone.localdate()
    made, signed, confirmed = _initiatives(rng, town, today, staff, people)
    tasks, event_signed = _event_tasks(rng, town, events, today, staff, people)
    speakers, appearances = _speakers(rng, town, events, today, staff, people)
    return (f"инициативы: {made}, записей волонтёров: {signed + event_signed}, "
            f"подтверждённых отметок часов: {confirmed}, задач мероприятий: {tasks}, "
            f"спикеры: {speakers} ({appearances} выступлений)")


def build_initiatives(*, town: DemoTown, events: list[Event], rng: random.Random) -> str:
    """The name the brief gave: the same as `create`."""
    return create(rng, town, events)

