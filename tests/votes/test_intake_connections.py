"""The ballot intake keeps its database connections bounded (issue 15.1): refusals and plain
GETs handed to Django each run in a thread of their own, and before the fix each thread kept its
PostgreSQL connection for CONN_MAX_AGE — rounds of 40 refusals took the server to its
max_connections and every page answered 500. Here refusals and GETs go through the intake with
the settings veche.asgi ships (settings.database_pooled), and the connections stay bounded."""

import asyncio
import json
import os

import pytest
from django.db import connection, connections
from django.db.backends.signals import connection_created

from tests.votes.conftest import opts
from tests.votes.test_ballot_intake import _SQLITE_TURN, _django, _in_own_loop, _post
from veche import settings as shipped
from veche.api import ballot_intake
from veche.votes.models import Ballot
from veche.votes.services import ballot_cast

pytestmark = pytest.mark.django_db(transaction=True)

POOL = 4  # per process, small so that a leak shows within a few rounds


class Held:
    """Database connections opened and not given back, counted on any backend: a connection
    counts from its opening (Django's connection_created) until `close()` is called on it —
    which is what returns it to the pool or closes it. A thread that ends without it leaks."""

    def __init__(self, monkeypatch):
        self.open: set = set()
        self.peak = 0
        backend = type(connections["default"])
        close = backend.close

        def counted_close(wrapper):
            self.open.discard(wrapper)
            return close(wrapper)
        monkeypatch.setattr(backend, "close", counted_close)
        connection_created.connect(self.opened)

    def opened(self, sender, connection, **kwargs):
        self.open.add(connection)
        self.peak = max(self.peak, len(self.open))

    def stop(self):
        connection_created.disconnect(self.opened)


def server_connections() -> int:
    """On PostgreSQL, the server's own count of backends on the test database."""
    with connection.cursor() as cur:
        cur.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()")
        return cur.fetchone()[0]


def counted_in_a_thread() -> int:
    """server_connections() from a helper thread, which then gives its connection back."""
    try:
        return server_connections()
    finally:
        connection.close()


@pytest.fixture
def asgi_settings(monkeypatch, ledger_flushable):
    """The test database's settings as veche.asgi ships them (one process's pool of POOL),
    put back before the test's clean-up, which must not open the pool again."""
    db = connection.settings_dict
    saved = {k: db[k] for k in ("OPTIONS", "CONN_MAX_AGE") if k in db}
    db["OPTIONS"] = dict(db.get("OPTIONS") or {})
    connection.close()  # the test's own connection comes from the pool from now on too
    shipped.database_pooled(db, POOL)
    if connection.vendor == "sqlite":  # the intake's reads take turns with Django's requests
        write = ballot_intake.write_batch

        def in_turn(batch):
            with _SQLITE_TURN:
                return write(batch)
        monkeypatch.setattr(ballot_intake, "write_batch", in_turn)
    yield
    connection.close()
    if connection.vendor == "postgresql":
        connection.close_pool()
    db.update(saved)


def test_veche_asgi_pools_connections_per_process():
    db = {"ENGINE": "django.db.backends.postgresql", "CONN_MAX_AGE": 60, "OPTIONS": {}}
    shipped.database_pooled(db, 10)
    assert db["CONN_MAX_AGE"] == 0 and db["OPTIONS"]["pool"]["max_size"] == 10
    sqlite = {"ENGINE": "django.db.backends.sqlite3", "CONN_MAX_AGE": 0, "OPTIONS": {}}
    shipped.database_pooled(sqlite, 10)
    assert "pool" not in sqlite["OPTIONS"]  # SQLite: closed after every request already
    import veche.asgi  # noqa: F401

    assert os.environ["VECHE_DB_POOL"] == "10"


def test_refusals_and_gets_through_the_intake_keep_connections_bounded(
        asgi_settings, monkeypatch, vote_factory, voter_factory, staff_user):
    from veche.accounts.tokens import api_token_create

    vote = vote_factory()
    auth = {"Authorization": f"Bearer {api_token_create(user=staff_user, name='x')[1]}"}
    people = [voter_factory() for _ in range(12)]
    first, other = opts(vote)[:2]
    for person in people:
        ballot_cast(vote=vote, person=person, answers={"option": first})
    base = f"/api/v1/t/zarechny/votes/{vote.pk}"
    before = server_connections() if connection.vendor == "postgresql" else 0
    held = Held(monkeypatch)
    app = ballot_intake.BallotIntake(_django())
    seen_on_server: list[int] = []

    async def rounds():
        answers = []
        for _ in range(3):  # three rounds of twelve simultaneous refusals
            answers += await asyncio.gather(*(
                _post(app, f"{base}/ballots/",
                      json.dumps({"person_id": p.pk, "option": other}).encode(), auth)
                for p in people))
            if connection.vendor == "postgresql":
                seen_on_server.append(await asyncio.to_thread(counted_in_a_thread))
        gets = await asyncio.gather(*(_get(app, base) for _ in range(20)))
        return answers, gets
    try:
        refusals, gets = _in_own_loop(rounds())
    finally:
        app.close()
        held.stop()
    assert {s for s, _ in refusals} == {400}
    assert all("Вы уже проголосовали" in b["detail"] for _, b in refusals)
    assert set(gets) == {200}
    assert Ballot.objects.filter(vote=vote).count() == 12  # nothing changed by the refusals
    # 36 refusals and 20 GETs, each in a thread of its own: none keeps its connection.
    assert not held.open, f"{len(held.open)} connections never given back"
    if connection.vendor == "postgresql":
        # The server's own count: at most the pool (and the one counting) beyond the start.
        assert max(seen_on_server) <= before + POOL + 1, (before, seen_on_server)


async def _get(app, path: str) -> int:
    """A GET through the intake (not its path: Django answers it)."""
    sent: list[dict] = []
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1",
             "method": "GET", "scheme": "http", "path": path, "raw_path": path.encode(),
             "query_string": b"", "root_path": "", "client": ("127.0.0.1", 50001),
             "server": ("testserver", 80), "headers": [(b"host", b"testserver")]}

    given = False

    async def receive():
        nonlocal given
        if not given:
            given = True
            return {"type": "http.request", "body": b"", "more_body": False}
        await asyncio.Event().wait()  # the client never hangs up

    async def send(message):
        sent.append(message)

    await app(scope, receive, send)
    return sent[0]["status"]

