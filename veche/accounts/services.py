"""Writes for accounts: memberships, resident sign-up, ESIA accounts.

Phone login codes live in `phone_codes.py`. Functions that touch town-owned rows (Membership,
Person, Consent) must run inside that town's scope; the caller opens it (`town_scope`).
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q

from veche.registry.consent import consent_grant
from veche.registry.models import ConsentPurpose, Person, SourceKind, VerificationLevel
from veche.registry.services import person_create, person_link_user, person_update
from veche.territories.models import Territory
from veche.territories.scoping import town_scope

from .models import Department, Membership, Role, User


@transaction.atomic
def membership_grant(
    *, user: User, territory: Territory, role: str, department: Department | None = None
) -> Membership:
    """Give `user` a role in a town (idempotent). Runs inside the town's scope."""
    membership, created = Membership.objects.get_or_create(
        user=user, territory=territory, role=role, defaults={"department": department}
    )
    if not created and department is not None and membership.department_id != department.pk:
        membership.department = department
        membership.save(update_fields=["department"])
    return membership


def _list_person(territory: Territory, email: str, phone: str) -> Person | None:
    """A registry person of this town without a login, with the same email or phone: they came
    from a list and are now signing up themselves."""
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


@transaction.atomic
def resident_join(
    *,
    user: User,
    territory: Territory,
    surname: str,
    given_name: str,
    patronymic: str = "",
    birth_date: dt.date | None = None,
    ip: str | None = None,
    verification: int = VerificationLevel.NONE,
) -> Person:
    """Make an existing login a resident of a town: membership, registry person (a list person
    with the same contact is linked instead of duplicated) and consent to participation.
    Runs inside the town's scope."""
    if Person.objects.filter(territory=territory, user=user).exists():
        raise ValidationError("Вы уже зарегистрированы в этом городе.")
    membership_grant(user=user, territory=territory, role=Role.RESIDENT)
    email, phone = user.email or "", user.phone or ""
    person = _list_person(territory, email, phone)
    entered = dict(surname=surname, given_name=given_name, patronymic=patronymic,
                   birth_date=birth_date)
    if person is not None:
        person_link_user(person=person, user=user)
        # The list may lack what the resident just typed; fill only the gaps, keep the list's.
        gaps = {k: v for k, v in entered.items() if v and not getattr(person, k)}
        gaps.update({k: v for k, v in (("email", email), ("phone", phone))
                     if v and not getattr(person, k)})
        if verification > person.verification:
            gaps["verification"] = verification
        if gaps:
            person_update(person=person, source_kind=SourceKind.SELF, recorded_by=user, **gaps)
    else:
        person = person_create(
            territory=territory, email=email, phone=phone, verification=verification,
            source_kind=SourceKind.SELF, recorded_by=user, user=user, **entered,
        )
    consent_grant(person=person, purpose=ConsentPurpose.PARTICIPATION, via="web", ip=ip,
                  recorded_by=user)
    return person


@transaction.atomic
def resident_signup(
    *,
    territory: Territory,
    email: str = "",
    phone: str = "",
    password: str,
    surname: str,
    given_name: str,
    patronymic: str = "",
    birth_date: dt.date | None = None,
    ip: str | None = None,
) -> tuple[User, Person]:
    """A new login and a resident of `territory` in one transaction: nothing is half-saved.
    Runs inside the town's scope. Email/phone must be normalised and free (the form checks)."""
    if not (email or phone):
        raise ValidationError("Укажите электронную почту или телефон.")
    full_name = " ".join(p for p in (surname, given_name, patronymic) if p)
    user = User.objects.create_user(email=email or None, phone=phone or None,
                                    password=password, full_name=full_name)
    person = resident_join(user=user, territory=territory, surname=surname,
                           given_name=given_name, patronymic=patronymic, birth_date=birth_date,
                           ip=ip)
    return user, person


def persons_raise_verification(*, user: User, level: int, source_kind: str) -> int:
    """Raise the verification level of every registry person linked to `user`, in every town
    (a login proved by phone or ESIA proves it for all of them). Returns how many changed."""
    changed = 0
    persons = Person.objects.with_scopes_disabled().filter(
        user=user, is_erased=False, verification__lt=level
    )
    for person in list(persons):
        with town_scope(person.territory_id), transaction.atomic():
            person_update(person=person, verification=level, source_kind=source_kind,
                          recorded_by=user)
            changed += 1
    return changed


class EsiaLinkError(Exception):
    """The ESIA identity cannot be attached to an account; the message is for the user."""


@transaction.atomic
def esia_user_resolve(
    *, subject: str, email: str = "", phone: str = "", full_name: str = "",
    email_verified: bool = False, phone_verified: bool = False,
) -> User:
    """The login for an ESIA identity: by `esia_subject`; else an existing login with the same
    contact that ESIA itself confirmed; else a new login. Linked persons become ESIA-verified."""
    user = User.objects.filter(esia_subject=subject).first()
    if user is None:
        candidates = []
        if email and email_verified:
            candidates.append(User.objects.filter(email__iexact=email).first())
        if phone and phone_verified:
            candidates.append(User.objects.filter(phone=phone).first())
        user = next((c for c in candidates if c is not None), None)
        if user is not None and user.esia_subject:
            raise EsiaLinkError(
                "Этот email или телефон уже связан с другой учётной записью Госуслуг. "
                "Войдите по паролю или обратитесь в администрацию."
            )
    if user is None:
        user = User.objects.create_user(
            email=email if email and not User.objects.filter(email__iexact=email).exists()
            else None,
            phone=phone if phone and not User.objects.filter(phone=phone).exists() else None,
            full_name=full_name,
        )
    if not user.is_active:
        raise EsiaLinkError("Учётная запись отключена. Обратитесь в администрацию.")
    user.esia_subject = subject
    if full_name and not user.full_name:
        user.full_name = full_name
    user.save(update_fields=["esia_subject", "full_name"])
    persons_raise_verification(user=user, level=VerificationLevel.ESIA,
                               source_kind=SourceKind.ESIA)
    return user
