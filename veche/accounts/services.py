"""Writes for accounts: memberships, resident sign-up, ESIA accounts.

Phone login codes live in `phone_codes.py`. The registry's part of sign-up (person, consent,
verification) goes through the ResidentDirectory interface (`residents.py`). Functions that touch
town-owned rows must run inside that town's scope; the caller opens it (`town_scope`).
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from veche.territories.models import Territory

from .models import Department, Membership, Role, User
from .residents import ResidentDetails, resident_directory


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


@transaction.atomic
def resident_join(
    *, user: User, territory: Territory, details: ResidentDetails, ip: str | None = None,
    proved_by: str = "",
) -> None:
    """Make an existing login a resident of a town: the resident membership, and through the
    registry a person (a list person with the same contact is linked, not duplicated) with
    consent to participation. Runs inside the town's scope."""
    membership_grant(user=user, territory=territory, role=Role.RESIDENT)
    resident_directory().join(user=user, territory=territory, details=details, ip=ip,
                              proved_by=proved_by)


@transaction.atomic
def resident_signup(
    *,
    territory: Territory,
    email: str = "",
    phone: str = "",
    password: str,
    details: ResidentDetails,
    ip: str | None = None,
) -> User:
    """A new login and a resident of `territory` in one transaction: nothing is half-saved.
    Runs inside the town's scope. Email/phone must be normalised and free (the form checks)."""
    if not (email or phone):
        raise ValidationError(_("Укажите электронную почту или телефон."),
                              code="login_missing")
    full_name = " ".join(
        p for p in (details.get("surname"), details.get("given_name"), details.get("patronymic"))
        if p
    )
    user = User.objects.create_user(email=email or None, phone=phone or None,
                                    password=password, full_name=full_name)
    resident_join(user=user, territory=territory, details=details, ip=ip)
    return user


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
            raise EsiaLinkError(_(
                "Этот email или телефон уже связан с другой учётной записью Госуслуг. "
                "Войдите по паролю или обратитесь в администрацию."
            ))
    if user is None:
        user = User.objects.create_user(
            email=email if email and not User.objects.filter(email__iexact=email).exists()
            else None,
            phone=phone if phone and not User.objects.filter(phone=phone).exists() else None,
            full_name=full_name,
        )
    if not user.is_active:
        raise EsiaLinkError(_("Учётная запись отключена. Обратитесь в администрацию."))
    user.esia_subject = subject
    if full_name and not user.full_name:
        user.full_name = full_name
    user.save(update_fields=["esia_subject", "full_name"])
    resident_directory().contact_proved(user=user, proved_by="esia")
    return user
