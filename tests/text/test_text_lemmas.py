"""The core's Russian text toolkit: one tokeniser, one cached lemmatiser, one stop list."""

import subprocess
import sys

from veche.text import STOP_WORDS, analyser, lemma, lemmas, words


def test_words_are_lower_case_with_hyphens_kept():
    assert words("Ёж и ЁЛКА на северо-западе, дом 5") == [
        "ёж", "и", "ёлка", "на", "северо-западе", "дом", "5"]
    assert words(None) == [] and words("") == []


def test_yo_and_ye_give_one_lemma():
    assert lemma("ёлки") == lemma("елки") == "елка"
    assert lemmas("Тёмный подъезд") == lemmas("Темный подъезд") == ["темный", "подъезд"]
    assert lemma("ёж") == "еж"  # two letters: kept as written, still without ё
    assert lemmas("ул. Королёва") == ["королев"]  # the ё says which word it is


def test_cases_and_numbers_reach_one_normal_form():
    assert lemmas("дворов дворам дворами во дворе") == ["двор"] * 4
    assert lemmas("Встречи Главы города с жителями") == ["встреча", "глава", "город", "житель"]


def test_stop_words_out_by_form_and_by_lemma():
    assert lemmas("и в на не это может быть, когда уже") == []
    assert lemmas("они могут") == []  # «могут» is not in the list, its lemma «мочь» is
    # The list is one for all: function words of both former lists, no domain words.
    assert {"мочь", "ул", "год", "который", "только"} <= STOP_WORDS
    assert not {"двор", "житель", "город", "прошу"} & STOP_WORDS
    assert all("ё" not in w for w in STOP_WORDS)


def test_a_capability_adds_its_words_numbers_and_synonyms():
    mine = STOP_WORDS | {"житель"}
    assert lemmas("жители 2021 года", stop=mine) == ["2021"]
    assert lemmas("жители 2021 года", stop=mine, numbers=False) == []
    assert lemmas("лавочки у подъезда", fixes={"лавочка": "скамейка"}) == ["скамейка", "подъезд"]


def test_short_words_codes_and_pymorphy_slips():
    assert lemmas("ДК и ЖК") == ["дк", "жк"]  # two letters: kept as written
    assert lemma("wifi") == "wifi" and lemma("x" * 50) == "x" * 50
    assert lemma("ямы") == "яма"  # pymorphy3 alone says «ям» (the coaching inn)


def test_the_analyser_and_the_lemmas_are_cached():
    assert analyser() is analyser()
    lemma("проездами")
    hits = lemma.cache_info().hits
    lemma("проездами")
    assert lemma.cache_info().hits == hits + 1


def test_lemmas_without_the_dawg_c_extension():
    # pymorphy3 falls back to its pure-Python DAWG reader: same lemmas, only slower.
    code = ("import sys; sys.modules['dawg'] = None\n"
            "from veche.text import lemmas\n"
            "print(' '.join(lemmas('Ямы на дворовых проездах')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, timeout=120)
    assert out.stdout.split() == ["яма", "дворовый", "проезд"]
