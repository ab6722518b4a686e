"""Demo logins: one per role, so every page can be seen as the person who would use it.

Only data is created here (User, Membership, TOTPDevice); the login flows live in accounts.
Staff, head and curator need a second factor: their TOTP device gets a fixed key derived from
the e-mail, so `veche demo_code EMAIL` can print the current code (and the otpauth secret can
be added to any authenticator app)."""

import hashlib
from base64 import b32encode
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django_otp.plugins.otp_totp.models import TOTPDevice

from veche.accounts.models import SECOND_FACTOR_ROLES, Department, Membership, Role, User
from veche.registry.models import Person, VerificationLevel
from veche.territories.models import Territory

from .spec import DEMO_EMAIL_DOMAIN, DEMO_PASSWORD


@dataclass
class Login:
    email: str
    password: str
    full_name: str
    roles: str  # human-readable: "глава города (Приозёрск-26)"
    totp_secret: str = ""  # base32, for an authenticator app


def demo_totp_key(email: str) -> str:
    """The fixed hex key of a demo account's TOTP device (20 bytes, as django-otp stores it)."""
    return hashlib.sha1(f"veche-demo-totp:{email}".encode()).hexdigest()


def totp_secret(hex_key: str) -> str:
    return b32encode(bytes.fromhex(hex_key)).decode().rstrip("=")


def _email(local: str) -> str:
    return f"{local}@{DEMO_EMAIL_DOMAIN}"


def _user(email: str, full_name: str, password_hash: str, **extra) -> User:
    user = User(email=email, full_name=full_name, password=password_hash, **extra)
    user.save()
    return user


def _grant(user: User, town: Territory, role: str, department: Department | None = None):
    Membership.objects.create(user=user, territory=town, role=role, department=department)


def _totp(user: User, email: str) -> str:
    key = demo_totp_key(email)
    TOTPDevice.objects.create(user=user, name="Демо: приложение-аутентификатор", key=key,
                              confirmed=True)
    return totp_secret(key)


def accounts_create(towns: list[tuple[Territory, list[Person], list[Department]]]) -> list[Login]:
    """towns: (town, its active persons with e-mail first, its departments); the first town is
    the main one, with every role; the others get a head, one staff member and residents."""
    # One hash for all demo accounts: argon2 is deliberately slow, the password is shared.
    password_hash = make_password(DEMO_PASSWORD)
    logins: list[Login] = []

    def add(local, full_name, grants, **extra) -> User:
        email = _email(local)
        user = _user(email, full_name, password_hash, **extra)
        for town, role, dept in grants:
            _grant(user, town, role, dept)
        # Platform admins pass the second factor too (accounts.access.needs_second_factor).
        needs_totp = extra.get("is_superuser") or any(
            r in SECOND_FACTOR_ROLES for _, r, _ in grants
        )
        secret = _totp(user, email) if needs_totp else ""
        roles = ", ".join(f"{Role(r).label} ({t.name})" for t, r, _ in grants) or \
            "администратор платформы"
        logins.append(Login(email, DEMO_PASSWORD, full_name, roles, secret))
        return user

    add("admin", "Администратор Платформы", [], is_staff=True, is_superuser=True)
    main, _, main_depts = towns[0]
    slug = main.slug.split("-")[0]
    add(f"glava.{slug}", "Воронцов Андрей Викторович", [(main, Role.HEAD, None)])
    add(f"zhkh.{slug}", "Лебедева Ирина Сергеевна", [(main, Role.STAFF, main_depts[0])])
    add(f"obrashcheniya.{slug}", "Кравцов Олег Николаевич", [(main, Role.STAFF, main_depts[1])])
    add(f"moderator.{slug}", "Белова Ксения Андреевна", [(main, Role.MODERATOR, None)])
    add(f"expert.{slug}", "Громов Павел Ильич", [(main, Role.EXPERT, None)])
    add(f"zavod.{slug}", "Савельев Игорь Петрович", [(main, Role.ENTERPRISE, None)])
    add("kurator", "Орлова Наталья Михайловна",
        [(town, Role.CURATOR, None) for town, _, _ in towns])
    for town, _, depts in towns[1:]:
        other = town.slug.split("-")[0]
        add(f"glava.{other}", "Зимин Константин Юрьевич", [(town, Role.HEAD, None)])
        add(f"staff.{other}", "Полякова Елена Олеговна", [(town, Role.STAFF, depts[0])])
    for town, persons, _ in towns:
        count = 4 if town is main else 2
        for i, person in enumerate(persons[:count]):
            role = Role.MEMBER if i == 0 else Role.RESIDENT
            local = f"zhitel{i + 1}.{town.slug.split('-')[0]}"
            user = add(local, person.full_name, [(town, role, None)])
            # The person keeps their list e-mail; the login is the demo address.
            person.user = user
            person.verification = max(person.verification, VerificationLevel.EMAIL)
            person.save(update_fields=["user", "verification", "updated_at"])
    return logins
