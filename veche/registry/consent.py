"""Consent under 152-FZ, and the one gate every module passes before it contacts or analyses a
person.

A consent is a separate, versioned record per purpose (and per channel for messages). Rows are
never changed: a withdrawal is a new row, and the newest row for (purpose, channel) is in force,
so a withdrawal takes effect with the commit that records it.

The gate decides from the table of purposes in `purposes.py` (each with its legal basis):
- a contact: `contact_allowed(person, purpose, channel)` for one message,
  `contacts_allowed(persons, purpose, channel)` for many;
- an analysis: `analysis_persons(persons, purpose)` narrows the persons it may use,
  `analysis_basis(purpose)` states the purpose of one that needs no consent per person.
Under them: `has_consent`, `require_consent`, `persons_with_consent` for one consent purpose.
tests/registry/test_consent_gate_callers.py finds every sender and every analysis of persons in
`veche/` and fails when one does not pass through here.
"""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import OuterRef, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from veche.accounts.models import User

from .consent_texts import TEXTS_V1
from .models import Consent, ConsentChannel, ConsentPurpose, ConsentText, Person
from .purposes import ANALYSIS, CONTACT, CONTACT_CHANNELS, Basis, Purpose, Rule, rule_for

MESSAGE_CHANNELS = [c for c in ConsentChannel.values if c]
FIRST_TEXTS = TEXTS_V1


class ConsentRequired(Exception):
    def __init__(self, person: Person, purpose: str, channel: str = ""):
        self.person, self.purpose, self.channel = person, purpose, channel
        what = ConsentPurpose(purpose).label + (f" ({channel})" if channel else "")
        super().__init__(_("Нет согласия участника на «%(what)s».") % {"what": what})


def _check_pair(purpose: str, channel: str) -> None:
    if purpose not in ConsentPurpose.values:
        raise ValueError(f"Unknown consent purpose {purpose!r}")
    if purpose == ConsentPurpose.MESSAGES and channel not in MESSAGE_CHANNELS:
        raise ValueError("Consent to messages is given per channel")
    if purpose != ConsentPurpose.MESSAGES and channel:
        raise ValueError(f"Consent to {purpose} has no channel")


def current_text(purpose: str) -> ConsentText:
    text = ConsentText.objects.filter(purpose=purpose).order_by("-version").first()
    if text is None:
        # A fresh or flushed database: publish the first wording (same as migration 0003).
        text, _created = ConsentText.objects.get_or_create(
            purpose=purpose, version=1, defaults={"text": FIRST_TEXTS[purpose]}
        )
    return text


def _record(*, person, purpose, channel, granted, via, ip, recorded_by) -> Consent:
    _check_pair(purpose, channel)
    return Consent.objects.create(
        territory_id=person.territory_id, person=person, purpose=purpose, channel=channel,
        granted=granted, text=current_text(purpose), at=timezone.now(), via=via, ip=ip,
        recorded_by=recorded_by,
    )


@transaction.atomic
def consent_grant(
    *, person: Person, purpose: str, channel: str = "", via: str = "web",
    ip: str | None = None, recorded_by: User | None = None,
) -> Consent:
    return _record(person=person, purpose=purpose, channel=channel, granted=True, via=via,
                   ip=ip, recorded_by=recorded_by)


@transaction.atomic
def consent_withdraw(
    *, person: Person, purpose: str, channel: str = "", via: str = "web",
    ip: str | None = None, recorded_by: User | None = None,
) -> Consent:
    return _record(person=person, purpose=purpose, channel=channel, granted=False, via=via,
                   ip=ip, recorded_by=recorded_by)


def _latest(person_ref, purpose: str, channel: str):
    return (
        Consent.objects.filter(person=person_ref, purpose=purpose, channel=channel)
        .order_by("-at", "-id")
    )


def has_consent(person: Person, purpose: str, channel: str = "") -> bool:
    _check_pair(purpose, channel)
    if person.is_erased:
        return False
    latest = _latest(person, purpose, channel).values_list("granted", flat=True).first()
    return bool(latest)


def require_consent(person: Person, purpose: str, channel: str = "") -> None:
    if not has_consent(person, purpose, channel):
        raise ConsentRequired(person, purpose, channel)


def persons_with_consent(persons: QuerySet[Person], purpose: str, channel: str = "") -> QuerySet:
    """Narrow a queryset of persons to those whose newest consent for the pair is a grant."""
    _check_pair(purpose, channel)
    newest = _latest(OuterRef("pk"), purpose, channel).values("granted")[:1]
    return persons.filter(is_erased=False).annotate(_consent=Subquery(newest)).filter(
        _consent=True
    )


