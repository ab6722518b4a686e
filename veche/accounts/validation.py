"""`check_*` for login identifiers: normalise an email or a phone, or raise ValidationError with a
Russian message saying what to fix. (The registry validates the rest of a person's details.)"""

import phonenumbers
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _


def check_phone(value: str) -> str:
    """Any Russian way of writing a number (8 912…, +7 (912)…, 912…) → E.164 (+79121234567)."""
    raw = (value or "").strip()
    if not raw:
        return ""
    try:
        number = phonenumbers.parse(raw, "RU")
    except phonenumbers.NumberParseException:
        raise ValidationError(
            _("Телефон «%(phone)s» не распознан. Укажите номер в виде +7 912 345-67-89."),
            code="phone_unreadable", params={"phone": raw[:30]},
        ) from None
    if not phonenumbers.is_valid_number(number):
        raise ValidationError(
            _("Номер «%(phone)s» не существует. Проверьте цифры: нужен номер вида "
              "+7 912 345-67-89."),
            code="phone_nonexistent", params={"phone": raw[:30]},
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def check_email(value: str) -> str:
    """A valid address, lower-cased (logins match email case-insensitively anyway)."""
    value = (value or "").strip()
    if not value:
        return ""
    try:
        validate_email(value)
    except ValidationError:
        raise ValidationError(
            _("Адрес «%(email)s» не похож на email. Нужен адрес вида name@example.ru."),
            code="email_invalid", params={"email": value[:60]},
        ) from None
    return value.lower()
