"""A JSON body that is not an object is refused with a Russian message and changes nothing;
a missing vote's 404 says what is missing."""

import pytest

from veche.votes.models import Vote


@pytest.mark.parametrize("body", ['"AAA"', "[1, 2]", "42", "null"])
def test_a_body_that_is_not_an_object_creates_nothing(body, town_data, staff_token, client):
    response = client.post("/api/v1/t/zarechny/votes/", data=body,
                           content_type="application/json",
                           HTTP_AUTHORIZATION=f"Bearer {staff_token}")
    assert response.status_code == 400
    assert "JSON-объектом" in response.json()["detail"]
    assert not Vote.objects.exists()


@pytest.mark.parametrize("vote_id", ["null", "1.5", "²", "99999"])
def test_a_vote_that_is_not_there_is_a_russian_404(vote_id, town_data, staff_token, client):
    response = client.get(f"/api/v1/t/zarechny/votes/{vote_id}/flags",
                          HTTP_AUTHORIZATION=f"Bearer {staff_token}")
    assert response.status_code == 404
    assert response.json()["detail"] == "Нет такого голосования в этом городе."
