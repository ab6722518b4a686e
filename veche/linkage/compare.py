"""Comparison of a pair of records, field by field, as levels of agreement.

Each `Comparison` turns the coded columns of the two records of every pair into one small
integer per pair: 0 is the strongest agreement, higher levels weaker, the last one
disagreement; NULL (-1) where either record lacks the field, so the field says nothing. The
model (`model.py`) learns how often each level occurs among true matches and among random
pairs; its weight is the evidence the review screen shows.

Level labels are Russian source strings marked with `gettext_noop`: the page that shows them
translates them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import OSA, JaroWinkler

from .records import Prepared

NULL = -1
SWAP_LIKENESS = 0.85  # mean Jaro-Winkler of the crossed name parts that makes a swap


def gettext_noop(message: str) -> str:
    """Marks a label for the translation catalogue (makemessages looks for this name); the
    page that shows the label translates it. Django's own needs settings, a library does not."""
    return message


N_ = gettext_noop


@dataclass(frozen=True)
class Pair:
    """The two sides of every candidate pair, with the name parts already un-swapped."""

    prepared: Prepared
    left: np.ndarray
    right: np.ndarray
    right_surname: np.ndarray
    right_given: np.ndarray

    def column(self, name: str) -> tuple[np.ndarray, np.ndarray]:
        codes = self.prepared.codes[name]
        a, b = codes[self.left], codes[self.right]
        if name == "surname":
            b = self.right_surname
        elif name == "given":
            b = self.right_given
        return a, b


def pair_sides(prepared: Prepared, left: np.ndarray, right: np.ndarray) -> Pair:
    """Where one record has surname and given name the other way round (Иван Петров and Петров
    Иван in separate cells, «ryna chloe» for «chloe ryan»), compare them crosswise: when the
    crossed parts are alike and more alike than the straight ones."""
    sur, giv = prepared.codes["surname"], prepared.codes["given"]
    a_sur, a_giv, b_sur, b_giv = sur[left], giv[left], sur[right], giv[right]
    swapped = (a_sur == b_giv) & (a_giv == b_sur) & (a_sur != a_giv) & (a_sur >= 0) & (
        a_giv >= 0)
    first = prepared.pool_initials("name")  # crossed first letters agree: cheap to check
    maybe = np.nonzero(~swapped & (a_sur != b_sur) & (a_giv != b_giv) & (a_sur >= 0)
                       & (a_giv >= 0) & (b_sur >= 0) & (b_giv >= 0)
                       & (first[a_sur] == first[b_giv]) & (first[a_giv] == first[b_sur]))[0]
    if len(maybe):
        crossed = (similarity(prepared, "name", a_sur[maybe], b_giv[maybe])
                   + similarity(prepared, "name", a_giv[maybe], b_sur[maybe]))
        straight = (similarity(prepared, "name", a_sur[maybe], b_sur[maybe])
                    + similarity(prepared, "name", a_giv[maybe], b_giv[maybe]))
        swapped[maybe[(crossed >= 2 * SWAP_LIKENESS) & (crossed > straight)]] = True
    return Pair(prepared, left, right, np.where(swapped, b_giv, b_sur),
                np.where(swapped, b_sur, b_giv))


def similarity(prepared: Prepared, pool: str, a: np.ndarray, b: np.ndarray,
               scorer: Callable = JaroWinkler.normalized_similarity) -> np.ndarray:
    """The scorer's value for each pair of different known values (1.0 where equal, 0 where
    either is missing); strings are looked up only for those pairs."""
    out = np.where((a == b) & (a >= 0), 1.0, 0.0).astype(np.float32)
    todo = np.nonzero((a != b) & (a >= 0) & (b >= 0))[0]
    if len(todo):
        values = prepared.pool_array(pool)
        out[todo] = process.cpdist(values[a[todo]], values[b[todo]], scorer=scorer,
                                   dtype=np.float32, workers=1)
    return out


