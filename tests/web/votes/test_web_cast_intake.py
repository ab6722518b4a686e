"""The resident's «Отправить» through the web cast intake (veche/web/cast_intake.py, issue
15.11): casts that arrive together are written together, and each answer is the one the cast
view gives — the same redirect, headers, cookies, thanks and receipt; everything else is the
view's own answer; still one ballot per resident."""

import asyncio
import datetime as dt
import re
from concurrent.futures import ThreadPoolExecutor
from http.cookies import SimpleCookie
from urllib.parse import urlencode

import pytest
from django.db import connection

from tests.votes.conftest import ledger_flushable  # noqa: F401 — the fixture, used below
from tests.votes.test_ballot_intake import _SQLITE_TURN, _django
from veche.ledger.models import Action
from veche.registry.factories import make_person
from veche.votes.models import Ballot, Participation
from veche.web import cast_intake

from .conftest import options_of, url

pytestmark = [pytest.mark.django_db(transaction=True),
              pytest.mark.usefixtures("ledger_flushable")]
CSRF = "c" * 32


@pytest.fixture(autouse=True)
def sqlite_turns(monkeypatch):
    """As in tests/votes/test_ballot_intake.py: on SQLite Django's requests and the intake's
    batches take turns; the batches the intake wrote are counted."""
    monkeypatch.setitem(connection.settings_dict, "CONN_MAX_AGE", 0)
    write, answered = cast_intake.write_batch, []

    def counted(batch):
        if connection.vendor == "sqlite":
            with _SQLITE_TURN:
                out = write(batch)
        else:
            out = write(batch)
        answered.append(sum(a is not None for a in out))
        return out
    monkeypatch.setattr(cast_intake, "write_batch", counted)
    return answered


async def _post(app, path: str, cookies: dict, form: dict) -> tuple[int, list]:
    body = urlencode(form).encode()
    cookie = "; ".join(f"{k}={v}" for k, v in cookies.items())
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1",
             "method": "POST", "scheme": "http", "path": path, "raw_path": path.encode(),
             "query_string": b"", "root_path": "", "client": ("127.0.0.1", 50000),
             "server": ("testserver", 80),
             "headers": [(b"host", b"testserver"), (b"cookie", cookie.encode()),
                         (b"content-type", b"application/x-www-form-urlencoded"),
                         (b"content-length", str(len(body)).encode())]}
    sent, given = [], False

    async def receive():
        nonlocal given
        if not given:
            given = True
            return {"type": "http.request", "body": body, "more_body": False}
        await asyncio.Event().wait()

    async def send(message):
        sent.append(message)

    await app(scope, receive, send)
    return sent[0]["status"], [(k.decode(), v.decode()) for k, v in sent[0]["headers"]]


def _casts(requests: list[tuple[str, dict, dict]]) -> list[tuple[int, list]]:
    """All requests at once through a fresh intake in front of Django; answers in order."""
    app = cast_intake.WebCastIntake(_django())

    async def run():
        return await asyncio.gather(*(_post(app, *r) for r in requests))
    try:
        with ThreadPoolExecutor(max_workers=1) as pool:
            return pool.submit(asyncio.run, run()).result()
    finally:
        app.close()


def _chose(client, town, vote) -> dict:
    """The ballot's first screen, as the resident fills it: the choice kept in the session.
    The browser's cookies for the cast."""
    client.cookies["csrftoken"] = CSRF
    assert client.get(url(town, "votes_ballot", vote.pk)).status_code == 200
    r = client.post(url(town, "votes_ballot", vote.pk),
                    {"option": options_of(vote)[0].pk, "next": "1"})
    assert r.status_code == 302
    return {"sessionid": client.cookies["sessionid"].value, "csrftoken": CSRF}


def _header(headers: list, name: str) -> str:
    return next(v for k, v in headers if k.lower() == name)


def _shape(headers: list, vote) -> dict:
    """Headers without what differs between two votes and two moments (ids, signatures)."""
    out: dict = {}
    for k, v in headers:
        v = re.sub(r"expires=[^;]+", "expires=…", v.replace(f"/{vote.pk}/", "/ID/"))
        v = re.sub(r"^(veche_receipt_)\d+=[^;]+", r"\1ID=…", v)
        v = re.sub(r"^(messages|sessionid)=[^;]+", r"\1=…", v)
        out.setdefault(k.lower(), []).append(v)
    return {k: sorted(v) for k, v in out.items() if k not in ("date", "server")}


