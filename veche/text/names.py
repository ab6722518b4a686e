"""Russian personal names as town lists write them, brought to one form for matching.

- `fold(text)` — lower case, ё as е, Latin look-alike letters inside Cyrillic words made
  Cyrillic (Ивaнов with a Latin «a»), words written wholly in Latin transliterated (Ivanov),
  hyphens kept inside double names, other punctuation out;
- `split_full_name(text)` — one cell «Иванов Иван Иванович», «Иван Иванович Иванов»,
  «Иванов И.И.» or «И. И. Иванов» → `PersonName(surname, given, patronymic)`;
- `person_name(surname, given, patronymic)` — the same from three cells, mending swapped
  columns and a full name typed into the surname column;
- `given_names(word, gender)` — the full names a given name stands for: Саша → александр (or
  александра for a woman), Шура → александр, Наталия → наталья;
- `patronymic_normal(word)` — Иваныч → иванович, Анатолиевна → анатольевна;
- `name_gender(name)` — "m", "f" or "" from the patronymic, the given name, the surname;
- `phonetic_key(surname)` — a coarse sound key for blocking: Семенов, Семёнов and Семeнова
  share one.

Every function is cached per word: a list of a million rows has a few tens of thousands of
distinct names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import process
from rapidfuzz.distance import JaroWinkler

from .lemmas import analyser
from .name_tables import (
    FEMALE_NAMES,
    LOOKALIKE_LOWER,
    LOOKALIKE_UPPER,
    MALE_NAMES,
    PATRONYMIC_FORMS,
    TRANSLIT,
)

_CYR = re.compile("[а-яё]", re.I)
_LAT = re.compile("[a-z]", re.I)
_TOKEN = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*\.?")
_PATRONYMIC = re.compile(r"(?:ович|евич|ьич|[иы]ч|овна|евна|ична|инична)$")
_UPPER_LOOKALIKES = set("ABCEHKMOPTXY")

VARIANTS: dict[str, tuple[str, ...]] = {}
GENDER: dict[str, str] = {}
for _gender, _table in (("m", MALE_NAMES), ("f", FEMALE_NAMES)):
    for _full, _variants in _table.items():
        GENDER[_full] = _gender
        VARIANTS.setdefault(_full, ())
        VARIANTS[_full] = (*VARIANTS[_full], _full)
        for _v in _variants:
            if _v not in (MALE_NAMES.keys() | FEMALE_NAMES.keys()):
                VARIANTS[_v] = (*VARIANTS.get(_v, ()), _full)
FULL_NAMES = frozenset(GENDER)
_KNOWN = sorted(VARIANTS)
# Jaro-Winkler similarity above which an unknown given name is taken for a known one.
NEAREST_NAME = 0.93
NEAREST_KNOWN_NAME = 0.96


@dataclass(frozen=True)
class PersonName:
    """A name in folded form (lower case, ё as е); a part may be "" or an initial ("и")."""

    surname: str = ""
    given: str = ""
    patronymic: str = ""

    def __bool__(self) -> bool:
        return bool(self.surname or self.given)

    def display(self) -> str:
        parts = (self.surname, self.given, self.patronymic)
        return " ".join(p.title() + ("." if len(p) == 1 else "") for p in parts if p)


# --- letters and words -------------------------------------------------------------------

def _translit(word: str) -> str:
    word = word.lower()
    out, i = [], 0
    while i < len(word):
        for latin, cyrillic in TRANSLIT:
            if word.startswith(latin, i):
                out.append(cyrillic)
                i += len(latin)
                break
        else:
            out.append(word[i])
            i += 1
    text = re.sub(r"иа$", "ия", "".join(out))
    return re.sub(r"(?<=[аеоу])и$", "й", text)


@lru_cache(maxsize=200_000)
def _fold_word(word: str) -> str:
    if _LAT.search(word):
        if _CYR.search(word):  # mixed: Latin letters that look Cyrillic
            word = word.translate(LOOKALIKE_UPPER).lower().translate(LOOKALIKE_LOWER)
        elif set(word.replace("-", "")) <= _UPPER_LOOKALIKES and len(word) > 2:
            word = word.translate(LOOKALIKE_UPPER)  # КОРОТКОВ typed with Latin capitals
        else:
            word = _translit(word)
    return word.lower().replace("ё", "е").replace("’", "'").strip("'-")


def fold(text: object) -> str:
    """Lower case, ё → е, look-alike and transliterated Latin made Cyrillic, hyphens kept
    inside words, every other mark out, spaces collapsed."""
    words = _TOKEN.findall(str(text or ""))
    return " ".join(w for w in (_fold_word(t.rstrip(".")) for t in words) if w)


def _tokens(text: str) -> list[str]:
    """Folded words; an initial keeps its dot as a marker (И.И. → ["и.", "и."])."""
    out = []
    for token in _TOKEN.findall(text or ""):
        dotted = token.endswith(".")
        word = _fold_word(token.rstrip("."))
        if word:
            out.append(word + "." if dotted and len(word) <= 2 else word)
    return out


# --- which word is which ---------------------------------------------------------------

_SURNAME_ENDINGS = ("ов", "ев", "ин", "ын", "ова", "ева", "ина", "ына", "ский", "ская", "цкий",
                    "цкая", "енко")


@lru_cache(maxsize=100_000)
def is_given_name(word: str) -> bool:
    """A known given name or diminutive, or a word the dictionary itself (not its guesser)
    knows as a first name; a word with a surname's ending is not one unless the tables know
    it (Пыряева is not, even if the guesser says so)."""
    if word in VARIANTS:
        return True
    if len(word) < 3 or word.endswith(_SURNAME_ENDINGS):
        return False
    morph = analyser()
    return morph.word_is_known(word) and any(
        {"Name", "nomn", "sing"} <= p.tag.grammemes and p.score >= 0.3 for p in morph.parse(word))


def is_patronymic(word: str) -> bool:
    return len(word) > 4 and bool(_PATRONYMIC.search(word))


def _is_initial(word: str) -> bool:
    return word.endswith(".") or len(word) == 1


def split_full_name(text: object) -> PersonName:
    """One cell with a whole name → its parts, whichever order the list wrote them in."""
    tokens = _tokens(str(text or ""))
    if not tokens:
        return PersonName()
    initials = [t for t in tokens if _is_initial(t)]
    words = [t for t in tokens if not _is_initial(t)]
    if initials and len(words) == 1:  # «Иванов И.И.», «И.И. Иванов», «Иванов И.»
        letters = [t.rstrip(".") for t in initials]
        return PersonName(words[0], letters[0], letters[1] if len(letters) > 1 else "")
    if initials and len(words) == 2 and not is_patronymic(words[1]):  # «Иванов Иван И.»
        surname, given = _order_pair(words[0], words[1])
        return PersonName(surname, given, initials[0].rstrip("."))
    tokens = [t.rstrip(".") for t in tokens]
    if len(tokens) == 1:
        return PersonName(tokens[0]) if not is_given_name(tokens[0]) else PersonName("", tokens[0])
    if len(tokens) == 2:
        return PersonName(*_order_pair(tokens[0], tokens[1]))
    if is_patronymic(tokens[1]) and not is_patronymic(tokens[2]):  # «Иван Иванович Иванов»
        return PersonName(tokens[2], tokens[0], patronymic_normal(tokens[1]))
    if len(tokens) == 3 and is_patronymic(tokens[0]):  # «Иванович Иван Иванов»: rare, seen
        return PersonName(tokens[2], tokens[1], patronymic_normal(tokens[0]))
    surname, given = _order_pair(tokens[0], tokens[1])
    return PersonName(surname, given, patronymic_normal(" ".join(tokens[2:])))


def _order_pair(first: str, second: str) -> tuple[str, str]:
    """(surname, given) from two words: lists write «Фамилия Имя», people «Имя Фамилия»."""
    if is_given_name(first) and not is_given_name(second):
        return second, first
    return first, second


def person_name(surname: object = "", given: object = "", patronymic: object = "") -> PersonName:
    """Three cells → one name: a whole name in the surname cell is split, a known given name
    typed into the surname column with a surname-like word in the given-name one is put
    back (the columns were named; a guess of the dictionary is not enough to overrule them)."""
    s, g, p = (" ".join(_tokens(str(v or ""))) for v in (surname, given, patronymic))
    if s and not g and not p and " " in s:
        return split_full_name(s)
    if s in VARIANTS and g.endswith(_SURNAME_ENDINGS) and g not in VARIANTS:
        s, g = g, s  # «Иван | Петров»: only when each plainly is what the other column wants
    if g and not p and " " in g and is_patronymic(g.split()[-1]):  # «Иван Иванович»
        g, p = g.split()[0], g.split()[-1]
    return PersonName(s.rstrip("."), g.rstrip("."), patronymic_normal(p.rstrip(".")))


# --- normal forms ---------------------------------------------------------------------

@lru_cache(maxsize=50_000)
def patronymic_normal(word: str) -> str:
    """The written form of a patronymic: Иваныч → иванович, Анатолиевна → анатольевна."""
    word = fold(word)
    if len(word) <= 1:
        return word
    word = PATRONYMIC_FORMS.get(word, word)
    return re.sub(r"(?<=[лрнт])иев(ич|на)$", r"ьев\1", word)


@lru_cache(maxsize=100_000)
def given_names(word: str, gender: str = "") -> tuple[str, ...]:
    """The full names a folded given name stands for, most likely first; the name itself when
    it is none of the known forms. `gender` ("m"/"f") picks between Саша → Александр and
    Александра; an initial stands for itself."""
    if len(word) <= 1:
        return (word,) if word else ()
    fulls = VARIANTS.get(word) or _nearest_known(word)
    if not fulls:
        return (word,)
    if gender and len(fulls) > 1:
        fitting = tuple(f for f in fulls if GENDER.get(f) == gender)
        fulls = fitting or fulls
    return fulls


def _nearest_known(word: str) -> tuple[str, ...]:
    """A misspelt or transliterated given name (Алексадр, Aleksander → александер) → the full
    names of the known form it is closest to. A word the dictionary knows as a name needs a
    closer likeness (Эльмира is a name of its own, not a slip for Эльвира); a tie between
    forms of different names gives nothing."""
    if len(word) < 4:
        return ()
    cutoff = NEAREST_KNOWN_NAME if is_given_name(word) else NEAREST_NAME
    found = process.extract(word, _KNOWN, scorer=JaroWinkler.normalized_similarity,
                            score_cutoff=cutoff, limit=4)
    best = {VARIANTS[form] for form, score, _i in found if score == found[0][1]} if found else ()
    return best.pop() if len(best) == 1 else ()


def name_gender(name: PersonName) -> str:
    """"m", "f" or "" as the patronymic, then the given name, then the surname tell it."""
    p = name.patronymic
    if len(p) > 3:
        if p.endswith(("вна", "чна", "кызы")):
            return "f"
        if p.endswith(("ич", "оглы")):
            return "m"
    genders = {GENDER.get(f, "") for f in VARIANTS.get(name.given, ())}
    if len(genders) == 1 and "" not in genders:
        return genders.pop()
    s = name.surname
    if s.endswith(("ова", "ева", "ина", "ына", "ская", "цкая", "ая")):
        return "f"
    if s.endswith(("ов", "ев", "ин", "ын", "ский", "цкий", "ой")):
        return "m"
    return ""


_SOUNDS = str.maketrans({"о": "а", "я": "а", "ы": "и", "е": "и", "э": "и", "ю": "у",
                         "й": "и", "ь": None, "ъ": None, "-": None, "'": None})
_VOICED_END = str.maketrans("бвгдзж", "пфктсш")
_FEMININE = (("цкая", "цкий"), ("ская", "ский"), ("ова", "ов"), ("ева", "ев"), ("ина", "ин"),
             ("ына", "ын"))


@lru_cache(maxsize=200_000)
def phonetic_key(surname: str) -> str:
    """A sound key for blocking on surnames: the feminine ending made masculine (so a wife's
    record meets her husband's block, and Семенова meets Семенов), unstressed vowels merged,
    soft and hard signs dropped, a final voiced consonant devoiced, doubled letters single."""
    word = fold(surname).replace(" ", "")
    for feminine, masculine in _FEMININE:
        if word.endswith(feminine) and len(word) > len(feminine) + 1:
            word = word[: -len(feminine)] + masculine
            break
    for written, sound in (("ьо", "е"), ("тс", "ц"), ("дс", "ц"), ("щ", "ш"), ("сч", "ш")):
        word = word.replace(written, sound)
    word = word.translate(_SOUNDS)
    if word:
        word = word[:-1] + word[-1].translate(_VOICED_END)
    return re.sub(r"(.)\1+", r"\1", word)
