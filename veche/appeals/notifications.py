"""Messages to applicants and executors, and the consent gate they pass.

The rule (docs/appeals.md):
- What 59-FZ owes the applicant — the notice of an extension, of a forwarding, and the answer —
  goes to the address the applicant gave in the appeal (e-mail, or a letter to print when only a
  postal address was given), whatever their consent to messages says: the law requires it and
  the applicant asked for it by writing.
- Everything else (an SMS asking for feedback, a notice of registration) is sent only over a
  channel the applicant consented to (registry consent «сообщения» per channel).
- The personal cabinet shows every notice to an applicant who has a login; it is not a message.
The consent gate decides both (`contact_allowed`: purpose «appeal_answer» is statutory on e-mail
and post, «messages» needs consent; veche/registry/purposes.py).
Every attempt is recorded as an `AppealNotification` (sent, skipped and why, failed, to print).
"""

import logging

from django.core import signing
from django.core.mail import EmailMessage
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from veche.accounts.links import site_url
from veche.accounts.sms import SmsError, sms_send
from veche.registry.consent import Purpose, contact_allowed

from .models import Appeal, AppealNotification

log = logging.getLogger("veche.appeals")
Kind = AppealNotification.Kind
Channel = AppealNotification.Channel
Outcome = AppealNotification.Outcome

# Notices the law owes the applicant: sent to the reply address regardless of consent.
LEGAL_KINDS = frozenset({Kind.EXTENDED, Kind.FORWARDED, Kind.ANSWERED})
FEEDBACK_SALT = "veche.appeals.feedback"
FEEDBACK_MAX_AGE = 60 * 60 * 24 * 90  # a link works for 90 days


def feedback_token(appeal: Appeal, round_no: int) -> str:
    return signing.TimestampSigner(salt=FEEDBACK_SALT).sign(f"{appeal.pk}:{round_no}")


def feedback_token_read(token: str) -> tuple[int, int] | None:
    """(appeal id, round) from a signed link, or None if forged, damaged or expired."""
    try:
        value = signing.TimestampSigner(salt=FEEDBACK_SALT).unsign(
            token, max_age=FEEDBACK_MAX_AGE
        )
        appeal_id, round_no = value.split(":")
        return int(appeal_id), int(round_no)
    except (signing.BadSignature, ValueError):
        return None


def feedback_url(appeal: Appeal, round_no: int) -> str:
    try:
        path = reverse("web:appeals_feedback_link", kwargs={
            "slug": appeal.territory.slug, "appeal_id": appeal.pk})
        path += "?k=" + feedback_token(appeal, round_no)
    except NoReverseMatch:  # the pages are not mounted (a bare API deployment)
        return ""
    return site_url(path)


def _record(appeal, kind, channel, recipient, outcome, detail="", *, subject="", text=""
            ) -> AppealNotification:
    return AppealNotification.objects.create(
        territory_id=appeal.territory_id, appeal=appeal, kind=kind, channel=channel,
        recipient=recipient[:500], outcome=outcome, detail=detail[:300], at=timezone.now(),
        subject=subject[:300], text=text,
    )


def email_send(*, to: list[str], subject: str, body: str) -> None:
    """One plain-text e-mail through Django's default mailer (settings.MAILERS)."""
    EmailMessage(subject=subject, body=body, to=to).send()


def notify_applicant(*, appeal: Appeal, kind: str, subject: str = "", text: str = "",
                     sms_text: str = "", letter_text: str = "",
                     channels=frozenset(Channel.values)) -> list[AppealNotification]:
    """Tell the applicant something about their appeal over every channel the rule allows;
    returns what was recorded. Never raises on a delivery failure (it is recorded).
    `letter_text`: the words for paper when they differ from the e-mail's (no links)."""
    person = appeal.applicant
    legal = kind in LEGAL_KINDS
    purpose = Purpose.APPEAL_ANSWER if legal else Purpose.MESSAGES
    records = []
    if person.user_id and Channel.CABINET in channels:
        records.append(_record(appeal, kind, Channel.CABINET, str(person.user_id), Outcome.SENT))
    email = appeal.reply_email if Channel.EMAIL in channels else ""
    if email:
        allowed = contact_allowed(person, purpose, "email")
        if not allowed:
            records.append(_record(appeal, kind, Channel.EMAIL, email, Outcome.SKIPPED,
                                   allowed.reason))
        else:
            try:
                email_send(to=[email], subject=subject, body=text)
            except Exception as exc:  # noqa: BLE001 - any mail failure is recorded, not raised
                log.warning("appeal %s: e-mail to applicant failed: %s", appeal.pk, exc)
                records.append(_record(appeal, kind, Channel.EMAIL, email, Outcome.FAILED,
                                       str(exc), subject=subject, text=text))
            else:
                records.append(_record(appeal, kind, Channel.EMAIL, email, Outcome.SENT,
                                       subject=subject, text=text))
    elif (legal and appeal.reply_postal and Channel.POST in channels
          and contact_allowed(person, purpose, "post")):
        records.append(_record(appeal, kind, Channel.POST, appeal.reply_postal, Outcome.TO_PRINT,
                               "письмо заявителю: распечатайте с карточки обращения",
                               subject=subject, text=letter_text or text))
    phone = appeal.reply_phone or person.phone
    if sms_text and phone and Channel.SMS in channels:
        allowed = contact_allowed(person, purpose, "sms")  # the law names e-mail and post only
        if not allowed:
            records.append(_record(appeal, kind, Channel.SMS, phone, Outcome.SKIPPED,
                                   allowed.reason))
        else:
            try:
                sms_send(phone=phone, text=sms_text)
            except SmsError as exc:
                records.append(_record(appeal, kind, Channel.SMS, phone, Outcome.FAILED,
                                       str(exc)))
            else:
                records.append(_record(appeal, kind, Channel.SMS, phone, Outcome.SENT))
    return records
