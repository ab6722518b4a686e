"""settings.MIDDLEWARE as the residents' cast intake (cast_intake.py) accounts for it: for each
middleware, what it does to a cast answered in front of Django.

- `process_response`: its response side runs on the answer (in reverse order, as in Django);
- `call_around`: it only adds headers around the view, so it is called with the answer as the
  view's;
- `nothing`: its request side is done by the intake itself (`REQUEST_SIDE`, the user, the
  town), or it does nothing for this request (static files, the GET-only page cache, /api/
  only, HTMX requests and lockouts are handed to Django).
A middleware not listed turns the intake off: a new one must be looked at first."""

from collections.abc import Callable
from typing import Any

from django.utils.module_loading import import_string

_instances: dict[str, Any] = {}


def instance(path: str):
    """One instance per middleware and process, as Django keeps them (they hold no request)."""
    if path not in _instances:
        _instances[path] = import_string(path)(lambda request: None)
    return _instances[path]


def process_response(path: str, request, response):
    return instance(path).process_response(request, response)


def call_around(path: str, request, response):
    return import_string(path)(lambda r, done=response: done)(request)


def nothing(path: str, request, response):
    return response


MIDDLEWARE: dict[str, Callable[[str, Any, Any], Any]] = {
    "django.middleware.security.SecurityMiddleware": process_response,
    "django.middleware.csp.ContentSecurityPolicyMiddleware": process_response,
    "veche.web.headers.PermissionsPolicyMiddleware": call_around,
    "whitenoise.middleware.WhiteNoiseMiddleware": nothing,
    "veche.web.middleware.RussianFirstMiddleware": nothing,  # request side: the intake's
    "veche.web.middleware.AnonymousPageCacheMiddleware": nothing,
    "veche.api.errors.ApiJsonErrors": nothing,
    "django.contrib.sessions.middleware.SessionMiddleware": process_response,
    "django.middleware.locale.LocaleMiddleware": process_response,
    "django.middleware.common.CommonMiddleware": process_response,
    "django.middleware.csrf.CsrfViewMiddleware": process_response,
    "django.contrib.auth.middleware.AuthenticationMiddleware": nothing,  # the intake's
    "django_otp.middleware.OTPMiddleware": nothing,  # the intake's
    "veche.accounts.otp.SecondFactorMiddleware": nothing,  # the intake's
    "django.contrib.messages.middleware.MessageMiddleware": process_response,
    "django.middleware.clickjacking.XFrameOptionsMiddleware": process_response,
    "django_htmx.middleware.HtmxMiddleware": nothing,
    "veche.territories.middleware.TerritoryScopeMiddleware": nothing,  # the intake's
    "axes.middleware.AxesMiddleware": nothing,
}


def response_side(paths: list[str], request, response):
    """The answer through the response side of `paths` (settings.MIDDLEWARE), last first."""
    for path in reversed(paths):
        response = MIDDLEWARE[path](path, request, response)
    return response
