"""The words on a vote's pages say what happened and what one can do: a step says what it did
(not «Готово: опубликовать.»), a closed vote no longer asks to choose, a vote with no end date
says so."""

import pytest

from veche.votes.services import vote_close

pytestmark = pytest.mark.django_db


def test_a_step_says_what_it_did(staff, vt, vote_factory):
    vote = vote_factory(status="draft")
    page = staff.post(f"/t/{vt['town'].slug}/office/votes/{vote.pk}/status/",
                      {"action": "publish", "confirm": "1"}, follow=True).content.decode()
    assert "Голосование опубликовано: жители его видят." in page
    assert "Готово:" not in page


def test_a_closed_vote_does_not_ask_to_choose(client, vt, vote_factory):
    vote = vote_factory()
    url = f"/t/{vt['town'].slug}/votes/{vote.pk}/"
    assert "Выберите один вариант." in client.get(url).content.decode()
    vote_close(vote=vote)
    page = client.get(url).content.decode()
    assert "Выберите один вариант." not in page
    assert 'data-kind="closed"' in page


def test_a_vote_without_an_end_date_says_so(client, vt, vote_factory):
    vote = vote_factory()
    assert vote.closes_at is None
    page = client.get(f"/t/{vt['town'].slug}/votes/{vote.pk}/").content.decode()
    assert "дата завершения пока не назначена" in page
