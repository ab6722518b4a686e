"""Steps shared by every login path: where to go next, and finishing a first-factor login."""

from axes.helpers import get_client_ip_address
from django.contrib.auth import REDIRECT_FIELD_NAME, login
from django.http import HttpRequest, HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme

from . import otp
from .landing import landing_url


def client_ip(request: HttpRequest) -> str | None:
    return get_client_ip_address(request)


def safe_next(request: HttpRequest, value: str | None = None) -> str:
    """The `next` the user asked for if it stays on this site, else ''."""
    if value is None:
        value = request.POST.get(REDIRECT_FIELD_NAME) or request.GET.get(REDIRECT_FIELD_NAME, "")
    if value and url_has_allowed_host_and_scheme(
        value, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return value
    return ""


def finish_login(
    request: HttpRequest, user, *, backend: str, next_url: str = ""
) -> HttpResponseRedirect:
    """Log the user in after the first factor. Users who need a second factor are sent to the
    code page (or to enrol an app) and reach `next_url` only after it. Without a `next_url`
    the user lands on their role's desk (landing.py)."""
    login(request, user, backend=backend)
    next_url = next_url or landing_url(user)
    if otp.remember_requirement(request):
        return HttpResponseRedirect(otp.next_step_url(user, next_url))
    return HttpResponseRedirect(next_url)
