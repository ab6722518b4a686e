"""The only writer of the ledger. Other apps call `action_record` (one action) or
`action_record_many` (imports, paper ballots, the demo); nothing else inserts into it.

Each write also keeps three rollups (PersonActivity, MonthlyActivity, TownMonthActivity) in the
same transaction, so engagement figures never need a distinct count over the raw ledger.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.db import connection, transaction
from django.db.models import Count, Max, Min, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _

from veche.registry.models import Person
from veche.territories.crosstown import in_towns
from veche.territories.models import CityTopic, Territory

from .models import Action, ActionKind, MonthlyActivity, PersonActivity, TownMonthActivity
from .pg_write import insert_action_with_rollups


class LedgerError(ValueError):
    """A refused action; the message is for the user, `code` for the API's clients."""

    def __init__(self, message, code: str = "action_refused"):
        super().__init__(message)
        self.code = code


def _greatest() -> str:
    return "GREATEST" if connection.vendor == "postgresql" else "MAX"


def _least() -> str:
    return "LEAST" if connection.vendor == "postgresql" else "MIN"


def _month(at: dt.datetime) -> dt.date:
    local = timezone.localtime(at)
    return dt.date(local.year, local.month, 1)


def _upsert_rollups(rows: list[tuple[int, int, dt.datetime, dt.datetime, int, float,
                                     str, str, str, str]],
                    months: list[tuple[int, int, dt.date, int]]) -> None:
    """rows: (territory_id, person_id, first_at, last_at, count, weight, and the first
    action's kind, object_type, object_id, source — the person's origin, written only when
    the activity row is created); months: (territory_id, person_id, month, count). Keeps all
    three rollups."""
    pa, ma = PersonActivity._meta.db_table, MonthlyActivity._meta.db_table
    tm = TownMonthActivity._meta.db_table
    month_upsert = f"""INSERT INTO {ma} (territory_id, person_id, month, actions_count)
        VALUES (%s, %s, %s, %s)
        ON CONFLICT (person_id, month) DO UPDATE SET
          actions_count = {ma}.actions_count + excluded.actions_count"""
    with connection.cursor() as cursor:
        cursor.executemany(
            f"""INSERT INTO {pa} (territory_id, person_id, first_at, last_at, actions_count,
                                   weight_sum, first_kind, first_object_type, first_object_id,
                                   first_source)
                VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s)
                ON CONFLICT (person_id) DO UPDATE SET
                  first_at = {_least()}({pa}.first_at, excluded.first_at),
                  last_at = {_greatest()}({pa}.last_at, excluded.last_at),
                  actions_count = {pa}.actions_count + excluded.actions_count,
                  weight_sum = {pa}.weight_sum + excluded.weight_sum""",
            rows,
        )
        # A person's first action in a month adds one active person to the town's month.
        if len(months) == 1:
            # The upsert's row lock orders concurrent writers: only the one whose count equals
            # what it added created the person-month.
            cursor.execute(month_upsert + " RETURNING actions_count", months[0])
            new_pairs = {months[0][1:3]} if cursor.fetchone()[0] == months[0][3] else set()
        else:
            # Bulk loads: one look-up of which person-months exist, then one batch.
            seen = set(
                in_towns(MonthlyActivity, {m[0] for m in months})
                .filter(person_id__in={m[1] for m in months}, month__in={m[2] for m in months})
                .values_list("person_id", "month")
            )
            new_pairs = {(p, m) for _, p, m, _ in months if (p, m) not in seen}
            cursor.executemany(month_upsert, months)
        town_months: dict[tuple[int, dt.date], list[int]] = defaultdict(lambda: [0, 0])
        for territory_id, person_id, month, count in months:
            entry = town_months[(territory_id, month)]
            entry[0] += (person_id, month) in new_pairs
            entry[1] += count
        cursor.executemany(
            f"""INSERT INTO {tm} (territory_id, month, active_persons, actions_count)
                VALUES (%s, %s, %s, %s)
                ON CONFLICT (territory_id, month) DO UPDATE SET
                  active_persons = {tm}.active_persons + excluded.active_persons,
                  actions_count = {tm}.actions_count + excluded.actions_count""",
            [(t, m, new, n) for (t, m), (new, n) in town_months.items()],
        )


# A person or topic that the open scope does not show: no town has this id, so the same-town
# check refuses it as another town's.
_NOT_IN_SCOPE = 0
# ActionKind.values builds a new list on every read; a batch checks thousands of actions.
_KINDS = frozenset(ActionKind.values)


def _check(*, kind: str, person_id: int | None, weight: float, territory_id: int,
           person_territory_id: int | None, topic_territory_id: int | None) -> None:
    """The rules every action meets, whichever writer takes it: a known kind, a registry
    person of the action's town, a weight within bounds, a topic (None: none) of that town."""
    if kind not in _KINDS:
        raise LedgerError(_("Неизвестный вид действия: %(kind)r") % {"kind": kind},
                          code="action_kind_unknown")
    if person_id is None:
        raise LedgerError(_("Действие можно записать только за участником из реестра."),
                          code="person_required")
    if weight is None or not (0 <= weight <= 1000):
        raise LedgerError(_("Вес действия должен быть от 0 до 1000 (часы, баллы)."),
                          code="weight_out_of_range")
    if person_territory_id != territory_id:
        raise LedgerError(_("Участник относится к другому городу."), code="other_town")
    if topic_territory_id is not None and topic_territory_id != territory_id:
        raise LedgerError(_("Тема относится к другому городу."), code="other_town")


