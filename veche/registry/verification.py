"""Confirming persons who came from lists: statuses, and the bulk workflow (issue 18, point 4;
docs/registry_linkage.md).

Statuses map onto `VerificationLevel` (no data migration): unverified = NONE; confirmed by
contact = EMAIL or PHONE; by document = IN_PERSON («по документу»: staff saw an identity
document); by ESIA = ESIA.

Staff pick unverified persons (a list, has a phone or an e-mail) and Veche sends each a link by
e-mail or by SMS. The consent gate decides who may be written to: this is a message to a
registry person, so `contacts_allowed(persons, Purpose.MESSAGES, channel)` — only a person
whose newest consent to messages on that channel is a grant gets one; everyone else is skipped
and counted («нет согласия»). A list's say-so is not consent to be written to (152-FZ art. 9).
The person opens the link, sees what the registry holds, and confirms the data and gives their
consent to take part (purpose «participation», and messages on the channel the link came by,
`via="verification"`) in one step; the level rises, and a fact records the confirmation.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, mailers
from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from veche.accounts.links import site_url
from veche.accounts.models import User
from veche.accounts.sms import SmsError, get_sms_sender
from veche.territories.models import Territory

from .consent import Purpose, consent_grant, contacts_allowed
from .models import (
    ConsentChannel,
    ConsentPurpose,
    Person,
    PersonFact,
    SourceKind,
    VerificationLevel,
    VerificationRequest,
)

log = logging.getLogger("veche.registry")
Channel = VerificationRequest.Channel
LINK_DAYS = 14
# Letters and digits nobody confuses when typing a code from an SMS (no 0/O, 1/I/L).
_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
TOKEN_LENGTH = 10
# At most this many messages in one bulk send (a page's action; bigger towns send in parts).
SEND_LIMIT = 2000

STATUSES = {
    "unverified": gettext_lazy("не подтверждён"),
    "contact": gettext_lazy("подтверждён по контакту"),
    "document": gettext_lazy("по документу"),
    "esia": gettext_lazy("через Госуслуги"),
}


def verification_status(level: int) -> str:
    """The issue's four statuses from a `VerificationLevel`."""
    if level in (VerificationLevel.EMAIL, VerificationLevel.PHONE):
        return "contact"
    if level == VerificationLevel.IN_PERSON:
        return "document"
    if level == VerificationLevel.ESIA:
        return "esia"
    return "unverified"


def _hash(token: str) -> str:
    return hashlib.sha256(token.strip().upper().encode()).hexdigest()


def _token() -> str:
    return "".join(secrets.choice(_ALPHABET) for _ in range(TOKEN_LENGTH))


def verify_url(territory: Territory, token: str) -> str:
    return site_url(reverse("web:verify", kwargs={"slug": territory.slug}) + f"?k={token}")


# --- choosing persons ----------------------------------------------------------------------

def unverified_persons(*, territory: Territory, source_list_id: int | None = None,
                       has: str = "") -> QuerySet[Person]:
    """Unverified persons of the town (not merged, not erased), optionally of one source list
    (a fact from it) and with a phone ("phone") or an e-mail ("email")."""
    qs = Person.objects.filter(territory=territory, is_erased=False, merged_into__isnull=True,
                               verification=VerificationLevel.NONE)
    if source_list_id:
        qs = qs.filter(pk__in=PersonFact.objects.filter(source_list_id=source_list_id)
                       .values("person_id"))
    if has == "phone":
        qs = qs.exclude(phone="")
    elif has == "email":
        qs = qs.exclude(email="")
    return qs.order_by("surname", "given_name", "patronymic", "id")


@dataclass
class SendReport:
    """What a bulk send did, to show staff: each count with its reason."""

    sent: int = 0
    no_consent: int = 0
    no_contact: int = 0
    already_verified: int = 0
    failed: int = 0
    requests: list[VerificationRequest] = field(default_factory=list)


