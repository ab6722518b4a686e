"""The demo's logins, read back from the database (a second `veche demo` prints them too), and
the current TOTP code of a demo account (`veche demo_code EMAIL`)."""

import sys
from pathlib import Path

from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from veche.accounts.models import Membership, Role, User
from veche.territories.crosstown import all_towns

from .builder.accounts import Login, demo_totp_key, totp_secret
from .builder.spec import DEMO_EMAIL_DOMAIN, DEMO_PASSWORD


class NotADemoAccount(LookupError):
    pass


def demo_logins() -> list[Login]:
    users = User.objects.filter(email__endswith=f"@{DEMO_EMAIL_DOMAIN}").order_by("date_joined",
                                                                                   "id")
    roles: dict[int, list[str]] = {}
    with all_towns():  # the demo's own logins, in every town of the demo
        for m in (Membership.objects.filter(user__in=users)
                  .select_related("territory").order_by("territory__name")):
            roles.setdefault(m.user_id, []).append(f"{Role(m.role).label} ({m.territory.name})")
    devices = {d.user_id: d for d in TOTPDevice.objects.filter(user__in=users, confirmed=True)}
    return [
        Login(
            email=u.email or "", password=DEMO_PASSWORD, full_name=u.full_name,
            roles=", ".join(roles.get(u.pk, [])) or "администратор платформы",
            totp_secret=totp_secret(devices[u.pk].key) if u.pk in devices else "",
        )
        for u in users
    ]


def demo_code(email: str) -> str:
    """The 6-digit code a demo account's authenticator would show now. Only for demo accounts
    whose device still has the fixed demo key: a real account's code is never computable."""
    email = email.strip().lower()
    if not email.endswith(f"@{DEMO_EMAIL_DOMAIN}"):
        raise NotADemoAccount(f"{email}: это не демо-учётная запись (@{DEMO_EMAIL_DOMAIN}).")
    device = TOTPDevice.objects.filter(user__email=email, confirmed=True).first()
    if device is None or device.key != demo_totp_key(email):
        raise NotADemoAccount(f"{email}: у этой учётной записи нет демо-ключа второго фактора.")
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def format_logins(logins: list[Login], url: str) -> str:
    lines = [f"Демо: {url}", f"Пароль всех демо-учётных записей: {DEMO_PASSWORD}", ""]
    width = max((len(x.email) for x in logins), default=20)
    for x in logins:
        lines.append(f"  {x.email:<{width}}  {x.roles} — {x.full_name}")
        if x.totp_secret:
            lines.append(f"  {'':<{width}}  второй фактор: {_veche()} demo_code {x.email}"
                         f"  (секрет TOTP {x.totp_secret})")
    return "\n".join(lines)


def _veche() -> str:
    """The `veche` command as it can be typed here: .venv/bin/veche is not on PATH by default."""
    path = Path(sys.executable).parent / "veche"
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)
