"""The engagement funnel, cohorts by first action and the origins of new active residents
(issue 17, point 5), read from the rollups, never from the raw ledger:

* funnel — registered in the registry → acted at least once in the last 12 calendar months →
  repeatedly active (actions in at least two different months of those 12);
* cohorts — persons grouped by the month of their first action; for each later month, the share
  of the cohort that acted in it (MonthlyActivity);
* origins — persons whose first action ever falls in the period («new active residents»), by the
  first action's channel, object type and (through veche/ledger/origins.py) group, e.g. event kind.

All are counts naming no one (purpose «statistics»). They join persons with their months, so
over a big town they take a second or more: the stored snapshot (snapshots.py) keeps them and
pages read it. docs/engagement.md says what each figure counts."""

import datetime as dt
from collections import defaultdict

from django.db.models import Count, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from veche.registry.consent import Purpose, analysis_basis
from veche.registry.models import Person
from veche.territories.models import Territory

from .models import MonthlyActivity, PersonActivity
from .origins import object_type_label, origin_for, resolvable_types

FUNNEL_MONTHS = 12
COHORT_MONTHS = 12
ORIGIN_DAYS = 365

# Channels as the writers name them (action_record's `source`); others are shown as written.
SOURCE_LABELS = {
    "web": _("сайт"), "cabinet": _("личный кабинет"), "qr": _("QR-код"), "bot": _("бот"),
    "staff": _("внесено сотрудником"), "paper": _("бумажный бланк"), "post": _("почта"),
    "email": _("эл. почта"), "sms": _("SMS"), "phone": _("телефон"), "meeting": _("встреча"),
    "api": _("API"), "import": _("импорт"), "demo": _("демо"),
}


def source_label(source: str) -> str:
    label = SOURCE_LABELS.get(source)
    return str(label) if label is not None else (source or "—")