def verification_send(*, territory: Territory, persons: QuerySet[Person] | Iterable[int],
                      channel: str, by: User | None = None) -> SendReport:
    """Send a confirmation link (e-mail) or code (SMS) to each of `persons` who may be written
    to. Skipped and counted: no contact on the channel, already verified, no consent to
    messages on the channel (the consent gate). A message that fails is recorded FAILED."""
    if channel not in Channel.values:
        raise ValidationError(_("Неизвестный канал: %(channel)s."), code="channel_unknown",
                              params={"channel": channel})
    ids = (list(persons.values_list("pk", flat=True)) if isinstance(persons, QuerySet)
           else [int(p) for p in persons])
    if len(ids) > SEND_LIMIT:
        raise ValidationError(
            _("За один раз можно отправить не больше %(limit)s сообщений: сузьте выбор."),
            code="too_many", params={"limit": SEND_LIMIT})
    chosen = Person.objects.filter(territory=territory, pk__in=ids, is_erased=False,
                                   merged_into__isnull=True)
    report = SendReport()
    contact = "email" if channel == Channel.EMAIL else "phone"
    report.already_verified = chosen.exclude(verification=VerificationLevel.NONE).count()
    chosen = chosen.filter(verification=VerificationLevel.NONE)
    report.no_contact = chosen.filter(**{contact: ""}).count()
    chosen = chosen.exclude(**{contact: ""})
    report.requests = _deliver(territory, chosen, channel, by)
    report.no_consent = chosen.count() - len(report.requests)
    report.failed = sum(r.status == VerificationRequest.Status.FAILED for r in report.requests)
    report.sent = len(report.requests) - report.failed
    return report


def _email_text(territory: Territory, person: Person, url: str) -> tuple[str, str]:
    subject = _("%(town)s: подтвердите свои данные в «Вече»") % {"town": territory.name}
    body = _(
        "Здравствуйте, %(name)s!\n\n"
        "Вы есть в списках активных жителей города %(town)s. Проверьте, верно ли мы записали "
        "ваши данные, и подтвердите их по ссылке:\n\n%(url)s\n\n"
        "Ссылка действует %(days)s дней. Если это не вы, просто не отвечайте на письмо.\n"
    ) % {"name": person.given_name or person.full_name, "town": territory.name, "url": url,
         "days": LINK_DAYS}
    return subject, body


def _sms_text(territory: Territory, token: str) -> str:
    return _("«Вече», %(town)s: подтвердите свои данные. Код %(code)s, ссылка %(url)s") % {
        "town": territory.name, "code": token, "url": verify_url(territory, token)}


def _deliver(territory: Territory, chosen: QuerySet[Person], channel: str,
             by: User | None) -> list[VerificationRequest]:
    """The consent gate, then one request and one message per person it lets through: e-mails
    over one SMTP connection, SMS through the configured sender. A message that fails is
    recorded FAILED and the others go on."""
    consent_channel = ConsentChannel.EMAIL if channel == Channel.EMAIL else ConsentChannel.SMS
    allowed = list(contacts_allowed(chosen, Purpose.MESSAGES, consent_channel))
    if not allowed:
        return []
    expires = timezone.now() + dt.timedelta(days=LINK_DAYS)
    contact = "email" if channel == Channel.EMAIL else "phone"
    sent: list[VerificationRequest] = []
    connection = mailers.default if channel == Channel.EMAIL else None
    sms = get_sms_sender() if channel == Channel.SMS else None
    if connection is not None:
        try:
            connection.open()
        except OSError as exc:
            log.warning("SMTP unreachable for verification e-mails: %s", exc)
            raise ValidationError(_("Почтовый сервер недоступен: письма не отправлены, "
                                    "повторите позже."), code="mail_unreachable") from exc
    try:
        for person in allowed:
            token = _token()
            request = VerificationRequest.objects.create(
                territory=territory, person=person, channel=channel,
                address=getattr(person, contact), token_hash=_hash(token), sent_by=by,
                expires_at=expires)
            sent.append(request)
            try:
                if connection is not None:
                    subject, body = _email_text(territory, person, verify_url(territory, token))
                    connection.send_messages([EmailMessage(subject, body, None,
                                                           [request.address])])
                elif sms is not None:
                    sms.send(request.address, _sms_text(territory, token))
            except (SmsError, OSError, ValueError) as exc:  # one bad address fails alone
                log.warning("verification message %s failed: %s", request.pk, exc)
                _failed(request)
    finally:
        if connection is not None:
            connection.close()
    return sent


def _failed(request: VerificationRequest) -> None:
    request.status = VerificationRequest.Status.FAILED
    request.save(update_fields=["status"])


