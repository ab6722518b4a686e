"""Reads of the registry. The back office and the API search through `persons_search`, so the
two behave the same and share one index-friendly query."""

import datetime as dt

from django.db.models import QuerySet
from django.utils import timezone

from veche.territories.models import Territory

from .models import CardAccess, Person


def normalise_query(q: str) -> str:
    return " ".join((q or "").lower().replace("ё", "е").split())[:100]


def persons_search(
    *,
    territory: Territory,
    q: str = "",
    district_id: int | None = None,
    segment_id: int | None = None,
    active_days: int | None = None,
    never_active: bool = False,
) -> QuerySet[Person]:
    """Persons of a town matching a name fragment (any part of "surname given patronymic"), a
    phone or email fragment, a district, a segment and activity. Erased persons are left out."""
    qs = Person.objects.filter(territory=territory, is_erased=False)
    text = normalise_query(q)
    if text:
        digits = "".join(ch for ch in text if ch.isdigit())
        if "@" in text:
            qs = qs.filter(email__icontains=text)
        elif len(digits) >= 5 and len(digits) >= len(text.replace(" ", "")) - 2:
            qs = qs.filter(phone__contains=digits[-10:])
        else:
            # Every word must appear somewhere in the name: "иван петр" finds Иванов Пётр …
            for word in text.split():
                qs = qs.filter(search_name__contains=word)
    if district_id:
        qs = qs.filter(district_id=district_id)
    if segment_id:
        qs = qs.filter(segments__id=segment_id)
    if never_active:
        qs = qs.filter(activity__isnull=True)
    elif active_days:
        since = timezone.now() - dt.timedelta(days=active_days)
        qs = qs.filter(activity__last_at__gte=since)
    return qs.select_related("district", "building").order_by(
        "surname", "given_name", "patronymic", "id"
    )


def person_in_town(*, territory: Territory, person_id: int) -> Person:
    """One person of the town (raises Person.DoesNotExist for another town's id)."""
    return Person.objects.select_related("district", "building", "user").get(
        territory=territory, pk=person_id
    )


def card_accesses(*, territory: Territory, person: Person | None = None) -> QuerySet[CardAccess]:
    qs = CardAccess.objects.filter(territory=territory).select_related("viewer", "person")
    return qs.filter(person=person) if person is not None else qs


def person_export_data(*, person: Person) -> dict:
    """Everything the registry holds about a person, for their own download (152-FZ, art. 14):
    the person's fields, each fact with its source, consents (every grant and withdrawal) and
    who opened their card. The caller adds the ledger's actions (registry must not import it)."""
    return {
        "person": {
            "id": person.pk, "territory": person.territory.name,
            "surname": person.surname, "given_name": person.given_name,
            "patronymic": person.patronymic, "birth_date": person.birth_date,
            "phone": person.phone, "email": person.email,
            "district": person.district.name if person.district else None,
            "building": str(person.building) if person.building else None,
            "apartment": person.apartment,
            "segments": [s.name for s in person.segments.all()],
            "verification": person.get_verification_display(),
            "created_at": person.created_at, "updated_at": person.updated_at,
        },
        "facts": [
            {"field": f.field, "source": f.get_source_kind_display(),
             "source_list": f.source_list.name if f.source_list else None,
             "recorded_at": f.recorded_at}
            for f in person.facts.select_related("source_list").order_by("recorded_at", "id")
        ],
        "consents": [
            {"purpose": c.get_purpose_display(), "channel": c.channel or None,
             "granted": c.granted, "at": c.at, "via": c.via, "ip": c.ip,
             "text_version": c.text.version}
            for c in person.consents.select_related("text").order_by("at", "id")
        ],
        "card_accesses": [
            {"at": a.at, "viewer": str(a.viewer), "purpose": a.purpose}
            for a in person.card_accesses.select_related("viewer").order_by("at", "id")
        ],
    }
