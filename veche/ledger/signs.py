"""The ledger's own warning signs (seed 000), declared in the core because the ledger holds
their data: the mix of residents' action kinds (do they only bring demands?) and topics that
are busy with activity nobody among the residents asked for («выдуманные проблемы»).

Both read one aggregate — actions of the period grouped by town, kind and topic — shared
through `Period.memo`, so the two signs cost one query for any number of towns."""

import datetime as dt
import time
from collections.abc import Sequence
from typing import Any

from django.db.models import Count, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from veche.accounts.signs import (
    NO_DATA,
    OK,
    WARNING,
    Evidence,
    Period,
    SignResult,
    WarningSign,
    percent,
    share,
    town_ids,
)
from veche.territories.models import CityTopic, Territory

from .models import Action, ActionKind, SignsSnapshot, TownMonthActivity

# Actions that only ask something of the administration (an appeal, a question at the head's
# meeting — those are appeals too), against those where residents do something themselves.
DEMANDS = frozenset({ActionKind.APPEAL})
RESIDENT_ORIGINATED = frozenset({ActionKind.PROPOSAL, ActionKind.APPEAL})
DEMANDS_WARNING = 0.6  # demands make 60 % or more of the actions
MIN_ACTIONS = 20  # fewer actions in the period say nothing about a mix
TOPIC_MIN_ACTIONS = 5  # a topic "has activity" from this many actions in the period
TOPICS_WARNING = 0.25  # a quarter or more of the busy topics nobody among residents raised


SNAPSHOT_MONTHS = 37  # three years and the current month


def _month_starts(period: Period) -> tuple[dt.date, dt.date]:
    """The first days of the period's first and last months: the ledger's signs count whole
    calendar months (the snapshot's grain), the months the period touches."""
    return period.start.replace(day=1), period.end.replace(day=1)


def _month_of(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).date().replace(day=1) if timezone.is_aware(value) \
            else value.date().replace(day=1)
    return value.replace(day=1)


def _live(town_ids_: list[int], first: dt.date, last: dt.date) -> list[dict[str, Any]]:
    """Counts by town, month, kind and topic straight from the ledger."""
    zone = timezone.get_current_timezone()
    start = dt.datetime.combine(first, dt.time.min, tzinfo=zone)
    end_month = (last + dt.timedelta(days=32)).replace(day=1)
    end = dt.datetime.combine(end_month, dt.time.min, tzinfo=zone)
    return [
        {**r, "month": _month_of(r["month"])} for r in
        Action.objects.filter(territory_id__in=town_ids_, occurred_at__gte=start,
                              occurred_at__lt=end)
        .annotate(month=TruncMonth("occurred_at"))
        .values("territory_id", "month", "kind", "topic_id").annotate(n=Count("id")).order_by()]


def signs_snapshot_refresh(*, territory: Territory) -> SignsSnapshot:
    """Recount a town's stored months (a worker's job: a big town's three years take seconds)."""
    started = time.perf_counter()
    last = timezone.localdate().replace(day=1)
    first = last
    for _month in range(SNAPSHOT_MONTHS - 1):
        first = (first - dt.timedelta(days=1)).replace(day=1)
    rows = _live([territory.pk], first, last)
    snapshot, _created = SignsSnapshot.objects.update_or_create(
        territory=territory, defaults={
            "months": [[r["month"].isoformat(), r["kind"], r["topic_id"], r["n"]] for r in rows],
            "computed_at": timezone.now(), "refresh_requested_at": None,
            "compute_ms": round((time.perf_counter() - started) * 1000)})
    return snapshot


