"""Staff pages as a user sees them: every kind with its settings made through the form, an
option with a photo, a design sketch, a map point, a topic and a practice of the bank; the
resident's page then shows them all."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from veche.votes.models import Vote
from veche.votes.services import vote_open, vote_publish

from .conftest import url

pytestmark = pytest.mark.django_db

BASE_FORM = {"min_age": "14", "score_min": "1", "score_max": "5", "ranked_method": "schulze",
             "budget_rule": "equal_shares", "min_verification": "0",
             "results_visibility": "after_close", "tie_rule": "lexicographic"}


def _png() -> SimpleUploadedFile:
    buf = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(buf, format="PNG")
    return SimpleUploadedFile("skver.png", buf.getvalue(), content_type="image/png")


@pytest.mark.parametrize("kind, extra, check", [
    ("approval", {"max_choices": "3"}, {"max_choices": 3}),
    ("score", {"score_min": "0", "score_max": "10"}, {"score_min": 0, "score_max": 10}),
    ("ranked", {"ranked_method": "irv"}, {"ranked_method": "irv"}),
    ("ranked", {"ranked_method": "borda"}, {"ranked_method": "borda"}),
    ("budget", {"budget_amount": "5000000", "budget_rule": "greedy"},
     {"budget_amount": 5_000_000, "budget_rule": "greedy", "budget_completion": False}),
    ("budget", {"budget_amount": "900000", "budget_completion": "on"},
     {"budget_rule": "equal_shares", "budget_completion": True}),
    ("single", {"min_age": "18", "min_verification": "3", "allow_change": "on",
                "tie_rule": "seeded", "tie_seed": "тираж 1500"},
     {"min_age": 18, "min_verification": 3, "allow_change": True, "tie_seed": "тираж 1500"}),
])
def test_every_kind_and_setting_through_the_form(vt, staff, kind, extra, check):
    r = staff.post(url(vt["town"], "votes_office_new"),
                   {**BASE_FORM, "title": f"Голосование {kind}", "kind": kind, **extra})
    assert r.status_code == 302, r.content.decode()[:2000]
    vote = Vote.objects.get()
    assert vote.kind == kind
    assert {k: getattr(vote, k) for k in check} == check


def test_option_with_photo_sketch_place_topic_and_practice(vt, staff, client):
    town = vt["town"]
    staff.post(url(town, "votes_office_new"), {**BASE_FORM, "title": "Какой сквер?",
                                               "kind": "single"})
    vote = Vote.objects.get()
    options_url = url(town, "votes_office_options", vote.pk)
    fake = staff.post(options_url, {"text": "Сквер", "photo": SimpleUploadedFile(
        "a.png", b"not an image")})
    assert fake.status_code == 400 and "Это не изображение" in fake.content.decode()
    r = staff.post(options_url, {
        "text": "Сквер у ДК", "photo": _png(), "latitude": "56.12345", "longitude": "60.54321",
        "sketch": SimpleUploadedFile("plan.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>"),
        "topic": vt["topic"].pk, "practice_ref": "17", "initiative_ref": "5"})
    assert r.status_code == 302
    staff.post(options_url, {"text": "Набережная"})
    option = vote.options.get(text="Сквер у ДК")
    assert option.photo.name.endswith(".png") and option.sketch.name.endswith(".svg")
    listing = staff.get(options_url).content.decode()
    assert "фото, эскиз" in listing and "56,12345" in listing and "практика 17" in listing
    vote_publish(vote=vote)
    vote_open(vote=vote)
    staff.logout()
    page = client.get(url(town, "votes_detail", vote.pk)).content.decode()
    assert option.photo.url in page and option.sketch.url in page
    assert "geo:56.123450,60.543210" in page and "Тема: Дворы" in page
    assert "/practices/17/" in page and "Инициатива № 5" in page
