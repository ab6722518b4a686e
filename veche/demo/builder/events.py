"""The demo's year of events, made through the events services on their own days
(demo_clock): the main town holds ~120 events of every kind by the administration, the
enterprise, NGOs and residents, at mixed venues, with registrations, check-ins at the door,
decisions of its dialogues and links to its votes and appeals; the second, weaker town holds
fewer, nearly all by the administration in its own building, and its dialogues end without
decisions — so the warning signs have something to find there.

The other parts of the events capability add theirs after this module, on the same events:
`veche.demo.builder.events_feedback.create(rng, town, events)` and
`veche.demo.builder.events_initiatives.create(rng, town, events)` (PARTS below), each
returning a one-line summary."""

from __future__ import annotations

import datetime as dt
import importlib
import random

from django.utils import timezone

from veche.events.kinds import KINDS
from veche.events.lifecycle import EVENT
from veche.events.models import Event, EventFormat, OrganiserKind, VenueKind
from veche.events.services.checkin import checkin_registration, registration_create
from veche.events.services.events import event_create, event_decision_add, event_link_add

from .capabilities import DemoTown
from .clock import at_day, demo_clock
from .events_feedback import growing_pool

PARTS = (("veche.demo.builder.events_feedback", "create"),
         ("veche.demo.builder.events_initiatives", "create"),
         ("veche.demo.builder.warning_signs", "create"))

TITLES = {
    "public": ["Открытый диалог о развитии города", "День открытых дверей администрации",
               "Презентация проекта благоустройства набережной"],
    "mass": ["День города", "Масленица на площади", "Фестиваль дворовых команд"],
    "official": ["Торжественное собрание ко Дню Победы", "Вручение наград ветеранам",
                 "Отчёт Главы перед жителями"],
    "charity": ["Сбор вещей для многодетных семей", "Благотворительная ярмарка",
                "Акция «Подари книгу»"],
    "discussion": ["Дискуссия: каким быть центральному парку", "Молодёжный форум идей",
                   "Обсуждение маршрутов общественного транспорта"],
    "hearing": ["Публичные слушания по бюджету", "Слушания по правилам благоустройства",
                "Слушания по генеральному плану"],
    "meeting": ["Встреча с жителями микрорайона", "Встреча с управляющими компаниями",
                "Разговор о дворах и парковках"],
    "subbotnik": ["Субботник в сквере", "Посадка деревьев у школы", "Уборка берега озера"],
    "sport_culture": ["Городской забег", "Концерт во дворе", "Шахматный турнир"],
    "education": ["Школа активного жителя", "Лекция: как работает городской бюджет",
                  "Семинар для председателей советов домов"],
}
ORGANISER_NAMES: dict[str, str] = {
    OrganiserKind.ADMINISTRATION: "Администрация города",
    OrganiserKind.ENTERPRISE: "Градообразующее предприятие",
    OrganiserKind.NGO: "АНО «Город для людей»",
    OrganiserKind.CITIZENS: "Инициативная группа жителей",
    OrganiserKind.COMMUNITY: "Сообщество активных граждан",
}
VENUE_NAMES: dict[str, str] = {
    VenueKind.ADMINISTRATION: "Администрация, большой зал",
    VenueKind.ENTERPRISE: "Дворец культуры предприятия",
    VenueKind.PUBLIC: "Центральная библиотека",
    VenueKind.OUTDOORS: "Сквер у ДК",
    VenueKind.ONLINE: "Трансляция в сообществе города",
}
DECISIONS = ["Подготовить проект благоустройства и вынести его на голосование",
             "Отремонтировать освещение во дворе до конца квартала",
             "Создать рабочую группу из жителей и специалистов",
             "Включить предложения жителей в план мероприятий на год"]


def _plan(rng: random.Random, main: bool) -> tuple[str, str, list[str], str]:
    """Organiser, venue, co-organisers and kind of one event."""
    if main:
        organiser = rng.choices(list(ORGANISER_NAMES), weights=[35, 20, 15, 20, 10])[0]
        venue = rng.choices(list(VENUE_NAMES), weights=[15, 10, 35, 30, 10])[0]
        partners = ([rng.choice([OrganiserKind.NGO, OrganiserKind.COMMUNITY,
                                 OrganiserKind.CITIZENS])] if rng.random() < 0.4 else [])
    else:  # the weak town: the administration alone, in its own building
        organiser = rng.choices([OrganiserKind.ADMINISTRATION, OrganiserKind.ENTERPRISE,
                                 OrganiserKind.NGO], weights=[85, 12, 3])[0]
        venue = rng.choices([VenueKind.ADMINISTRATION, VenueKind.ENTERPRISE, VenueKind.PUBLIC],
                            weights=[80, 15, 5])[0]
        partners = []
    kind = rng.choice(list(KINDS))
    return organiser, venue, [p for p in partners if p != organiser], kind


