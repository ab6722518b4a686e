"""Who gets in (token, session, second factor, CSRF) and how refusals look: always JSON."""

import pytest
from django.middleware.csrf import _get_new_csrf_string
from django.test import Client, override_settings

from veche.accounts.tokens import api_token_create, api_token_revoke

pytestmark = pytest.mark.django_db
REGISTRY = "/api/v1/t/zarechny/registry/persons/"
TOPICS = "/api/v1/t/zarechny/topics/"


def test_no_credentials_is_401_with_a_hint(town):
    r = Client().get(REGISTRY)
    assert r.status_code == 401
    assert r["Content-Type"] == "application/json"
    assert "Authorization: Bearer" in r.json()["detail"]
    assert r["WWW-Authenticate"].startswith("Bearer")


def test_wrong_or_revoked_token_is_401(staff_user, staff_token, bearer):
    assert Client().get(REGISTRY, **bearer(staff_token)).status_code == 200
    r = Client().get(REGISTRY, **bearer(staff_token[:-2] + "xx"))
    assert r.status_code == 401
    assert r.json()["detail"] == "Ключ API не найден или отозван."
    token = staff_user.api_tokens.get()
    api_token_revoke(token=token)
    assert Client().get(REGISTRY, **bearer(staff_token)).status_code == 401


def test_token_of_an_inactive_user_is_refused(staff_user, staff_token, bearer):
    staff_user.is_active = False
    staff_user.save()
    assert Client().get(REGISTRY, **bearer(staff_token)).status_code == 401


def test_token_needs_a_role_in_the_town_of_the_url(other_town, user_with_role, bearer):
    foreign_staff = user_with_role("staff", territory=other_town)
    key = api_token_create(user=foreign_staff, name="x")[1]
    r = Client().get(REGISTRY, **bearer(key))
    assert r.status_code == 403
    assert r.json() == {"detail": "У вас нет доступа к этому разделу в этом городе.",
                        "code": "forbidden", "errors": {}, "codes": {}}
    assert Client().get("/api/v1/t/ozersk/registry/persons/", **bearer(key)).status_code == 200


def test_staff_session_needs_the_second_factor_token_does_not(staff_user, staff_token, login,
                                                              bearer):
    r = login(staff_user, verified=False).get(REGISTRY)
    assert r.status_code == 403
    assert "из приложения" in r.json()["detail"]
    assert login(staff_user, verified=True).get(REGISTRY).status_code == 200
    # The same account's token works without TOTP: a verified admin issued it.
    assert Client().get(REGISTRY, **bearer(staff_token)).status_code == 200


def test_session_writes_need_csrf_token_writes_do_not(staff_user, staff_token, bearer, login):
    browser = login(staff_user, verified=True, enforce_csrf_checks=True)
    r = browser.post(TOPICS, {"name": "Дороги"}, content_type="application/json")
    assert r.status_code == 403
    assert "CSRF" in r.json()["detail"]
    # With the cookie's token in the header, as the site's own scripts send it, it goes through.
    secret = _get_new_csrf_string()
    browser.cookies["csrftoken"] = secret
    r = browser.post(TOPICS, {"name": "Дороги"}, content_type="application/json",
                     HTTP_X_CSRFTOKEN=secret)
    assert r.status_code == 201, r.content
    assert r.json()["name"] == "Дороги"
    # A token is not ambient authority: no CSRF needed.
    r = Client(enforce_csrf_checks=True).post(
        TOPICS, {"name": "Свет"}, content_type="application/json", **bearer(staff_token))
    assert r.status_code == 201


def test_unknown_town_and_unknown_path_are_json_404(town):
    for url in ("/api/v1/t/atlantis/topics/", "/api/v1/no-such-thing/",
                "/api/v1/t/zarechny/nothing/"):
        r = Client().get(url)
        assert r.status_code == 404, url
        assert r["Content-Type"] == "application/json"
        assert r.json()["detail"].startswith("Не найдено")


def test_wrong_method_is_json_405(town):
    r = Client().delete("/api/v1/territories/")
    assert r.status_code == 405
    assert r.json()["detail"] == "Этот метод для данного адреса не поддерживается."


def test_crash_inside_a_handler_is_json_500(town, monkeypatch):
    from veche.api.routers import territories

    def boom():
        raise RuntimeError("boom")

    monkeypatch.setattr(territories, "active_towns", boom)
    r = Client(raise_request_exception=False).get("/api/v1/territories/")
    assert r.status_code == 500
    assert r.json()["detail"].startswith("Внутренняя ошибка сервера")


def test_throttled_caller_gets_429_with_retry_after(town):
    from django.core.cache import cache

    cache.clear()
    with override_settings(VECHE_API_RATES={"anon": "3/min", "user": "3/min"}):
        codes = [Client().get("/api/v1/territories/").status_code for _ in range(4)]
        r = Client().get("/api/v1/territories/")
    cache.clear()
    assert codes == [200, 200, 200, 429]
    assert r.status_code == 429
    assert r.json()["detail"].startswith("Слишком много запросов")
    assert int(r["Retry-After"]) > 0


def test_resident_cannot_add_topics_staff_can(resident_user, staff_client, login):
    r = login(resident_user).post(TOPICS, {"name": "Дороги"}, content_type="application/json")
    assert r.status_code == 403
    r = staff_client.post(TOPICS, {"name": ""}, content_type="application/json")
    assert r.status_code == 400
    assert r.json()["errors"] == {"name": ["Укажите название темы."]}


def test_nul_characters_are_bad_input_not_a_crash(staff_client, town_data):
    # PostgreSQL refuses NUL in text; the API says so instead of failing in the query.
    r = staff_client.get(REGISTRY, {"q": "Смир\x00нова"})
    assert r.status_code == 400
    assert list(r.json()["errors"]) == ["q"]
    r = staff_client.post(REGISTRY, '{"surname": "Иванов", "given_name": "Иван", '
                                    '"apartment": "1\\u0000"}', content_type="application/json")
    assert r.status_code == 400
    assert r.json()["detail"].startswith("Нулевой символ")
