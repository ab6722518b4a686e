"""Whole-page cache for the public pages anonymous visitors read most (the network's list of
towns, a town's home, its topics). A town home under a vote campaign is hit by thousands of
people who are not logged in; they all see the same page, so it is rendered once per language
per VECHE_FIGURES_CACHE_SECONDS and served from the cache before sessions, auth and the
database are touched.

Only requests without a session cookie and without a query string are cached, and only
responses that set no cookie: anything personal (a logged-in header, a CSRF token, messages)
either needs a session or sets a cookie, so it never reaches the cache.
"""

import re

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language_from_request

CACHEABLE = re.compile(r"^/(?:t/[-a-zA-Z0-9_]+/(?:topics/)?)?$")


class AnonymousPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def _key(self, request) -> str | None:
        ttl = getattr(settings, "VECHE_FIGURES_CACHE_SECONDS", 0)
        if (ttl <= 0 or request.method not in ("GET", "HEAD") or request.META.get("QUERY_STRING")
                or settings.SESSION_COOKIE_NAME in request.COOKIES
                or not CACHEABLE.match(request.path_info)):
            return None
        language = get_language_from_request(request)
        return f"veche:page:{language}:{request.path_info}"

    def __call__(self, request):
        key = self._key(request)
        if key is None:
            return self.get_response(request)
        cached = cache.get(key)
        if cached is not None:
            status, content_type, content = cached
            response = HttpResponse(content, status=status, content_type=content_type)
            response["X-Veche-Cache"] = "hit"
        else:
            response = self.get_response(request)
            if response.status_code == 200 and not response.cookies and not response.streaming:
                cache.set(key, (200, response["Content-Type"], response.content),
                          settings.VECHE_FIGURES_CACHE_SECONDS)
            response["X-Veche-Cache"] = "miss"
        patch_vary_headers(response, ("Cookie",))
        return response


class RussianFirstMiddleware:
    """Russian unless the visitor chose English with the switch (the language cookie). A
    browser's Accept-Language is not followed: officials and residents share screens and links,
    and a page that changes language by whose browser opened it is a support call. The API
    (/api/v1/) does follow it: a program asks for the language it wants its errors in."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path_info.startswith("/api/"):
            request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)
