"""`check_*` functions: validate one fact about a person and return it normalised, or raise
ValidationError with a Russian message saying what to fix."""

import datetime as dt
import re

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

# Contacts are login identifiers too: one definition, in accounts (the core below registry).
from veche.accounts.validation import check_email, check_phone  # noqa: F401

NAME_MAX = 100
MIN_AGE = 14
# Letters of any script, spaces, hyphens, apostrophes and dots (initials); nothing that is markup.
_NAME_RE = re.compile(r"^[^\W\d_]+(?:[ .'’\-][^\W\d_]*)*$")


def check_name(value: str, *, label: str, required: bool = True) -> str:
    value = " ".join((value or "").split())
    if not value:
        if required:
            raise ValidationError(_("Заполните поле «%(label)s»."), code="required",
                                  params={"label": label})
        return ""
    if len(value) > NAME_MAX:
        raise ValidationError(
            _("Поле «%(label)s» слишком длинное: %(length)s знаков, допускается не более "
              "%(limit)s."),
            code="name_too_long", params={"label": label, "length": len(value), "limit": NAME_MAX},
        )
    if "<" in value or ">" in value or not _NAME_RE.match(value):
        raise ValidationError(
            _("Поле «%(label)s» может содержать только буквы, пробел, дефис и апостроф."),
            code="name_characters", params={"label": label},
        )
    return value


def check_birth_date(value: dt.date | None, *, required: bool = False) -> dt.date | None:
    if value is None:
        if required:
            raise ValidationError(_("Укажите дату рождения."), code="birth_date_missing")
        return None
    if not isinstance(value, dt.date):
        raise ValidationError(_("Дата рождения должна быть датой в виде ДД.ММ.ГГГГ."),
                              code="birth_date_invalid")
    today = timezone.localdate()
    if value > today:
        raise ValidationError(_("Дата рождения не может быть в будущем."),
                              code="birth_date_in_future")
    if age_on(value, today) < MIN_AGE:
        raise ValidationError(_("Участвовать могут жители с %(age)s лет."), code="too_young",
                              params={"age": MIN_AGE})
    if value.year < today.year - 120:
        raise ValidationError(_("Проверьте год рождения: возраст больше 120 лет."),
                              code="birth_date_too_old")
    return value


def age_on(birth_date: dt.date, day: dt.date) -> int:
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def check_person_fields(fields: dict) -> dict:
    """Check whichever person fields are given, all at once, so a form or a list row shows every
    problem, not just the first; returns them normalised or raises ValidationError by field."""
    errors: dict[str, list[ValidationError]] = {}
    clean = dict(fields)

    def run(name, fn, *args, **kwargs):
        if name not in fields:
            return
        try:
            clean[name] = fn(fields[name], *args, **kwargs)
        except ValidationError as exc:
            errors[name] = exc.error_list  # each message keeps its code

    run("surname", check_name, label=_("Фамилия"))
    run("given_name", check_name, label=_("Имя"))
    run("patronymic", check_name, label=_("Отчество"), required=False)
    run("phone", check_phone)
    run("email", check_email)
    run("birth_date", check_birth_date)
    if "apartment" in fields and len(str(fields["apartment"] or "")) > 10:
        errors["apartment"] = [ValidationError(_("Номер квартиры — не более 10 знаков."),
                                               code="apartment_too_long")]
    if errors:
        raise ValidationError(errors)
    return clean
