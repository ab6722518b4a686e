"""Phones and e-mail addresses as lists write them, in one form for matching.

- `phones(value)` — every number in a cell («8 (912) 345-67-89, 8-913-000-00-00 доб. 2») in
  E.164 (+79123456789); `phone_e164(value)` — the first, or "";
- `email_normal(value)` — a plausible address, lower case, or "".

These read leniently: a cell that holds no number gives "", never an error. Validating what a
person types into a form is `veche.accounts.validation.check_phone`'s job (it says what is
wrong); both read numbers with `phonenumbers` the same way.
"""

from __future__ import annotations

import re
from functools import lru_cache

import phonenumbers

_SEPARATORS = re.compile(r"[,;/\n]|\s{2,}|\bили\b")
_EXTENSION = re.compile(r"(доб\.?|добавочный|ext\.?|вн\.?)\s*\d+.*$", re.I)
_EMAIL = re.compile(r"^[a-z0-9._%+\-]+@[a-z0-9.\-]+\.[a-zа-я]{2,}$")


@lru_cache(maxsize=200_000)
def _one_phone(text: str) -> str:
    text = _EXTENSION.sub("", text).strip()
    digits = re.sub(r"\D", "", text)
    # The common Russian shapes without the library: 8 912…, 7 912…, +7 912…, 912….
    if len(digits) == 11 and digits[0] in "78" and not text.startswith("+") or (
            len(digits) == 11 and text.startswith("+7")):
        return "+7" + digits[1:]
    if len(digits) == 10 and digits[0] in "3489" and not text.startswith("+"):
        return "+7" + digits
    if len(digits) < 7:
        return ""
    try:
        number = phonenumbers.parse(text, "RU")
    except phonenumbers.NumberParseException:
        return ""
    if not phonenumbers.is_valid_number(number):
        return ""
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def phones(value: object) -> list[str]:
    """Every phone number in a cell, E.164, in order, without repeats."""
    if value is None:
        return []
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = f"{value:.0f}"  # a spreadsheet cell that stored the number as a number
    text = str(value).strip()
    if not text:
        return []
    found = [_one_phone(part) for part in _SEPARATORS.split(text) if part.strip()]
    return list(dict.fromkeys(p for p in found if p))


def phone_e164(value: object) -> str:
    """The first phone number in a cell in E.164, or ""."""
    found = phones(value)
    return found[0] if found else ""


def email_normal(value: object) -> str:
    """An e-mail address in lower case without «mailto:» and spaces, or "" when the cell does
    not hold one."""
    text = str(value or "").strip().lower().removeprefix("mailto:")
    text = text.split()[0].strip("<>.,;") if text.split() else ""
    return text if _EMAIL.match(text) else ""
