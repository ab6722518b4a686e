"""Russia's time zones, as a town chooses its own: pages, deadlines, posters and reminders of a
town are in its local time (the request middleware and `town_scope` activate it), and where a
time matters to a reader from elsewhere it is labelled against Moscow time («МСК+2»), as
Russian official papers and timetables do."""

import datetime as dt
from zoneinfo import ZoneInfo

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

MOSCOW = "Europe/Moscow"

# (IANA name, the label staff choose from); one zone per offset a town can have, plus the
# zones of the same offset whose history differs (the tz database keeps their past right).
ZONES = (
    ("Europe/Kaliningrad", _("МСК−1 — Калининград")),
    ("Europe/Moscow", _("МСК — Москва")),
    ("Europe/Volgograd", _("МСК — Волгоград")),
    ("Europe/Samara", _("МСК+1 — Самара")),
    ("Europe/Saratov", _("МСК+1 — Саратов")),
    ("Europe/Ulyanovsk", _("МСК+1 — Ульяновск")),
    ("Europe/Astrakhan", _("МСК+1 — Астрахань")),
    ("Asia/Yekaterinburg", _("МСК+2 — Екатеринбург, Челябинск, Пермь")),
    ("Asia/Omsk", _("МСК+3 — Омск")),
    ("Asia/Novosibirsk", _("МСК+4 — Новосибирск")),
    ("Asia/Barnaul", _("МСК+4 — Барнаул")),
    ("Asia/Tomsk", _("МСК+4 — Томск")),
    ("Asia/Novokuznetsk", _("МСК+4 — Кемерово, Новокузнецк")),
    ("Asia/Krasnoyarsk", _("МСК+4 — Красноярск")),
    ("Asia/Irkutsk", _("МСК+5 — Иркутск")),
    ("Asia/Chita", _("МСК+6 — Чита")),
    ("Asia/Yakutsk", _("МСК+6 — Якутск")),
    ("Asia/Vladivostok", _("МСК+7 — Владивосток")),
    ("Asia/Sakhalin", _("МСК+8 — Южно-Сахалинск")),
    ("Asia/Magadan", _("МСК+8 — Магадан")),
    ("Asia/Kamchatka", _("МСК+9 — Петропавловск-Камчатский")),
    ("Asia/Anadyr", _("МСК+9 — Анадырь")),
)


def moscow_offset(zone: str, at: dt.datetime | None = None) -> str:
    """«МСК», «МСК+2», «МСК−1»: the zone's offset from Moscow time at `at` (now by default)."""
    at = at or dt.datetime.now(dt.UTC)
    here = at.astimezone(ZoneInfo(zone)).utcoffset() or dt.timedelta(0)
    moscow = at.astimezone(ZoneInfo(MOSCOW)).utcoffset() or dt.timedelta(0)
    hours = round((here - moscow).total_seconds() / 3600)
    moscow_time = gettext("МСК")  # Moscow time, as timetables abbreviate it («MSK» in English)
    if hours == 0:
        return moscow_time
    return f"{moscow_time}{'+' if hours > 0 else '−'}{abs(hours)}"
