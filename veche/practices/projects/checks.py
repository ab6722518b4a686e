"""Validation shared by the project services: every check raises a Django ValidationError whose
Russian message says what to fix, before anything is written."""

import datetime as dt
from urllib.parse import urlparse

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_TEXT = 20_000
MAX_LINE = 300


def _refusal(field: str, message: str, code: str, **params) -> ValidationError:
    return ValidationError({field: ValidationError(message, code=code, params=params or None)})


def clean_text(value, field: str, what: str, *, required: bool = True,
               limit: int = MAX_TEXT) -> str:
    """`what`: the field's name for the user, marked for translation by the caller."""
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise _refusal(field, _("%(what)s: нужен текст."), "not_text", what=what)
    value = value.replace("\x00", "").strip()
    if required and not value:
        raise _refusal(field, _("Заполните поле «%(label)s»."), "required", label=what)
    if len(value) > limit:
        raise _refusal(field, _("«%(what)s» длиннее %(limit)s знаков: сократите текст."),
                       "text_too_long", what=what, limit=limit)
    return value


def clean_url(value: str, field: str = "evidence_url") -> str:
    value = (value or "").strip()
    if not value:
        return ""
    parsed = urlparse(value)
    if parsed.scheme not in ("http", "https") or not parsed.netloc or len(value) > 500:
        raise _refusal(field, _("Ссылка должна начинаться с http:// или https:// (не длиннее "
                                "500 знаков)."), "url_invalid")
    return value


def clean_lines(values, field: str, what: str, *, limit: int = 50) -> list[str]:
    """A list of short strings (agenda items, decisions, links); blank lines are dropped."""
    if isinstance(values, str):
        values = values.splitlines()
    if not isinstance(values, (list, tuple)):
        raise _refusal(field, _("%(what)s: нужен список строк."), "not_list", what=what)
    out = []
    for v in values:
        if not isinstance(v, str):
            raise _refusal(field, _("%(what)s: каждый пункт — строка текста."), "not_text",
                           what=what)
        v = v.replace("\x00", "").strip()
        if v:
            if len(v) > 1000:
                raise _refusal(field, _("%(what)s: пункт длиннее 1000 знаков."),
                               "text_too_long", what=what)
            out.append(v)
    if len(out) > limit:
        raise _refusal(field, _("%(what)s: не больше %(limit)s пунктов."), "too_many_items",
                       what=what, limit=limit)
    return out


def check_same_town(territory, obj, field: str, what: str) -> None:
    if obj is not None and obj.territory_id != territory.pk:
        raise _refusal(field, _("%(what)s относится к другому городу."), "other_town",
                       what=what)


def check_month(month: dt.date | None, field: str = "month") -> dt.date:
    if not isinstance(month, dt.date):
        raise _refusal(field, _("Укажите месяц."), "month_missing")
    if month.year < 2017 or month.year > 2100:
        raise _refusal(field, _("Месяц вне допустимого диапазона (2017–2100)."),
                       "month_out_of_range")
    return dt.date(month.year, month.month, 1)