def consent_state(person: Person) -> list[dict]:
    """Every (purpose, channel) pair with its state now, for the cabinet and the person card."""
    rows = {}
    history = Consent.objects.filter(person=person).select_related("text").order_by("at", "id")
    for consent in history:
        rows[(consent.purpose, consent.channel)] = consent
    pairs = [(ConsentPurpose.PARTICIPATION, ""), (ConsentPurpose.ANALYTICS, "")] + [
        (ConsentPurpose.MESSAGES, c) for c in MESSAGE_CHANNELS
    ]
    texts = {purpose: current_text(purpose) for purpose in {p for p, _c in pairs}}
    return [
        {
            "purpose": purpose, "channel": channel,
            "label": ConsentPurpose(purpose).label
            + (f": {ConsentChannel(channel).label}" if channel else ""),
            "granted": bool(rows.get((purpose, channel)) and rows[(purpose, channel)].granted),
            "record": rows.get((purpose, channel)),
            # the wording in force: shown, with its version, before the consent is given
            "text": texts[purpose],
        }
        for purpose, channel in pairs
    ]


# The gate: contacts and analyses, decided from the table of purposes (purposes.py).


@dataclass(frozen=True)
class Decision:
    """The gate's answer for one contact: truthy when the message may go. `basis` is the legal
    basis it goes on (to keep with the record of the contact); `reason` says why not."""

    allowed: bool
    purpose: str
    channel: str
    basis: str = ""
    reason: str = ""

    def __bool__(self) -> bool:
        return self.allowed


def _channel_label(channel: str) -> str:
    return str(ConsentChannel(channel).label)


def contact_allowed(person: Person | None, purpose: str, channel: str) -> Decision:
    """May `person` be sent a message for `purpose` over `channel`, and on what basis?

    A statutory purpose goes without consent over the channels its law names (the answer to an
    appeal by e-mail or post); over any other channel, and for the purposes of consent, the
    person's newest consent to messages on that channel decides, read at the moment of asking.
    Staff written to about their work (`registry_person` False) are not registry persons:
    pass None."""
    rule = rule_for(purpose, CONTACT)
    if channel not in CONTACT_CHANNELS:
        raise ValueError(f"Unknown contact channel {channel!r}")
    if not rule.registry_person:
        if person is not None:
            raise ValueError(f"{purpose!r} addresses staff, not a registry person")
        return Decision(True, purpose, channel, rule.basis)
    if person is None:
        raise ValueError(f"{purpose!r} needs the person it contacts")
    if rule.basis == Basis.STATUTE and channel in rule.channels:
        return Decision(True, purpose, channel, Basis.STATUTE)
    if has_consent(person, ConsentPurpose.MESSAGES, channel):
        return Decision(True, purpose, channel, Basis.CONSENT)
    return Decision(False, purpose, channel, reason=_(
        "нет согласия на сообщения по каналу «%(channel)s»") % {
            "channel": _channel_label(channel)})


def contacts_allowed(persons: QuerySet[Person], purpose: str, channel: str) -> QuerySet[Person]:
    """The persons of `persons` that may be sent a message for `purpose` over `channel` (an
    announcement, an invitation to many): the same rule as `contact_allowed`, in one query."""
    rule = rule_for(purpose, CONTACT)
    if channel not in CONTACT_CHANNELS:
        raise ValueError(f"Unknown contact channel {channel!r}")
    if not rule.registry_person:
        raise ValueError(f"{purpose!r} addresses staff, not registry persons")
    if rule.basis == Basis.STATUTE and channel in rule.channels:
        return persons.filter(is_erased=False)
    return persons_with_consent(persons, ConsentPurpose.MESSAGES, channel)


def analysis_persons(persons: QuerySet[Person], purpose: str) -> QuerySet[Person]:
    """The persons an analysis for `purpose` may use. A purpose of consent (analytics of a
    person) keeps only those whose newest consent to it is a grant, read when the query runs;
    statistics (counts naming no one) and the record keep everyone."""
    rule = rule_for(purpose, ANALYSIS)
    if rule.consent:
        return persons_with_consent(persons, rule.consent)
    return persons


def analysis_basis(purpose: str) -> Rule:
    """Say what an analysis that needs no consent per person is for (statistics, the record),
    and get the table's row with its basis. A purpose of consent cannot be declared: its
    persons must be narrowed by `analysis_persons`."""
    rule = rule_for(purpose, ANALYSIS)
    if rule.consent:
        raise ValueError(f"{purpose!r} needs each person's consent: use analysis_persons")
    return rule


__all__ = [
    "ConsentRequired", "consent_grant", "consent_withdraw", "has_consent", "require_consent",
    "persons_with_consent", "consent_state", "Decision", "Purpose", "contact_allowed",
    "contacts_allowed", "analysis_persons", "analysis_basis",
]
