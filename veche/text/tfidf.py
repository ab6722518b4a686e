"""One TF-IDF setup for every capability (scikit-learn): documents are analysed text — tokens
separated by spaces, as `" ".join(lemmas(text))` gives them, plus whatever tokens a capability
adds (the appeals' concept tokens). Term frequency is sublinear (a word said five times is not
five times as telling), rows are float32 with unit length, so a product of two rows is their
cosine similarity."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

# Below this many documents no term is "too common": in a handful of texts a shared word is
# still a signal, and dropping it could leave nothing to compare.
COMMON_FROM = 50


def tfidf_vectoriser(*, documents: int, drop_common: float | None = None,
                     max_features: int | None = None) -> TfidfVectorizer:
    """An unfitted vectoriser for a collection of `documents` texts. `drop_common`: terms found
    in more than this share of the documents are dropped (from COMMON_FROM documents on);
    `max_features` keeps only the most frequent terms (a bound on memory)."""
    max_df = drop_common if drop_common is not None and documents >= COMMON_FROM else 1.0
    return TfidfVectorizer(analyzer=str.split, sublinear_tf=True, min_df=1, max_df=max_df,
                           max_features=max_features, dtype=np.float32)


@dataclass(frozen=True)
class Fitted:
    vectoriser: TfidfVectorizer
    matrix: sparse.csr_matrix  # one unit-length row per document

    def vector(self, analysed: str) -> sparse.csr_matrix:
        """The row of a new analysed text in the same vocabulary (empty if it shares none)."""
        return self.vectoriser.transform([analysed])

    def terms(self) -> np.ndarray:
        return self.vectoriser.get_feature_names_out()


def tfidf_fit(documents: list[str], *, drop_common: float | None = None,
              max_features: int | None = None) -> Fitted | None:
    """The fitted vectoriser and matrix of `documents`; None when they have no terms at all
    (empty, or nothing but stop words)."""
    vectoriser = tfidf_vectoriser(documents=len(documents), drop_common=drop_common,
                                  max_features=max_features)
    try:
        matrix = vectoriser.fit_transform(documents)
    except ValueError:  # scikit-learn's "empty vocabulary"
        return None
    return Fitted(vectoriser, matrix.tocsr())


def similarities(matrix: sparse.spmatrix, vector: sparse.spmatrix) -> np.ndarray:
    """Cosine similarity of every row of `matrix` to one row `vector` (both unit length)."""
    return np.asarray((matrix @ vector.T).todense()).ravel()
