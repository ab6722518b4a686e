"""Confirming a login's e-mail or phone, and what a confirmed contact is worth.

A new account counts as «не подтверждён» until its owner proves a contact: a signed link from
the e-mail (valid PASSWORD_RESET_TIMEOUT, used once: the token covers the confirmation time) or a
6-digit code by SMS (phone_codes.py). A password reset through the address or the phone proves it
too. Confirming raises the verification level of the login's registry persons in every town
(ResidentDirectory.contact_proved), which is what a vote's `min_verification` reads.
"""

from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode
from django.utils.translation import gettext as _

from .links import site_url
from .models import User
from .residents import resident_directory

CHANNELS = ("email", "phone")


class EmailConfirmTokens(PasswordResetTokenGenerator):
    """Like Django's reset tokens (HMAC of the user's state and a timestamp), over the address
    and its confirmation time: a link stops working once used or once the address changes."""

    key_salt = "veche.accounts.confirm.EmailConfirmTokens"

    def _make_hash_value(self, user, timestamp):
        return f"{user.pk}{user.email or ''}{user.email_confirmed_at or ''}{timestamp}"


email_tokens = EmailConfirmTokens()


def proof_of(user: User) -> str:
    """The strongest contact this login proved: "esia", "phone", "email" or ""; what a person
    made for it in a new town starts with (ResidentDirectory.join's `proved_by`)."""
    if user.esia_subject:
        return "esia"
    if user.phone and user.phone_confirmed_at:
        return "phone"
    if user.email and user.email_confirmed_at:
        return "email"
    return ""


def is_confirmed(user: User) -> bool:
    return bool(proof_of(user))


def email_confirm_url(user: User) -> str:
    """The public link (VECHE_SITE_URL) that confirms the user's current address."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = email_tokens.make_token(user)
    return site_url(reverse("accounts:confirm_email_link", args=[uid, token]))


def email_confirm_send(*, user: User) -> bool:
    """Send the confirmation letter; False when there is no unconfirmed address to confirm."""
    if not user.email or user.email_confirmed_at:
        return False
    context = {"user": user, "url": email_confirm_url(user)}
    subject = " ".join(render_to_string("accounts/email/confirm_subject.txt", context).split())
    body = render_to_string("accounts/email/confirm_body.txt", context)
    send_mail(subject, body, None, [user.email])
    return True


def user_from_link(uidb64: str, token: str) -> User | None:
    """The user a confirmation link names, if its token is still good."""
    try:
        pk = int(urlsafe_base64_decode(uidb64).decode())
    except (TypeError, ValueError, OverflowError, UnicodeDecodeError):
        return None
    user = User.objects.filter(pk=pk, is_active=True).first()
    if user is None or not email_tokens.check_token(user, token):
        return None
    return user


@transaction.atomic
def contact_confirm(*, user: User, channel: str) -> None:
    """Record that the owner proved `channel` ("email" or "phone") of this login and raise their
    registry persons' verification accordingly (never lowers a higher level, e.g. ESIA)."""
    if channel not in CHANNELS:
        raise ValueError(channel)
    field = f"{channel}_confirmed_at"
    if getattr(user, channel) and getattr(user, field) is None:
        setattr(user, field, timezone.now())
        user.save(update_fields=[field])
    resident_directory().contact_proved(user=user, proved_by=channel)


@transaction.atomic
def phone_attach(*, user: User, phone: str) -> None:
    """Give a login without a phone the number whose SMS code its owner just typed."""
    if User.objects.filter(phone=phone).exclude(pk=user.pk).exists():
        raise ValidationError(
            _("Этот номер уже привязан к другой учётной записи."),
            code="phone_taken")
    user.phone = phone
    user.phone_confirmed_at = None
    user.save(update_fields=["phone", "phone_confirmed_at"])
    contact_confirm(user=user, channel="phone")
