"""The ballot intake: `POST /api/v1/t/<town>/votes/<id>/ballots/` — an integration of the town
(its app or kiosk, with a staff Bearer key) casting a resident's ballot — served in front of
Django, so that a town-wide vote takes a thousand ballots a second on a small server (issue 4,
figures in docs/benchmarks.md).

Why: through Django's whole request cycle one cast costs ~20 ms of CPU and ten database round
trips. Here the ASGI server parses the request, the endpoint's own schema (OnBehalfIn) the
body, and the casts that arrive while the previous batch is being written are written together
by `ballots_cast_many`: one transaction and a few statements for the whole batch, in one
worker thread per process (group commit). A cast is answered after its batch commits, so a 201
always means a stored ballot and its ledger action.

Only the plain success is answered here. Everything else — a body the schema refuses, an
unknown key or town, a caller without the role, a vote that is not open, an ineligible
resident, a second ballot, a database error — is handed with the same request to Django's own
endpoint (veche/api/routers/votes.py), which answers as it always does. So the API keeps one
behaviour and one set of Russian messages, and nothing here repeats them. The API's per-user
rate limit is counted here per batch (a fixed one-minute window in the shared cache).
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from veche.asgi_body import read_body, replay

logger = logging.getLogger(__name__)

PATH = re.compile(r"^/api/v1/t/(?P<slug>[-a-zA-Z0-9_]+)/votes/(?P<vote_id>\d{1,18})/ballots/$")
MAX_BODY = 64 * 1024  # a ballot is a few hundred bytes; a bigger body goes to Django's checks
MAX_BATCH = 500
HEADERS = [(b"content-type", b"application/json; charset=utf-8"),
           (b"x-content-type-options", b"nosniff"), (b"x-frame-options", b"DENY"),
           (b"referrer-policy", b"same-origin"), (b"cache-control", b"no-store")]


@dataclass
class Cast:
    slug: str
    vote_id: int
    key: str
    person_id: int
    answers: dict
    ip: str
    device: str
    future: asyncio.Future | None = field(default=None, repr=False)


class BallotIntake:
    """ASGI middleware: the intake for its one path, `app` (Django) for everything else."""

    def __init__(self, app) -> None:
        self.app = app
        self.pending: list[Cast] = []
        self.draining: asyncio.Task | None = None
        # One thread: batches are written one after another, each on the thread's own
        # connection, while the next batch gathers in the event loop.
        self.writer = ThreadPoolExecutor(1, thread_name_prefix="ballot-intake")

    async def __call__(self, scope, receive, send) -> None:
        match = (PATH.match(scope["path"]) if scope["type"] == "http"
                 and scope["method"] == "POST" else None)
        if match is None:
            return await self.app(scope, receive, send)
        messages, complete = await read_body(receive, MAX_BODY)
        body = b"".join(m.get("body", b"") for m in messages)
        cast = _parse(scope, match, body) if complete else None
        answer = await self._submit(cast) if cast is not None else None
        if answer is None:
            return await self.app(scope, replay(messages, receive), send)
        status, body = answer
        await send({"type": "http.response.start", "status": status,
                    "headers": [*HEADERS, (b"content-length", str(len(body)).encode())]})
        await send({"type": "http.response.body", "body": body})

    def close(self) -> None:
        """Close the writer thread's database connection and stop it (tests, shutdown)."""
        from django.db import connections

        self.writer.submit(connections.close_all).result()
        self.writer.shutdown()

    async def _submit(self, cast: Cast) -> tuple[int, bytes] | None:
        cast.future = asyncio.get_running_loop().create_future()
        self.pending.append(cast)
        if self.draining is None:
            self.draining = asyncio.create_task(self._drain())
        return await asyncio.shield(cast.future)  # a client gone mid-batch leaves it intact

    async def _drain(self) -> None:
        loop = asyncio.get_running_loop()
        try:
            while self.pending:
                batch, self.pending = self.pending[:MAX_BATCH], self.pending[MAX_BATCH:]
                try:
                    answers = await loop.run_in_executor(self.writer, write_batch, batch)
                except Exception:  # every cast of the batch goes to Django, which answers it
                    logger.exception("ballot intake: batch of %s failed", len(batch))
                    answers = [None] * len(batch)
                for cast, answer in zip(batch, answers, strict=True):
                    future = cast.future  # set by _submit() before the cast is queued
                    if future is not None and not future.done():
                        future.set_result(answer)
        finally:
            self.draining = None


