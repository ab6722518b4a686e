"""TOTP as the second factor for staff, heads, curators and platform admins."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.backends.db import SessionStore
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.accounts.helpers import password_login, totp_now, verified_login
from veche.accounts.access import access_town_roles, town_role_required
from veche.accounts.factories import grant_role, make_user
from veche.accounts.otp import SecondFactorRequired, secret_text


def test_staff_password_login_goes_to_the_code_page(client, staff_user):
    response = password_login(client, staff_user.email, next_url="/t/zarechny/office/")
    assert response.status_code == 302
    expected = reverse("accounts:otp_verify") + "?next=%2Ft%2Fzarechny%2Foffice%2F"
    assert response["Location"] == expected


def test_unverified_staff_reaches_nothing_else(client, staff_user):
    password_login(client, staff_user.email)
    for path in ("/", "/t/zarechny/", "/t/zarechny/office/", "/admin/"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith(reverse("accounts:otp_verify")), path
    api = client.get("/api/v1/")
    assert api.status_code == 403
    assert "Подтвердите вход" in api.json()["detail"]


def test_right_code_verifies_and_continues(client, staff_user):
    device = staff_user.totpdevice_set.get()
    password_login(client, staff_user.email, next_url="/t/zarechny/")
    page = client.get(reverse("accounts:otp_verify") + "?next=/t/zarechny/").content.decode()
    assert 'autocomplete="one-time-code"' in page and '<label for="id_code">' in page
    response = client.post(reverse("accounts:otp_verify"),
                           {"code": totp_now(device), "next": "/t/zarechny/"})
    assert response.status_code == 302
    assert response["Location"] == "/t/zarechny/"
    assert client.get("/t/zarechny/").status_code == 200


def test_wrong_code_is_explained(client, staff_user):
    device = staff_user.totpdevice_set.get()
    password_login(client, staff_user.email)
    wrong = "000000" if totp_now(device) != "000000" else "111111"
    html = client.post(reverse("accounts:otp_verify"), {"code": wrong}).content.decode()
    assert "Код не подошёл" in html
    assert client.get("/").status_code == 302  # still not verified


def test_a_used_code_cannot_be_replayed(client, staff_user):
    device = staff_user.totpdevice_set.get()
    code = totp_now(device)
    password_login(client, staff_user.email)
    assert client.post(reverse("accounts:otp_verify"), {"code": code}).status_code == 302
    client.post(reverse("accounts:logout"))
    password_login(client, staff_user.email)
    assert "Код не подошёл" in client.post(reverse("accounts:otp_verify"),
                                           {"code": code}).content.decode()


def test_resident_needs_no_second_factor(client, resident_user):
    response = password_login(client, resident_user.email)
    assert response["Location"] == "/t/zarechny/"  # straight to the town, no code page
    assert client.get("/").status_code == 200


@pytest.mark.parametrize("role", ["staff", "head", "curator"])
def test_every_second_factor_role_without_a_device_must_enrol(client, town, role):
    user = make_user(email=f"{role}@example.ru")
    grant_role(user, town, role)
    response = password_login(client, user.email)
    # Enrolment first, then on to the role's desk (landing.py).
    assert response["Location"].startswith(reverse("accounts:otp_setup") + "?next=")


def test_superuser_needs_the_second_factor(client, db):
    admin = make_user(email="root@example.ru", is_superuser=True, is_staff=True)
    response = password_login(client, admin.email, next_url="/admin/")
    assert response["Location"].startswith(reverse("accounts:otp_setup"))


def test_enrolment_shows_a_qr_code_and_confirms_with_a_code(client, town):
    user = make_user(email="newhead@example.ru")
    grant_role(user, town, "head")
    password_login(client, user.email)
    page = client.get(reverse("accounts:otp_setup")).content.decode()
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    assert "<svg" in page and "<?xml" not in page
    assert secret_text(device) in page
    wrong = "000000" if totp_now(device) != "000000" else "111111"
    assert "Код не подошёл" in client.post(reverse("accounts:otp_setup"),
                                           {"code": wrong}).content.decode()
    response = client.post(reverse("accounts:otp_setup"), {"code": totp_now(device)})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/t/zarechny/").status_code == 200


def test_a_stolen_password_cannot_enrol_a_second_device(client, staff_user):
    password_login(client, staff_user.email)
    response = client.get(reverse("accounts:otp_setup"))
    assert response["Location"].startswith(reverse("accounts:otp_verify"))
    assert not TOTPDevice.objects.filter(user=staff_user, confirmed=False).exists()


def test_totp_lockout_after_five_wrong_codes(client, staff_user):
    device = staff_user.totpdevice_set.get()
    password_login(client, staff_user.email)
    wrong = "000000" if totp_now(device) != "000000" else "111111"
    for _ in range(4):
        assert client.post(reverse("accounts:otp_verify"), {"code": wrong}).status_code == 200
    locked = client.post(reverse("accounts:otp_verify"), {"code": wrong})
    assert locked.status_code == 429
    assert "Вход временно закрыт" in locked.content.decode()
    right = client.post(reverse("accounts:otp_verify"), {"code": totp_now(device)})
    assert right.status_code == 429
    assert client.get("/").status_code == 302  # still not verified


def test_verified_admin_opens_the_admin(client, db):
    admin = make_user(email="root@example.ru", is_superuser=True, is_staff=True)
    device = TOTPDevice.objects.create(user=admin, name="app", confirmed=True)
    verified_login(client, admin, device)
    for name in ("accounts_user", "accounts_membership", "accounts_department",
                 "accounts_apitoken"):
        assert client.get(reverse(f"admin:{name}_changelist")).status_code == 200, name
    assert client.get(reverse("admin:accounts_user_change", args=[admin.pk])).status_code == 200


# --- access.py: roles granted while a session is already open --------------------------


def _request(user, town, verified):
    request = RequestFactory().get("/t/zarechny/office/")
    request.user = user
    request.user.is_verified = lambda: verified
    request.session = SessionStore()
    request.territory = town
    return request


def test_access_check_raises_second_factor_required(in_town, staff_user):
    with pytest.raises(SecondFactorRequired) as exc:
        access_town_roles(_request(staff_user, in_town, verified=False), ["staff"])
    assert isinstance(exc.value, PermissionDenied)  # still a 403 for code that expects one
    assert access_town_roles(_request(staff_user, in_town, verified=True), ["staff"]) == {"staff"}


def test_decorator_sends_unverified_staff_to_the_code_page(in_town, staff_user, resident_user):
    view = town_role_required("staff")(lambda request: HttpResponse("office"))
    response = view(_request(staff_user, in_town, verified=False))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:otp_verify"))
    assert view(_request(staff_user, in_town, verified=True)).content == b"office"
    with pytest.raises(PermissionDenied):
        view(_request(resident_user, in_town, verified=False))
    anonymous = _request(AnonymousUser(), in_town, verified=False)
    assert view(anonymous)["Location"].startswith(reverse("accounts:login"))