def _ask_refresh(town_ids_: list[int]) -> None:
    """Queue one refresh per town whose snapshot is missing or behind (the request that flips
    the flag queues it; another asks again after an hour)."""
    from .tasks import refresh_signs_snapshot

    now = timezone.now()
    have = set(SignsSnapshot.objects.filter(territory_id__in=town_ids_)
               .values_list("territory_id", flat=True))
    for town in town_ids_:
        if town in have:
            claimed = SignsSnapshot.objects.filter(territory_id=town).filter(
                Q(refresh_requested_at__isnull=True)
                | Q(refresh_requested_at__lt=now - dt.timedelta(hours=1))
            ).update(refresh_requested_at=now)
            if not claimed:
                continue
        refresh_signs_snapshot.enqueue(territory_id=town)


def _kind_topic_counts(towns: Sequence[Any], period: Period) -> list[dict[str, Any]]:
    """Actions of the period's months by town, kind and topic: from the stored snapshot where
    its month's total equals the writer's own TownMonthActivity, live for the rest (the current
    month after new actions, a town not yet snapshotted). A fixed number of queries."""
    key = ("ledger.kind_topic", tuple(town_ids(towns)))
    if key in period.memo:
        return period.memo[key]
    ids = town_ids(towns)
    first, last = _month_starts(period)
    truth = {(t, _month_of(m)): n for t, m, n in TownMonthActivity.objects.filter(
        territory_id__in=ids, month__gte=first, month__lte=last)
        .values_list("territory_id", "month", "actions_count")}
    stored: dict[tuple[int, dt.date], list[tuple[str, int | None, int]]] = {}
    for town, months in SignsSnapshot.objects.filter(territory_id__in=ids).values_list(
            "territory_id", "months"):
        for month, kind, topic, n in months:
            m = dt.date.fromisoformat(month)
            if first <= m <= last:
                stored.setdefault((town, m), []).append((kind, topic, n))
    rows, behind = [], set()
    for town in ids:
        for month_key in [k for k in truth if k[0] == town]:
            got = stored.get(month_key)
            if got is not None and sum(n for _k, _t, n in got) == truth[month_key]:
                rows += [{"territory_id": town, "kind": k, "topic_id": t, "n": n}
                         for k, t, n in got]
            else:
                behind.add(month_key)
    if behind:
        live_first = min(m for _t, m in behind)
        for r in _live(sorted({t for t, _m in behind}), live_first, last):
            if (r["territory_id"], r["month"]) in behind:
                rows.append(r)
        _ask_refresh(sorted({t for t, _m in behind}))
    period.memo[key] = rows
    return rows


def demands_only(towns: Sequence[Any], period: Period) -> dict[int, SignResult]:
    by_town: dict[int, dict[str, int]] = {t: {} for t in town_ids(towns)}
    for row in _kind_topic_counts(towns, period):
        kinds = by_town[row["territory_id"]]
        kinds[row["kind"]] = kinds.get(row["kind"], 0) + row["n"]
    labels = dict(ActionKind.choices)
    out = {}
    for town, kinds in by_town.items():
        total = sum(kinds.values())
        if total < MIN_ACTIONS:
            out[town] = SignResult.no_data(
                _("За период в реестре меньше %(n)s действий жителей: судить об их составе рано.")
                % {"n": MIN_ACTIONS})
            continue
        demands = sum(n for k, n in kinds.items() if k in DEMANDS)
        value = share(demands, total)
        out[town] = SignResult(
            state=WARNING if value >= DEMANDS_WARNING else OK, figure=value,
            display=_("обращения и вопросы — %(share)s действий (%(n)s из %(total)s)")
            % {"share": percent(value), "n": demands, "total": total},
            evidence=[Evidence("ledger.kind", kind, str(labels.get(kind, kind)), str(n))
                      for kind, n in sorted(kinds.items(), key=lambda kv: -kv[1])],
            evidence_total=len(kinds))
    return out


