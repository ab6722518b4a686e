"""/media/: uploaded files are served from the folders capabilities declare, to whom they say;
everything else under MEDIA_ROOT (registry imports, appeal photos) answers 404 there."""

import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from tests.web.helpers import login
from veche.accounts.factories import add_totp, grant_role, make_user
from veche.territories.factories import make_town
from veche.territories.scoping import all_towns, town_scope
from veche.votes.factories import make_vote
from veche.votes.services import option_add

pytestmark = pytest.mark.django_db


def png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (30, 20), (10, 120, 200)).save(out, "PNG")
    return out.getvalue()


@pytest.fixture
def option(town):
    with town_scope(town):
        vote = make_vote(town, title="Какой сквер благоустроить?", status="draft")
        return option_add(vote=vote, text="Сквер у школы",
                          photo=SimpleUploadedFile("skver.png", png(), content_type="image/png"))


def test_an_option_photo_is_public(client, option):
    response = client.get(option.photo.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")


def test_undeclared_folders_and_unknown_files_are_not_served(client, option):
    name = default_storage.save("imports/2026/12/spisok.csv", ContentFile("Фамилия;Телефон\n"))
    assert client.get(f"/media/{name}").status_code == 404
    assert client.get("/media/votes/photos/2026/12/nobody.png").status_code == 404
    assert client.get(f"/media/votes/photos/../../{name}").status_code == 404


def test_a_scorecard_evidence_file_goes_only_to_the_towns_office(client, town):
    import datetime as dt

    from veche.practices.scorecard.services import fact_create

    with all_towns():
        other = make_town(slug="drugoy", name="Другой")
    with town_scope(town):
        fact = fact_create(territory=town, month=dt.date(2026, 11, 1), title="Сократили срок",
                           by=None, evidence_file=SimpleUploadedFile("akt.pdf", b"%PDF-1.4 akt"))
    url = fact.evidence_file.url
    assert url.startswith("/media/scorecard/facts/")
    # anonymous: to the login page; a resident: refused; another town's staff: refused
    assert client.get(url).status_code == 302
    resident = make_user(email="zhitel@example.ru")
    grant_role(resident, town, "resident")
    assert login(client, resident).get(url).status_code in (302, 403)
    stranger = make_user(email="chuzhoy@example.ru")
    grant_role(stranger, other, "staff")
    add_totp(stranger)
    assert login(client, stranger).get(url).status_code in (302, 403)
    # the town's staff, past the second factor, get the file
    staff = make_user(email="staff@example.ru")
    grant_role(staff, town, "staff")
    add_totp(staff)
    assert login(client, staff, verified=False).get(url).status_code == 302
    response = login(client, staff).get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 akt"


def test_the_web_server_sends_the_file_after_the_check(client, option, settings):
    settings.VECHE_MEDIA_ACCEL = "/_media/"
    response = client.get(option.photo.url)
    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == "/_media/" + option.photo.name
    assert response.content == b""


def test_an_event_photo_is_public_only_while_its_event_is(client, town):
    """A draft's photo (the office prepares the announcement) goes to the town's event office
    only; once announced anyone may see it, as the event's public page shows it."""
    from tests.events_core.conftest import new_event
    from veche.events.lifecycle import EVENT
    from veche.events.services.events import event_photo_add

    staff = make_user(email="events@example.ru")
    grant_role(staff, town, "staff")
    add_totp(staff)
    with town_scope(town):
        event = new_event(town)
        photo = event_photo_add(event=event, image=SimpleUploadedFile(
            "afisha.png", png(), content_type="image/png"))
    url = photo.image.url
    assert url.startswith("/media/events/photos/")
    assert client.get(url).status_code == 302  # anonymous: to the login page
    resident = make_user(email="zhitel@example.ru")
    grant_role(resident, town, "resident")
    assert login(client, resident).get(url).status_code == 403
    assert login(client, staff).get(url).status_code == 200
    with town_scope(town):
        EVENT.run("announce", event, by=staff)
    client.logout()
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")
