"""Validation shared by the project services: every check raises a Django ValidationError whose
Russian message says what to fix, before anything is written."""

import datetime as dt
from urllib.parse import urlparse

from django.core.exceptions import ValidationError

MAX_TEXT = 20_000
MAX_LINE = 300


def clean_text(value, field: str, what: str, *, required: bool = True,
               limit: int = MAX_TEXT) -> str:
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise ValidationError({field: [f"{what}: нужен текст."]})
    value = value.replace("\x00", "").strip()
    if required and not value:
        raise ValidationError({field: [f"Заполните поле «{what}»."]})
    if len(value) > limit:
        raise ValidationError({field: [f"«{what}» длиннее {limit} знаков: сократите текст."]})
    return value


def clean_url(value: str, field: str = "evidence_url") -> str:
    value = (value or "").strip()
    if not value:
        return ""
    parsed = urlparse(value)
    if parsed.scheme not in ("http", "https") or not parsed.netloc or len(value) > 500:
        raise ValidationError({field: ["Ссылка должна начинаться с http:// или https:// "
                                       "(не длиннее 500 знаков)."]})
    return value


def clean_lines(values, field: str, what: str, *, limit: int = 50) -> list[str]:
    """A list of short strings (agenda items, decisions, links); blank lines are dropped."""
    if isinstance(values, str):
        values = values.splitlines()
    if not isinstance(values, (list, tuple)):
        raise ValidationError({field: [f"{what}: нужен список строк."]})
    out = []
    for v in values:
        if not isinstance(v, str):
            raise ValidationError({field: [f"{what}: каждый пункт — строка текста."]})
        v = v.replace("\x00", "").strip()
        if v:
            if len(v) > 1000:
                raise ValidationError({field: [f"{what}: пункт длиннее 1000 знаков."]})
            out.append(v)
    if len(out) > limit:
        raise ValidationError({field: [f"{what}: не больше {limit} пунктов."]})
    return out


def check_same_town(territory, obj, field: str, what: str) -> None:
    if obj is not None and obj.territory_id != territory.pk:
        raise ValidationError({field: [f"{what} относится к другому городу."]})


def check_month(month: dt.date, field: str = "month") -> dt.date:
    if not isinstance(month, dt.date):
        raise ValidationError({field: ["Укажите месяц."]})
    if month.year < 2017 or month.year > 2100:
        raise ValidationError({field: ["Месяц вне допустимого диапазона (2017–2100)."]})
    return dt.date(month.year, month.month, 1)
