"""Records brought to one form (`veche.text`) and coded as numbers for the engine.

`prepare(columns)` reads a table given as field → values (fields from `columns.py`) and
returns `Prepared`: for every record the code of each normalised value in a pool of distinct
strings (-1 where the record has none). Comparisons and blocking then work on whole arrays of
codes; strings are looked at only for the similarity of two different values.
"""

from __future__ import annotations

from array import array
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from veche.text.addresses import Address, parse_address
from veche.text.contacts import email_normal, phones
from veche.text.dates import date_parts
from veche.text.names import (
    PersonName,
    fold,
    given_names,
    name_gender,
    person_name,
    phonetic_key,
    split_full_name,
)

MISSING = -1


class Pool:
    """Distinct strings and their codes; "" is never coded (it means «no value»)."""

    def __init__(self) -> None:
        self.codes: dict[str, int] = {}
        self.values: list[str] = []

    def code(self, value: str) -> int:
        if not value:
            return MISSING
        code = self.codes.get(value)
        if code is None:
            code = self.codes[value] = len(self.values)
            self.values.append(value)
        return code

    def array(self) -> np.ndarray:
        """The values as a numpy object array, indexable by an array of codes."""
        out = np.empty(len(self.values) + 1, dtype=object)
        out[:-1] = self.values
        out[-1] = ""  # code -1 reads as ""
        return out


@dataclass
class Prepared:
    """Coded fields of N records; every array has length N."""

    n: int
    codes: dict[str, np.ndarray] = field(default_factory=dict)
    pools: dict[str, Pool] = field(default_factory=dict)
    derived: dict[str, np.ndarray] = field(default_factory=dict)  # per-code tables, cached

    def pool_array(self, name: str) -> np.ndarray:
        """The pool's values by code (code -1, the last element, reads "")."""
        key = f"values:{name}"
        if key not in self.derived:
            self.derived[key] = self.pools[name].array()
        return self.derived[key]

    def pool_lengths(self, name: str) -> np.ndarray:
        key = f"lengths:{name}"
        if key not in self.derived:
            self.derived[key] = np.array([len(v) for v in self.pools[name].values] + [0],
                                         dtype=np.int32)
        return self.derived[key]

    def pool_initials(self, name: str) -> np.ndarray:
        key = f"initials:{name}"
        if key not in self.derived:
            self.derived[key] = np.array([ord(v[0]) for v in self.pools[name].values] + [0],
                                         dtype=np.int32)
        return self.derived[key]

    def value(self, column: str, pool: str, index: int) -> str:
        code = int(self.codes[column][index])
        return self.pools[pool].values[code] if code >= 0 else ""


# Which pool each coded column draws from: the three name parts share one, so a surname can
# be compared with a given name when a list swapped them.
COLUMN_POOLS = {
    "surname": "name", "given": "name", "patronymic": "name", "given_canon": "name",
    "given_initial": "name", "patronymic_initial": "name", "surname_sound": "sound",
    "given_sound": "sound", "birth": "birth", "phone": "phone", "phone2": "phone",
    "email": "email", "email_user": "email", "address": "address", "street": "street",
    "house": "house", "flat": "house", "locality": "place", "postcode": "place",
    "document": "document", "organisation": "place",
}


Row = tuple[object, ...]


def _distinct(columns: Mapping[str, Sequence[object]], fields: tuple[str, ...], n: int
              ) -> tuple[np.ndarray, list[Row]]:
    """Each record's index among the distinct combinations of `fields`, and the combinations:
    lists repeat their values a lot, so every value is normalised once."""
    present = [columns.get(f) for f in fields]
    if all(v is None for v in present):
        return np.zeros(n, dtype=np.int32), [tuple(None for _ in fields)]
    seen: dict[Row, int] = {}
    index = array("i")
    cells = [v if v is not None else [None] * n for v in present]
    for combination in zip(*cells, strict=False):
        code = seen.get(combination)
        if code is None:
            code = seen[combination] = len(seen)
        index.append(code)
    return np.frombuffer(index, dtype=np.int32).copy(), list(seen)


def _name(full: object, surname: object, given: object, patronymic: object) -> PersonName:
    if full and not surname:
        return split_full_name(full)
    return person_name(surname, given, patronymic)


