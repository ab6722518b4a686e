"""Grouping short Russian texts by meaning: lemma TF-IDF vectors, then average-linkage
agglomerative clustering on cosine distance with a distance threshold.

Why this: the number of recurring questions is not known in advance (k-means would need it
and would force every stray text into some group), and a threshold says plainly «texts this
similar are one question». Agglomerative clustering is quadratic, so above `DIRECT_LIMIT`
texts the vectors are first reduced (truncated SVD, 80 dimensions) and over-clustered by
MiniBatchKMeans into a few hundred tight groups; the centroids are then clustered with the
same threshold, and texts far from their group's centre are left out. 100,000 texts take
seconds (bench/appeals_recurring.py).

Pure computation: no Django, no database; `services.py` feeds it and stores the result.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

import numpy as np
from scipy import sparse
from sklearn.cluster import AgglomerativeClustering, MiniBatchKMeans
from sklearn.decomposition import TruncatedSVD
from sklearn.preprocessing import normalize
from threadpoolctl import threadpool_limits

from veche.text import tfidf_fit

from .text import analysed, is_concept

DIRECT_LIMIT = 2500
KMEANS_GROUPS = 300
SVD_DIMENSIONS = 80
# Cosine distance under which two texts (or groups) are the same question.
DISTANCE_THRESHOLD = 0.8
MIN_SIMILARITY = 0.2
CONCEPT_WEIGHT = 2.5


@dataclass
class Cluster:
    members: list[int]  # indexes into the input list
    similarities: list[float]
    terms: list[str]
    label: str = ""
    extra: dict = field(default_factory=dict)


def vectorize(texts: list[str]):
    """Rows of L2-normalised lemma TF-IDF (sublinear tf), and the vocabulary."""
    fitted = tfidf_fit([analysed(t) for t in texts], drop_common=0.5)
    if fitted is None:  # nothing but stop words
        return None, []
    vocabulary = fitted.terms()
    # Synonyms matter more than any single word: weigh the concept columns up.
    weights = np.where([is_concept(str(t)) for t in vocabulary], CONCEPT_WEIGHT, 1.0)
    matrix = normalize(fitted.matrix @ sparse.diags(weights.astype(np.float32)))
    return matrix.tocsr(), vocabulary


def _agglomerate(units: np.ndarray, threshold: float) -> np.ndarray:
    if len(units) == 1:
        return np.zeros(1, dtype=int)
    model = AgglomerativeClustering(n_clusters=None, metric="cosine", linkage="average",
                                    distance_threshold=threshold)
    return model.fit_predict(units)


def assign(matrix, *, threshold: float = DISTANCE_THRESHOLD, seed: int = 0) -> np.ndarray:
    """A group label per row (-1: an outlier far from its group).

    BLAS and OpenMP run single-threaded here: on a busy two-core worker their spinning
    threads made the SVD ten times slower than one thread (bench/appeals_recurring.py)."""
    with threadpool_limits(limits=1):
        return _assign(matrix, threshold=threshold, seed=seed)


def _assign(matrix, *, threshold: float, seed: int) -> np.ndarray:
    n = matrix.shape[0]
    nonzero = np.asarray(matrix.getnnz(axis=1)) > 0
    labels = np.full(n, -1, dtype=int)
    if not nonzero.any():
        return labels
    rows = np.flatnonzero(nonzero)
    sub = matrix[rows]
    if len(rows) <= DIRECT_LIMIT:
        labels[rows] = _agglomerate(sub.toarray(), threshold)
        return labels
    dims = min(SVD_DIMENSIONS, sub.shape[1] - 1)
    reduced = normalize(TruncatedSVD(n_components=dims, random_state=seed,
                                     algorithm="randomized", n_iter=4).fit_transform(sub))
    groups = min(KMEANS_GROUPS, len(rows) // 5)
    km = MiniBatchKMeans(n_clusters=groups, random_state=seed, batch_size=4096, n_init=1,
                         max_iter=30, init_size=min(len(rows), 6000))
    fine = km.fit_predict(reduced)
    centroids = normalize(km.cluster_centers_)
    coarse = _agglomerate(centroids, threshold)
    merged = coarse[fine]
    # Texts whose own vector is far from the centre of their fine group are outliers.
    closeness = np.einsum("ij,ij->i", reduced, centroids[fine])
    merged[closeness < MIN_SIMILARITY] = -1
    labels[rows] = merged
    return labels


def _label(terms: list[str]) -> str:
    return ", ".join(terms[:3])


def clusters_of(texts: list[str], *, min_size: int = 2, top_terms: int = 5,
                threshold: float = DISTANCE_THRESHOLD, seed: int = 0) -> list[Cluster]:
    """Groups of at least `min_size` texts, biggest first, each with its top lemmas."""
    matrix, vocabulary = vectorize(texts)
    if matrix is None:
        return []
    labels = assign(matrix, threshold=threshold, seed=seed)
    by_label: dict[int, list[int]] = defaultdict(list)
    for i, lab in enumerate(labels):
        if lab >= 0:
            by_label[int(lab)].append(i)
    out = []
    for members in by_label.values():
        if len(members) < min_size:
            continue
        block = matrix[members]
        centre = np.asarray(block.mean(axis=0)).ravel()
        norm = np.linalg.norm(centre) or 1.0
        sims = np.asarray(block @ (centre / norm)).ravel()
        order = np.argsort(-centre)
        terms = [str(vocabulary[j]) for j in order[: top_terms * 3]
                 if centre[j] > 0 and not is_concept(str(vocabulary[j]))][:top_terms]
        ranked = sorted(zip(members, sims.tolist(), strict=True), key=lambda p: -p[1])
        out.append(Cluster(members=[m for m, _ in ranked],
                           similarities=[round(s, 4) for _, s in ranked],
                           terms=terms, label=_label(terms)))
    out.sort(key=lambda c: (-len(c.members), c.label))
    return out


def monthly_trend(dates: list) -> list[dict]:
    """Counts per calendar month, oldest first: [{"month": "YYYY-MM-01", "count": n}]."""
    counts = Counter(d.strftime("%Y-%m-01") for d in dates if d is not None)
    return [{"month": m, "count": c} for m, c in sorted(counts.items())]
