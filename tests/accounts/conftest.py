"""Fixtures for the login paths: TOTP codes and a running fake OIDC provider (the SMS outbox
and the real local SMTP server are in the root conftest.py)."""


import pytest
from django.core.cache import cache

from tests.fakes.oidc_provider import FakeOidcProvider


@pytest.fixture(autouse=True)
def _fresh(settings):
    # Throttle counters and the ESIA discovery cache live in the cache; no test may see another's.
    cache.clear()
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # django-otp's own back-off would hide our counting
    settings.AXES_FAILURE_LIMIT = 5
    yield
    cache.clear()



@pytest.fixture
def oidc(settings, db):
    with FakeOidcProvider(client_id="veche-test", client_secret="s3cret") as provider:
        settings.VECHE_ESIA = {
            "ENABLED": True, "ISSUER": provider.issuer, "CLIENT_ID": "veche-test",
            "CLIENT_SECRET": "s3cret", "SCOPE": "openid fullname birthdate mobile email",
        }
        yield provider


