"""Steps the login tests share."""

import time

from django.urls import reverse
from django_otp.oath import TOTP

from veche.accounts.factories import PASSWORD


def totp_now(device) -> str:
    """The code an authenticator app shows right now for this device."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    return f"{totp.token():0{device.digits}d}"


def password_login(client, username, password=PASSWORD, next_url=""):
    data = {"username": username, "password": password}
    if next_url:
        data["next"] = next_url
    return client.post(reverse("accounts:login"), data)


def verified_login(client, user, device, password=PASSWORD):
    """Password, then the TOTP code: the session ends up verified."""
    password_login(client, user.email, password)
    response = client.post(reverse("accounts:otp_verify"), {"code": totp_now(device)})
    assert response.status_code == 302, response.content.decode()[:2000]
    return response
