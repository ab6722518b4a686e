"""Every API error carries a stable machine-readable `code` beside its message, and the message
follows the request's language (Russian by default, `Accept-Language: en` gives English) while
the code stays the same (docs/api.md, veche/api/errors.py)."""

import pytest
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.test import Client, RequestFactory, override_settings

from veche.accounts.tokens import api_token_create
from veche.api.errors import raised_by_veche
from veche.territories.middleware import TerritoryScopeMiddleware
from veche.territories.models import Territory

pytestmark = pytest.mark.django_db
TOPICS = "/api/v1/t/zarechny/topics/"
REGISTRY = "/api/v1/t/zarechny/registry/persons/"
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def _shape(body: dict) -> None:
    assert set(body) == {"detail", "code", "errors", "codes"}
    assert {f: len(m) for f, m in body["errors"].items()} == \
        {f: len(c) for f, c in body["codes"].items()}


def test_a_refused_field_carries_its_code_in_both_languages(staff_client):
    ru = staff_client.post(TOPICS, {"name": ""}, content_type="application/json")
    en = staff_client.post(TOPICS, {"name": ""}, content_type="application/json", **EN)
    assert ru.status_code == en.status_code == 400
    for r in (ru, en):
        _shape(r.json())
        assert r.json()["code"] == "topic_name_missing"
        assert r.json()["codes"] == {"name": ["topic_name_missing"]}
    assert ru.json()["errors"] == {"name": ["Укажите название темы."]}
    assert en.json()["errors"] == {"name": ["Enter the topic’s name."]}
    assert en.json()["detail"] == "Enter the topic’s name."
    assert en["Content-Language"] == "en"


def test_a_message_with_values_is_translated_whole(staff_client):
    staff_client.post(TOPICS, {"name": "Дороги"}, content_type="application/json")
    r = staff_client.post(TOPICS, {"name": "дороги"}, content_type="application/json", **EN)
    assert r.status_code == 400
    assert r.json()["code"] == "topic_duplicate"
    assert r.json()["errors"] == {"name": ["The topic “дороги” is already in the catalogue."]}


def test_a_malformed_request_names_each_field_with_a_code(staff_token, bearer):
    r = Client().post(REGISTRY, {"given_name": "Иван", "birth_date": "вчера"},
                      content_type="application/json", **bearer(staff_token), **EN)
    assert r.status_code == 400
    body = r.json()
    _shape(body)
    assert body["code"] == "invalid"
    assert body["codes"]["surname"] == ["required"]
    assert body["codes"]["birth_date"] == ["wrong_type"]
    assert body["errors"]["surname"] == ["Required field: fill it in."]
    assert body["detail"].startswith("Check the request data:")


def test_a_body_that_is_not_json_is_invalid_json(staff_client):
    r = staff_client.post(TOPICS, "{name: 1", content_type="application/json")
    assert r.status_code == 400
    assert r.json()["code"] == "invalid_json"
    assert r.json()["codes"] == {"body": ["invalid_json"]}


def test_unknown_town_is_not_found_in_both_languages(town):
    ru = Client().get("/api/v1/t/nowhere/topics/")
    en = Client().get("/api/v1/t/nowhere/topics/", **EN)
    assert ru.status_code == en.status_code == 404
    for r in (ru, en):
        _shape(r.json())
        assert r.json()["code"] == "not_found"
    assert ru.json()["detail"].startswith("Не найдено")
    assert en.json()["detail"].startswith("Not found")


def test_a_missing_record_says_which_in_the_callers_language(staff_client):
    ru = staff_client.get("/api/v1/t/zarechny/votes/999999")
    en = staff_client.get("/api/v1/t/zarechny/votes/999999", **EN)
    assert ru.status_code == en.status_code == 404
    assert ru.json()["code"] == en.json()["code"] == "not_found"
    assert ru.json()["detail"] == "Нет такого голосования в этом городе."
    assert en.json()["detail"] == "No such vote in this town."


def test_no_credentials_is_auth_required_a_wrong_key_token_invalid(town, bearer):
    r = Client().get(REGISTRY, **EN)
    assert r.status_code == 401
    assert r.json()["code"] == "auth_required"
    assert r.json()["detail"].startswith("Authorisation needed")
    r = Client().get(REGISTRY, **bearer("not-a-key"))
    assert r.status_code == 401
    assert r.json()["code"] == "token_invalid"
    assert r.json()["detail"] == "Ключ API не найден или отозван."


def test_a_role_of_another_town_is_forbidden_in_both_languages(other_town, user_with_role,
                                                               bearer):
    key = api_token_create(user=user_with_role("staff", territory=other_town), name="x")[1]
    ru = Client().get(REGISTRY, **bearer(key))
    en = Client().get(REGISTRY, **bearer(key), **EN)
    assert ru.status_code == en.status_code == 403
    assert ru.json()["code"] == en.json()["code"] == "forbidden"
    assert ru.json()["detail"] == "У вас нет доступа к этому разделу в этом городе."
    assert en.json()["detail"] == "You have no access to this section in this town."


def test_a_session_without_the_second_factor_has_its_own_code(staff_user, login):
    r = login(staff_user, verified=False).get(REGISTRY)
    assert r.status_code == 403
    assert r.json()["code"] == "second_factor_required"


def test_wrong_method_and_throttling_have_status_codes(town):
    from django.core.cache import cache

    r = Client().delete("/api/v1/territories/")
    assert (r.status_code, r.json()["code"]) == (405, "method_not_allowed")
    cache.clear()
    with override_settings(VECHE_API_RATES={"anon": "1/min", "user": "1/min"}):
        Client().get("/api/v1/territories/")
        r = Client().get("/api/v1/territories/", **EN)
    cache.clear()
    assert (r.status_code, r.json()["code"]) == (429, "throttled")
    assert r.json()["detail"].startswith("Too many requests")


def test_nul_refusal_has_its_code(staff_client):
    r = staff_client.get(REGISTRY, {"q": "a\x00b"}, **EN)
    assert r.status_code == 400
    assert r.json()["code"] == "nul_character"
    assert r.json()["codes"] == {"q": ["nul_character"]}
    assert r.json()["detail"].startswith("The null character")


def test_one_requests_language_does_not_leak_into_the_next(staff_client):
    staff_client.post(TOPICS, {"name": ""}, content_type="application/json", **EN)
    r = staff_client.post(TOPICS, {"name": ""}, content_type="application/json")
    assert r.json()["errors"] == {"name": ["Укажите название темы."]}


def test_a_librarys_message_is_not_ours(town):
    """Whose message is shown is decided by who raised it, not by its alphabet: Django's
    get_object_or_404 ("No Territory matches…") is not Veche's, a Veche module's Http404 is."""
    with pytest.raises(Http404) as library:
        get_object_or_404(Territory, slug="nowhere")
    assert not raised_by_veche(library.value)
    request = RequestFactory().get("/t/nowhere/")
    with pytest.raises(Http404) as ours:
        TerritoryScopeMiddleware(lambda r: None)(request)
    assert raised_by_veche(ours.value)
