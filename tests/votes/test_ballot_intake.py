"""The ballot intake (veche/api/ballot_intake.py) in front of Django's ASGI application: an
integration's concurrent casts are written together and answered as the endpoint answers; every
refusal is the endpoint's own answer; one resident, eight simultaneous requests, one ballot."""

import asyncio
import datetime as dt
import json
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.asgi import get_asgi_application
from django.core.cache import cache
from django.db import connection
from django.test import Client, override_settings

from tests.votes.conftest import opts
from veche.accounts.factories import grant_role, make_user
from veche.accounts.models import Role
from veche.accounts.tokens import api_token_create
from veche.api import ballot_intake
from veche.ledger.models import Action
from veche.votes.models import Ballot, Participation
from veche.votes.selectors import receipt_verify
from veche.votes.services import vote_close

pytestmark = pytest.mark.django_db(transaction=True)

BASE = "/api/v1/t/zarechny/votes/"


async def _post(app, path: str, body: bytes, headers: dict) -> tuple[int, dict]:
    """One HTTP request through the ASGI application, as uvicorn would pass it."""
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1",
             "method": "POST", "scheme": "http", "path": path, "raw_path": path.encode(),
             "query_string": b"", "root_path": "", "client": ("127.0.0.1", 50000),
             "server": ("testserver", 80),
             "headers": [(b"host", b"testserver"), (b"content-type", b"application/json"),
                         *((k.lower().encode(), v.encode()) for k, v in headers.items())]}
    messages, given = [], False

    async def receive():
        nonlocal given
        if not given:
            given = True
            return {"type": "http.request", "body": body, "more_body": False}
        await asyncio.Event().wait()  # the client never hangs up

    async def send(message):
        messages.append(message)

    await app(scope, receive, send)
    status = messages[0]["status"]
    return status, json.loads(b"".join(m.get("body", b"") for m in messages[1:]) or b"{}")


_SQLITE_TURN = threading.Lock()


def _django():
    """Django's ASGI application. On SQLite the test database is one shared in-memory file
    whose writers lock tables instead of waiting, and Django runs each request in a thread of
    its own: there Django's requests and the intake's batches take turns (see `sqlite_turns`);
    on PostgreSQL they all run at once."""
    app = get_asgi_application()
    if connection.vendor != "sqlite":
        return app

    queue = asyncio.Lock()  # one request at a time waits for the turn, in one pool thread

    async def one_at_a_time(scope, receive, send):
        async with queue:
            await asyncio.get_running_loop().run_in_executor(None, _SQLITE_TURN.acquire)
            try:
                await app(scope, receive, send)
            finally:
                _SQLITE_TURN.release()
    return one_at_a_time


@pytest.fixture(autouse=True)
def sqlite_turns(monkeypatch):
    # Django's request threads close their connections when done, so the test database can
    # be dropped at the end.
    monkeypatch.setitem(connection.settings_dict, "CONN_MAX_AGE", 0)
    if connection.vendor == "sqlite":
        write = ballot_intake.write_batch

        def in_turn(batch):
            with _SQLITE_TURN:
                return write(batch)
        monkeypatch.setattr(ballot_intake, "write_batch", in_turn)


