"""Russian words and their lemmas: one tokeniser and one lemmatiser for every capability.

pymorphy3 with its Russian dictionaries (offline, in the wheel). Its analyser takes a few
hundred milliseconds to load, so there is one per process; lemmas are cached per word, since
texts repeat their words a lot (100,000 appeals have some 30,000 distinct words). pymorphy3
uses the DAWG C extension where it is installed (`pymorphy3[fast]`, ~13× faster) and falls
back to the pure-Python reader where it is not: the lemmas are the same either way.
"""

from __future__ import annotations

import re
from collections.abc import Container, Mapping
from functools import lru_cache

import pymorphy3

from .stopwords import STOP_WORDS

# Input is lower-cased first, so the pattern needs no capitals.
_WORD = re.compile(r"[а-яёa-z0-9]+(?:-[а-яёa-z0-9]+)*")
_CYRILLIC = re.compile("[а-яё]")
LONGEST_WORD = 40  # longer «words» are codes or garbage: kept as they are

# Normal forms pymorphy3 picks wrongly for a town's texts: «ямы» → «ям» (the coaching inn).
FIXES: dict[str, str] = {"ям": "яма"}


def words(text: str | None) -> list[str]:
    """The words of a text in order: lower-case, hyphenated words kept whole. An ё stays: it
    tells the analyser which word it is («Королёва» street is not «королева», the queen)."""
    return _WORD.findall((text or "").lower())


@lru_cache(maxsize=1)
def analyser() -> pymorphy3.MorphAnalyzer:
    """The process's one morphological analyser (loading it costs a few hundred ms)."""
    return pymorphy3.MorphAnalyzer()


@lru_cache(maxsize=300_000)
def lemma(word: str) -> str:
    """The normal form of one lower-case word, with ё written as е (so «ёлки» and «елки» are
    one lemma). Numbers, words without Cyrillic letters and words of one or two letters (ДК,
    ЖК, ТЦ: pymorphy3 would guess a paradigm for them) stay as they are."""
    if len(word) < 3 or len(word) > LONGEST_WORD or word.isdigit() or not _CYRILLIC.search(word):
        normal = word.replace("ё", "е")
    else:
        normal = analyser().parse(word)[0].normal_form.replace("ё", "е")
    return FIXES.get(normal, normal)


def lemmas(text: str | None, *, stop: Container[str] = STOP_WORDS, numbers: bool = True,
           fixes: Mapping[str, str] | None = None) -> list[str]:
    """The meaningful lemmas of a text, in order. A word is left out when it has one letter,
    or when its form or its lemma is in `stop` (`STOP_WORDS`, or a capability's frozenset of
    `STOP_WORDS | its own words`, built once). `numbers=False` leaves numbers out too.
    `fixes` maps a lemma to the one a capability wants instead (its synonyms: «лавка» →
    «скамейка»), applied before the stop check."""
    out = []
    for w in words(text):
        if len(w) < 2 or w in stop or (not numbers and w.isdigit()):
            continue
        lem = lemma(w)
        if fixes:
            lem = fixes.get(lem, lem)
        if lem not in stop:
            out.append(lem)
    return out
