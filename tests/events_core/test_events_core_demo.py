"""The demo's year of events, made through the services: the main town's mixed events with
registrations, check-ins and decisions; the weak town's official-only events."""

import time

import pytest

from veche.demo.builder import build_demo
from veche.demo.builder.spec import DEMO_TOWNS
from veche.events.models import Event, EventDecision, Registration
from veche.territories.models import Territory
from veche.territories.scoping import all_towns, town_scope

pytestmark = pytest.mark.django_db


def test_demo_year_of_events():
    lines: list[str] = []
    started = time.perf_counter()
    build_demo(scale=0.05, log=lines.append)
    assert time.perf_counter() - started < 600
    with all_towns():
        main, weak = (Territory.objects.get(slug=s.slug) for s in DEMO_TOWNS[:2])
    with town_scope(main):
        events = list(Event.objects.filter(territory=main))
        assert len(events) >= 110
        assert len({e.kind for e in events}) >= 8
        assert len({e.organiser_kind for e in events}) == 5
        assert Registration.objects.filter(checked_in_at__isnull=False).exists()
        assert EventDecision.objects.exists()
        main_official = sum(e.official_only and e.in_official_building for e in events)
    with town_scope(weak):
        weak_events = list(Event.objects.filter(territory=weak))
        weak_official = sum(e.official_only and e.in_official_building for e in weak_events)
    assert weak_official / len(weak_events) > 0.6 > main_official / len(events)
    assert any("мероприятия:" in line for line in lines), lines
