"""Postal addresses as lists write them, in one canonical form.

«г. Озерск, ул. Ленина, д. 5, корп. 2, кв. 12», «Ленина ул., дом 5/2 кв 12», «улица Ленина
5-12» and «456780, Озерск, Ленина, 5, 12» all come apart into the same `Address`: locality,
district, street type and name, house, building, flat. `Address.key()` is what linkage
compares; `Address.canonical()` is how a registry writes it back.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .names import fold

# Street types: every way lists write them → the short form the registry writes.
STREET_TYPES = {
    "улица": "ул", "ул": "ул", "у": "ул", "проспект": "пр-т", "пр-т": "пр-т", "просп": "пр-т",
    "пр-кт": "пр-т", "пр": "пр-т", "переулок": "пер", "пер": "пер", "бульвар": "б-р",
    "б-р": "б-р", "бул": "б-р", "бульв": "б-р", "шоссе": "ш", "ш": "ш", "площадь": "пл",
    "пл": "пл", "набережная": "наб", "наб": "наб", "проезд": "проезд", "пр-д": "проезд",
    "тупик": "туп", "туп": "туп", "аллея": "аллея", "ал": "аллея", "тракт": "тракт",
    "линия": "линия", "квартал": "кв-л", "кв-л": "кв-л", "микрорайон": "мкр", "мкр": "мкр",
    "мкрн": "мкр", "мкр-н": "мкр", "street": "ул", "st": "ул", "avenue": "пр-т", "ave": "пр-т",
    "road": "ул", "rd": "ул", "place": "пл", "pl": "пл", "crescent": "ул", "cres": "ул",
    "drive": "ул", "dr": "ул", "court": "ул", "ct": "ул", "circuit": "ул", "cct": "ул",
}
_DOTTED = {"ул", "пер", "ш", "пл", "наб", "туп", "мкр"}
LOCALITY_WORDS = {"г", "город", "гор", "пос", "поселок", "п", "пгт", "с", "село", "дер",
                  "деревня", "зато", "рп", "ст", "станица", "снт"}
DISTRICT_WORDS = {"р-н", "район", "р-он", "округ", "ао", "обл", "область", "край", "респ"}
HOUSE_WORDS = {"д", "дом", "вл", "владение", "уч", "участок"}
BUILDING_WORDS = {"к", "корп", "корпус", "стр", "строение", "лит", "литера"}
FLAT_WORDS = {"кв", "квартира", "ком", "комната", "оф", "офис", "пом", "помещение"}

_NUMBER = re.compile(r"^(\d+)(?:\s*-?\s*([а-я]))?(?:/(\d+[а-я]?))?$")
_HOUSE_FLAT = re.compile(r"^(\d+[а-я]?(?:/\d+[а-я]?)?)\s*-\s*(\d+)$")  # 5-12: house 5, flat 12


@dataclass(frozen=True)
class Address:
    postcode: str = ""
    locality: str = ""
    district: str = ""
    street_type: str = ""
    street: str = ""
    house: str = ""
    building: str = ""
    flat: str = ""

    def __bool__(self) -> bool:
        return bool(self.street or self.house or self.locality)

    def key(self) -> str:
        """Street name, house and building, flat: what two records of one home share."""
        if not self.street and not self.house:
            return ""
        house = self.house + ("к" + self.building if self.building else "")
        return f"{self.street}|{house}|{self.flat}"

    def canonical(self) -> str:
        parts = [self.locality and f"г. {self.locality.title()}"]
        if self.street:
            street_type = self.street_type or "ул"
            dot = "." if street_type in _DOTTED else ""
            parts.append(f"{street_type}{dot} {self.street.title()}")
        parts += [self.house and f"д. {self.house}", self.building and f"к. {self.building}",
                  self.flat and f"кв. {self.flat}"]
        return ", ".join(p for p in parts if p)


def _number(text: str) -> str:
    """«5 А», «5-а», «5а», «5/2» → «5а», «5/2»."""
    match = _NUMBER.match(text.replace(" ", "") if len(text) < 8 else text)
    if not match:
        return ""
    number, letter, fraction = match.groups()
    return number + (letter or "") + (f"/{fraction}" if fraction else "")


@lru_cache(maxsize=200_000)
def parse_address(text: str) -> Address:
    """An address cell → its parts; what cannot be told apart stays in `street`."""
    raw = str(text or "").lower().replace("ё", "е")
    raw = re.sub(r"(?<=[а-яa-z])\.(?=\S)", ". ", raw)  # «ул.Ленина» → «ул. Ленина»
    parts = [p.strip() for p in re.split(r"[,;]", raw) if p.strip()]
    found: dict[str, str] = {}
    bare_numbers: list[str] = []
    for part in parts:  # each part read alone (and cached: «ул. ленина», «д. 5» repeat a lot)
        part_found, part_numbers = _part(part)
        for key, value in part_found:
            if key == "street":  # «Озерск, Ленина, 5»: a second bare name makes the first a town
                if found.get("street"):
                    found.setdefault("locality", found["street"])
                found["street"] = value
            elif key == "street_type":
                found[key] = value
            else:
                found.setdefault(key, value)
        bare_numbers += part_numbers
    house = found.get("house", "")
    if not house and bare_numbers:
        house = bare_numbers.pop(0)
    flat = found.get("flat", "") or (bare_numbers.pop(0) if bare_numbers else "")
    return Address(found.get("postcode", ""), found.get("locality", ""),
                   found.get("district", ""), found.get("street_type", ""),
                   found.get("street", ""), house, found.get("building", ""), flat)


@lru_cache(maxsize=100_000)
def _part(part: str) -> tuple[tuple[tuple[str, str], ...], tuple[str, ...]]:
    found: dict[str, str] = {}
    bare_numbers: list[str] = []
    _read_part(part, found, bare_numbers)
    return tuple(found.items()), tuple(bare_numbers)


def _read_part(part: str, found: dict[str, str], bare_numbers: list[str]) -> None:
    words = [w.strip(".") for w in part.split()]
    words = [w for w in words if w]
    if not words:
        return
    if re.fullmatch(r"\d{6}", words[0]) and "postcode" not in found:
        found["postcode"] = words.pop(0)
        if not words:
            return
    head = words[0]
    if head in HOUSE_WORDS and len(words) > 1 and words[1][0].isdigit():
        _read_numbers(words[1:], found, "house")
    elif head in BUILDING_WORDS and len(words) > 1:
        found.setdefault("building", _number(words[1]) or words[1])
    elif head in FLAT_WORDS and len(words) > 1:
        found.setdefault("flat", _number(words[1]) or words[1])
    elif head in LOCALITY_WORDS or (head == "д" and len(words) > 1):
        found.setdefault("locality", fold(" ".join(words[1:])))
    elif words[-1] in DISTRICT_WORDS or head in DISTRICT_WORDS:
        found.setdefault("district", fold(" ".join(w for w in words if w not in DISTRICT_WORDS)))
    elif head[0].isdigit() and all(w[0].isdigit() or len(w) == 1 for w in words):
        if match := _HOUSE_FLAT.match(" ".join(words)):
            found.setdefault("house", match[1])
            found.setdefault("flat", match[2])
        else:
            bare_numbers.append(_number(" ".join(words)) or words[0])
    else:
        _read_street(words, found)


def _read_numbers(words: list[str], found: dict[str, str], first: str) -> None:
    """«5 корп 2 кв 12» (after «д.») or «кв 12»: the house, then whatever labels follow."""
    text = " ".join(words)
    if match := _HOUSE_FLAT.match(text):
        found.setdefault(first, match[1])
        found.setdefault("flat", match[2])
        return
    if len(words) >= 2 and len(words[1]) == 1 and words[1].isalpha() and words[1] not in _LABELS:
        words = [words[0] + words[1], *words[2:]]  # «10 А»: the letter belongs to the house
    rest = words
    if words[0][0].isdigit():
        found.setdefault(first, _number(words[0]) or words[0])
        rest = words[1:]
    while len(rest) >= 2:
        label, value = rest[0], rest[1]
        if label in BUILDING_WORDS:
            found.setdefault("building", _number(value) or value)
        elif label in FLAT_WORDS:
            found.setdefault("flat", _number(value) or value)
        rest = rest[2:]
    if len(rest) == 1 and rest[0][0].isdigit():  # «д 5 12»: the flat without its label
        found.setdefault("flat", _number(rest[0]) or rest[0])


_LABELS = HOUSE_WORDS | FLAT_WORDS | BUILDING_WORDS


def _read_street(words: list[str], found: dict[str, str]) -> None:
    """«ул Ленина», «Ленина ул», «Ленина 5», «ул Ленина д 5 кв 12», «8 марта», «им Ленина»."""
    tail: list[str] = []
    for i, word in enumerate(words[1:], start=1):  # a house label or number ends the street
        if word in _LABELS or (word[0].isdigit() and not _ordinal_before(words, i)):
            words, tail = words[:i], words[i:]
            break
    street_type = ""
    if words and words[0] in STREET_TYPES:
        street_type = STREET_TYPES[words.pop(0)]
    elif words and words[-1] in STREET_TYPES:
        street_type = STREET_TYPES[words.pop()]
    name_words = [w for w in words if w not in ("им", "имени")]
    name = " ".join(re.sub(r"^(\d+)-?(?:го|я|й|ая|ой|ый)$", r"\1", w) if w[0].isdigit()
                    else fold(w) for w in name_words).strip()
    found["street"] = name
    if street_type:
        found["street_type"] = street_type
    if tail and tail[0] in HOUSE_WORDS:
        tail = tail[1:]
    if tail:
        _read_numbers(tail, found, "house")


def _ordinal_before(words: list[str], i: int) -> bool:
    """«8 Марта», «1-я Линия»: a number that is part of the street's name, not a house."""
    after = words[i + 1] if i + 1 < len(words) else ""
    return len(after) > 1 and not after[0].isdigit() and after not in _LABELS


def address_key(text: str) -> str:
    return parse_address(text).key()
