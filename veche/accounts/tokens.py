"""API tokens for integrations (`Authorization: Bearer <key>`).

The key is 32 random bytes, shown once at creation. Only its SHA-256 is stored: a slow hash
(argon2) protects guessable passwords, but a random 256-bit key cannot be brute-forced, and the
API checks a token on every request. The first characters of the key are kept in clear as a
`prefix`, so a lookup is one indexed query and an operator can tell tokens apart in a list.
"""

import datetime as dt
import hashlib
import hmac
import secrets
import string

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone

from .models import ApiToken, User

PREFIX_LEN = 12
# Writing last_used_at on every request would turn each API read into a write.
_TOUCH_EVERY = dt.timedelta(minutes=1)


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


_ALPHABET = string.ascii_letters + string.digits  # 43 characters ≈ 256 bits


def api_token_create(*, user: User, name: str) -> tuple[ApiToken, str]:
    """Issue a token for `user`. Returns the row and the key; the key is never stored."""
    name = " ".join((name or "").split())[:100] or "API"
    for _ in range(5):
        # Letters and digits only: a key starting with "-" reads as an option on a command line.
        key = "".join(secrets.choice(_ALPHABET) for _ in range(43))
        try:
            with transaction.atomic():
                token = ApiToken.objects.create(
                    user=user, name=name, prefix=key[:PREFIX_LEN], key_hash=_hash(key)
                )
            return token, key
        except IntegrityError:  # the 72-bit prefix collided: draw again
            continue
    raise RuntimeError("Could not draw a unique API token prefix")


def api_token_authenticate(key: str) -> User | None:
    """The active user a key belongs to, or None for an unknown, revoked or malformed key."""
    key = (key or "").strip()
    if len(key) < PREFIX_LEN + 8 or len(key) > 200:
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(prefix=key[:PREFIX_LEN], revoked_at__isnull=True)
        .first()
    )
    if token is None or not hmac.compare_digest(token.key_hash, _hash(key)):
        return None
    if not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > _TOUCH_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


def api_token_revoke(*, token: ApiToken) -> ApiToken:
    """Revoke at once; the row stays so the list shows when and which token was revoked."""
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def api_tokens_of(user: User) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user).order_by("-created_at")
