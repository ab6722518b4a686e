"""The Russian production calendar: public holidays, days off moved by the Government's yearly
decree, and Saturdays made working days by it.

The table is the `holidays` package's (vacanza/holidays, MIT; its Russia calendar cites each
year's decree on ConsultantPlus). Version 0.109 knows the decrees through 2027; for a later
year it still knows the fixed holidays of the Labour Code art. 112, but not that year's
transfers — upgrade the package when the decree is published (docs/operations.md).

59-FZ counts its terms in calendar days, so they are not computed from this calendar; what it
adds is the Civil Code's rule (art. 193) shown beside a term that ends on a day off, and terms
Veche itself sets in working days."""

import datetime as dt
from functools import lru_cache

import holidays
from django.utils.translation import get_language, gettext

# The last year whose transfers the installed table knows (checked by a test).
KNOWN_THROUGH = 2027


@lru_cache(maxsize=64)
def _year(year: int, language: str) -> holidays.HolidayBase:
    return holidays.country_holidays("RU", years=year, language=language)


def _calendar(day: dt.date) -> holidays.HolidayBase:
    language = "en_US" if (get_language() or "ru").startswith("en") else "ru"
    return _year(day.year, language)


def is_working_day(day: dt.date) -> bool:
    return _calendar(day).is_working_day(day)


def holiday_name(day: dt.date) -> str | None:
    """The holiday or moved day off on `day` («Новогодние каникулы»), None on any other day —
    an ordinary Saturday or Sunday included."""
    return _calendar(day).get(day)


def day_off_reason(day: dt.date) -> str | None:
    """Why `day` is not a working day (a holiday's name, or «выходной»), None if it is one."""
    if is_working_day(day):
        return None
    return holiday_name(day) or gettext("выходной")


def next_working_day(day: dt.date) -> dt.date:
    """`day` itself if it is a working day, else the first working day after it."""
    while not is_working_day(day):
        day += dt.timedelta(days=1)
    return day


def previous_working_day(day: dt.date) -> dt.date:
    """`day` itself if it is a working day, else the last working day before it."""
    while not is_working_day(day):
        day -= dt.timedelta(days=1)
    return day


def add_working_days(day: dt.date, count: int) -> dt.date:
    """The `count`-th working day after `day` (the day itself is not counted)."""
    if count < 0:
        raise ValueError("count must not be negative")
    while count:
        day += dt.timedelta(days=1)
        if is_working_day(day):
            count -= 1
    return day


def term_on_day_off(day: dt.date | None) -> dict | None:
    """For a term ending on a day off: why it is off, the day the Civil Code's art. 193 moves
    the end to, and the last working day before it (when an official had better answer);
    None for a term on a working day."""
    if day is None:
        return None
    reason = day_off_reason(day)
    if reason is None:
        return None
    return {"reason": reason, "moved_to": next_working_day(day),
            "last_working_day": previous_working_day(day)}
