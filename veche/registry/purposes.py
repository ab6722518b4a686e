"""What a person's data may be used for, and on what legal basis (152-FZ art. 6): the table the
consent gate (`consent.py`) decides from. docs/architecture.md «Consent» states the same rule.

Every contact of a person (a message on a channel) and every analysis of persons names one of
these purposes; the gate reads its row:

- a purpose on the basis of CONSENT needs each person's newest consent for it (per channel for
  messages), so a withdrawal is honoured from the moment it is committed;
- a STATUTE purpose is owed by a law and needs no consent, on the channels that law names only
  (59-FZ: the answer goes to the e-mail or the postal address the applicant gave); on any other
  channel it falls back to consent to messages;
- STATISTICS is a count that names no one (active residents per district, age band, segment,
  month): everyone is counted, as an erased person stays in the totals;
- RECORD is a person's own record of participation (their card, their actions, the registry's
  search): it is what the person consented to or what the source list brought, read by staff
  with each card opening logged, and by the person themselves (art. 14);
- OFFICIAL_DUTY addresses staff about their work (an executor's deadline): not a registry person.

A login code sent to the phone the user typed in is not here: the user asked for it, and
`accounts` sits below the registry (it cannot import the gate).
"""

from dataclasses import dataclass
from enum import StrEnum

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .models import ConsentChannel, ConsentPurpose


class Purpose(StrEnum):
    # Contacts
    MESSAGES = "messages"
    APPEAL_ANSWER = "appeal_answer"
    STAFF_WORK = "staff_work"
    # Analyses
    STATISTICS = "statistics"
    RECORD = "record"
    ANALYTICS = "analytics"


class Basis(StrEnum):
    CONSENT = "consent"
    STATUTE = "statute"
    STATISTICS = "statistics"
    RECORD = "record"
    OFFICIAL_DUTY = "official_duty"


CONTACT, ANALYSIS = "contact", "analysis"
CONTACT_CHANNELS = frozenset(c for c in ConsentChannel.values if c)


@dataclass(frozen=True)
class Rule:
    purpose: Purpose
    kind: str  # CONTACT or ANALYSIS
    basis: Basis
    label: Promise
    law: str
    # The consent each person must have given (basis CONSENT); messages: per channel.
    consent: str = ""
    # STATUTE: the channels the law names. Any other channel needs consent to messages.
    channels: frozenset[str] = frozenset()
    # False where the addressee is a staff member, not a registry person.
    registry_person: bool = True


RULES: dict[str, Rule] = {rule.purpose: rule for rule in (
    Rule(Purpose.MESSAGES, CONTACT, Basis.CONSENT, _("сообщения жителю"),
         "152-ФЗ ст. 6 ч. 1 п. 1, ст. 9", consent=ConsentPurpose.MESSAGES),
    Rule(Purpose.APPEAL_ANSWER, CONTACT, Basis.STATUTE,
         _("ответ и уведомления по обращению"),
         "59-ФЗ ст. 8 ч. 3, ст. 10 ч. 4, ст. 12 ч. 2",
         channels=frozenset({ConsentChannel.EMAIL, ConsentChannel.POST})),
    Rule(Purpose.STAFF_WORK, CONTACT, Basis.OFFICIAL_DUTY, _("сотруднику о его работе"),
         "152-ФЗ ст. 6 ч. 1 п. 5", registry_person=False),
    Rule(Purpose.STATISTICS, ANALYSIS, Basis.STATISTICS, _("обезличенные итоги"),
         "152-ФЗ ст. 6 ч. 1 п. 9"),
    Rule(Purpose.RECORD, ANALYSIS, Basis.RECORD, _("учёт участия"),
         "152-ФЗ ст. 6 ч. 1 п. 1, ст. 14"),
    Rule(Purpose.ANALYTICS, ANALYSIS, Basis.CONSENT, _("анализ активности человека"),
         "152-ФЗ ст. 6 ч. 1 п. 1, ст. 9", consent=ConsentPurpose.ANALYTICS),
)}


def rule_for(purpose: str, kind: str) -> Rule:
    """The table's row for `purpose`; a purpose that is not there, or of the other kind, is a
    programming error (ValueError), never a silent yes."""
    rule = RULES.get(purpose)
    if rule is None:
        raise ValueError(f"Unknown purpose {purpose!r}: add it to veche/registry/purposes.py")
    if rule.kind != kind:
        raise ValueError(f"{purpose!r} is a purpose of {rule.kind}, not of {kind}")
    return rule
