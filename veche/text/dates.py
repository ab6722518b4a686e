"""Dates as lists write them: 31.12.1960, 1960-12-31, 31/12/60, «31 декабря 1960 г.»,
19601231, an Excel serial number (22281), a spreadsheet's own date or datetime cell, or a bare
year («год рождения»).

`date_parts(value)` keeps what is there, even a date that cannot exist (31.02.1960 is most
likely a slip of one digit, and linkage still wants its digits); `parse_date(value)` gives a
real `datetime.date` or None.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

# Excel counts days from 1899-12-30 (its 1900 leap-year bug included); 1900..2100.
EXCEL_EPOCH = dt.date(1899, 12, 30)
EXCEL_SERIALS = range(1, 73415)

MONTHS = {
    "январ": 1, "янв": 1, "феврал": 2, "фев": 2, "март": 3, "мар": 3, "апрел": 4, "апр": 4,
    "ма": 5, "июн": 6, "июл": 7, "август": 8, "авг": 8, "сентябр": 9, "сен": 9, "сент": 9,
    "октябр": 10, "окт": 10, "ноябр": 11, "ноя": 11, "декабр": 12, "дек": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "oct": 10, "nov": 11, "dec": 12,
}
_NUMERIC = re.compile(r"^(\d{1,4})[./\-\s](\d{1,2})[./\-\s](\d{1,4})$")
_WORDY = re.compile(r"^(\d{1,2})?\s*([а-яa-z]+)\.?\s*(\d{2,4})$")
_TIME_TAIL = re.compile(r"[T\s]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?$")
_YEAR_WORDS = re.compile(r"\s*(г\.?|года?|гг\.?)$")


@dataclass(frozen=True)
class DateParts:
    """A date as written: month and day may be None (a bare year); `valid` says whether the
    three make a real day."""

    year: int | None = None
    month: int | None = None
    day: int | None = None

    @property
    def valid(self) -> bool:
        if self.year is None or self.month is None or self.day is None:
            return False
        try:
            dt.date(self.year, self.month, self.day)
        except ValueError:
            return False
        return True

    def date(self) -> dt.date | None:
        return dt.date(self.year, self.month, self.day) if self.valid else None  # type: ignore[arg-type]

    def digits(self) -> str:
        """YYYYMMDD (YYYY for a bare year, "" for nothing): the string linkage compares."""
        if self.year is None:
            return ""
        if self.month is None or self.day is None:
            return f"{self.year:04d}"
        return f"{self.year:04d}{self.month:02d}{self.day:02d}"


NOTHING = DateParts()


def _full_year(year: int, digits: int, pivot: int) -> int:
    """31/12/60 → 1960; 01/02/05 → 2005 when 05 is not later than this year's two digits."""
    if digits > 2:
        return year
    return 2000 + year if year <= pivot else 1900 + year


def _plausible(parts: DateParts) -> bool:
    return (parts.year is not None and 1800 <= parts.year <= 2200
            and (parts.month is None or 1 <= parts.month <= 12)
            and (parts.day is None or 1 <= parts.day <= 31))


def date_parts(value: object, *, pivot: int | None = None) -> DateParts:
    """Whatever a cell holds → its date parts; NOTHING when it holds no date. `pivot` is the
    last two-digit year read as 20xx (this year's, by default)."""
    if value is None or isinstance(value, bool):
        return NOTHING
    if isinstance(value, dt.datetime):
        return DateParts(value.year, value.month, value.day)
    if isinstance(value, dt.date):
        return DateParts(value.year, value.month, value.day)
    if pivot is None:
        pivot = dt.date.today().year % 100
    if isinstance(value, (int, float)):
        return _from_number(float(value))
    return _from_text(str(value), pivot)


def _from_number(number: float) -> DateParts:
    if number.is_integer() and 1800 <= number <= 2200:
        return DateParts(int(number))  # a bare year
    if int(number) in EXCEL_SERIALS:
        day = EXCEL_EPOCH + dt.timedelta(days=int(number))
        return DateParts(day.year, day.month, day.day)
    return NOTHING


@lru_cache(maxsize=100_000)
def _from_text(text: str, pivot: int) -> DateParts:
    text = _YEAR_WORDS.sub("", " ".join(text.lower().replace("ё", "е").split()))
    text = _TIME_TAIL.sub("", text).strip(" ,")
    if not text:
        return NOTHING
    if text.isdigit():
        return _from_digits(text, pivot)
    if match := _NUMERIC.match(text):
        a, b, c = match.groups()
        if len(a) == 4:  # 1960-12-31
            parts = DateParts(int(a), int(b), int(c))
        else:  # 31.12.1960, 31/12/60
            parts = DateParts(_full_year(int(c), len(c), pivot), int(b), int(a))
        return parts if _plausible(parts) else NOTHING
    if match := _WORDY.match(text):
        day, word, year = match.groups()
        month = _month(word)
        if month:
            parts = DateParts(_full_year(int(year), len(year), pivot), month,
                              int(day) if day else None)
            return parts if _plausible(parts) else NOTHING
    if re.fullmatch(r"(\d{1,2})[./](\d{4})", text):  # 12.1960: month and year
        month_text, year_text = re.split(r"[./]", text)
        parts = DateParts(int(year_text), int(month_text))
        return DateParts(parts.year) if not _plausible(parts) else parts
    return NOTHING


def _month(word: str) -> int | None:
    for length in range(len(word), 1, -1):
        if (month := MONTHS.get(word[:length])) is not None:
            return month
    return None


def _from_digits(text: str, pivot: int) -> DateParts:
    if len(text) == 4:
        parts = DateParts(int(text))
    elif len(text) == 8:  # 19601231 (FEBRL, exports) or 31121960
        parts = DateParts(int(text[:4]), int(text[4:6]), int(text[6:]))
        if not (parts.year and 1800 <= parts.year <= 2200):
            parts = DateParts(int(text[4:]), int(text[2:4]), int(text[:2]))
    elif len(text) == 6:  # 311260
        parts = DateParts(_full_year(int(text[4:]), 2, pivot), int(text[2:4]), int(text[:2]))
    elif len(text) == 5:  # an Excel serial number saved as text
        return _from_number(float(text))
    else:
        return NOTHING
    return parts if _plausible(parts) else NOTHING


def parse_date(value: object, *, pivot: int | None = None) -> dt.date | None:
    """A real day from whatever a cell holds, or None."""
    return date_parts(value, pivot=pivot).date()
