"""Rate limit for the whole API: per user when the caller is known, per IP address otherwise.

The rates are read from settings on every request (VECHE_API_RATES = {"anon": "120/min",
"user": "600/min"}) rather than fixed at import, so an operator or a test can change them
without reloading the API. One throttle object serves every thread, so the per-request state
that ninja's SimpleRateThrottle keeps on `self` lives in a thread-local here.
"""

import threading

from django.conf import settings
from django.http import HttpRequest
from ninja.throttling import SimpleRateThrottle

DEFAULT_RATES = {"anon": "120/min", "user": "600/min"}


class VecheRateThrottle(SimpleRateThrottle):
    scope = "veche"

    def __init__(self) -> None:
        self._local = threading.local()

    def _caller(self, request: HttpRequest) -> tuple[str, str]:
        user = getattr(request, "auth", None)
        if user is None and getattr(request, "user", None) is not None:
            user = request.user if request.user.is_authenticated else None
        if user is not None:
            return "user", f"user-{user.pk}"
        return "anon", f"ip-{self.get_ident(request)}"

    def allow_request(self, request: HttpRequest) -> bool:
        kind, ident = self._caller(request)
        rate = {**DEFAULT_RATES, **getattr(settings, "VECHE_API_RATES", {})}.get(kind)
        self._local.wait = None
        if not rate:
            return True
        limit, duration = self.parse_rate(rate)
        assert limit is not None and duration is not None  # a rate was given
        key = self.cache_format % {"scope": f"{self.scope}-{kind}", "ident": ident}
        now = self.timer()  # type: ignore[misc]  # ninja's `timer = time.time`, not a method
        history = [t for t in self.cache.get(key, []) if t > now - duration]
        if len(history) >= limit:
            self._local.wait = duration - (now - history[-1])
            return False
        self.cache.set(key, [now, *history], duration)
        return True

    def wait(self) -> float | None:
        return getattr(self._local, "wait", None)