def _towns_of(model, ids: set[int]) -> dict[int, int]:
    """{id: territory_id} of the rows the open scope shows, in chunks a SQLite IN takes."""
    ids_list, towns = sorted(ids), {}
    for start in range(0, len(ids_list), 5000):
        towns.update(model.objects.filter(pk__in=ids_list[start:start + 5000])
                     .order_by().values_list("pk", "territory_id"))
    return towns


def _check_many(actions: list[Action]) -> None:
    """`_check` for each of many unsaved actions. A loaded person or topic is taken as it is
    (as `action_record` takes its person); bare ids are looked up in one query each."""
    person_field, topic_field = Action._meta.get_field("person"), Action._meta.get_field("topic")
    # The person and topic objects the caller loaded, else None (then their ids are looked up).
    loaded: list[tuple[Any, Any]] = [
        (person_field.get_cached_value(a, None), topic_field.get_cached_value(a, None))
        for a in actions]
    person_ids = {a.person_id for a, (person, _t) in zip(actions, loaded, strict=True)
                  if person is None and a.person_id is not None}
    topic_ids = {a.topic_id for a, (_p, topic) in zip(actions, loaded, strict=True)
                 if topic is None and a.topic_id is not None}
    person_town, topic_town = _towns_of(Person, person_ids), _towns_of(CityTopic, topic_ids)
    for a, (person, topic) in zip(actions, loaded, strict=True):
        person_territory_id = (person.territory_id if person is not None
                               else person_town.get(a.person_id, _NOT_IN_SCOPE))
        if a.topic_id is None:
            topic_territory_id = None
        elif topic is not None:
            topic_territory_id = topic.territory_id
        else:
            topic_territory_id = topic_town.get(a.topic_id, _NOT_IN_SCOPE)
        _check(kind=a.kind, person_id=a.person_id, weight=a.weight, territory_id=a.territory_id,
               person_territory_id=person_territory_id, topic_territory_id=topic_territory_id)


def action_record(
    *,
    person: Person,
    kind: str,
    object_type: str = "",
    object_id: str | int = "",
    object_title: str = "",
    topic: CityTopic | None = None,
    occurred_at: dt.datetime | None = None,
    weight: float = 1.0,
    source: str = "web",
) -> Action:
    """Append one action of `person`. The action belongs to the person's town."""
    _check(kind=kind, person_id=person.pk, weight=weight, territory_id=person.territory_id,
           person_territory_id=person.territory_id,
           topic_territory_id=topic.territory_id if topic is not None else None)
    occurred_at = occurred_at or timezone.now()
    action = Action(
        territory_id=person.territory_id, person=person, kind=kind, object_type=object_type,
        object_id=str(object_id), object_title=object_title[:300], topic=topic,
        occurred_at=occurred_at, weight=weight, source=source,
    )
    # A person merged into another record of the same human counts as that record (merges).
    counted = person.merged_into_id or person.pk
    if connection.vendor == "postgresql":
        # One atomic statement: the action and its rollups, one round trip (pg_write.py).
        insert_action_with_rollups(action, _month(occurred_at), counted_person_id=counted)
        return action
    with transaction.atomic():
        action.save(force_insert=True)
        _upsert_rollups(
            [(person.territory_id, counted, occurred_at, occurred_at, 1, weight,
              kind, object_type, action.object_id, source)],
            [(person.territory_id, counted, _month(occurred_at), 1)],
        )
    return action


def _survivors(person_ids: set[int]) -> dict[int, int]:
    """{person id: survivor id} for the persons of `person_ids` merged into another record."""
    ids, found = sorted(person_ids), dict[int, int]()
    for start in range(0, len(ids), 5000):
        found.update(Person.objects.filter(pk__in=ids[start:start + 5000],
                                           merged_into__isnull=False)
                     .order_by().values_list("pk", "merged_into_id"))
    return found


