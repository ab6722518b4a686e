"""The resident's web ballot, written in batches in front of Django (issue 15.11).

`POST /t/<town>/votes/<id>/ballot/cast/` — a logged-in resident's «Отправить» — is the page a
town-wide vote puts its load on. Through Django's whole request cycle one cast cost ~12 ms of
CPU and eleven statements each with its commit (session, user, role check, town twice, vote,
person, participation check, three inserts, session update), while the API's ballot intake
(veche/api/ballot_intake.py) writes a ballot for a fraction of that: 15 times fewer ballots a
second on the same machine (docs/benchmarks.md). Here the resident's casts that arrive together
are handled together, in one writer thread per process: their sessions in one query, their
users in one, the town and the vote once, their persons in one, the ballots through
`ballots_cast_many` (one transaction), the sessions saved in one UPDATE.

Every rule stays Django's own: the request is Django's ASGIRequest, checked by Django's own
security, common and CSRF middleware; the session is the database session engine's; the user
must pass the session's auth hash as `django.contrib.auth.get_user` checks it; the answer is the
cast view's (`cast_accepted`), passed through the response side of settings.MIDDLEWARE. So the
resident gets the same redirect, cookies, headers, message and receipt as before.

Only the plain success is answered here. Anything else — no or a stale session, a CSRF fault, a
resident who owes the second factor or has not had it worked out yet, an English message to
add to pending ones, a vote not open, a person who may not vote or has voted, a bad draft, a
change of a ballot, an HTMX request, a database fault before the write — is handed, with the
same request, to Django, which answers as it always did. A cast is never handed on after its
ballot is written: the ballot commits first, then the answer is built.
"""

from __future__ import annotations

import asyncio
import io
import logging
import re
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from django.contrib.sessions.backends import db

from veche.asgi_body import read_body, replay

from .cast_middleware import MIDDLEWARE, instance, response_side

logger = logging.getLogger(__name__)

PATH = re.compile(r"^/t/(?P<slug>[-a-zA-Z0-9_]+)/votes/(?P<vote_id>\d{1,18})/ballot/cast/$")
MAX_BODY = 16 * 1024  # the form is a CSRF token; anything bigger is Django's to judge
MAX_BATCH = 500
DB_SESSIONS = "django.contrib.sessions.backends.db"


@dataclass
class WebCast:
    scope: dict
    body: bytes
    slug: str
    vote_id: int
    future: asyncio.Future | None = field(default=None, repr=False)
    # Filled in the writer thread.
    request: Any = None
    language: str = ""
    session: Any = None
    user: Any = None


def enabled() -> bool:
    """Whether this process may answer casts here: the shipped settings (database sessions,
    messages in a cookie first, no language prefixes in URLs, every middleware accounted for)."""
    from django.conf import settings
    from django.conf.urls.i18n import is_language_prefix_patterns_used

    return (settings.SESSION_ENGINE == DB_SESSIONS
            and settings.MESSAGE_STORAGE.endswith((".FallbackStorage", ".CookieStorage"))
            and all(m in MIDDLEWARE for m in settings.MIDDLEWARE)
            and not is_language_prefix_patterns_used(settings.ROOT_URLCONF)[0])


class WebCastIntake:
    """ASGI middleware: residents' casts here, everything else to `app` (Django)."""

    def __init__(self, app) -> None:
        self.app = app
        self.on = enabled()
        self.pending: list[WebCast] = []
        self.draining: asyncio.Task | None = None
        self.writer = ThreadPoolExecutor(1, thread_name_prefix="web-cast-intake")

    async def __call__(self, scope, receive, send) -> None:
        match = (PATH.match(scope["path"]) if self.on and scope["type"] == "http"
                 and scope["method"] == "POST" and not scope.get("query_string")
                 and not scope.get("root_path") else None)
        if match is None:
            return await self.app(scope, receive, send)
        messages, complete = await read_body(receive, MAX_BODY)
        answer = None
        if complete:
            cast = WebCast(scope=scope, body=b"".join(m.get("body", b"") for m in messages),
                           slug=match["slug"], vote_id=int(match["vote_id"]))
            answer = await self._submit(cast)
        if answer is None:
            return await self.app(scope, replay(messages, receive), send)
        status, headers = answer
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": b""})

    def close(self) -> None:
        from django.db import connections

        self.writer.submit(connections.close_all).result()
        self.writer.shutdown()

    async def _submit(self, cast: WebCast):
        cast.future = asyncio.get_running_loop().create_future()
        self.pending.append(cast)
        if self.draining is None:
            self.draining = asyncio.create_task(self._drain())
        return await asyncio.shield(cast.future)  # a browser gone mid-batch leaves it intact

    async def _drain(self) -> None:
        loop = asyncio.get_running_loop()
        try:
            while self.pending:
                batch, self.pending = self.pending[:MAX_BATCH], self.pending[MAX_BATCH:]
                try:
                    answers = await loop.run_in_executor(self.writer, write_batch, batch)
                except Exception:  # nothing was written: Django answers every cast
                    logger.exception("web cast intake: batch of %s failed", len(batch))
                    answers = [None] * len(batch)
                for cast, answer in zip(batch, answers, strict=True):
                    if cast.future is not None and not cast.future.done():
                        cast.future.set_result(answer)
        finally:
            self.draining = None