def _parse(scope, match, body: bytes) -> Cast | None:
    from .routers.votes_schemas import OnBehalfIn

    headers = {k.decode("latin-1"): v for k, v in scope["headers"]}
    scheme, _, key = headers.get("authorization", b"").decode("latin-1").partition(" ")
    if scheme.lower() != "bearer" or not key.strip():
        return None
    try:
        payload = OnBehalfIn.model_validate(json.loads(body))
    except Exception:  # noqa: BLE001 — any fault of the body is Django's to explain
        return None
    return Cast(slug=match["slug"], vote_id=int(match["vote_id"]), key=key.strip(),
                person_id=payload.person_id, answers=payload.answers(),
                ip=headers.get("x-voter-ip", b"").decode("latin-1"), device=payload.device)


def write_batch(batch: list[Cast]) -> list[tuple[int, bytes] | None]:
    """In the writer thread: each (town, vote, key) group of the batch through
    `ballots_cast_many`; the answer of each cast, or None for «let Django answer»."""
    from django.db import close_old_connections

    close_old_connections()
    groups: dict[tuple, list[int]] = defaultdict(list)
    for i, cast in enumerate(batch):
        groups[(cast.slug, cast.vote_id, cast.key)].append(i)
    answers: list[tuple[int, bytes] | None] = [None] * len(batch)
    try:
        for (slug, vote_id, key), positions in groups.items():
            try:
                group = _write_group(slug, vote_id, key, [batch[i] for i in positions])
            except Exception:  # the group goes to Django, which answers (or refuses) each cast
                logger.exception("ballot intake: vote %s failed", vote_id)
                continue
            for i, answer in zip(positions, group, strict=True):
                answers[i] = answer
    finally:
        # Under veche.asgi the connection came from the process's pool: give it back between
        # batches, so that an idle intake holds none and Django's requests may use it.
        close_old_connections()
    return answers


def _write_group(slug: str, vote_id: int, key: str, casts: list[Cast]) -> list:
    from django.core.exceptions import PermissionDenied
    from django.http import Http404
    from ninja.responses import NinjaJSONEncoder

    from veche.accounts.tokens import api_token_authenticate
    from veche.territories.models import Territory
    from veche.territories.scoping import town_scope
    from veche.votes import services as V  # noqa: N812
    from veche.votes.access import access_vote
    from veche.votes.models import Ballot

    from .routers.votes_schemas import BallotOut

    refused = [None] * len(casts)
    territory = Territory.objects.filter(slug=slug, is_active=True).first()
    if territory is None:
        return refused
    with town_scope(territory):
        user = api_token_authenticate(key)
        if user is None:
            return refused
        try:  # the same role set and lookup as the Django path (votes.access)
            vote = access_vote(user, territory, vote_id, manage=True)
        except (Http404, PermissionDenied):
            return refused
        allowed = _rate_allowance(user.pk, len(casts))
        done = V.ballots_cast_many(vote=vote, casts=[
            {"person_id": c.person_id, "answers": c.answers, "ip": c.ip, "device": c.device}
            for c in casts[:allowed]])
    out: list = [(201, json.dumps(BallotOut.from_orm(b).model_dump(),
                                  cls=NinjaJSONEncoder).encode()) if isinstance(b, Ballot)
                 else None for b in done]
    return out + [_too_many()] * (len(casts) - allowed)


def _rate_allowance(user_id: int, wanted: int) -> int:
    """How many of `wanted` casts the caller's per-user API rate still allows this window."""
    import time

    from django.conf import settings
    from django.core.cache import cache

    from .throttling import DEFAULT_RATES, VecheRateThrottle

    rate = {**DEFAULT_RATES, **getattr(settings, "VECHE_API_RATES", {})}.get("user")
    if not rate:
        return wanted
    limit, seconds = VecheRateThrottle().parse_rate(rate)
    assert limit is not None and seconds is not None  # a rate was given
    key = f"veche:intake-rate:{user_id}:{int(time.time() // seconds)}"
    cache.add(key, 0, seconds + 5)
    used = cache.incr(key, wanted)
    return max(0, min(wanted, limit - (used - wanted)))


def _too_many() -> tuple[int, bytes]:
    from .errors import STATUS_MESSAGES, error_body

    return 429, json.dumps(error_body(STATUS_MESSAGES[429], status=429),
                           ensure_ascii=False).encode()
