"""Reads of the registry. The back office and the API search through `persons_search`, so the
two behave the same and share one index-friendly query."""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import connection
from django.db.models import CharField, F, Func, QuerySet
from django.utils import timezone

from veche.territories.models import Territory

from .consent import Purpose, analysis_basis
from .models import CardAccess, Person


def normalise_query(q: str) -> str:
    # NUL never belongs in a name and PostgreSQL refuses it in a query parameter.
    return " ".join((q or "").replace("\x00", "").lower().replace("ё", "е").split())[:100]


REGISTRY_ORDER = ("surname", "given_name", "patronymic", "id")


@dataclass(frozen=True)
class PersonListing:
    """A registry search ready for a paged listing. `rows` are the persons in registry order
    (what persons_search returns); `counted` the same persons unordered, so a count takes the
    cheapest index there is (the trigram index stops after the first matches it finds);
    `page_ids` reads one page's ids the way the search planned (see _name_plan)."""

    rows: QuerySet[Person]
    counted: QuerySet[Person]
    walk: tuple[QuerySet[Person], tuple[str, ...]] | None = None  # (the persons unfiltered by
    # name, in registry order; the words): the page is read walking the order index
    count_by_walk: bool = False  # matches so dense that walking to the cap is the cheapest

    def page_ids(self, start: int, size: int) -> list[int]:
        if self.walk is None or size <= 0:
            return list(self.rows.values_list("id", flat=True)[start:start + size])
        sql, params = self._walk_sql()
        return [row[0] for row in _fetch(f"{sql} LIMIT {int(size)} OFFSET {int(start)}", params)]

    def count_upto(self, limit: int) -> int:
        """How many persons there are, counting no further than `limit`."""
        if self.walk is not None and self.count_by_walk:
            sql, params = self._walk_sql()
            return _fetch(f"SELECT count(*) FROM ({sql} LIMIT {int(limit)}) c", params)[0][0]
        return self.counted.values("id")[:limit].count()

    def _walk_sql(self) -> tuple[str, list]:
        # The words are tested OUTSIDE a subquery fenced by a LIMIT, so the planner cannot
        # take the trigram index (it guesses ~100 matches for any fragment and would read every
        # match from the table, 28,000 for «рома»): it walks the covering order index and stops
        # at the last row wanted. Rows leave a subquery scan in the subquery's order.
        assert self.walk is not None
        base, words = self.walk
        inner, params = base.values("id", "search_name")[:WALK_FENCE].query.sql_with_params()
        likes = " AND ".join(["w.search_name LIKE %s"] * len(words))
        return (f"SELECT w.id FROM ({inner}) w WHERE {likes}",
                [*params, *_like_patterns(words)])


def _fetch(sql: str, params: list) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def persons_search(*, territory: Territory, **filters) -> QuerySet[Person]:
    """Persons of a town matching a name fragment (any part of "surname given patronymic"), a
    phone or email fragment, a district, a segment and activity, in registry order. Erased
    persons are left out, and so are records merged into another record of the same human
    (registry/merges.py). Filters as persons_listing's."""
    return persons_listing(territory=territory, **filters).rows


def persons_listing(
    *,
    territory: Territory,
    q: str = "",
    district_id: int | None = None,
    segment_id: int | None = None,
    active_days: int | None = None,
    never_active: bool = False,
) -> PersonListing:
    """persons_search's persons, with how to count them and read a page (the back office's
    registry list, through CappedPaginator)."""
    base = Person.objects.filter(territory=territory, is_erased=False, merged_into__isnull=True)
    if district_id:
        base = base.filter(district_id=district_id)
    if segment_id:
        base = base.filter(segments__id=segment_id)
    if never_active or active_days:  # who took part, from each person's own record
        analysis_basis(Purpose.RECORD)
    if never_active:
        base = base.filter(activity__isnull=True)
    elif active_days:
        since = timezone.now() - dt.timedelta(days=active_days)
        base = base.filter(activity__last_at__gte=since)
    base = base.select_related("district", "building")
    text = normalise_query(q)
    if not text:
        return PersonListing(rows=base.order_by(*REGISTRY_ORDER), counted=base.order_by())
    digits = "".join(ch for ch in text if ch.isdigit())
    if "@" in text:
        matching = base.filter(email__icontains=text)
        return PersonListing(rows=matching.order_by(*_sorted_order()), counted=matching.order_by())
    if len(digits) >= 5 and len(digits) >= len(text.replace(" ", "")) - 2:
        matching = base.filter(phone__contains=digits[-10:])
        return PersonListing(rows=matching.order_by(*_sorted_order()), counted=matching.order_by())
    # Every word must appear somewhere in the name: "иван петр" finds Иванов Пётр …
    words = tuple(text.split())
    matching = base
    for word in words:
        matching = matching.filter(search_name__contains=word)
    counted = _counted_by_name(base, words)
    plan, surnames, probed = _name_plan(territory, words)
    if plan == WALK:
        return PersonListing(rows=matching.order_by(*REGISTRY_ORDER), counted=counted,
                             walk=(base.order_by(*REGISTRY_ORDER), words),
                             count_by_walk=probed >= WALK_COUNT_MATCHES)
    if plan == SURNAMES:
        # Read off the order index by surname: the words are tested on the name the index
        # carries, in a form the trigram index cannot serve (the planner misjudges a trigram's
        # selectivity and would read every match from the table instead).
        rows = base.alias(_name=_UNINDEXED_NAME).filter(surname__in=surnames or [])
        for word in words:
            rows = rows.filter(_name__contains=word)
        # Counted the same way, off the order index alone.
        return PersonListing(rows=rows.order_by(*_sorted_order()), counted=rows.order_by())
    if plan == SORT:
        return PersonListing(rows=matching.order_by(*_sorted_order()), counted=counted)
    return PersonListing(rows=matching.order_by(*REGISTRY_ORDER), counted=counted)


