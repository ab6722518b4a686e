"""Login through ESIA (Gosuslugi) against a real local OIDC provider (tests/fakes)."""

from urllib.parse import parse_qs, urlparse

import pytest
import requests
from django.urls import reverse

from veche.accounts.factories import grant_role, make_user
from veche.accounts.models import User
from veche.registry.factories import make_person
from veche.registry.models import Person, VerificationLevel
from veche.territories.scoping import town_scope


def start(client, query=""):
    response = client.get(reverse("accounts:esia_start") + query)
    assert response.status_code == 302, response.content[:500]
    return response["Location"]


def through_provider(auth_url) -> str:
    """The browser at the provider: it signs in and is sent back with a code."""
    answer = requests.get(auth_url, allow_redirects=False, timeout=10)
    assert answer.status_code == 302, answer.text
    back = urlparse(answer.headers["Location"])
    return f"{back.path}?{back.query}"


def esia_login(client, query=""):
    return client.get(through_provider(start(client, query)))


def test_authorization_request_carries_state_nonce_and_pkce(client, oidc):
    params = parse_qs(urlparse(start(client)).query)
    assert params["response_type"] == ["code"]
    assert params["client_id"] == ["veche-test"]
    assert params["redirect_uri"] == ["http://testserver/accounts/esia/callback/"]
    assert params["code_challenge_method"] == ["S256"]
    assert "openid" in params["scope"][0].split()
    assert len(params["state"][0]) >= 32 and len(params["nonce"][0]) >= 32


def test_first_esia_login_creates_the_account(client, oidc):
    response = esia_login(client, "?next=/t/zarechny/")
    assert response.status_code == 302
    assert response["Location"] == "/t/zarechny/"
    user = User.objects.get(esia_subject="esia-1000001")
    assert client.session["_auth_user_id"] == str(user.pk)
    assert user.email == "anna.smirnova@example.ru" and user.phone == "+79123456789"
    assert user.full_name == "Смирнова Анна Сергеевна"
    assert not user.has_usable_password()
    token_request = oidc.token_requests[-1]
    assert token_request["code_verifier"]  # PKCE verifier sent and checked by the provider


def test_esia_links_an_existing_account_and_verifies_its_persons(client, oidc, town):
    user = make_user(email="anna.smirnova@example.ru")
    grant_role(user, town, "resident")
    with town_scope(town):
        person = make_person(town, user=user, surname="Смирнова", given_name="Анна")
    esia_login(client)
    user.refresh_from_db()
    assert user.esia_subject == "esia-1000001"
    assert client.session["_auth_user_id"] == str(user.pk)
    with town_scope(town):
        person.refresh_from_db()
    assert person.verification == VerificationLevel.ESIA
    # The next login finds the account by subject, even if the email changed at ESIA.
    client.post(reverse("accounts:logout"))
    oidc.person["email"] = "new-address@example.ru"
    esia_login(client)
    assert client.session["_auth_user_id"] == str(user.pk)
    assert User.objects.count() == 1


def test_unverified_email_at_esia_does_not_take_over_an_account(client, oidc, db):
    victim = make_user(email="anna.smirnova@example.ru")
    oidc.person.update(email_verified=False, phone_number_verified=False)
    esia_login(client)
    victim.refresh_from_db()
    assert victim.esia_subject is None
    assert client.session["_auth_user_id"] != str(victim.pk)
    assert User.objects.get(esia_subject="esia-1000001").email is None  # the address is taken


def test_signup_in_a_town_through_esia_prefills_the_form(client, oidc, town):
    response = esia_login(client, "?town=zarechny")
    assert response["Location"] == reverse("accounts:signup", args=["zarechny"])
    page = client.get(response["Location"]).content.decode()
    assert 'value="Смирнова"' in page and 'value="08.03.1961"' in page
    data = {"surname": "Смирнова", "given_name": "Анна", "patronymic": "Сергеевна",
            "birth_date": "08.03.1961", "consent": "on"}
    assert client.post(response["Location"], data).status_code == 302
    with town_scope(town):
        person = Person.objects.get(user__esia_subject="esia-1000001")
    assert person.verification == VerificationLevel.ESIA


@pytest.mark.parametrize("tamper, reason", [
    ("bad_signature", "bad_signature"), ("wrong_nonce", "'nonce'"), ("wrong_audience", "'aud'"),
    ("wrong_issuer", "'iss'"), ("expired", "expired"),
])
def test_untrustworthy_id_token_is_refused(client, oidc, tamper, reason, caplog):
    oidc.tamper = tamper
    response = esia_login(client)
    assert reason in caplog.text  # refused for this reason, not some other failure
    assert response.status_code == 400
    assert "Госуслуги не подтвердили вход" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert not User.objects.exists()


def test_callback_with_a_foreign_state_is_refused(client, oidc):
    callback = through_provider(start(client))
    forged = callback.replace("state=", "state=x")
    response = client.get(forged)
    assert response.status_code == 400
    assert "Начните вход заново" in response.content.decode()
    assert "_auth_user_id" not in client.session
    # The flow is spent: the genuine callback cannot be replayed afterwards either.
    assert client.get(callback).status_code == 400


def test_callback_without_a_started_login_is_refused(client, oidc):
    response = client.get(reverse("accounts:esia_callback") + "?code=abc&state=def")
    assert response.status_code == 400


def test_user_cancelling_at_esia_is_not_an_attack(client, oidc):
    state = parse_qs(urlparse(start(client)).query)["state"][0]
    response = client.get(reverse("accounts:esia_callback"),
                          {"error": "access_denied", "state": state})
    assert response.status_code == 200
    assert "Вход через Госуслуги отменён" in response.content.decode()


def test_callback_misuse_locks_out(client, oidc):
    for _ in range(4):
        assert client.get(reverse("accounts:esia_callback") + "?code=a&state=b").status_code == 400
    locked = client.get(reverse("accounts:esia_callback") + "?code=a&state=b")
    assert locked.status_code == 429
    assert "Вход временно закрыт" in locked.content.decode()
    # Even a genuine login is refused from this client until the cool-off ends.
    assert esia_login(client).status_code == 429
    assert "_auth_user_id" not in client.session


def test_esia_staff_still_needs_the_second_factor(client, oidc, town):
    user = make_user(email="anna.smirnova@example.ru")
    grant_role(user, town, "staff")
    response = esia_login(client)
    assert response["Location"].startswith(reverse("accounts:otp_setup"))


def test_disabled_esia_is_404(client, db, settings):
    settings.VECHE_ESIA = {**settings.VECHE_ESIA, "ENABLED": False}
    assert client.get(reverse("accounts:esia_start")).status_code == 404
    assert "Войти через Госуслуги" not in client.get(reverse("accounts:login")).content.decode()


def test_login_page_offers_esia_when_enabled(client, oidc):
    assert "Войти через Госуслуги" in client.get(reverse("accounts:login")).content.decode()
