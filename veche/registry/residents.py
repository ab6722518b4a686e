"""The registry's implementation of accounts' ResidentDirectory (veche/accounts/residents.py):
what sign-up and login need from the registry, behind the interface accounts declares, so that
accounts never imports the registry (docs/architecture.md)."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from veche.territories.crosstown import of_user
from veche.territories.scoping import town_scope

from . import validation as check
from .consent import consent_grant, current_text
from .models import ConsentPurpose, Person, SourceKind, VerificationLevel
from .services import person_create, person_link_user, person_update

# What a login proved (veche/accounts/confirm.py) → the verification its persons get.
_LEVELS = {"": VerificationLevel.NONE, "email": VerificationLevel.EMAIL,
           "phone": VerificationLevel.PHONE, "esia": VerificationLevel.ESIA}
_SOURCES = {"": SourceKind.SELF, "email": SourceKind.SELF, "phone": SourceKind.SELF,
            "esia": SourceKind.ESIA}
_NAMES = ("surname", "given_name", "patronymic", "birth_date")


class RegistryResidents:
    def consent_text(self) -> str:
        return current_text(ConsentPurpose.PARTICIPATION).text

    def validate(self, details: dict) -> dict[str, list[str]]:
        checks = {
            "surname": lambda v: check.check_name(v, label=_("Фамилия")),
            "given_name": lambda v: check.check_name(v, label=_("Имя")),
            "patronymic": lambda v: check.check_name(v, label=_("Отчество"), required=False),
            "birth_date": lambda v: check.check_birth_date(v, required=True),
        }
        errors = {}
        for name, fn in checks.items():
            if name in details:
                try:
                    fn(details[name])
                except ValidationError as exc:
                    errors[name] = exc.messages
        return errors

    def known_details(self, *, user) -> dict:
        other = of_user(Person, user).filter(is_erased=False).first()
        if other is None:
            return {}
        return {name: getattr(other, name) for name in _NAMES}

    @transaction.atomic
    def join(self, *, user, territory, details: dict, ip: str | None, proved_by: str = "") -> None:
        if Person.objects.filter(territory=territory, user=user).exists():
            raise ValidationError(_("Вы уже зарегистрированы в этом городе."),
                                  code="already_resident")
        email, phone = user.email or "", user.phone or ""
        level = _LEVELS[proved_by]
        entered: dict[str, Any] = {k: details.get(k) for k in _NAMES if details.get(k) is not None}
        person = _list_person(territory, email, phone)
        if person is not None:
            person_link_user(person=person, user=user)
            # The list may lack what the resident typed; fill only the gaps, keep the list's.
            gaps = {k: v for k, v in entered.items() if v and not getattr(person, k)}
            gaps.update({k: v for k, v in (("email", email), ("phone", phone))
                         if v and not getattr(person, k)})
            if level > person.verification:
                gaps["verification"] = level
            if gaps:
                person_update(person=person, source_kind=_SOURCES[proved_by], recorded_by=user,
                              **gaps)
        else:
            person = person_create(
                territory=territory, email=email, phone=phone, verification=level,
                source_kind=_SOURCES[proved_by], recorded_by=user, user=user, **entered,
            )
        consent_grant(person=person, purpose=ConsentPurpose.PARTICIPATION, via="web", ip=ip,
                      recorded_by=user)

    def contact_proved(self, *, user, proved_by: str) -> None:
        level = _LEVELS[proved_by]
        persons = of_user(Person, user).filter(is_erased=False, verification__lt=level)
        for person in list(persons):
            with town_scope(person.territory_id), transaction.atomic():
                person_update(person=person, verification=level,
                              source_kind=_SOURCES[proved_by], recorded_by=user)


def _list_person(territory, email: str, phone: str) -> Person | None:
    """A person of this town without a login and with the same email or phone: they came from
    a list and are now signing up themselves."""
    match = Q()
    if email:
        match |= Q(email__iexact=email)
    if phone:
        match |= Q(phone=phone)
    if not match:
        return None
    return (
        Person.objects.filter(territory=territory, user__isnull=True, is_erased=False)
        .filter(match).order_by("id").first()
    )
