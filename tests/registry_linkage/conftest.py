"""Fixtures for issue 18's registry pages. The real SMTP server (`smtp`, aiosmtpd) and the SMS
outbox (`sms_outbox`) come from the root conftest.py."""

import pytest


@pytest.fixture
def sms(sms_outbox):
    return sms_outbox
