"""Russian text → lemmas (pymorphy3), for the SQLite search and the TF-IDF of similar practices;
a passport → its plain text, for indexing."""

from __future__ import annotations

import re
from functools import lru_cache

from veche.practices.passport.schema import Passport

_WORD = re.compile(r"[a-zа-яё0-9]+(?:-[a-zа-яё0-9]+)*", re.I)
STOP = frozenset("""
и в во не что он на я с со как а то все она так его но да ты к у же вы за бы по только ее мне
было вот от меня еще нет о из ему теперь когда даже ну вдруг ли если уже или ни быть был него
до вас нибудь опять уж вам ведь там потом себя ничего ей может они тут где есть надо ней для
мы тебя их чем была сам чтоб без будто чего раз тоже себе под будет ж тогда кто этот того
потому этого какой совсем ним здесь этом один почти мой тем чтобы нее сейчас были куда зачем
всех никогда можно при наконец два об другой хоть после над больше тот через эти нас про всего
них какая много разве три эту моя впрочем хорошо свою этой перед иногда лучше чуть том нельзя
такой им более всегда конечно всю между это весь который свой также год г гг ул др т.е
""".split())


@lru_cache(maxsize=1)
def _morph():
    import pymorphy3

    return pymorphy3.MorphAnalyzer()


@lru_cache(maxsize=300_000)
def lemma(word: str) -> str:
    if len(word) < 3 or word.isdigit() or not re.search("[а-яё]", word):
        return word
    return _morph().parse(word)[0].normal_form.replace("ё", "е")


def lemmas(text: str) -> list[str]:
    out = []
    for m in _WORD.finditer(text.lower().replace("ё", "е")):
        w = m.group(0)
        if w in STOP or len(w) < 2:
            continue
        lem = lemma(w)
        if lem not in STOP:
            out.append(lem)
    return out


def lemma_string(text: str) -> str:
    """Space-delimited lemmas with a space at both ends: a word is found by LIKE '% lemma %'."""
    return " " + " ".join(lemmas(text)) + " "


def passport_text(p: Passport) -> str:
    """Every answer of the passport as text (the form's words are not part of it)."""
    parts: list[str] = []

    def add(value) -> None:
        if isinstance(value, str):
            if value:
                parts.append(value)
        elif isinstance(value, dict):
            for k, v in value.items():
                if k != "number":
                    add(v)
        elif isinstance(value, list):
            for v in value:
                add(v)

    data = p.to_dict()
    data.pop("preamble", None)
    data.pop("contacts", None)  # names and phones say nothing about what a practice does
    data.pop("links", None)
    add(data)
    return "\n".join(parts)