def _share(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 0.0


def _month_start(day: dt.date) -> dt.date:
    return dt.date(day.year, day.month, 1)


def _months_back(first: dt.date, count: int) -> dt.date:
    for _i in range(count):
        first = (first - dt.timedelta(days=1)).replace(day=1)
    return first


def _next_month(month: dt.date) -> dt.date:
    return (month + dt.timedelta(days=32)).replace(day=1)


def _as_date(value) -> dt.date:
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


def _window(months: int, now: dt.datetime | None) -> tuple[dt.date, dt.datetime]:
    """The first of the oldest month of the last `months` calendar months, as date and as the
    town's local midnight (rollup months are local months, as the ledger writer counts them)."""
    first = _months_back(_month_start(timezone.localdate(now) if now else timezone.localdate()),
                         months - 1)
    start = timezone.make_aware(dt.datetime.combine(first, dt.time()))
    return first, start


def engagement_funnel(*, territory: Territory, months: int = FUNNEL_MONTHS,
                      now: dt.datetime | None = None) -> dict:
    """Registered → acted in the last `months` calendar months → acted in ≥ 2 of them."""
    analysis_basis(Purpose.STATISTICS)
    first, start = _window(months, now)
    registered = Person.objects.filter(territory=territory, is_erased=False,
                                       merged_into__isnull=True).count()
    acted = PersonActivity.objects.filter(territory=territory, last_at__gte=start).count()
    repeated = (MonthlyActivity.objects.filter(territory=territory, month__gte=first)
                .order_by().values("person_id").annotate(n=Count("id")).filter(n__gte=2)
                .count())
    stages = [("registered", _("В реестре"), registered),
              ("acted", _("Хотя бы одно действие"), acted),
              ("repeated", _("Действовали в двух и более месяцах"), repeated)]
    out, previous = [], None
    for code, label, count in stages:
        out.append({"code": code, "label": str(label), "count": count,
                    "of_previous": _share(count, previous) if previous is not None else 1.0,
                    "of_registered": _share(count, registered)})
        previous = count
    return {"months": months, "since": first, "stages": out}


def engagement_cohorts(*, territory: Territory, months: int = COHORT_MONTHS,
                       now: dt.datetime | None = None) -> dict:
    """Cohorts of the last `months` months by the month of the first action: each row its
    size and, for every month since (0 = the first month), how many of it acted then."""
    analysis_basis(Purpose.STATISTICS)
    first, start = _window(months, now)
    sizes = {
        _as_date(r["cohort"]): r["n"]
        for r in PersonActivity.objects.filter(territory=territory, first_at__gte=start)
        .annotate(cohort=TruncMonth("first_at")).order_by().values("cohort")
        .annotate(n=Count("id"))
    }
    cells: dict[tuple[dt.date, dt.date], int] = {
        (_as_date(r["cohort"]), r["month"]): r["n"]
        for r in MonthlyActivity.objects.filter(
            territory=territory, month__gte=first, person__activity__first_at__gte=start)
        .annotate(cohort=TruncMonth("person__activity__first_at")).order_by()
        .values("cohort", "month").annotate(n=Count("id"))
    }
    rows, cohort = [], first
    last_month = _window(1, now)[0]
    while cohort <= last_month:
        size = sizes.get(cohort, 0)
        row, month, offset = [], cohort, 0
        while month <= last_month:
            active = cells.get((cohort, month), 0)
            row.append({"offset": offset, "month": month, "active": active,
                        "share": _share(active, size)})
            month, offset = _next_month(month), offset + 1
        rows.append({"cohort": cohort, "size": size, "cells": row})
        cohort = _next_month(cohort)
    return {"months": months, "offsets": list(range(months)), "rows": rows}


def _resolve_groups(territory: Territory, object_type: str, ids: list[str]) -> dict[str, str]:
    origin = origin_for(object_type)
    if origin is None or origin.resolve is None:
        return {}
    found: dict[str, str] = {}
    for begin in range(0, len(ids), 5000):  # an IN list SQLite takes
        found.update(origin.resolve(territory, ids[begin:begin + 5000]))
    return found


def engagement_origins(*, territory: Territory, days: int = ORIGIN_DAYS,
                       now: dt.datetime | None = None) -> dict:
    """New active residents of the last `days` days (their first action ever is in it): how
    many, how many of them acted again (two actions or more), by the first action's channel,
    its object type and, where the object's capability registered a resolver, its group."""
    analysis_basis(Purpose.STATISTICS)
    since = (now or timezone.now()) - dt.timedelta(days=days)
    new = PersonActivity.objects.filter(territory=territory, first_at__gte=since).order_by()
    returned = Q(actions_count__gte=2)
    total = new.aggregate(new=Count("id"), returned=Count("id", filter=returned))
    by_source = [
        {"source": r["first_source"], "label": source_label(r["first_source"]),
         "new": r["new"], "returned": r["returned"], "share": _share(r["new"], total["new"])}
        for r in new.values("first_source")
        .annotate(new=Count("id"), returned=Count("id", filter=returned))
        .order_by("-new", "first_source")
    ]
    by_type = [
        {"object_type": r["first_object_type"], "label": object_type_label(r["first_object_type"]),
         "new": r["new"], "returned": r["returned"], "share": _share(r["new"], total["new"])}
        for r in new.values("first_object_type")
        .annotate(new=Count("id"), returned=Count("id", filter=returned))
        .order_by("-new", "first_object_type")
    ]
    by_group = []
    for object_type in resolvable_types():
        per_id = list(new.filter(first_object_type=object_type).values("first_object_id")
                      .annotate(new=Count("id"), returned=Count("id", filter=returned)))
        groups = _resolve_groups(territory, object_type, [r["first_object_id"] for r in per_id])
        summed: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for r in per_id:
            entry = summed[groups.get(r["first_object_id"], str(_("не найдено")))]
            entry[0] += r["new"]
            entry[1] += r["returned"]
        type_new = sum(v[0] for v in summed.values())
        by_group += [
            {"object_type": object_type, "type_label": object_type_label(object_type),
             "group": group, "new": n, "returned": returned, "share": _share(n, type_new)}
            for group, (n, returned) in sorted(summed.items(), key=lambda kv: (-kv[1][0], kv[0]))
        ]
    return {"days": days, "new": total["new"], "returned": total["returned"],
            "returned_share": _share(total["returned"], total["new"]),
            "by_source": by_source, "by_object_type": by_type, "by_group": by_group}