def _address(text: object, street: object, house: object, flat: object) -> Address:
    found = parse_address(str(text)) if text else Address()
    if street or house:  # separate columns: «улица», «дом», «кв.» (FEBRL: address_1 …)
        parsed = parse_address(f"{street or ''}, д. {house or ''}") if street else Address()
        found = Address(found.postcode, found.locality, found.district,
                        parsed.street_type or found.street_type, parsed.street or found.street,
                        str(house or "").strip().lower() or parsed.house or found.house,
                        found.building, found.flat)
    if flat:
        found = Address(found.postcode, found.locality, found.district, found.street_type,
                        found.street, found.house, found.building, str(flat).strip().lower())
    return found


def _spread(prepared: Prepared, index: np.ndarray, table: dict[str, list[int]]) -> None:
    """Codes per distinct value → codes per record."""
    for column, codes in table.items():
        prepared.codes[column] = np.asarray(codes, dtype=np.int32)[index]


def prepare(columns: Mapping[str, Sequence[object]]) -> Prepared:
    """Normalise and code every record of a table given as field → values."""
    n = max((len(v) for v in columns.values()), default=0)
    pools = {name: Pool() for name in set(COLUMN_POOLS.values())}
    prepared = Prepared(n=n, pools=pools)
    code = {column: pools[pool].code for column, pool in COLUMN_POOLS.items()}

    index, names = _distinct(columns, ("full_name", "surname", "given_name", "patronymic"), n)
    table: dict[str, list[int]] = {c: [] for c in (
        "surname", "given", "patronymic", "given_canon", "given_initial", "patronymic_initial",
        "surname_sound", "given_sound", "gender")}
    for row in names:
        name = _name(*row)
        gender = name_gender(name)
        canon = given_names(name.given, gender)
        first = canon[0] if canon else ""
        table["gender"].append({"m": 1, "f": 2}.get(gender, 0))
        table["surname"].append(code["surname"](name.surname))
        table["given"].append(code["given"](name.given))
        table["patronymic"].append(code["patronymic"](name.patronymic))
        table["given_canon"].append(code["given_canon"](first))
        table["given_initial"].append(code["given_initial"](name.given[:1]))
        table["patronymic_initial"].append(code["patronymic_initial"](name.patronymic[:1]))
        table["surname_sound"].append(code["surname_sound"](
            phonetic_key(name.surname) if len(name.surname) > 1 else ""))
        table["given_sound"].append(code["given_sound"](
            phonetic_key(first) if len(first) > 1 else ""))
    _spread(prepared, index, table)
    prepared.codes["gender"] = prepared.codes["gender"].astype(np.int8)

    index, births = _distinct(columns, ("birth_date",), n)
    parts = [date_parts(value) for (value,) in births]
    _spread(prepared, index, {"birth": [code["birth"](p.digits()) for p in parts],
                              "birth_year": [p.year or 0 for p in parts]})
    prepared.codes["birth_year"] = prepared.codes["birth_year"].astype(np.int16)

    index, cells = _distinct(columns, ("phone",), n)
    found = [phones(value) for (value,) in cells]
    _spread(prepared, index, {"phone": [code["phone"](p[0] if p else "") for p in found],
                              "phone2": [code["phone2"](p[1] if len(p) > 1 else "")
                                         for p in found]})

    index, cells = _distinct(columns, ("email",), n)
    emails = [email_normal(value) for (value,) in cells]
    _spread(prepared, index, {"email": [code["email"](e) for e in emails],
                              "email_user": [code["email_user"](e.split("@")[0]) for e in emails]})

    index, cells = _distinct(columns, ("address", "street", "house", "apartment", "locality",
                                       "postcode"), n)
    table = {c: [] for c in ("address", "street", "house", "flat", "locality", "postcode")}
    for text, street, house, flat, locality, postcode in cells:
        home = _address(text, street, house, flat)
        table["address"].append(code["address"](home.key()))
        table["street"].append(code["street"](home.street))
        table["house"].append(code["house"](
            home.house + ("к" + home.building if home.building else "")))
        table["flat"].append(code["flat"](home.flat))
        table["locality"].append(code["locality"](fold(locality) if locality else home.locality))
        table["postcode"].append(code["postcode"](str(postcode or home.postcode).strip()))
    _spread(prepared, index, table)

    index, cells = _distinct(columns, ("document",), n)
    _spread(prepared, index, {"document": [
        code["document"]("".join(ch for ch in str(value or "") if ch.isalnum()).lower())
        for (value,) in cells]})
    index, cells = _distinct(columns, ("organisation",), n)
    _spread(prepared, index, {"organisation": [
        code["organisation"](fold(value) if value else "") for (value,) in cells]})
    return prepared
