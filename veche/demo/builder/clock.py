"""The demo's clock: the town's past is made through the capabilities' services on the day it
happened.

Services stamp what they write with `timezone.now()`: a vote's opened and closed times, a
support's or a resident's proposal's ledger action, every `created_at` (Django's auto_now_add
reads the same function), so a passport saved today would count from today in the scorecard.
A real town's history was stamped by its own days; `demo_clock(moment)` gives the services
that day. Inside it `django.utils.timezone.now` returns `moment` plus the real time elapsed
since the block began (rows keep their order), never later than the real now. Only the demo
builder uses it, in one thread, inside its transaction; nothing else is patched, so a service
that takes a time of its own (`cast_at`, `at`, `received_at`, `done_on`) is given it as well.
"""

import contextlib
import datetime as dt
import time
from collections.abc import Iterator

from django.utils import timezone

_real_now = timezone.now


@contextlib.contextmanager
def demo_clock(moment: dt.datetime) -> Iterator[dt.datetime]:
    """Run the block as if it were `moment` (aware); yields the moment actually used."""
    real = _real_now()
    moment = min(moment, real)
    started = time.perf_counter()

    def now() -> dt.datetime:
        return min(moment + dt.timedelta(seconds=time.perf_counter() - started), _real_now())

    previous = timezone.now
    timezone.now = now  # type: ignore[assignment]  # the module attribute services call
    try:
        yield moment
    finally:
        timezone.now = previous  # type: ignore[assignment]


def at_day(day: dt.date, hour: int = 12, minute: int = 0) -> dt.datetime:
    """An aware moment on `day` in the town's time zone."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))