def _in_own_loop(coro):
    """Run `coro` on a new event loop in its own thread: a browser test earlier in the same
    worker may leave Playwright's loop running on this one, where asyncio.run() refuses."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coro).result()


def _casts(requests: list[tuple[str, dict, dict]]) -> list[tuple[int, dict]]:
    """Send all requests at once to a fresh intake; the answers in order."""
    app = ballot_intake.BallotIntake(_django())

    async def run():
        return await asyncio.gather(*(_post(app, path, json.dumps(body).encode(), headers)
                                      for path, body, headers in requests))
    try:
        return _in_own_loop(run())
    finally:
        app.close()


@pytest.fixture
def integration(vote_factory, staff_user, ledger_flushable):
    vote = vote_factory()
    key = api_token_create(user=staff_user, name="Мобильное приложение")[1]
    return vote, {"Authorization": f"Bearer {key}"}, f"{BASE}{vote.pk}/ballots/"


def test_concurrent_casts_are_batched_stored_and_answered_like_the_endpoint(
        integration, voter_factory, monkeypatch):
    vote, auth, url = integration
    people = [voter_factory() for _ in range(20)]
    batches = []
    write = ballot_intake.write_batch
    monkeypatch.setattr(ballot_intake, "write_batch",
                        lambda batch: batches.append(len(batch)) or write(batch))
    o = opts(vote)
    answers = _casts([(url, {"person_id": p.pk, "option": o[i % 2]},
                       {**auth, "X-Voter-IP": "10.0.0.7"}) for i, p in enumerate(people)])
    assert [s for s, _ in answers] == [201] * 20
    assert sum(batches) == 20 and len(batches) < 20  # written together, not one by one
    receipts = {body["receipt"] for _, body in answers}
    assert len(receipts) == 20
    stored = Ballot.objects.filter(vote=vote)
    assert stored.count() == 20 and set(stored.values_list("channel", flat=True)) == {"api"}
    assert Action.objects.filter(kind="ballot", object_id=str(vote.pk)).count() == 20
    for _, body in answers:  # each receipt finds the ballot it was given for
        assert body["choices"] == receipt_verify(vote=vote, code=body["receipt"])["choices"]
    assert set(Participation.objects.filter(vote=vote).values_list("person_id", flat=True)) \
        == {p.pk for p in people}
    # The same fields and formats as Django's own endpoint gives.
    direct = Client().post(url, {"person_id": voter_factory().pk, "option": o[0]},
                           content_type="application/json",
                           HTTP_AUTHORIZATION=auth["Authorization"]).json()
    fast = answers[0][1]
    assert set(fast) == set(direct)
    assert fast["cast_at"][-1] == direct["cast_at"][-1] and len(fast["receipt"]) == len(
        direct["receipt"])
    check = Client().post(f"{BASE}{vote.pk}/receipt", {"code": fast["receipt"]},
                          content_type="application/json").json()
    assert check["found"]


def test_one_resident_eight_requests_at_once_gives_one_ballot(integration, voter_factory):
    vote, auth, url = integration
    person = voter_factory()
    answers = _casts([(url, {"person_id": person.pk, "option": opts(vote)[0]}, auth)] * 8)
    statuses = sorted(s for s, _ in answers)
    assert statuses == [201] + [400] * 7
    assert all("Вы уже проголосовали" in b["detail"] for s, b in answers if s == 400)
    assert Participation.objects.filter(vote=vote, person=person).count() == 1
    assert Ballot.objects.filter(vote=vote).count() == 1
    assert Action.objects.filter(kind="ballot", person=person).count() == 1


def test_every_refusal_is_the_endpoints_own_answer(integration, voter_factory, vote_factory,
                                                   other_town):
    vote, auth, url = integration
    o = opts(vote)
    adult, teen = voter_factory(), voter_factory(born=dt.date.today() - dt.timedelta(days=5900))
    adults_only = vote_factory(min_age=18, title="Для взрослых")
    stranger = make_user(email="chuzhoy@example.org", full_name="Чужой Сотрудник")
    grant_role(stranger, other_town, Role.STAFF)
    foreign = {"Authorization": f"Bearer {api_token_create(user=stranger, name='x')[1]}"}
    closed = vote_close(vote=vote_factory(title="Прошедшее"), by=None)
    answers = _casts([
        (url, {"person_id": adult.pk, "option": o[0]}, {}),
        (url, {"person_id": adult.pk, "option": o[0]}, {"Authorization": "Bearer nonsense-key"}),
        (url, {"person_id": adult.pk, "option": o[0]}, foreign),
        (url, {"person_id": adult.pk, "option": "abc"}, auth),
        (url, {"person_id": 987654321, "option": o[0]}, auth),
        (f"{BASE}{adults_only.pk}/ballots/", {"person_id": teen.pk,
                                               "option": opts(adults_only)[0]}, auth),
        (f"{BASE}{closed.pk}/ballots/", {"person_id": adult.pk, "option": opts(closed)[0]}, auth),
        (f"{BASE}999999/ballots/", {"person_id": adult.pk, "option": o[0]}, auth),
    ])
    statuses = [s for s, _ in answers]
    assert statuses[:3] == [401, 401, 403]
    assert statuses[3] in (400, 422) and statuses[4:7] == [400, 400, 400]
    assert statuses[7] == 404
    details = [b["detail"] for _, b in answers]
    assert "Нет жителя" in json.dumps(answers[4][1], ensure_ascii=False)
    assert "лет" in details[5] and "завершено" in details[6]
    assert all(any("а" <= ch <= "я" for ch in d.lower()) for d in details)  # all in Russian
    assert not Participation.objects.filter(person__in=[adult, teen]).exists()


def test_a_huge_body_goes_to_the_endpoint_and_a_get_is_not_taken(integration, voter_factory):
    vote, auth, url = integration
    person = voter_factory()
    huge = {"person_id": person.pk, "option": opts(vote)[0], "device": "x" * 100_000}
    (status, body), = _casts([(url, huge, auth)])
    assert status in (400, 413, 422) and body["detail"]
    assert not Participation.objects.filter(person=person).exists()
    app = ballot_intake.BallotIntake(_django())
    listing = _in_own_loop(_post(app, BASE, b"", {}))  # POST to the list: not the intake's path
    app.close()
    assert listing[0] in (401, 403, 405)


def test_the_per_user_rate_counts_intake_casts(integration, voter_factory):
    vote, auth, url = integration
    cache.clear()
    with override_settings(VECHE_API_RATES={"anon": "100/min", "user": "2/min"}):
        answers = _casts([(url, {"person_id": voter_factory().pk, "option": opts(vote)[0]},
                           auth) for _ in range(3)])
    statuses = sorted(s for s, _ in answers)
    assert statuses == [201, 201, 429]
    assert "Слишком много запросов" in [b for s, b in answers if s == 429][0]["detail"]
    assert Ballot.objects.filter(vote=vote).count() == 2
    cache.clear()


def test_serve_intake_command_line():
    from io import StringIO

    from django.core.management import CommandError, call_command

    out = StringIO()
    call_command("serve_intake", "8123", "--workers", "3", "--dry-run", stdout=out)
    line = out.getvalue()
    assert "uvicorn veche.asgi:application" in line and "--port 8123" in line
    assert "--workers 3" in line
    with pytest.raises(CommandError, match="адрес:порт"):
        call_command("serve_intake", "localhost:http", "--dry-run", stdout=out)