def test_a_cast_is_written_by_the_intake_and_answered_as_the_view_answers(
        vt, vote_factory, resident, sqlite_turns):
    town = vt["town"]
    through_view, through_intake = vote_factory(), vote_factory(title="Второе")
    _chose(resident, town, through_view)
    direct = resident.post(url(town, "votes_cast", through_view.pk),
                           {"csrfmiddlewaretoken": CSRF})
    direct_headers = [(k, v) for k, v in direct.items()] + [
        ("Set-Cookie", c.output(header="").strip()) for c in direct.cookies.values()]
    cookies = _chose(resident, town, through_intake)
    [(status, headers)] = _casts([(url(town, "votes_cast", through_intake.pk), cookies,
                                   {"csrfmiddlewaretoken": CSRF})])
    assert sqlite_turns == [1]  # answered by the intake, not handed to Django
    assert status == direct.status_code == 302
    assert _shape(headers, through_intake) == _shape(direct_headers, through_view)
    # The browser follows: the same thanks and its receipt on the «done» page.
    jar = SimpleCookie()
    for k, v in headers:
        if k.lower() == "set-cookie":
            jar.load(v)
    for name, morsel in jar.items():
        resident.cookies[name] = morsel.value
    done = resident.get(_header(headers, "location")).content.decode()
    assert "Ваш голос принят. Спасибо!" in done
    code = re.search(r'id="receipt-code">([^<]+)<', done)
    assert code and code.group(1).strip()
    stored = Participation.objects.get(vote=through_intake, person=vt["me"])
    assert stored.channel == "web"
    assert Ballot.objects.filter(vote=through_intake).count() == 1
    assert Action.objects.filter(kind="ballot", object_id=str(through_intake.pk),
                                 person=vt["me"], source="web").count() == 1
    # The draft left the session, as the view drops it; a second click: the view's answer.
    again = resident.post(url(town, "votes_cast", through_intake.pk),
                          {"csrfmiddlewaretoken": CSRF}, follow=True)
    assert "Ваш голос уже принят" in again.content.decode()


def test_one_resident_eight_clicks_at_once_one_ballot(vt, vote_factory, resident):
    town, vote = vt["town"], vote_factory()
    cookies = _chose(resident, town, vote)
    answers = _casts([(url(town, "votes_cast", vote.pk), cookies,
                       {"csrfmiddlewaretoken": CSRF})] * 8)
    assert {s for s, _ in answers} == {302}
    assert {_header(h, "location") for _, h in answers} == {
        url(town, "votes_done", vote.pk)}
    assert Participation.objects.filter(vote=vote, person=vt["me"]).count() == 1
    assert Ballot.objects.filter(vote=vote).count() == 1
    assert Action.objects.filter(kind="ballot", person=vt["me"]).count() == 1


def test_what_the_intake_does_not_answer_is_the_views_own_answer(
        vt, vote_factory, resident, sqlite_turns):
    town = vt["town"]
    teen_only = vote_factory(title="Для взрослых", min_age=80)
    ok = vote_factory(title="Обычное")
    cookies = _chose(resident, town, ok)
    path = url(town, "votes_cast", ok.pk)
    answers = _casts([
        (path, {**cookies, "csrftoken": "d" * 32}, {"csrfmiddlewaretoken": CSRF}),  # CSRF
        (path, {"csrftoken": CSRF}, {"csrfmiddlewaretoken": CSRF}),  # not logged in
        (url(town, "votes_cast", teen_only.pk), cookies, {"csrfmiddlewaretoken": CSRF}),
    ])
    assert sqlite_turns and sum(sqlite_turns) == 0  # all three handed to Django
    assert answers[0][0] == 403  # Django's CSRF refusal
    assert answers[1][0] == 302 and "/accounts/login/" in _header(answers[1][1], "location")
    assert answers[2][0] == 403  # the refusal page: too young for this vote
    assert not Participation.objects.filter(person=vt["me"]).exists()


def test_a_session_without_the_second_factor_answer_goes_through_django(
        vt, vote_factory, resident, sqlite_turns):
    """The first screen normally leaves it; without it Django works it out (and casts)."""
    town, vote = vt["town"], vote_factory()
    cookies = _chose(resident, town, vote)
    session = resident.session
    session.pop("veche_second_factor")
    session.save()
    [(status, headers)] = _casts([(url(town, "votes_cast", vote.pk), cookies,
                                   {"csrfmiddlewaretoken": CSRF})])
    assert status == 302 and sum(sqlite_turns) == 0
    assert Participation.objects.filter(vote=vote, person=vt["me"]).count() == 1


def test_another_resident_of_the_batch_is_not_held_up_by_a_refusal(
        vt, vote_factory, resident):
    from django.test import Client

    from tests.web.helpers import login
    from veche.accounts.factories import make_user

    town, vote = vt["town"], vote_factory()
    other = make_user(email="sosed@zarechny.ru", full_name="Сосед")
    make_person(town, surname="Соседов", given_name="Иван", user=other,
                birth_date=dt.date(1960, 1, 1), verification=vt["me"].verification)
    second = login(Client(), other, verified=False)
    mine, theirs = _chose(resident, town, vote), _chose(second, town, vote)
    path = url(town, "votes_cast", vote.pk)
    answers = _casts([(path, mine, {"csrfmiddlewaretoken": CSRF}),
                      (path, {**theirs, "csrftoken": "e" * 32}, {"csrfmiddlewaretoken": CSRF}),
                      (path, theirs, {"csrfmiddlewaretoken": CSRF})])
    assert [s for s, _ in answers] == [302, 403, 302]
    assert Participation.objects.filter(vote=vote).count() == 2


def test_the_intake_is_on_with_the_shipped_settings():
    """A middleware added to settings.MIDDLEWARE turns it off until cast_intake accounts for
    it (what it does to a cast's answer): this test says so first."""
    assert cast_intake.enabled()