# --- in the writer thread -----------------------------------------------------------------------

def write_batch(batch: list[WebCast]) -> list[tuple[int, list] | None]:
    """Each cast's answer (status, headers), or None for «let Django answer»."""
    from django.db import close_old_connections

    close_old_connections()
    answers: list[tuple[int, list] | None] = [None] * len(batch)
    try:
        ready = [i for i, cast in enumerate(batch) if _prepare(cast)]
        ready = _logged_in(batch, ready)
        groups: dict[tuple, list[int]] = defaultdict(list)
        for i in ready:
            groups[(batch[i].slug, batch[i].vote_id)].append(i)
        for positions in groups.values():
            casts = [batch[i] for i in positions]
            for i, answer in zip(positions, _write_group(casts), strict=True):
                answers[i] = answer
    finally:
        # Under veche.asgi the connection came from the process's pool: give it back.
        close_old_connections()
    return answers


class _Handed(Exception):
    """Django answers this cast."""


def _csrf_middleware():
    from django.middleware.csrf import CsrfViewMiddleware

    class Quiet(CsrfViewMiddleware):
        # A refused token is Django's to answer and log, once: here it only says «not here».
        def _reject(self, request, reason):
            raise _Handed(reason)

    return Quiet(lambda request: None)


# Their request side runs here as in Django (an HTTPS redirect, a CSP nonce, a bad host).
REQUEST_SIDE = ("django.middleware.security.SecurityMiddleware",
                "django.middleware.csp.ContentSecurityPolicyMiddleware",
                "django.middleware.common.CommonMiddleware")


def _prepare(cast: WebCast) -> bool:
    """Django's request side for this cast, without the database: security, host, CSRF, the
    language; False (Django answers) at the first doubt."""
    from django.conf import settings
    from django.contrib.messages.storage.cookie import CookieStorage
    from django.core.handlers.asgi import ASGIRequest
    from django.utils.translation import get_language_from_request

    from veche.web.views.votes.ballot import ballot_cast_view

    request = ASGIRequest(cast.scope, io.BytesIO(cast.body))
    request.META.pop("HTTP_ACCEPT_LANGUAGE", None)  # RussianFirstMiddleware
    cookies = request.COOKIES
    if (settings.SESSION_COOKIE_NAME not in cookies or CookieStorage.cookie_name in cookies
            or "HTTP_HX_REQUEST" in request.META):
        return False
    try:
        for path in REQUEST_SIDE:
            if instance(path).process_request(request) is not None:  # a redirect: Django's
                return False
        csrf = _csrf_middleware()
        csrf.process_request(request)
        csrf.process_view(request, ballot_cast_view, (), {})
        if set(request.POST) - {"csrfmiddlewaretoken"}:  # «change» and the like: the view's
            return False
    except Exception:  # noqa: BLE001 — a bad host, a refused token, a malformed body: Django's
        return False
    cast.request = request
    cast.language = get_language_from_request(request)
    return True


def _logged_in(batch: list[WebCast], ready: list[int]) -> list[int]:
    """Sessions and users of the ready casts, two queries for all; those whose session holds a
    user as `get_user` accepts it, who owes no second factor, with nothing queued to show."""
    from django.conf import settings
    from django.contrib.auth import (
        BACKEND_SESSION_KEY,
        HASH_SESSION_KEY,
        SESSION_KEY,
        load_backend,
    )
    from django.contrib.auth.backends import ModelBackend
    from django.contrib.messages.storage.session import SessionStorage
    from django.contrib.sessions.models import Session
    from django.utils import timezone
    from django.utils.crypto import constant_time_compare
    from django_otp import DEVICE_ID_SESSION_KEY

    from veche.accounts.models import User
    from veche.accounts.otp import SESSION_KEY as SECOND_FACTOR

    keys = {batch[i].request.COOKIES[settings.SESSION_COOKIE_NAME] for i in ready}
    rows = dict(Session.objects.filter(session_key__in=keys, expire_date__gt=timezone.now())
                .values_list("session_key", "session_data"))
    for i in ready:
        key = batch[i].request.COOKIES[settings.SESSION_COOKIE_NAME]
        batch[i].session = SessionStore(key, rows[key]) if key in rows else None
    wanted: dict[int, str] = {}
    for i in ready:
        s = batch[i].session
        if (s is None or s.get(BACKEND_SESSION_KEY) not in settings.AUTHENTICATION_BACKENDS
                or s.get(SECOND_FACTOR) is not False or DEVICE_ID_SESSION_KEY in s
                or SessionStorage.session_key in s):
            batch[i].session = None
            continue
        wanted[i] = str(s.get(SESSION_KEY, ""))
    users = User._default_manager.in_bulk([int(v) for v in wanted.values() if v.isdigit()])
    out = []
    for i, user_id in wanted.items():
        user = users.get(int(user_id)) if user_id.isdigit() else None
        s = batch[i].session
        backend = load_backend(s[BACKEND_SESSION_KEY])
        if (user is None or not isinstance(backend, ModelBackend)
                or type(backend).get_user is not ModelBackend.get_user  # its check, below
                or not backend.user_can_authenticate(user)
                or not constant_time_compare(s.get(HASH_SESSION_KEY, ""),
                                             user.get_session_auth_hash())):
            continue  # Django logs them out (or checks the old keys) as it always does
        user.backend = s[BACKEND_SESSION_KEY]
        batch[i].user = user
        out.append(i)
    return out


