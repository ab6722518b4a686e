"""«Similar practices» for a practice or a problem text: TF-IDF over the lemmas of every published
passport (scikit-learn), cosine similarity, then the seed's rule «Поищи у соседей — посмотри у
себя — придумай»: among practices that really are similar (cosine ≥ MIN_SIMILARITY), those of
neighbouring towns (same region or closer than NEIGHBOUR_KM) get ×(1 + NEIGHBOUR_BOOST) and
those of the same function of local government ×(1 + FUNCTION_BOOST); each result says why.

The matrix is built once per process and rebuilt when the bank changes (count and last update
of published practices are checked on every call: one indexed query)."""

from __future__ import annotations

import threading
from dataclasses import dataclass

import numpy as np
from django.db.models import Count, Max

from veche.practices.models import Practice
from veche.territories.geo import are_neighbours
from veche.territories.models import Territory
from veche.text import similarities, tfidf_fit

from .text import lemma_string

NEIGHBOUR_KM = 500
MIN_SIMILARITY = 0.05
NEIGHBOUR_BOOST = 0.3
FUNCTION_BOOST = 0.15
POOL = 60

_lock = threading.Lock()
_index: dict = {}


@dataclass
class Similar:
    practice: Practice
    similarity: float
    score: float
    neighbour: bool
    own_town: bool
    same_function: bool


def _signature() -> tuple:
    agg = Practice.objects.filter(status=Practice.Status.PUBLISHED).aggregate(
        n=Count("id"), last=Max("updated_at"))
    return agg["n"], agg["last"]


def _build(sig: tuple) -> dict:
    rows = list(Practice.objects.filter(status=Practice.Status.PUBLISHED)
                .values_list("id", "territory_id", "function", "search_lemmas").order_by("id"))
    fitted = tfidf_fit([r[3] for r in rows], drop_common=0.6, max_features=200_000)
    if fitted is None:  # no published practice, or none with a word to compare
        return {"sig": sig, "ids": np.array([], dtype=np.int64), "matrix": None}
    return {
        "sig": sig, "fitted": fitted, "matrix": fitted.matrix,
        "ids": np.array([r[0] for r in rows], dtype=np.int64),
        "pos": {r[0]: i for i, r in enumerate(rows)},
    }


def similarity_index() -> dict:
    """The current index (caller opens the all-towns scope)."""
    sig = _signature()
    with _lock:
        if _index.get("sig") != sig:
            _index.clear()
            _index.update(_build(sig))
        return dict(_index)


def _ranked(index: dict, vector, exclude: int | None, asking: Territory | None,
            function: str, limit: int) -> list[Similar]:
    if index.get("matrix") is None or vector is None:
        return []
    sims = similarities(index["matrix"], vector)
    if exclude is not None and exclude in index["pos"]:
        sims[index["pos"][exclude]] = 0.0
    take = min(POOL, len(sims))
    pool = np.argpartition(-sims, take - 1)[:take] if take else np.array([], dtype=int)
    top = [i for i in pool if sims[i] >= MIN_SIMILARITY]
    if not top:
        return []
    by_id = Practice.objects.select_related("territory").in_bulk(
        [int(index["ids"][i]) for i in top])
    out = []
    for i in top:
        p = by_id.get(int(index["ids"][i]))
        if p is None:
            continue
        sim = float(sims[i])
        neighbour = bool(asking and are_neighbours(asking, p.territory, within_km=NEIGHBOUR_KM))
        same_function = bool(function and p.function == function)
        score = sim * (1 + NEIGHBOUR_BOOST * neighbour + FUNCTION_BOOST * same_function)
        out.append(Similar(p, round(sim, 4), round(score, 4), neighbour,
                           bool(asking and asking.pk == p.territory_id), same_function))
    out.sort(key=lambda s: (-s.score, s.practice.pk))
    return out[:limit]


def similar_to_practice(practice: Practice, *, limit: int = 8) -> list[Similar]:
    """Published practices like `practice` (which may itself be a draft), its town's
    neighbours first. Caller opens ``all_towns()``."""
    index = similarity_index()
    if index.get("matrix") is None:
        return []
    if practice.pk in index["pos"]:
        vector = index["matrix"][index["pos"][practice.pk]]
    else:
        vector = index["fitted"].vector(practice.search_lemmas or "")
    return _ranked(index, vector, practice.pk, practice.territory, practice.function, limit)


def similar_to_text(text: str, *, territory: Territory | None = None, function: str = "",
                    limit: int = 8) -> list[Similar]:
    """Published practices that answer a problem described in `text`; `territory` is the
    asking town (its neighbours first)."""
    index = similarity_index()
    if index.get("matrix") is None or not text.strip():
        return []
    vector = index["fitted"].vector(lemma_string(text[:20_000]))
    if not vector.nnz:
        return []
    return _ranked(index, vector, None, territory, function, limit)
