"""Reads of the registry. The back office and the API search through `persons_search`, so the
two behave the same and share one index-friendly query."""

import datetime as dt

from django.db import connection
from django.db.models import CharField, F, Func, QuerySet
from django.utils import timezone

from veche.territories.models import Territory

from .consent import Purpose, analysis_basis
from .models import CardAccess, Person


def normalise_query(q: str) -> str:
    # NUL never belongs in a name and PostgreSQL refuses it in a query parameter.
    return " ".join((q or "").replace("\x00", "").lower().replace("ё", "е").split())[:100]


def persons_search(
    *,
    territory: Territory,
    q: str = "",
    district_id: int | None = None,
    segment_id: int | None = None,
    active_days: int | None = None,
    never_active: bool = False,
) -> QuerySet[Person]:
    """Persons of a town matching a name fragment (any part of "surname given patronymic"), a
    phone or email fragment, a district, a segment and activity. Erased persons are left out,
    and so are records merged into another record of the same human (registry/merges.py)."""
    qs = Person.objects.filter(territory=territory, is_erased=False, merged_into__isnull=True)
    text = normalise_query(q)
    order: list = ["surname", "given_name", "patronymic", "id"]
    if text:
        digits = "".join(ch for ch in text if ch.isdigit())
        if "@" in text:
            qs = qs.filter(email__icontains=text)
            order = _sorted_order(order)
        elif len(digits) >= 5 and len(digits) >= len(text.replace(" ", "")) - 2:
            qs = qs.filter(phone__contains=digits[-10:])
            order = _sorted_order(order)
        else:
            order, surnames = _registry_order(territory, text)
            # Every word must appear somewhere in the name: "иван петр" finds Иванов Пётр …
            if surnames is None:
                for word in text.split():
                    qs = qs.filter(search_name__contains=word)
            else:
                # Read off the order index by surname: the words are tested on the name the
                # index carries, in a form the trigram index cannot serve (the planner misjudges
                # a trigram's selectivity and would read every match from the table instead).
                qs = qs.alias(_name=_UNINDEXED_NAME).filter(surname__in=surnames)
                for word in text.split():
                    qs = qs.filter(_name__contains=word)
    if district_id:
        qs = qs.filter(district_id=district_id)
    if segment_id:
        qs = qs.filter(segments__id=segment_id)
    if never_active or active_days:  # who took part, from each person's own record
        analysis_basis(Purpose.RECORD)
    if never_active:
        qs = qs.filter(activity__isnull=True)
    elif active_days:
        since = timezone.now() - dt.timedelta(days=active_days)
        qs = qs.filter(activity__last_at__gte=since)
    return qs.select_related("district", "building").order_by(*order)


# A name fragment search on PostgreSQL has three good plans. Walk the registry's order index and
# stop at the first page: fast when matches are spread through the alphabet ("ова", "серг"); a
# probe of the first rows in registry order tells (the planner assumes matches are spread
# evenly). When they bunch, and the fragment is in no given name or patronymic of the town, it
# can only be in a surname: the town's name directory (registry_namepart, migration
# 0010_search_speed) lists those surnames and the persons who bear them are read off the order
# index alone, whatever their number («смирн», «соколов»: no table rows but the page's 50).
# Otherwise take the matches from the trigram index and sort them (few, or in given names).
PROBE_ROWS = 5000
SPREAD_MATCHES = 50  # of PROBE_ROWS: 1 %
MAX_SURNAMES = 1000  # more surnames than that: the trigram index is the better path
_UNINDEXED_SURNAME = Func(F("surname"), template="(%(expressions)s || '')",
                          output_field=CharField())
_UNINDEXED_NAME = Func(F("search_name"), template="(%(expressions)s || '')",
                       output_field=CharField())


def _sorted_order(order: list) -> list:
    """Sorts exactly like `order`, but no index provides it, so the planner sorts the matches
    (a walk of the order index would read a table row per entry to test an email or phone)."""
    if connection.vendor != "postgresql":
        return order
    return [_UNINDEXED_SURNAME.asc(), *order[1:]]


