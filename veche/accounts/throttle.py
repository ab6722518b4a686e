"""Brute-force protection for every login path, through django-axes.

The password path goes through `django.contrib.auth.authenticate`, where Axes watches by itself
(its backend refuses locked credentials, its signal handler counts failures). The phone-code,
TOTP and ESIA paths do not authenticate a password, so they call `login_locked` before checking
and `login_failed` after a wrong answer: failures land in the same Axes store, are cleared by the
same admin tools and use the same limit and cool-off (AXES_FAILURE_LIMIT, AXES_COOLOFF_TIME).

Each path counts under its own key so that a wrong SMS code never locks a password login and the
other way round: "email" or "+7…" for passwords, "phone:+7…", "otp:<user id>", "esia".

Axes counts per account and address, so one password tried once on each of many accounts (a
"password spray") never reaches its limit. `address_locked` closes that: an address at which
logins failed for VECHE_LOGIN_ADDRESS_LIMIT different accounts within the cool-off is refused on
every path until the oldest of them ages out. The limit counts accounts, not tries, so residents
behind one shared address (a town office, a mobile operator's NAT) who mistype their own
passwords are not locked out together; a success forgets that account's failures (Axes).
"""

import datetime as dt

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_client_ip_address
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils import timezone


def axes_username(request: HttpRequest, credentials: dict | None = None) -> str | None:
    """AXES_USERNAME_CALLABLE: the key a failure is counted under.

    Our login form calls the identifier `username` (email or phone); Django admin does too.
    """
    if credentials:
        return credentials.get("username") or credentials.get("email")
    data = getattr(request, "data", request.POST)
    return data.get("username") or data.get("email")


def _credentials(key: str) -> dict:
    return {"username": key}


def client_ip(request: HttpRequest) -> str | None:
    """AXES_CLIENT_IP_CALLABLE: the client's address. Behind nginx (production: the proxy
    settings are on) REMOTE_ADDR is nginx itself, the same for everyone, so the address nginx
    writes into X-Real-IP is taken; nginx overwrites that header on every request, so a client
    cannot choose it (docs/operations.md, nginx)."""
    if getattr(settings, "VECHE_BEHIND_PROXY", False):
        forwarded = request.META.get("HTTP_X_REAL_IP", "").strip()
        if forwarded:
            return forwarded
    return request.META.get("REMOTE_ADDR")


def address_locked(request: HttpRequest) -> bool:
    """True while logins from this client's address failed for too many different accounts."""
    ip = get_client_ip_address(request)
    if not ip or not settings.AXES_ENABLED:
        return False
    since = timezone.now() - dt.timedelta(hours=settings.AXES_COOLOFF_TIME)
    accounts = (AccessAttempt.objects.filter(ip_address=ip, attempt_time__gte=since)
                .values("username").distinct().count())
    return accounts >= settings.VECHE_LOGIN_ADDRESS_LIMIT


class AddressThrottleBackend:
    """First in AUTHENTICATION_BACKENDS: while the address is locked, no password is checked on
    any form that authenticates (ours, Django admin); the views answer with the lockout page."""

    def authenticate(self, request, **credentials):
        if request is not None and address_locked(request):
            request.axes_locked_out = True  # what every login path already looks at
            raise PermissionDenied
        return None
    # No get_user: a session never names this backend (Django picks the first backend with
    # get_user for a test client's force_login, and this one logs nobody in).


def login_locked(request: HttpRequest, key: str) -> bool:
    """True while this key is locked out for this client (limit reached, cool-off running), or
    while the client's address is (`address_locked`)."""
    return address_locked(request) or AxesProxyHandler.is_locked(request, _credentials(key))


def login_failed(request: HttpRequest, key: str) -> bool:
    """Count one failure; returns True when it locked the key out."""
    user_login_failed.send(sender=__name__, credentials=_credentials(key), request=request)
    return bool(getattr(request, "axes_locked_out", False))


def login_succeeded(request: HttpRequest, key: str) -> None:
    """Forget earlier failures of this key from this client, as Axes does for passwords."""
    AxesProxyHandler.reset_attempts(
        username=key, ip_address=get_client_ip_address(request)
    )


def rate_allowed(key: str, limit: int, seconds: int = 3600) -> bool:
    """Count one use of `key` in the cache; False once it was used `limit` times within
    `seconds`. For sends that cost money or land in someone's inbox (SMS codes, reset and
    confirmation letters), where a failed login count does not apply."""
    cache_key = f"veche:rate:{key}"
    cache.add(cache_key, 0, seconds)
    try:
        return cache.incr(cache_key) <= limit
    except ValueError:  # expired between add and incr
        return True
