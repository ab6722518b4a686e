"""The staff's vote form refuses a start or end in a year no vote can have (the same rule as the
API, veche.votes.validation.date_out_of_range), and keeps what was typed."""

import pytest

from veche.votes.models import Vote

from .conftest import url

pytestmark = pytest.mark.django_db

FORM = {"kind": "single", "min_age": "14", "score_min": "1", "score_max": "5",
        "ranked_method": "schulze", "budget_rule": "equal_shares", "min_verification": "0",
        "results_visibility": "after_close", "tie_rule": "lexicographic"}


def test_new_vote_with_a_typo_in_the_year_is_refused(vt, staff):
    r = staff.post(url(vt["town"], "votes_office_new"), FORM | {
        "title": "Благоустройство двора", "opens_at": "0437-10-01T00:00"})
    assert r.status_code == 400
    body = r.content.decode()
    assert "Проверьте год: дата голосования должна быть между 2000 и" in body
    assert "Благоустройство двора" in body and not Vote.objects.exists()
