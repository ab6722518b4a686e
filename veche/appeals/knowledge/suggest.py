"""Which template solutions fit an appeal's text: cosine similarity of lemma TF-IDF vectors
(`veche.text`, over the recurring questions' tokens). The fitted vectors are kept per town in
memory and rebuilt when a solution changes (one cheap query checks that), so one suggestion
costs the lemmas of the new text and one sparse product: well under 50 ms."""

import threading

import numpy as np
from django.db.models import Count, Max

from veche.territories.models import Territory
from veche.text import similarities, tfidf_fit

from ..recurring.text import analysed
from .selectors import solutions_for

TOPIC_BONUS = 0.1
_cache: dict[int, tuple] = {}
_lock = threading.Lock()


def _fitted(territory: Territory):
    qs = solutions_for(territory=territory, published_only=True)
    stamp = tuple(qs.aggregate(n=Count("id"), at=Max("updated_at")).values())
    cached = _cache.get(territory.pk)
    if cached and cached[0] == stamp:
        return cached[1:]
    rows = list(qs.values_list("id", "analysed_text", "topic_id"))
    found = tfidf_fit([r[1] or "" for r in rows]) if rows else None
    fitted = (None, [], []) if found is None else (found, [r[0] for r in rows],
                                                   [r[2] for r in rows])
    with _lock:
        _cache[territory.pk] = (stamp, *fitted)
    return fitted


def suggest_solutions(*, territory: Territory, text: str, topic=None, limit: int = 3,
                      min_score: float = 0.1) -> list:
    """Template solutions ranked by similarity to `text`, best first; each carries `.score`
    (0..1). A solution of the appeal's city topic gets a small bonus. Empty text: []."""
    if not (text or "").strip():
        return []
    fitted, ids, topics = _fitted(territory)
    if fitted is None:
        return []
    query = fitted.vector(analysed(text[:20_000]))
    if query.nnz == 0:
        return []
    scores = similarities(fitted.matrix, query)
    topic_id = getattr(topic, "pk", topic)
    if topic_id:
        scores = scores + np.where(np.array(topics) == topic_id, TOPIC_BONUS, 0.0)
    order = [i for i in np.argsort(-scores)[: limit * 2] if scores[i] >= min_score][:limit]
    if not order:
        return []
    found = {s.pk: s for s in solutions_for(territory=territory)
             .filter(pk__in=[ids[i] for i in order])}
    out = []
    for i in order:
        solution = found.get(ids[i])
        if solution is not None:
            solution.score = round(float(min(scores[i], 1.0)), 3)
            out.append(solution)
    return out
