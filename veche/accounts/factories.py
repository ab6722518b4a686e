import itertools

from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import Membership, User

_seq = itertools.count(1)
PASSWORD = "Vече-пароль-2026"


def make_user(*, email: str | None = None, password: str = PASSWORD, phone: str | None = None,
              full_name: str = "", **extra) -> User:
    return User.objects.create_user(email=email or f"user{next(_seq)}@example.ru",
                                    password=password, phone=phone, full_name=full_name, **extra)


def grant_role(user: User, territory, role: str, department=None) -> Membership:
    """Assign a role in a town, with or without a scope open (a create reads nothing)."""
    return Membership.objects.create(
        user=user, territory=territory, role=role, department=department
    )


def add_totp(user: User) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="Приложение", confirmed=True)
