"""Shared fixtures. Town-owned rows are only reachable inside a scope: tests open one with the
`in_town` fixture or `town_scope(...)`, exactly as the request middleware does."""

import pytest

from veche.accounts.factories import add_totp, grant_role, make_user
from veche.territories.factories import make_district, make_town
from veche.territories.scoping import all_towns, town_scope


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Every test starts with an empty cache: rolled-back databases give the next test's town
    the same id, and a page fragment cached by id would show the last test's town. Also the
    language of the thread goes back to Russian, whatever a test left active."""
    from django.core.cache import caches
    from django.utils import translation

    for cache in caches.all():
        cache.clear()
    yield
    translation.activate("ru")


@pytest.fixture
def town(db):
    with all_towns():
        return make_town(slug="zarechny", name="Заречный", latitude=53.20, longitude=45.17)


@pytest.fixture
def other_town(db):
    with all_towns():
        return make_town(slug="ozersk", name="Озёрск", latitude=55.76, longitude=60.71)


@pytest.fixture
def in_town(town):
    with town_scope(town):
        yield town


@pytest.fixture
def district(town):
    with town_scope(town):
        return make_district(town, "Центральный")


@pytest.fixture
def staff_user(town):
    user = make_user(email="staff@zarechny.ru", full_name="Сотрудник Отдела")
    grant_role(user, town, "staff")
    add_totp(user)
    return user


@pytest.fixture
def resident_user(town):
    user = make_user(email="resident@zarechny.ru", full_name="Житель Города")
    grant_role(user, town, "resident")
    return user


class SmtpInbox:
    """What a real SMTP server (aiosmtpd on 127.0.0.1) received: (recipients, subject, text)."""

    def __init__(self):
        self.messages: list[tuple[list[str], str, str]] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        import email
        from email.policy import default as default_policy

        message = email.message_from_bytes(envelope.content, policy=default_policy)
        self.messages.append((list(envelope.rcpt_tos), str(message["Subject"]),
                              message.get_body(("plain",)).get_content()))
        return "250 OK"


@pytest.fixture
def smtp(settings):
    """Django's SMTP backend pointed at a local aiosmtpd server (messaging tests use a real one)."""
    import socket

    from aiosmtpd.controller import Controller

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


@pytest.fixture
def sms_outbox(settings):
    """The SMS gateway replaced by the in-memory sender: the texts sent, in order."""
    from veche.accounts.sms import LocmemSmsSender

    settings.VECHE_SMS_SENDER = "veche.accounts.sms.LocmemSmsSender"
    LocmemSmsSender.outbox.clear()
    yield LocmemSmsSender.outbox
    LocmemSmsSender.outbox.clear()