def create(rng: random.Random, town: DemoTown) -> str:
    main = town.is_main
    count, upcoming = (120, 10) if main else (40, 4)
    staff = town.user("staff")
    people = town.active or town.persons
    placed = [b for b in town.buildings if b.latitude is not None and b.longitude is not None]
    today = timezone.localdate()
    links = _link_targets(town)
    events: list[Event] = []
    registrations = checked = decisions = 0
    for i in range(count + upcoming):
        future = i >= count
        day = (today + dt.timedelta(days=rng.randint(3, 45)) if future
               # The main town holds more events month by month as it takes part more (its
               # path toward the goal, tests/demo/test_demo_history.py); the weaker town's
               # year stays flat.
               else today - dt.timedelta(days=2 + int(358 * rng.random() ** (1.6 if main
                                                                             else 1.0))))
        organiser, venue, partners, kind = _plan(rng, main)
        starts = at_day(day, rng.choice([10, 12, 15, 18]))
        created_at = starts - dt.timedelta(days=rng.randint(10, 25))
        place = rng.choice(placed) if placed and venue != VenueKind.ONLINE else None
        expected = rng.choice([20, 40, 60, 100, 300])
        with demo_clock(min(created_at, timezone.now())):
            event = event_create(
                territory=town.town, by=staff, kind=kind,
                title=rng.choice(TITLES[kind]), description="",
                organiser_kind=organiser, organiser_name=ORGANISER_NAMES[organiser],
                partner_kinds=partners,
                format=EventFormat.ONLINE if venue == VenueKind.ONLINE else EventFormat.OFFLINE,
                venue_kind=venue, venue_name=VENUE_NAMES[venue],
                address="" if place is None else f"{place.street}, {place.house}",
                latitude=place.latitude if place else None,
                longitude=place.longitude if place else None,
                starts_at=starts, ends_at=starts + dt.timedelta(hours=2),
                expected_participants=expected,
                registration_open=rng.random() < (0.45 if main else 0.15),
                capacity=expected if rng.random() < 0.5 else None,
                responsible=staff, responsible_name="Отдел по связям с общественностью")
            if not future and rng.random() < 0.04:
                EVENT.run("cancel", event, by=staff)
                continue
            EVENT.run("announce", event, by=staff)
        if event.registration_open:
            pool = growing_pool(people, day, grows=main)
            n = min(len(pool), rng.randint(5, min(25, event.capacity or 25)))
            regs = []
            with demo_clock(created_at + dt.timedelta(days=3)):
                for person in rng.sample(pool, n):
                    regs.append(registration_create(event=event, person=person))
            registrations += len(regs)
            if not future:
                for r in regs:
                    if rng.random() < 0.7:
                        checkin_registration(registration=r, at=starts + dt.timedelta(
                            minutes=rng.randint(-20, 15)), by=staff)
                        checked += 1
        if future:
            events.append(event)
            continue
        with demo_clock(starts + dt.timedelta(hours=2, minutes=5)):
            EVENT.run("hold", event, by=staff,
                      actual_participants=max(1, int(expected * rng.uniform(0.4, 1.2))))
            if KINDS[kind].is_dialogue and rng.random() < (0.8 if main else 0.15):
                for text in rng.sample(DECISIONS, rng.randint(1, 2)):
                    event_decision_add(event=event, text=text, responsible="Администрация",
                                       due_on=day + dt.timedelta(days=60), by=staff)
                    decisions += 1
            if links and rng.random() < 0.12:
                object_type, object_id = rng.choice(links)
                event_link_add(event=event, object_type=object_type, object_id=object_id)
            if rng.random() < 0.6:
                EVENT.run("report", event, by=staff)
        events.append(event)
    summary = (f"мероприятия: {len(events)} ({registrations} регистраций, {checked} отмечено, "
               f"{decisions} решений)")
    for module_name, function in PARTS:
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError:
            continue
        part = getattr(module, function, None)
        if part is not None:
            extra = part(rng, town, events)
            if extra:
                summary += f"; {extra}"
    return summary


def _link_targets(town: DemoTown) -> list[tuple[str, int]]:
    """A few of the town's votes and appeals to link events to (read through the app
    registry, as the events capability does)."""
    from django.apps import apps

    found: list[tuple[str, int]] = []
    for object_type in ("votes.vote", "appeals.appeal"):
        model = apps.get_model(object_type)
        found += [(object_type, pk) for pk in model._default_manager.filter(
            territory=town.town).order_by("pk").values_list("pk", flat=True)[:5]]
    return found

