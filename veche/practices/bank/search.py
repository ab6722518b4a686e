"""Search of the bank: filters (classifier cell, town, topic, tag, year, stage) and full text in
Russian. PostgreSQL: the stored `russian` tsvector of the whole passport (GIN index) finds,
ts_rank over the small title+summary tsvector orders; when no
passport has the words, trigram word similarity on titles (typos, partial words). SQLite:
lemmas (pymorphy3) stored per practice, matched with LIKE and ranked in Python over at most
SQLITE_CANDIDATES rows.

Callers open the scope: a town's own list inside its town scope; the public bank, on purpose,
inside ``all_towns()`` with ``published_only=True``."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import BooleanField, Count, FloatField, Q, QuerySet, Window
from django.db.models.expressions import RawSQL

from veche.practices.models import Practice

from .text import lemmas

SQLITE_CANDIDATES = 3000
MAX_QUERY = 300
HEAVY = ("search_vector", "search_head", "search_lemmas")  # not needed to show a result


@dataclass
class BankFilters:
    q: str = ""
    method: str = ""
    function: str = ""
    town: str = ""  # territory slug
    topic: str = ""  # topic name (topics are per town; the bank matches by name)
    tag: str = ""
    year: int | None = None
    contest_year: int | None = None
    stage: str = ""
    status: str = ""  # staff lists only

    def as_query(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if v not in ("", None)}


@dataclass
class SearchPage:
    items: list[Practice] = field(default_factory=list)
    total: int = 0
    query_lemmas: list[str] = field(default_factory=list)
    capped: bool = False  # more matches than `total` says


def filtered(f: BankFilters, *, published_only: bool = True, territory=None) -> QuerySet:
    qs = Practice.objects.all()
    if published_only:
        qs = qs.filter(status=Practice.Status.PUBLISHED)
    elif f.status:
        qs = qs.filter(status=f.status)
    if territory is not None:
        qs = qs.filter(territory=territory)
    if f.method:
        qs = qs.filter(method=f.method)
    if f.function:
        qs = qs.filter(function=f.function)
    if f.town:
        qs = qs.filter(territory__slug=f.town)
    if f.topic:
        qs = qs.filter(topics__name=f.topic)
    if f.tag:
        qs = qs.filter(tags__name=f.tag)
    if f.year:
        qs = qs.filter(year=f.year)
    if f.contest_year:
        qs = qs.filter(contest_year=f.contest_year)
    if f.stage:
        qs = qs.filter(stage=f.stage)
    if f.topic or f.tag:
        qs = qs.distinct()
    return qs


def search_practices(f: BankFilters, *, published_only: bool = True, territory=None,
                     limit: int = 20, offset: int = 0) -> SearchPage:
    qs = filtered(f, published_only=published_only, territory=territory)
    q = " ".join(f.q.split())[:MAX_QUERY]
    if not q:
        total = qs.count()
        items = list(qs.select_related("territory").order_by("-year", "title", "id")
                     [offset:offset + limit])
        return SearchPage(items, total)
    if connection.vendor == "postgresql":
        return _search_pg(qs, q, limit, offset)
    return _search_lemmas(qs, q, limit, offset)


def _pg_hits(qs: QuerySet, q: str, any_word: bool) -> QuerySet:
    tsq = "websearch_to_tsquery('russian', %s)"
    if any_word:
        tsq = f"replace({tsq}::text, ' & ', ' | ')::tsquery"
    hit = RawSQL(f"search_vector @@ {tsq}", (q,), output_field=BooleanField())
    # Ranked by the small inline `search_head` (title, tags, classifier, summary): ranking by
    # the whole passport's tsvector read every match's toasted column (p95 156 ms at 10,000
    # passports). Matches only in the body rank 0 and come after, newest first.
    rank = RawSQL(f"CASE WHEN search_head @@ {tsq} THEN ts_rank(search_head, {tsq}) ELSE 0 END",
                  (q, q), output_field=FloatField())
    return qs.filter(hit).annotate(rank=rank)


def _pg_title_hits(qs: QuerySet, q: str) -> QuerySet:
    """Typos and word fragments: trigram word similarity on titles (GIN gin_trgm_ops)."""
    hit = RawSQL("%s <%% title", (q,), output_field=BooleanField())
    rank = RawSQL("word_similarity(%s, title)", (q,), output_field=FloatField())
    return qs.filter(hit).annotate(rank=rank)


def _search_pg(qs: QuerySet, q: str, limit: int, offset: int) -> SearchPage:
    """All words (then any word, then title trigrams) ranked by ts_rank, with the exact
    number of matches."""
    with transaction.atomic():
        # The planner prices a sequential scan without the cost of reading every passport's
        # toasted tsvector, so a common word (a quarter of the bank) got a seq scan: 270 ms
        # at 10,000 passports instead of 25 ms through the GIN index. SSD page costs (for this
        # transaction only) make it choose the index.
        with connection.cursor() as cur:
            cur.execute("SET LOCAL random_page_cost = 1.1")
        return _search_pg_ranked(qs, q, limit, offset)


def _ranked_page(hits: QuerySet, limit: int, offset: int) -> tuple[list[Practice], int]:
    """One scan for the page and the exact total (`count(*) over ()` before the top-N sort):
    a separate count read the same thousands of heap rows a second time."""
    # Narrow rows (id, rank, count): whole rows made the window spill to disk.
    ranked = list(hits.annotate(found=Window(Count("id"))).order_by("-rank", "-year", "id")
                  .values_list("id", "rank", "found")[offset:offset + limit])
    if not ranked:
        return [], (hits.count() if offset else 0)
    by_id = Practice.objects.select_related("territory").defer(*HEAVY).in_bulk(
        [pk for pk, _, _ in ranked])
    items = []
    for pk, rank, _ in ranked:
        by_id[pk].rank = rank
        items.append(by_id[pk])
    return items, ranked[0][2]


def _search_pg_ranked(qs: QuerySet, q: str, limit: int, offset: int) -> SearchPage:
    items, total = _ranked_page(_pg_hits(qs, q, any_word=False), limit, offset)
    if total == 0 and len(q.split()) > 1:
        items, total = _ranked_page(_pg_hits(qs, q, any_word=True), limit, offset)
    if total == 0:
        items, total = _ranked_page(_pg_title_hits(qs, q), limit, offset)
    return SearchPage(items, total, lemmas(q))


def lemma_score(doc: str, title_lemmas: set[str], words: list[str]) -> float:
    score = 0.0
    for w in words:
        tf = doc.count(f" {w} ")
        if tf:
            score += 1 + math.log(tf)
        if w in title_lemmas:
            score += 3
    return score


def _search_lemmas(qs: QuerySet, q: str, limit: int, offset: int) -> SearchPage:
    words = list(dict.fromkeys(lemmas(q)))
    if not words:
        return SearchPage([], 0, [])
    cond = Q()
    for w in words:
        cond &= Q(search_lemmas__contains=f" {w} ")
    rows = list(qs.filter(cond).values_list("id", "title", "search_lemmas")[:SQLITE_CANDIDATES])
    if not rows and len(words) > 1:
        any_cond = Q()
        for w in words:
            any_cond |= Q(search_lemmas__contains=f" {w} ")
        rows = list(qs.filter(any_cond).values_list("id", "title", "search_lemmas")
                    [:SQLITE_CANDIDATES])
    scored = sorted(((lemma_score(doc, set(lemmas(title)), words), pk)
                     for pk, title, doc in rows), key=lambda x: (-x[0], x[1]))
    ids = [pk for _, pk in scored[offset:offset + limit]]
    by_id = Practice.objects.select_related("territory").in_bulk(ids)
    items = []
    for score, pk in scored[offset:offset + limit]:
        p = by_id[pk]
        p.rank = score
        items.append(p)
    return SearchPage(items, len(rows), words, capped=len(rows) >= SQLITE_CANDIDATES)


def matrix_counts(qs: QuerySet) -> dict[tuple[str, str], int]:
    """Practices per classifier cell (method, function); blank codes for unclassified."""
    rows = qs.order_by().values("method", "function").annotate(n=Count("id"))
    return {(r["method"], r["function"]): r["n"] for r in rows}
