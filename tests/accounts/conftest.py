"""Fixtures for the login paths: an SMS outbox, TOTP codes, a running fake OIDC provider, a real
local SMTP server."""

import email
import socket
from email.policy import default as default_policy

import pytest
from aiosmtpd.controller import Controller
from django.core.cache import cache

from tests.fakes.oidc_provider import FakeOidcProvider
from veche.accounts.sms import LocmemSmsSender


@pytest.fixture(autouse=True)
def _fresh(settings):
    # Throttle counters and the ESIA discovery cache live in the cache; no test may see another's.
    cache.clear()
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # django-otp's own back-off would hide our counting
    settings.AXES_FAILURE_LIMIT = 5
    yield
    cache.clear()


@pytest.fixture
def sms_outbox(settings):
    settings.VECHE_SMS_SENDER = "veche.accounts.sms.LocmemSmsSender"
    LocmemSmsSender.outbox.clear()
    yield LocmemSmsSender.outbox
    LocmemSmsSender.outbox.clear()


@pytest.fixture
def oidc(settings, db):
    with FakeOidcProvider(client_id="veche-test", client_secret="s3cret") as provider:
        settings.VECHE_ESIA = {
            "ENABLED": True, "ISSUER": provider.issuer, "CLIENT_ID": "veche-test",
            "CLIENT_SECRET": "s3cret", "SCOPE": "openid fullname birthdate mobile email",
        }
        yield provider


class SmtpInbox:
    """What a real SMTP server (aiosmtpd on 127.0.0.1) received: (recipients, subject, text)."""

    def __init__(self):
        self.messages: list[tuple[list[str], str, str]] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        message = email.message_from_bytes(envelope.content, policy=default_policy)
        self.messages.append((list(envelope.rcpt_tos), str(message["Subject"]),
                              message.get_body(("plain",)).get_content()))
        return "250 OK"


@pytest.fixture
def smtp(settings):
    """Django's SMTP backend pointed at a local aiosmtpd server."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    inbox = SmtpInbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.MAILERS = {"default": {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 5},
    }}
    yield inbox
    controller.stop()
