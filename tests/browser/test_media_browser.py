"""Uploaded files reach the browser: a vote option's photo shows on the public vote page (the
image decodes, not just its alt text), and an appeal's photo opens for its applicant and not for
another resident."""

import io
import urllib.request

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from tests.browser.test_accessibility import log_in
from veche.accounts.factories import grant_role, make_user
from veche.appeals.factories import make_appeal
from veche.territories.scoping import town_scope
from veche.votes.factories import make_vote
from veche.votes.services import option_add, vote_open, vote_publish

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def png(color) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), color).save(out, "PNG")
    return out.getvalue()


def test_an_option_photo_and_an_appeal_photo_load(live_server, new_page, town_data):
    urllib.request.urlopen(f"{live_server.url}/accounts/login/", timeout=180).read()
    town = town_data["town"]
    with town_scope(town):
        vote = make_vote(town, title="Какой сквер благоустроить?", status="draft")
        option_add(vote=vote, text="Сквер у школы", photo=SimpleUploadedFile(
            "skver.png", png((20, 140, 60)), content_type="image/png"))
        vote_publish(vote=vote)
        vote_open(vote=vote)
        appeal = make_appeal(town, town_data["me"], photos=[SimpleUploadedFile(
            "fonar.png", png((200, 80, 40)), content_type="image/png")])
        photo = appeal.attachments.get()

    page = new_page()
    page.goto(f"{live_server.url}/t/zarechny/votes/{vote.pk}/")
    image = page.locator("img.option-photo").first
    image.scroll_into_view_if_needed()
    page.wait_for_function("img => img.complete", arg=image.element_handle())
    assert image.evaluate("img => img.naturalWidth") == 64

    log_in(page, live_server.url, "resident@zarechny.ru")
    url = f"{live_server.url}/t/zarechny/appeals/photos/{photo.pk}/"
    mine = page.request.get(url)
    assert mine.status == 200 and mine.body().startswith(b"\x89PNG")

    neighbour = make_user(email="sosed@zarechny.ru", full_name="Сосед Соседов")
    grant_role(neighbour, town, "resident")
    other = new_page()
    log_in(other, live_server.url, "sosed@zarechny.ru")
    assert other.request.get(url).status == 404