# A name fragment search on PostgreSQL has three good plans. Walk the registry's order index and
# stop at the page's last match: fast when matches are spread through the alphabet ("ова",
# "жанна"); a probe of the first rows in registry order tells (the planner assumes matches are
# spread evenly, but cannot be trusted with a trigram's selectivity, so the walk is fenced:
# PersonListing.page_ids). When they bunch, and the fragment is in no given name or patronymic
# of the town, it can only be in a surname: the town's name directory (registry_namepart,
# migration 0010_search_speed) lists those surnames and the persons who bear them are read off
# the order index alone, whatever their number («смирн», «соколов»: no table rows but the
# page's 50). Otherwise take the matches from the trigram index and sort them (few, or bunched
# in given names or patronymics: «иванов петр»).
PLAIN, WALK, SURNAMES, SORT = "plain", "walk", "surnames", "sort"
PROBE_ROWS = 5000
WALK_MATCHES = 15  # of PROBE_ROWS (0.3 %): a page of 50 within ~17,000 entries of the index
# Of PROBE_ROWS (5 %): the count's cap within ~20,000 entries; a trigram index would first
# gather every match («алекс»: 197,000) before the count could stop.
WALK_COUNT_MATCHES = 250
MAX_SURNAMES = 1000  # more surnames than that: the trigram index is the better path
WALK_FENCE = 1_000_000_000  # the fence's LIMIT: above any town's registry
_UNINDEXED_SURNAME = Func(F("surname"), template="(%(expressions)s || '')",
                          output_field=CharField())
_UNINDEXED_NAME = Func(F("search_name"), template="(%(expressions)s || '')",
                       output_field=CharField())


def _sorted_order() -> list:
    """Sorts exactly like the registry order, but no index provides it, so the planner sorts
    the matches (a walk of the order index would read a table row per entry to test an email
    or phone)."""
    if connection.vendor != "postgresql":
        return list(REGISTRY_ORDER)
    return [_UNINDEXED_SURNAME.asc(), *REGISTRY_ORDER[1:]]


COUNT_PREFIX = 4


def _counted_by_name(base: QuerySet[Person], words: Sequence[str]) -> QuerySet[Person]:
    """The persons holding every word, to count up to a cap. The trigram index is asked for
    each word's first letters only and the whole word is tested on the rows it gives: a Russian
    name's ending is a suffix thousands share (-овна, -евич, -ова), and the index intersects
    every trigram's list, so «михайловна» costs 2–3× what «миха» does; the rows stop at the
    cap either way."""
    counted = base.order_by()
    for word in words:
        counted = counted.filter(search_name__contains=word[:COUNT_PREFIX])
        if len(word) > COUNT_PREFIX and connection.vendor == "postgresql":
            counted = counted.alias(_name=_UNINDEXED_NAME).filter(_name__contains=word)
        elif len(word) > COUNT_PREFIX:
            counted = counted.filter(search_name__contains=word)
    return counted


def _like_patterns(words: Sequence[str]) -> list[str]:
    return ["%" + connection.ops.prep_for_like_query(w) + "%" for w in words]


def _name_plan(territory: Territory,
               words: Sequence[str]) -> tuple[str, list[str] | None, int]:
    """How to read a name search's page (PLAIN off PostgreSQL), for SURNAMES the surnames to
    keep to (an empty list when some word is in no name of the town at all), and how many of
    the first PROBE_ROWS persons in registry order match."""
    if connection.vendor != "postgresql":
        return PLAIN, None, 0
    table = Person._meta.db_table
    patterns = _like_patterns(words)
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
        probed = cursor.fetchone()[0]
        if probed >= WALK_MATCHES:
            return WALK, None, probed
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
    in_surnames = [v for k, v in found.items() if k not in elsewhere]
    if not in_surnames:  # every word is also in some given name or patronymic
        return SORT, None, probed
    surnames = min(in_surnames, key=len)
    if len(surnames) > MAX_SURNAMES:
        return SORT, None, probed
    return SURNAMES, surnames, probed


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


def person_records(*, person: Person) -> list[Person]:
    """The person and every record merged into it (registry/merges.py): one human's records,
    for what is held about them — the records a merge absorbed keep their appeals, ballots
    and actions, and the human's own download must include them."""
    return [person, *Person.objects.filter(merged_into=person).order_by("id")]


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
