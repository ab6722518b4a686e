"""Brute-force protection for every login path, through django-axes.

The password path goes through `django.contrib.auth.authenticate`, where Axes watches by itself
(its backend refuses locked credentials, its signal handler counts failures). The phone-code,
TOTP and ESIA paths do not authenticate a password, so they call `login_locked` before checking
and `login_failed` after a wrong answer: failures land in the same Axes store, are cleared by the
same admin tools and use the same limit and cool-off (AXES_FAILURE_LIMIT, AXES_COOLOFF_TIME).

Each path counts under its own key so that a wrong SMS code never locks a password login and the
other way round: "email" or "+7…" for passwords, "phone:+7…", "otp:<user id>", "esia".
"""

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_client_ip_address
from django.contrib.auth.signals import user_login_failed
from django.http import HttpRequest


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


def login_locked(request: HttpRequest, key: str) -> bool:
    """True while this key is locked out for this client (limit reached, cool-off running)."""
    return AxesProxyHandler.is_locked(request, _credentials(key))


def login_failed(request: HttpRequest, key: str) -> bool:
    """Count one failure; returns True when it locked the key out."""
    user_login_failed.send(sender=__name__, credentials=_credentials(key), request=request)
    return bool(getattr(request, "axes_locked_out", False))


def login_succeeded(request: HttpRequest, key: str) -> None:
    """Forget earlier failures of this key from this client, as Axes does for passwords."""
    AxesProxyHandler.reset_attempts(
        username=key, ip_address=get_client_ip_address(request)
    )