def invented_topics(towns: Sequence[Any], period: Period) -> dict[int, SignResult]:
    busy: dict[int, dict[int, list[int]]] = {t: {} for t in town_ids(towns)}  # topic: [all, own]
    for row in _kind_topic_counts(towns, period):
        if row["topic_id"] is None:
            continue
        counts = busy[row["territory_id"]].setdefault(row["topic_id"], [0, 0])
        counts[0] += row["n"]
        if row["kind"] in RESIDENT_ORIGINATED:
            counts[1] += row["n"]
    names = dict(CityTopic.objects.filter(territory_id__in=town_ids(towns))
                 .values_list("pk", "name"))
    out = {}
    for town, topics in busy.items():
        active = {t: c for t, c in topics.items() if c[0] >= TOPIC_MIN_ACTIONS}
        if not active:
            out[town] = SignResult.no_data(
                _("Ни у одной темы за период нет %(n)s действий жителей: отмечайте тему у "
                  "голосований, обращений и мероприятий.") % {"n": TOPIC_MIN_ACTIONS})
            continue
        orphans = sorted((t for t, c in active.items() if c[1] == 0),
                         key=lambda t: -active[t][0])
        value = share(len(orphans), len(active))
        out[town] = SignResult(
            state=WARNING if orphans and value >= TOPICS_WARNING else OK, figure=value,
            display=_("%(n)s из %(total)s активных тем (%(share)s) без предложений и обращений "
                      "жителей") % {"n": len(orphans), "total": len(active),
                                    "share": percent(value)},
            evidence=[Evidence("territories.citytopic", str(t), names.get(t, "—"),
                               _("%(n)s действий, ни одного предложения или обращения")
                               % {"n": active[t][0]}) for t in orphans[:10]],
            evidence_total=len(orphans))
    return out


QUOTE_DEMANDS = gettext_lazy(
    "«Граждане страны Росатом» работают исключительно в формате – заслушивание отчетов Главы, "
    "перечисление требований к Администрации, внесения предложений, выдача «поручений» Главе и "
    "Предприятию, сбор наказов.")
QUOTE_INVENTED = gettext_lazy(
    "Деятельность «Граждан страны Росатом» базируется на «выдуманных», неактуальных проблемах. "
    "Деятельность «Граждан страны Росатом» не решает проблем развития города – не "
    "вырабатывается совместное видение, способы решения, взаимная ответственность.")

SIGNS: tuple[WarningSign, ...] = (
    WarningSign(
        code="ledger.invented_topics", order=30,
        title=gettext_lazy("Темы без запроса жителей («выдуманные проблемы»)"),
        quote=QUOTE_INVENTED,
        explanation=gettext_lazy(
            "Берутся темы города, по которым за период в реестре действий есть активность "
            "(голоса, отзывы, комментарии, действия на мероприятиях — от 5 действий). Тема, по "
            "которой при этом нет ни одного предложения и ни одного обращения жителей, занимает "
            "людей, но сами жители её не поднимали."),
        advice=gettext_lazy(
            "Проверьте эти темы: откуда они взялись и нужны ли они жителям. Соберите по ним "
            "предложения (опрос, дискуссионная площадка) или переключите работу на темы, с "
            "которыми жители приходят сами."),
        threshold=gettext_lazy("тревога: четверть активных тем и больше — без предложений и "
                               "обращений жителей"),
        evaluate=invented_topics),
    WarningSign(
        code="ledger.demands_only", order=50,
        title=gettext_lazy("Жители только предъявляют требования"),
        quote=QUOTE_DEMANDS,
        explanation=gettext_lazy(
            "Доля обращений (в том числе вопросов на встречах с Главой) среди всех действий "
            "жителей за период по реестру действий. Предложения, голоса, отзывы, волонтёрские "
            "часы и действия на мероприятиях — то, что жители делают сами."),
        advice=gettext_lazy(
            "Давайте жителям формы, где они действуют: сбор предложений, голосования, обратная "
            "связь после мероприятий, волонтёрские задачи у инициатив. На встречах с Главой "
            "переводите требования в совместные решения с ответственными из числа жителей."),
        threshold=gettext_lazy("тревога: обращения составляют 60 % действий и больше "
                               "(нужно не меньше 20 действий за период)"),
        evaluate=demands_only),
)

__all__ = ["SIGNS", "NO_DATA", "OK", "WARNING"]