def _registry_order(territory: Territory, text: str) -> tuple[list, list[str] | None]:
    """The ordering of a name search, and the surnames to keep to (None: no such filter)."""
    order = ["surname", "given_name", "patronymic", "id"]
    if not text or connection.vendor != "postgresql":
        return order, None
    words = text.split()
    table = Person._meta.db_table
    patterns = ["%" + connection.ops.prep_for_like_query(w) + "%" for w in words]
    likes = " AND ".join(["search_name LIKE %s"] * len(words))
    with connection.cursor() as cursor:
        cursor.execute(
            f"""SELECT count(*) FROM (
                  SELECT search_name FROM {table}
                  WHERE territory_id = %s AND NOT is_erased AND merged_into_id IS NULL
                  ORDER BY surname, given_name, patronymic, id LIMIT {PROBE_ROWS}) w
                WHERE {likes}""",
            [territory.pk, *patterns],
        )
        if cursor.fetchone()[0] >= SPREAD_MATCHES:
            return order, None
        # Which surnames, given names and patronymics of the town hold each word.
        cursor.execute(
            """SELECT w.k, n.part, n.value
               FROM unnest(%s::text[]) WITH ORDINALITY AS w (pattern, k)
               JOIN registry_namepart n ON n.territory_id = %s AND n.norm LIKE w.pattern""",
            [patterns, territory.pk],
        )
        found: dict[int, list[str]] = {k: [] for k in range(1, len(words) + 1)}
        elsewhere: set[int] = set()
        for k, part, value in cursor.fetchall():
            if part == 1:
                found[k].append(value)
            else:
                elsewhere.add(k)
    sort = _sorted_order(order)
    in_surnames = [v for k, v in found.items() if k not in elsewhere]
    if not in_surnames:  # every word is also in some given name or patronymic
        return sort, None
    surnames = min(in_surnames, key=len)
    if len(surnames) > MAX_SURNAMES:
        return sort, None
    return sort, surnames


def attach_segments(persons: list[Person]) -> list[Person]:
    """Give each listed person `segment_list` (name, code) in one query. A prefetch would build
    a related manager per person, which costs more than the search itself on a registry page."""
    by_person: dict[int, list[dict]] = {p.pk: [] for p in persons}
    rows = (Person.segments.through.objects.filter(person_id__in=list(by_person))
            .order_by("segment__name").values_list("person_id", "segment__name", "segment__code"))
    for person_id, name, code in rows:
        by_person[person_id].append({"name": name, "code": code})
    for person in persons:
        person.segment_list = by_person[person.pk]
    return persons


def walks_order_index(qs: QuerySet[Person]) -> bool:
    """Whether a persons_search listing is ordered by the registry's order index (spread
    matches) rather than by a sort of the trigram matches (bunched ones)."""
    return not any(getattr(o, "expression", None) is _UNINDEXED_SURNAME
                   for o in qs.query.order_by)


def person_in_town(*, territory: Territory, person_id: int) -> Person:
    """One person of the town (raises Person.DoesNotExist for another town's id)."""
    return Person.objects.select_related("district", "building", "user").get(
        territory=territory, pk=person_id
    )


def card_accesses(*, territory: Territory, person: Person | None = None) -> QuerySet[CardAccess]:
    qs = CardAccess.objects.filter(territory=territory).select_related("viewer", "person")
    return qs.filter(person=person) if person is not None else qs


def person_export_data(*, person: Person) -> dict:
    """Everything the registry holds about a person, for their own download (152-FZ, art. 14):
    the person's fields, each fact with its source, consents (every grant and withdrawal) and
    who opened their card. The caller adds the ledger's actions (registry must not import it)."""
    return {
        "person": {
            "id": person.pk, "territory": person.territory.name,
            "surname": person.surname, "given_name": person.given_name,
            "patronymic": person.patronymic, "birth_date": person.birth_date,
            "phone": person.phone, "email": person.email,
            "district": person.district.name if person.district else None,
            "building": str(person.building) if person.building else None,
            "apartment": person.apartment,
            "segments": [s.name for s in person.segments.all()],
            "verification": person.get_verification_display(),
            "created_at": person.created_at, "updated_at": person.updated_at,
        },
        "facts": [
            {"field": f.field, "source": f.get_source_kind_display(),
             "source_list": f.source_list.name if f.source_list else None,
             "recorded_at": f.recorded_at}
            for f in person.facts.select_related("source_list").order_by("recorded_at", "id")
        ],
        "consents": [
            {"purpose": c.get_purpose_display(), "channel": c.channel or None,
             "granted": c.granted, "at": c.at, "via": c.via, "ip": c.ip,
             "text_version": c.text.version}
            for c in person.consents.select_related("text").order_by("at", "id")
        ],
        "card_accesses": [
            {"at": a.at, "viewer": str(a.viewer), "purpose": a.purpose}
            for a in person.card_accesses.select_related("viewer").order_by("at", "id")
        ],
    }