# --- the person's answer -------------------------------------------------------------------

def request_by_token(*, territory: Territory, token: str) -> VerificationRequest | None:
    """The open request a link or a typed code names in this town, or None (unknown, used,
    expired)."""
    token = (token or "").strip().upper()
    if not 6 <= len(token) <= 40:
        return None
    return (VerificationRequest.objects.select_related("person", "person__building",
                                                       "person__district")
            .filter(territory=territory, token_hash=_hash(token),
                    status=VerificationRequest.Status.SENT, expires_at__gt=timezone.now(),
                    person__is_erased=False)
            .first())


@transaction.atomic
def verification_confirm(*, request: VerificationRequest, ip: str | None = None) -> Person:
    """The person confirms their data and consents in one step: consent to take part
    (participation) and to messages on the channel the link came by, both recorded with
    `via="verification"`; the level rises to the contact's (never lowers ESIA or a document);
    a fact records where the confirmation came from."""
    request = VerificationRequest.objects.select_for_update().get(pk=request.pk)
    if request.status != VerificationRequest.Status.SENT or request.expires_at <= timezone.now():
        raise ValidationError(_("Ссылка уже использована или устарела."), code="link_used")
    person = Person.objects.select_for_update().get(pk=request.person_id)
    if person.merged_into_id:  # merged since the link went out: the human is the survivor
        person = Person.objects.select_for_update().get(pk=person.merged_into_id)
    consent_grant(person=person, purpose=ConsentPurpose.PARTICIPATION, via="verification",
                  ip=ip)
    consent_channel = (ConsentChannel.EMAIL if request.channel == Channel.EMAIL
                       else ConsentChannel.SMS)
    consent_grant(person=person, purpose=ConsentPurpose.MESSAGES, channel=consent_channel,
                  via="verification", ip=ip)
    level = VerificationLevel.EMAIL if request.channel == Channel.EMAIL else VerificationLevel.PHONE
    if person.verification in (VerificationLevel.NONE, VerificationLevel.EMAIL):
        person.verification = max(person.verification, level)
        person.save(update_fields=["verification", "updated_at"])
    PersonFact.objects.create(territory_id=person.territory_id, person=person,
                              field="verification", source_kind=SourceKind.SELF)
    request.status, request.answered_at, request.ip = (
        VerificationRequest.Status.CONFIRMED, timezone.now(), ip)
    request.save(update_fields=["status", "answered_at", "ip"])
    return person


@transaction.atomic
def verification_dispute(*, request: VerificationRequest, note: str,
                         ip: str | None = None) -> VerificationRequest:
    """The person says the data is wrong (or not theirs): staff see the note; nothing is
    confirmed and no consent is recorded."""
    request = VerificationRequest.objects.select_for_update().get(pk=request.pk)
    if request.status != VerificationRequest.Status.SENT:
        raise ValidationError(_("Ссылка уже использована или устарела."), code="link_used")
    request.status, request.answered_at, request.ip = (
        VerificationRequest.Status.DISPUTED, timezone.now(), ip)
    request.note = " ".join((note or "").split())[:2000]
    request.save(update_fields=["status", "answered_at", "ip", "note"])
    return request


# --- reads for staff -----------------------------------------------------------------------

def verification_requests(*, territory: Territory, status: str = "") -> QuerySet:
    qs = VerificationRequest.objects.filter(territory=territory).select_related("person")
    return qs.filter(status=status) if status else qs


def verification_counts(*, territory: Territory) -> dict[str, int]:
    """How many persons of the town are in each status, and how many requests wait."""
    from django.db.models import Count

    from .consent import Purpose as _Purpose
    from .consent import analysis_basis

    analysis_basis(_Purpose.STATISTICS)  # counts naming no one
    rows = (Person.objects.filter(territory=territory, is_erased=False, merged_into__isnull=True)
            .values("verification").annotate(n=Count("id")).order_by())
    counts = dict.fromkeys(STATUSES, 0)
    for row in rows:
        counts[verification_status(row["verification"])] += row["n"]
    counts["waiting"] = VerificationRequest.objects.filter(
        Q(territory=territory), status=VerificationRequest.Status.SENT,
        expires_at__gt=timezone.now()).count()
    return counts