def _write_group(casts: list[WebCast]) -> list[tuple[int, list] | None]:
    """One vote's casts: checked as the cast view checks them, written together, answered."""
    from django.contrib.sessions.models import Session
    from django.http import Http404
    from django.utils import timezone, translation
    from django_scopes import scope

    from veche.registry.models import Person
    from veche.territories.models import Territory
    from veche.votes.access import access_vote
    from veche.votes.models import Ballot, BallotChannel
    from veche.votes.services.ballots import ballots_cast_many
    from veche.votes.validation import eligibility_problem
    from veche.web.views.votes import common

    handed: list[tuple[int, list] | None] = [None] * len(casts)
    territory = Territory.objects.filter(slug=casts[0].slug, is_active=True).first()
    if territory is None:
        return handed
    with scope(territory=territory), timezone.override(territory.time_zone):
        try:  # the roles play no part for a resident's ballot (votes.access)
            vote = access_vote(casts[0].user, territory, casts[0].vote_id)
        except Http404:
            return handed
        if not common.accepting(vote):
            return handed
        vote.territory = territory
        persons: dict[int | None, Person] = {}
        for p in (Person.objects.filter(territory=territory, is_erased=False,
                                        user_id__in=[c.user.pk for c in casts]).order_by("-pk")):
            persons[p.user_id] = p  # the lowest id last: voter_of's .first()
        todo, wanted = [], []
        for n, c in enumerate(casts):
            person = persons.get(c.user.pk)
            draft = c.session.get(common.DRAFT_KEY.format(vote.pk)) or {}
            if person is None or not draft or eligibility_problem(vote, person) is not None:
                continue
            todo.append(n)
            wanted.append({"person_id": person.pk, "answers": dict(draft),
                           "ip": c.request.META.get("REMOTE_ADDR") or None,
                           "device": c.request.COOKIES.get("csrftoken", "")[:64],
                           "invitation_token": c.session.get(common.INVITE_KEY.format(vote.pk),
                                                             "")})
        if not todo:
            return handed
        done = ballots_cast_many(vote=vote, casts=wanted, channel=BallotChannel.WEB)
        saved: list[Session] = []  # what SessionMiddleware saves, written in one UPDATE
        for n, ballot in zip(todo, done, strict=True):
            if isinstance(ballot, Ballot):
                c = casts[n]
                c.session.saved = saved
                with translation.override(c.language):
                    handed[n] = _answer(c, territory, vote, ballot)
        try:
            Session.objects.bulk_update(saved, ["session_data", "expire_date"])
        except Exception:  # the ballots stand; the draft stays, and the next cast says so
            logger.exception("web cast intake: %s sessions not saved", len(saved))
    return handed


def _answer(cast: WebCast, territory, vote, ballot) -> tuple[int, list]:
    """The cast view's answer, through the response side of the middleware as Django runs it."""
    from django.conf import settings
    from django.contrib.messages.storage import default_storage

    from veche.web.views.votes.ballot import cast_accepted

    request = cast.request
    request.territory, request.user, request.session = territory, cast.user, cast.session
    request.LANGUAGE_CODE = cast.language
    request._messages = default_storage(request)  # what MessageMiddleware puts there
    response = response_side(settings.MIDDLEWARE, request, cast_accepted(request, vote, ballot))
    headers = [(k.encode("latin-1"), v.encode("latin-1")) for k, v in response.items()]
    headers += [(b"Set-Cookie", c.output(header="").encode("ascii").strip())
                for c in response.cookies.values()]
    return response.status_code, headers


class SessionStore(db.SessionStore):
    """A database session read with the batch's others and saved with them in one UPDATE.
    (Named as the engine's own class: a session's signature is salted with the class name.)"""

    saved: list | None = None  # the group's sessions to write (set by _write_group)

    def __init__(self, session_key: str, data: str) -> None:
        super().__init__(session_key)
        self._data = data

    def load(self) -> dict:
        return self.decode(self._data)

    def save(self, must_create: bool = False) -> None:
        assert not must_create and self.saved is not None  # as SessionMiddleware saves it
        self.saved.append(self.create_model_instance(dict(self.items())))
