"""After login each role lands on its own desk, not on the list of towns; an explicit `next`
wins. Where ESIA is configured, «Войти через Госуслуги» comes first on the login page."""

import pytest
from django.urls import reverse
from django.utils.http import urlencode

from tests.accounts.helpers import password_login, totp_now
from veche.accounts.factories import add_totp, grant_role, make_user


@pytest.mark.parametrize("role, desk", [
    ("head", "/t/zarechny/office/"),
    ("staff", "/t/zarechny/office/"),
    ("moderator", "/t/zarechny/office/votes/"),
    ("curator", "/curator/scorecard/"),
    ("expert", "/t/zarechny/expert/"),
    ("resident", "/t/zarechny/"),
    ("member", "/t/zarechny/"),
])
def test_each_role_lands_on_its_desk(client, town, role, desk):
    user = make_user(email=f"{role}@zarechny.ru")
    grant_role(user, town, role)
    device = add_totp(user)  # only the roles that need a second factor are asked for it
    response = password_login(client, user.email)
    if role in ("head", "staff", "moderator", "curator"):
        # The code page first; it goes on to the desk.
        code_page = f"{reverse('accounts:otp_verify')}?{urlencode({'next': desk})}"
        assert response["Location"] == code_page
        response = client.post(response["Location"], {"code": totp_now(device)})
    assert response.status_code == 302
    assert response["Location"] == desk
    assert client.get(desk).status_code == 200


def test_the_strongest_role_wins_across_towns(client, town, other_town):
    user = make_user(email="both@zarechny.ru")
    grant_role(user, other_town, "resident")
    grant_role(user, town, "expert")
    assert password_login(client, user.email)["Location"] == "/t/zarechny/expert/"


def test_explicit_next_wins_over_the_desk(client, town):
    user = make_user(email="expert@zarechny.ru")
    grant_role(user, town, "expert")
    response = password_login(client, user.email, next_url="/t/zarechny/votes/")
    assert response["Location"] == "/t/zarechny/votes/"


def test_a_login_without_roles_lands_on_the_list_of_towns(client, town):
    user = make_user(email="nobody@zarechny.ru")
    assert password_login(client, user.email)["Location"] == reverse("web:home")


def test_esia_comes_first_on_the_login_page(client, oidc):
    page = client.get(reverse("accounts:login")).content.decode()
    esia, password = page.index("Войти через Госуслуги"), page.index('name="password"')
    assert esia < password
    assert page.index("Войти через Госуслуги") < page.index("Войти по коду из SMS")


def test_without_esia_the_password_form_comes_first(client, db):
    page = client.get(reverse("accounts:login")).content.decode()
    assert "Войти через Госуслуги" not in page
    assert page.index('name="password"') < page.index("Войти по коду из SMS")
