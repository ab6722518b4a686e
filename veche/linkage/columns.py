"""Which column of a list holds what: headers as towns write them («ФИО», «Д.р.», «Моб.
тел.»), as registers export them, and FEBRL's English ones (given_name, date_of_birth, …).

`find_header(table)` picks the header row among the first rows (lists open with a title line:
«Список ветеранов на 01.03.2026»); `map_columns(headers)` says which field each column holds.
The registry's list import reads its files with the same table (veche/registry/listfile.py).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

# field → the headers that mean it, folded by `header_key` (lower case, ё as е, no dots,
# single spaces). The first field to claim a column wins; a field takes one column.
COLUMN_ALIASES: dict[str, list[str]] = {
    "full_name": ["фио", "ф и о", "фамилия имя отчество", "фамилия, имя, отчество",
                  "фамилия имя", "ф и о полностью", "участник", "сотрудник", "житель",
                  "full name", "name", "person"],
    "surname": ["фамилия", "surname", "last name", "lastname", "family name"],
    "given_name": ["имя", "given name", "first name", "firstname", "given_name", "forename"],
    "patronymic": ["отчество", "patronymic", "middle name"],
    "birth_date": ["дата рождения", "д р", "др", "дата рожд", "день рождения",
                   "год рождения", "г р", "гр", "birth date", "birthdate", "date of birth",
                   "date_of_birth", "dob"],
    "phone": ["телефон", "тел", "моб", "моб тел", "моб телефон", "мобильный телефон", "мобильный",
              "сотовый", "сотовый телефон", "контактный телефон", "номер телефона",
              "телефон мобильный", "телефоны", "phone", "mobile", "phone number"],
    "email": ["email", "e-mail", "e mail", "эл почта", "электронная почта", "почта",
              "адрес электронной почты", "mail"],
    "address": ["адрес", "адрес проживания", "адрес регистрации", "место жительства",
                "адрес места жительства", "домашний адрес", "address"],
    "street": ["улица", "street", "address_1", "address 1"],
    "house": ["дом", "№ дома", "номер дома", "house", "street_number", "street number"],
    "apartment": ["кв", "квартира", "apartment", "flat"],
    "locality": ["город", "населенный пункт", "нас пункт", "поселок", "suburb", "city",
                 "town"],
    "district": ["район", "микрорайон", "округ", "district"],
    "postcode": ["индекс", "почтовый индекс", "postcode", "zip"],
    "document": ["снилс", "инн", "паспорт", "номер документа", "документ", "табельный номер",
                 "таб №", "soc_sec_id", "ssn", "id number"],
    "organisation": ["место работы", "организация", "предприятие", "учреждение",
                     "место работы (учебы)", "место учебы", "employer", "organisation",
                     "organization"],
    "role": ["должность", "роль", "статус", "position", "role"],
    "segments": ["сегмент", "сегменты", "теги", "категория", "tags"],
}


def header_key(value: object) -> str:
    """A header cell folded for lookup: «Д.Р.:» → «д р», «E-mail» → «e-mail»."""
    text = str(value or "").strip().lower().replace("ё", "е")
    text = re.sub(r"[.:;,()\"«»*]+", " ", text.replace("\n", " "))
    return " ".join(text.split())


ALIAS_TO_FIELD: dict[str, str] = {}
for _field, _aliases in COLUMN_ALIASES.items():
    for _alias in _aliases:
        ALIAS_TO_FIELD.setdefault(header_key(_alias), _field)
# What alone lets linkage tell people apart: a name in one of its shapes.
NAME_FIELDS = ("full_name", "surname")
HEADER_ROWS = 20  # where to look for the header row


def field_of(header: object) -> str | None:
    key = header_key(header)
    if key in ALIAS_TO_FIELD:
        return ALIAS_TO_FIELD[key]
    # «Телефон (моб.)», «Дата рождения (дд.мм.гггг)», «ФИО участника»: the first words decide.
    for words in (3, 2, 1):
        head = " ".join(key.split()[:words])
        if head in ALIAS_TO_FIELD and len(key.split()) > words:
            return ALIAS_TO_FIELD[head]
    return None


def map_columns(headers: Sequence[object]) -> dict[str, int]:
    """field → the index of the column that holds it; the first column claiming a field wins."""
    found: dict[str, int] = {}
    for index, header in enumerate(headers):
        field = field_of(header)
        if field and field not in found:
            found[field] = index
    if "full_name" in found and "surname" in found:
        del found["full_name"]  # «Фамилия» with «ФИО участника» beside it: the parts win
    return found


def find_header(table: Sequence[Sequence[object]]) -> int:
    """The row among the first ones whose cells name the most known fields (0 if none)."""
    best, best_count = 0, 0
    for i, row in enumerate(table[:HEADER_ROWS]):
        count = len(map_columns(row))
        if count > best_count:
            best, best_count = i, count
    return best