@transaction.atomic
def action_record_many(*, actions: list[Action], batch_size: int = 5000) -> int:
    """Append many unsaved Action objects at once (imports, paper ballots, the demo).
    Each must have territory, person, kind and occurred_at set. Every action is checked as
    `action_record` checks one (kind, weight, the person's and the topic's town) before any is
    written: one bad action refuses the batch."""
    if not actions:
        return 0
    _check_many(actions)
    per_person: dict[int, list] = {}
    per_month: dict[tuple[int, dt.date], int] = defaultdict(int)
    territory_of: dict[int, int] = {}
    # Persons merged into another record of the same human count as that record (merges).
    survivor = _survivors({a.person_id for a in actions})
    for a in actions:
        counted = survivor.get(a.person_id, a.person_id)
        territory_of[counted] = a.territory_id
        a.object_id = str(a.object_id)
        row = per_person.get(counted)
        if row is None:
            per_person[counted] = [a.occurred_at, a.occurred_at, 1, a.weight,
                                   a.kind, a.object_type, a.object_id, a.source]
        else:
            if a.occurred_at < row[0]:  # an earlier action: the origin is its kind and channel
                row[4:8] = [a.kind, a.object_type, a.object_id, a.source]
            row[0] = min(row[0], a.occurred_at)
            row[1] = max(row[1], a.occurred_at)
            row[2] += 1
            row[3] += a.weight
        per_month[(counted, _month(a.occurred_at))] += 1
    Action.objects.bulk_create(actions, batch_size=batch_size)
    _upsert_rollups(
        [(territory_of[p], p, *row) for p, row in per_person.items()],
        [(territory_of[p], p, m, n) for (p, m), n in per_month.items()],
    )
    return len(actions)


def _human():
    """The person a ledger row counts for: the survivor when its person was merged into another
    record of the same human (registry merges), else its own person."""
    return Coalesce("person__merged_into_id", "person_id")


@transaction.atomic
def rollups_rebuild(*, territory: Territory, person_ids: Iterable[int] | None = None,
                    **signal: Any) -> None:
    """Recompute the rollups from the ledger (after a restore, a bulk load, a merge or its undo).
    Actions of a merged person count for its survivor, so one human is counted once.

    Without `person_ids`: the whole town. With them (a merge's two persons): only the rollups
    of those persons' humans (each person, its survivor and everyone merged into it) and the
    town months they touch — a few queries, whatever the town's size. Also the receiver of the
    registry's `persons_regrouped` (a merge or its undo; `signal`: the sender's keywords)."""
    if person_ids is None:
        PersonActivity.objects.filter(territory=territory).delete()
        MonthlyActivity.objects.filter(territory=territory).delete()
        TownMonthActivity.objects.filter(territory=territory).delete()
        actions = Action.objects.filter(territory=territory)
    else:
        ids = set(person_ids)
        roots = {merged or pk for pk, merged in Person.objects.filter(pk__in=ids)
                 .values_list("pk", "merged_into_id")}
        members = list(Person.objects.filter(Q(pk__in=roots) | Q(merged_into__in=roots))
                       .values_list("pk", flat=True))
        months_before = set(MonthlyActivity.objects.filter(person_id__in=members)
                            .values_list("month", flat=True))
        PersonActivity.objects.filter(person_id__in=members).delete()
        MonthlyActivity.objects.filter(person_id__in=members).delete()
        actions = Action.objects.filter(territory=territory, person_id__in=members)
    per_person = (
        actions.values(human=_human())
        .annotate(first=Min("occurred_at"), last=Max("occurred_at"), n=Count("id"),
                  w=Sum("weight")).order_by()
    )
    PersonActivity.objects.bulk_create([
        PersonActivity(territory=territory, person_id=r["human"], first_at=r["first"],
                       last_at=r["last"], actions_count=r["n"], weight_sum=r["w"] or 0)
        for r in per_person
    ], batch_size=5000)
    per_month = (
        actions.annotate(m=TruncMonth("occurred_at")).values("m", human=_human())
        .annotate(n=Count("id")).order_by()
    )
    monthly = [
        MonthlyActivity(territory=territory, person_id=r["human"],
                        month=r["m"].date() if isinstance(r["m"], dt.datetime) else r["m"],
                        actions_count=r["n"])
        for r in per_month
    ]
    MonthlyActivity.objects.bulk_create(monthly, batch_size=5000)
    _origins_fill(territory=territory, person_ids=None if person_ids is None else members)
    town_months = MonthlyActivity.objects.filter(territory=territory)
    if person_ids is not None:
        touched = months_before | {m.month for m in monthly}
        TownMonthActivity.objects.filter(territory=territory, month__in=touched).delete()
        town_months = town_months.filter(month__in=touched)
    TownMonthActivity.objects.bulk_create([
        TownMonthActivity(territory=territory, month=r["month"], active_persons=r["active"],
                          actions_count=r["actions"])
        for r in town_months.values("month")
        .annotate(active=Count("id"), actions=Sum("actions_count")).order_by()
    ])


def _origins_fill(*, territory: Territory, person_ids: list[int] | None) -> None:
    """Set each rebuilt activity row's origin (the kind, object and channel of the human's
    first action: its own or of a record merged into it), as the writers set it on creation."""
    first = (Action.objects.filter(occurred_at=OuterRef("first_at"))
             .filter(Q(person_id=OuterRef("person_id"))
                     | Q(person__merged_into_id=OuterRef("person_id")))
             .order_by("id"))
    rows = PersonActivity.objects.filter(territory=territory)
    if person_ids is not None:
        rows = rows.filter(person_id__in=person_ids)
    rows.update(**{f"first_{field}": Subquery(first.values(field)[:1])
                   for field in ("kind", "object_type", "object_id", "source")})

