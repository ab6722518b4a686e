"""Public votes pages: the town's list, a vote's page, results with turnout, the receipt
check, the ballot files, the «what is open now» block on the town home."""

import json

import pytest

from veche.votes.models import Ballot, ResultsVisibility, VoteKind
from veche.votes.services import ballot_cast, vote_close, vote_results_publish

from .conftest import options_of, url

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return response.content.decode()


def test_list_shows_open_and_finished_votes_not_drafts(vt, vote_factory, client):
    town = vt["town"]
    vote_factory(title="Что благоустроить в 2027 году?")
    vote_factory(title="Черновик для себя", status="draft")
    done = vote_factory(title="Главная площадь")
    vote_close(vote=done)
    page = client.get(url(town, "votes_list"))
    body = text(page)
    assert page.status_code == 200
    assert "Что благоустроить в 2027 году?" in body and "Черновик для себя" not in body
    assert "Идёт голосование" in body and "Завершены" in body
    assert url(town, "votes_results", done.pk) in body


def test_vote_page_shows_options_with_photo_place_and_rules(vt, vote_factory, client):
    town = vt["town"]
    vote = vote_factory(kind=VoteKind.APPROVAL, max_choices=2, status="draft")
    option = options_of(vote)[0]
    option.latitude, option.longitude, option.description = 56.123, 60.456, "Лавочки и свет"
    option.save()
    from veche.votes.services import vote_open, vote_publish

    vote_publish(vote=vote)
    vote_open(vote=vote)
    body = text(client.get(url(town, "votes_detail", vote.pk)))
    assert "Лавочки и свет" in body
    assert "geo:56.123000,60.456000" in body and "<svg" in body
    assert "Выберите не больше 2 вариантов." in body
    assert "Голосуют жители города от 14 лет." in body


def test_live_results_show_turnout_by_district_and_age(vt, vote_factory, client):
    town = vt["town"]
    vote = vote_factory(results_visibility=ResultsVisibility.LIVE)
    ballot_cast(vote=vote, person=vt["me"], answers={"option": options_of(vote)[0].pk})
    page = client.get(url(town, "votes_results", vote.pk))
    body = text(page)
    assert page.status_code == 200
    assert "Явка" in body and "Имеют право голоса" in body
    assert "Промежуточные итоги" in body
    assert "Явка по районам" in body and "Северный" in body
    assert "Явка по возрасту" in body
    assert "Как разрешаются ничьи" in body and "стоит раньше в бюллетене" in body
    assert "Вершина цепочки" in body
    # A live count is not the final file: it is published with the results (as in the API).
    assert "будет опубликован вместе с итогами" in body
    assert client.get(url(town, "votes_ballots_csv", vote.pk)).status_code == 404
    # Nobody's name on a public page.
    assert "Жителева" not in body


def test_results_wait_for_the_close_and_then_publish_files(vt, vote_factory, client):
    town = vt["town"]
    vote = vote_factory()
    ballot = ballot_cast(vote=vote, person=vt["me"], answers={"option": options_of(vote)[1].pk})
    body = text(client.get(url(town, "votes_results", vote.pk)))
    assert "Итоги будут видны после завершения голосования." in body
    assert client.get(url(town, "votes_ballots_csv", vote.pk)).status_code == 404
    vote_close(vote=vote)
    vote_results_publish(vote=vote)
    body = text(client.get(url(town, "votes_results", vote.pk)))
    assert "победитель" in body and "Учтён 1 бюллетень" in body
    csv = client.get(url(town, "votes_ballots_csv", vote.pk))
    content = b"".join(csv.streaming_content).decode()
    assert csv.status_code == 200 and ballot.receipt_hash in content
    assert "Жителева" not in content
    js = client.get(url(town, "votes_ballots_json", vote.pk))
    data = json.loads(b"".join(js.streaming_content))
    assert data["chain"]["length"] == 1


def test_receipt_check(vt, vote_factory, client):
    town = vt["town"]
    vote = vote_factory()
    ballot = ballot_cast(vote=vote, person=vt["me"], answers={"option": options_of(vote)[0].pk})
    code = ballot.receipt_code
    spaced = f"{code[:4].lower()}-{code[4:8]}-{code[8:]}"
    ok = client.post(url(town, "votes_receipt", vote.pk), {"code": spaced})
    assert ok.status_code == 200 and "Бюллетень учтён" in text(ok)
    Ballot.objects.get(pk=ballot.pk)  # untouched
    bad = client.post(url(town, "votes_receipt", vote.pk), {"code": "AAAA-BBBB-CCCC"})
    assert bad.status_code == 400 and "не найден" in text(bad)
    short = client.post(url(town, "votes_receipt", vote.pk), {"code": "123"})
    assert "12 букв и цифр" in text(short) and 'aria-invalid="true"' in text(short)


def test_town_home_lists_open_votes(vt, vote_factory, client):
    from django.core.cache import cache

    cache.clear()
    town = vt["town"]
    vote = vote_factory(title="Какой двор делать первым?")
    body = text(client.get(url(town, "town_home")))
    assert "Идёт голосование" in body and "Какой двор делать первым?" in body
    assert url(town, "votes_detail", vote.pk) in body
