"""One-time login codes sent by SMS.

A code is 6 digits, lives 5 minutes, allows 5 tries, and only its keyed hash is stored. A new
code for the same phone replaces the old one. Sending is throttled per phone (one a minute,
five an hour) so nobody can flood a resident's phone or the town's SMS bill.

A code is issued and "sent" for any well-formed number, but the SMS goes out only when an active
account has that phone: the page looks the same either way, so it does not reveal who is
registered.

The same codes prove a phone for other purposes (`purpose`): recovering a password, confirming
the phone of an account that is logged in. Each purpose says in the SMS what the code is for.
"""

import secrets
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .models import PhoneLoginCode, User
from .sms import sms_send

CODE_TTL = timedelta(minutes=5)
RESEND_AFTER = timedelta(seconds=60)
SENDS_PER_HOUR = 5
MAX_ATTEMPTS = 5


class PhoneCodeError(Exception):
    """A refusal to show the user; `reason` is one of throttled, expired, wrong, used_up."""

    def __init__(self, reason: str, message: str, retry_after: int = 0):
        super().__init__(message)
        self.reason, self.message, self.retry_after = reason, message, retry_after


def _hash(phone: str, code: str) -> str:
    return salted_hmac("veche.accounts.phone_code", f"{phone}:{code}",
                       algorithm="sha256").hexdigest()



def _sms_text(purpose: str, code: str) -> str:
    if purpose == "reset":
        return _("Код для восстановления пароля в «Вече»: %(code)s. Никому его не сообщайте.") % {
            "code": code}
    if purpose == "confirm":
        return _("Код для подтверждения телефона в «Вече»: %(code)s.") % {"code": code}
    return _("Код для входа в «Вече»: %(code)s. Никому его не сообщайте.") % {"code": code}


def phone_code_issue(*, phone: str, purpose: str = "login", to_anyone: bool = False) -> None:
    """Issue a code for an E.164 phone and send it if the phone has an account (or always, with
    `to_anyone`: a logged-in user confirming a number they are adding). `purpose` (login, reset,
    confirm) picks the SMS wording. Raises PhoneCodeError(reason="throttled") when asked too
    often."""
    now = timezone.now()
    with transaction.atomic():
        recent = PhoneLoginCode.objects.filter(phone=phone,
                                               created_at__gte=now - timedelta(hours=1))
        last = recent.order_by("-created_at").first()
        if last is not None and now - last.created_at < RESEND_AFTER:
            wait = int((RESEND_AFTER - (now - last.created_at)).total_seconds()) + 1
            raise PhoneCodeError(
                "throttled",
                # Russian forms (1 секунду, 2 секунды, 5 секунд) in veche/locale/ru.
                ngettext("Код уже отправлен. Новый можно запросить через %(n)s секунду.",
                         "Код уже отправлен. Новый можно запросить через %(n)s секунд.",
                         wait) % {"n": wait},
                retry_after=wait,
            )
        if recent.count() >= SENDS_PER_HOUR:
            raise PhoneCodeError(
                "throttled",
                _("Слишком много кодов для этого номера за час. Попробуйте позже или войдите "
                  "по паролю."),
                retry_after=3600,
            )
        # Only the newest code counts: older ones stop working the moment a new one is issued.
        PhoneLoginCode.objects.filter(phone=phone, used_at__isnull=True).update(used_at=now)
        code = f"{secrets.randbelow(10**6):06d}"
        PhoneLoginCode.objects.create(phone=phone, code_hash=_hash(phone, code),
                                      expires_at=now + CODE_TTL)
        has_account = User.objects.filter(phone=phone, is_active=True).exists()
    if has_account or to_anyone:
        sms_send(phone=phone, text=_sms_text(purpose, code))


def phone_code_check(*, phone: str, code: str) -> User:
    """The account behind a correct, fresh code; the code is used up. Every try is counted
    (and kept even when the answer is wrong). Raises PhoneCodeError otherwise."""
    user = _consume(phone=phone, code=code, need_account=True)
    assert user is not None  # no error: the code matched an active user's phone
    return user


def phone_code_prove(*, phone: str, code: str) -> None:
    """Like `phone_code_check`, for a number that need not belong to an account yet (a user
    adding a phone): only proves that whoever typed the code holds the phone."""
    _consume(phone=phone, code=code, need_account=False)


def _consume(*, phone: str, code: str, need_account: bool) -> User | None:
    now = timezone.now()
    error: PhoneCodeError | None = None
    user = None
    with transaction.atomic():
        row = (
            PhoneLoginCode.objects.select_for_update()
            .filter(phone=phone).order_by("-created_at").first()
        )
        if row is None or row.used_at is not None or row.expires_at <= now:
            error = PhoneCodeError("expired",
                                   _("Код устарел или уже использован. Запросите новый."))
        elif row.attempts >= MAX_ATTEMPTS:
            error = PhoneCodeError(
                "used_up", _("Слишком много неверных попыток для этого кода. Запросите новый.")
            )
        else:
            row.attempts += 1
            user = User.objects.filter(phone=phone, is_active=True).first()
            if not constant_time_compare(_hash(phone, code.strip()), row.code_hash) or (
                    need_account and user is None):
                left = MAX_ATTEMPTS - row.attempts
                error = PhoneCodeError(
                    "wrong",
                    _("Неверный код. Осталось попыток: %(left)s.") % {"left": left} if left
                    else _("Неверный код. Попытки закончились — запросите новый код."),
                )
                row.save(update_fields=["attempts"])
                user = None
            else:
                row.used_at = now
                row.save(update_fields=["attempts", "used_at"])
    if error is not None:
        raise error
    return user
