"""Rows for the warning-signs tests, made through the capabilities' services (imported by
the tests as `warning_signs_rows`)."""

import datetime as dt
import itertools

from django.utils import timezone

from veche.accounts.signs import Period
from veche.events.services.events import (
    event_announce,
    event_create,
    event_mark_held,
    event_report,
)
from veche.ledger.health import health_evaluate
from veche.registry.factories import make_person

_seq = itertools.count(1)


def held_event(town, *, kind="public", organiser="ngo", partners=(), venue="public",
               days_ago=10, participants=30, report=False, topic=None):
    start = timezone.now() - dt.timedelta(days=days_ago)
    event = event_create(
        territory=town, kind=kind, title=f"Мероприятие {next(_seq)}", organiser_kind=organiser,
        partner_kinds=list(partners), venue_kind=venue, starts_at=start,
        ends_at=start + dt.timedelta(hours=2), topic=topic)
    event_announce(event=event)
    event_mark_held(event=event, actual_participants=participants)
    if report:
        event_report(event=event)
    event.refresh_from_db()
    return event


_LETTERS = "абвгдежзиклмнопрстуфхцчшщэюя"


def _word(n: int) -> str:
    out = ""
    while True:
        n, r = divmod(n, len(_LETTERS))
        out = _LETTERS[r] + out
        if not n:
            return out


def person(town, n=None):
    """A registry person with a surname of its own («Житель-аб»): names take letters only."""
    return make_person(town, surname=f"Житель-{_word(n if n is not None else next(_seq))}")


def year() -> Period:
    return Period.last_days(365)


def result(town, code, period=None):
    health = health_evaluate(towns=[town], period=period or year(), codes=[code])
    assert [s.code for s in health.signs] == [code]
    return health.results[town.pk][0]
