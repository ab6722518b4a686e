"""The Russian production calendar (holidays, transferred days off and working Saturdays)."""

import datetime as dt

from django.utils import translation

from veche.territories import calendar
from veche.territories.calendar import (
    KNOWN_THROUGH,
    add_working_days,
    holiday_name,
    is_working_day,
    next_working_day,
    previous_working_day,
    term_on_day_off,
)

D = dt.date


def test_new_year_holidays_and_the_moved_days_off_are_not_working_days():
    with translation.override("ru"):
        assert holiday_name(D(2027, 1, 4)) == "Новогодние каникулы"
        # 31 December 2026 is a day off moved from 4 January by the Government's decree
        assert not is_working_day(D(2026, 12, 31))
        assert "перенесено" in holiday_name(D(2026, 12, 31))
    assert next_working_day(D(2027, 1, 1)) == D(2027, 1, 11)
    assert previous_working_day(D(2027, 1, 4)) == D(2026, 12, 30)
    assert is_working_day(D(2026, 12, 30)) and next_working_day(D(2026, 12, 30)) == D(2026, 12, 30)


def test_a_saturday_made_a_working_day_counts_and_an_ordinary_weekend_does_not():
    assert is_working_day(D(2027, 2, 20))  # Saturday, worked for Monday 22 February
    assert not is_working_day(D(2027, 2, 22))
    assert not is_working_day(D(2026, 12, 12)) and holiday_name(D(2026, 12, 12)) is None


def test_working_days_are_counted_over_the_holidays():
    assert add_working_days(D(2026, 12, 29), 1) == D(2026, 12, 30)
    assert add_working_days(D(2026, 12, 29), 2) == D(2027, 1, 11)
    assert add_working_days(D(2026, 12, 7), 0) == D(2026, 12, 7)


def test_a_term_on_a_day_off_gets_the_civil_code_rule_and_the_last_working_day():
    with translation.override("ru"):
        found = term_on_day_off(D(2027, 1, 3))
    assert found == {"reason": "Новогодние каникулы", "moved_to": D(2027, 1, 11),
                     "last_working_day": D(2026, 12, 30)}
    assert term_on_day_off(D(2026, 12, 8)) is None and term_on_day_off(None) is None


def test_names_follow_the_language():
    with translation.override("en"):
        assert calendar.holiday_name(D(2027, 5, 9)) == "Victory Day"


def test_the_installed_table_knows_the_decrees_it_is_said_to_know():
    """KNOWN_THROUGH (docs) is true of the installed `holidays`: that year has transfers."""
    import holidays

    ru = holidays.country_holidays("RU", years=KNOWN_THROUGH)
    assert any("перенесено" in name or "substituted" in name.lower()
               for name in ru.values()) or ru.weekend_workdays
