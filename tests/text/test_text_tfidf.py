"""The core's TF-IDF setup: unit-length rows, cosine to a query, common terms dropped only in
a big enough collection, nothing to fit gives None."""

import numpy as np

from veche.text import similarities, tfidf_fit, tfidf_vectoriser
from veche.text.tfidf import COMMON_FROM


def test_rows_have_unit_length_and_similarities_are_cosines():
    fitted = tfidf_fit(["яма двор", "фонарь гореть", "яма проезд яма"])
    assert fitted is not None
    norms = np.sqrt(np.asarray(fitted.matrix.multiply(fitted.matrix).sum(axis=1)).ravel())
    assert np.allclose(norms, 1.0)
    sims = similarities(fitted.matrix, fitted.vector("яма"))
    assert sims.shape == (3,) and sims[1] == 0 and 0 < sims[0] <= 1 and 0 < sims[2] <= 1
    assert np.isclose(similarities(fitted.matrix, fitted.matrix[1])[1], 1.0)
    assert fitted.vector("квантовый реактор").nnz == 0


def test_tokens_are_split_on_spaces_only_and_kept_as_they_are():
    fitted = tfidf_fit(["~освещение фонарь", "северо-запад ДК"])
    assert list(fitted.terms()) == ["~освещение", "ДК", "северо-запад", "фонарь"]


def test_sublinear_term_frequency():
    fitted = tfidf_fit(["яма яма яма яма фонарь", "двор"])
    row = dict(zip(fitted.terms(), fitted.matrix.toarray()[0], strict=True))
    assert row["яма"] / row["фонарь"] < 4  # 1 + ln 4, not 4


def test_common_terms_dropped_only_in_a_big_collection():
    small = [f"общий слово{i}" for i in range(COMMON_FROM - 1)]
    assert "общий" in tfidf_fit(small, drop_common=0.5).terms()
    big = [f"общий слово{i}" for i in range(COMMON_FROM)]
    assert "общий" not in tfidf_fit(big, drop_common=0.5).terms()
    assert "общий" in tfidf_fit(big).terms()
    assert tfidf_vectoriser(documents=10, max_features=5).max_features == 5


def test_nothing_to_fit_gives_none():
    assert tfidf_fit([]) is None
    assert tfidf_fit(["", "   "]) is None