def edits(prepared: Prepared, pool: str, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Optimal-string-alignment distance (a transposition counts one) of the pairs' values."""
    out = np.zeros(len(a), dtype=np.int32)
    todo = np.nonzero((a != b) & (a >= 0) & (b >= 0))[0]
    if len(todo):
        values = prepared.pool_array(pool)
        out[todo] = process.cpdist(values[a[todo]], values[b[todo]], scorer=OSA.distance,
                                   dtype=np.int32, workers=1)
    return out


def _levels(conditions: list[np.ndarray], missing: np.ndarray) -> np.ndarray:
    """The first condition a pair meets is its level; none → the last level; NULL if missing."""
    level = np.full(len(missing), len(conditions), dtype=np.int8)
    for i in range(len(conditions) - 1, -1, -1):
        level[conditions[i]] = i
    level[missing] = NULL
    return level


@dataclass(frozen=True)
class Comparison:
    name: str
    label: str
    levels: tuple[str, ...]  # labels, strongest agreement first, disagreement last
    needs: tuple[str, ...]  # coded columns that must be present in some records
    compute: Callable[[Pair], np.ndarray]
    tf_column: str = ""  # the exact level's weight is adjusted by this value's frequency


def _surname(p: Pair) -> np.ndarray:
    a, b = p.column("surname")
    sim = similarity(p.prepared, "name", a, b)
    sound = p.prepared.codes["surname_sound"]
    same_sound = (sound[p.left] == sound[p.right]) & (sound[p.left] >= 0)
    gender = p.prepared.codes["gender"]
    women = (gender[p.left] == 2) & (gender[p.right] == 2)
    return _levels([a == b, (sim >= 0.92) | same_sound, sim >= 0.8, women], (a < 0) | (b < 0))


def _given(p: Pair) -> np.ndarray:
    a, b = p.column("given")
    canon = p.prepared.codes["given_canon"]
    ca, cb = canon[p.left], canon[p.right]  # a swapped pair has equal given names anyway
    sim = similarity(p.prepared, "name", ca, cb)
    return _levels([a == b, ca == cb, sim >= 0.88, _initial_agrees(p, a, b)],
                   (a < 0) | (b < 0))


def _initial_agrees(p: Pair, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """One side is a bare initial and the other starts with it."""
    length = p.prepared.pool_lengths("name")
    first = p.prepared.pool_initials("name")
    return ((length[a] == 1) | (length[b] == 1)) & (first[a] == first[b])


def _patronymic(p: Pair) -> np.ndarray:
    a, b = p.column("patronymic")
    sim = similarity(p.prepared, "name", a, b)
    return _levels([a == b, sim >= 0.88, _initial_agrees(p, a, b)], (a < 0) | (b < 0))


def _birth(p: Pair) -> np.ndarray:
    a, b = p.column("birth")
    length = p.prepared.pool_lengths("birth")
    full = (length[a] == 8) & (length[b] == 8)
    distance = edits(p.prepared, "birth", a, b)
    year = p.prepared.codes["birth_year"]
    same_year = year[p.left] == year[p.right]
    swapped = full & (_day_month_swap(p.prepared)[a] == b)
    return _levels([(a == b) & full, full & ((distance == 1) | swapped), full & (distance == 2),
                    same_year], (a < 0) | (b < 0))


def _day_month_swap(prepared: Prepared) -> np.ndarray:
    """For each birth-date code, the code of the same date with day and month swapped (12.03
    for 03.12), or -2 when the list has no such date."""
    cached = prepared.derived.get("birth_swap")
    if cached is None:
        pool = prepared.pools["birth"]
        cached = np.full(len(pool.values) + 1, -2, dtype=np.int32)
        for code, value in enumerate(pool.values):
            if len(value) == 8:
                cached[code] = pool.codes.get(value[:4] + value[6:] + value[4:6], -2)
        prepared.derived["birth_swap"] = cached
    return cached


def _phone(p: Pair) -> np.ndarray:
    a, b = p.column("phone")
    a2, b2 = p.column("phone2")
    same = ((a == b) | ((a2 == b) & (a2 >= 0)) | ((a == b2) & (b2 >= 0))) & (a >= 0)
    return _levels([same], (a < 0) | (b < 0))


def _email(p: Pair) -> np.ndarray:
    a, b = p.column("email")
    ua, ub = p.column("email_user")
    return _levels([a == b, ua == ub], (a < 0) | (b < 0))


def _address(p: Pair) -> np.ndarray:
    a, b = p.column("address")
    sa, sb = p.column("street")
    ha, hb = p.column("house")
    sim = similarity(p.prepared, "street", sa, sb)
    same_house = (ha == hb) & (ha >= 0)
    return _levels([a == b, (sa == sb) & same_house, (sim >= 0.88) & same_house, sim >= 0.88],
                   (sa < 0) | (sb < 0))


def _exact_or_close(column: str, pool: str, close: Callable) -> Callable[[Pair], np.ndarray]:
    def compute(p: Pair) -> np.ndarray:
        a, b = p.column(column)
        return _levels([a == b, close(p, pool, a, b)], (a < 0) | (b < 0))
    return compute


def _document(p: Pair) -> np.ndarray:
    a, b = p.column("document")
    distance = edits(p.prepared, "document", a, b)
    return _levels([a == b, distance == 1, distance == 2], (a < 0) | (b < 0))


COMPARISONS: tuple[Comparison, ...] = (
    Comparison("surname", N_("Фамилия"), (
        N_("совпадает"), N_("похожа (опечатка, е/ё, звучание)"), N_("отдалённо похожа"),
        N_("другая, обе — женщины (возможна девичья фамилия)"), N_("другая")),
        ("surname",), _surname, tf_column="surname"),
    Comparison("given", N_("Имя"), (
        N_("совпадает"), N_("то же имя (уменьшительное или вариант)"), N_("похоже"),
        N_("совпадает инициал"), N_("другое")), ("given",), _given, tf_column="given_canon"),
    Comparison("patronymic", N_("Отчество"), (
        N_("совпадает"), N_("похоже"), N_("совпадает инициал"), N_("другое")),
        ("patronymic",), _patronymic, tf_column="patronymic"),
    Comparison("birth", N_("Дата рождения"), (
        N_("совпадает"), N_("одна цифра или переставлены цифры"), N_("две цифры"),
        N_("тот же год"), N_("другая")), ("birth",), _birth, tf_column="birth"),
    Comparison("phone", N_("Телефон"), (N_("совпадает"), N_("другой")),
               ("phone",), _phone, tf_column="phone"),
    Comparison("email", N_("Эл. почта"), (
        N_("совпадает"), N_("то же имя ящика"), N_("другая")), ("email",), _email,
        tf_column="email"),
    Comparison("address", N_("Адрес"), (
        N_("совпадает с квартирой"), N_("тот же дом"), N_("похожая улица, тот же дом"),
        N_("похожая улица"), N_("другой")), ("street",), _address, tf_column="address"),
    Comparison("locality", N_("Населённый пункт"), (
        N_("совпадает"), N_("похож"), N_("другой")), ("locality",),
        _exact_or_close("locality", "place",
                        lambda p, pool, a, b: similarity(p.prepared, pool, a, b) >= 0.9)),
    Comparison("postcode", N_("Индекс"), (
        N_("совпадает"), N_("одна цифра"), N_("другой")), ("postcode",),
        _exact_or_close("postcode", "place",
                        lambda p, pool, a, b: edits(p.prepared, pool, a, b) == 1),
        tf_column="postcode"),
    Comparison("document", N_("Документ"), (
        N_("совпадает"), N_("одна цифра"), N_("две цифры"), N_("другой")),
        ("document",), _document),
)
