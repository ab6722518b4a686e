"""Consent under 152-FZ, and the one gate every module passes before it contacts or analyses a
person.

A consent is a separate, versioned record per purpose (and per channel for messages). Rows are
never changed: a withdrawal is a new row, and the newest row for (purpose, channel) is in force,
so a withdrawal takes effect with the commit that records it.

Later modules call only these: `has_consent`, `require_consent`, `persons_with_consent`.
"""

from django.db import transaction
from django.db.models import OuterRef, QuerySet, Subquery
from django.utils import timezone

from veche.accounts.models import User

from .migrations import _consent_texts_v1 as consent_texts_v1
from .models import Consent, ConsentChannel, ConsentPurpose, ConsentText, Person

MESSAGE_CHANNELS = [c for c in ConsentChannel.values if c]
FIRST_TEXTS = consent_texts_v1.TEXTS


class ConsentRequired(Exception):
    def __init__(self, person: Person, purpose: str, channel: str = ""):
        self.person, self.purpose, self.channel = person, purpose, channel
        what = ConsentPurpose(purpose).label + (f" ({channel})" if channel else "")
        super().__init__(f"Нет согласия участника на «{what}».")


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
        text, _ = ConsentText.objects.get_or_create(
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
    return [
        {
            "purpose": purpose, "channel": channel,
            "label": ConsentPurpose(purpose).label
            + (f": {ConsentChannel(channel).label}" if channel else ""),
            "granted": bool(rows.get((purpose, channel)) and rows[(purpose, channel)].granted),
            "record": rows.get((purpose, channel)),
        }
        for purpose, channel in pairs
    ]


__all__ = [
    "ConsentRequired", "consent_grant", "consent_withdraw", "has_consent", "require_consent",
    "persons_with_consent", "consent_state",
]
