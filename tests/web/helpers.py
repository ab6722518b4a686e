"""Steps the web tests share."""

from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from veche.accounts.factories import add_totp


def login(client, user, *, verified: bool = True):
    """Log `client` in as `user`; `verified` also passes the second factor (TOTP)."""
    client.force_login(user)
    if verified:
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or add_totp(user)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client
