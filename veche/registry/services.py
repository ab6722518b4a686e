"""Writes to the registry. Every function is keyword-only and atomic; validation happens before
anything is written, so a rejected person leaves no half-saved rows."""

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from veche.accounts.models import User
from veche.territories.crosstown import of_user
from veche.territories.models import Building, District, Territory

from .maintenance import forget_name_parts
from .models import CardAccess, Person, PersonFact, Segment, SourceKind, SourceList
from .validation import check_person_fields

TRACKED_FIELDS = (
    "surname", "given_name", "patronymic", "birth_date", "phone", "email",
    "district", "building", "apartment",
)


def _check_place(territory: Territory, district: District | None, building: Building | None):
    if building is not None and building.territory_id != territory.pk:
        raise ValidationError({"building": ValidationError(
            _("Дом относится к другому городу."), code="other_town")})
    if district is not None and district.territory_id != territory.pk:
        raise ValidationError({"district": ValidationError(
            _("Район относится к другому городу."), code="other_town")})


@transaction.atomic
def person_create(
    *,
    territory: Territory,
    surname: str,
    given_name: str,
    patronymic: str = "",
    birth_date: dt.date | None = None,
    phone: str = "",
    email: str = "",
    district: District | None = None,
    building: Building | None = None,
    apartment: str = "",
    segments: Iterable[Segment] = (),
    verification: int = 0,
    source_kind: str = SourceKind.STAFF,
    source_list: SourceList | None = None,
    recorded_by: User | None = None,
    user: User | None = None,
) -> Person:
    fields = check_person_fields(dict(
        surname=surname, given_name=given_name, patronymic=patronymic, birth_date=birth_date,
        phone=phone, email=email, apartment=apartment or "",
    ))
    if building is not None and district is None:
        district = building.district
    _check_place(territory, district, building)
    person = Person.objects.create(
        territory=territory, district=district, building=building, verification=verification,
        user=user, **fields,
    )
    if segments:
        person.segments.set(segments)
    _record_facts(person, TRACKED_FIELDS, source_kind, source_list, recorded_by)
    return person


@transaction.atomic
def person_update(
    *,
    person: Person,
    source_kind: str = SourceKind.STAFF,
    source_list: SourceList | None = None,
    recorded_by: User | None = None,
    segments: Iterable[Segment] | None = None,
    **changes,
) -> Person:
    unknown = set(changes) - set(TRACKED_FIELDS) - {"verification"}
    if unknown:
        raise TypeError(f"person_update: unknown fields {sorted(unknown)}")
    if person.is_erased:
        raise ValidationError(_("Данные этого участника удалены по его запросу."),
                              code="person_erased")
    clean = check_person_fields(changes)
    _check_place(person.territory, clean.get("district"), clean.get("building"))
    changed = [name for name, value in clean.items() if getattr(person, name) != value]
    for name in changed:
        setattr(person, name, clean[name])
    person.save()
    if segments is not None:
        person.segments.set(segments)
    _record_facts(person, [c for c in changed if c in TRACKED_FIELDS], source_kind, source_list,
                  recorded_by)
    return person


def _record_facts(person, names, source_kind, source_list, recorded_by):
    PersonFact.objects.bulk_create([
        PersonFact(territory_id=person.territory_id, person=person, field=name,
                   source_kind=source_kind, source_list=source_list, recorded_by=recorded_by)
        for name in names
        if getattr(person, name) not in (None, "")
    ])


@transaction.atomic
def person_link_user(*, person: Person, user: User) -> Person:
    """Attach a login to a person who came from a list (they sign up later)."""
    if person.user_id and person.user_id != user.pk:
        raise ValidationError(_("Эта запись реестра уже связана с другой учётной записью."),
                              code="person_linked_elsewhere")
    person.user = user
    person.save(update_fields=["user", "updated_at"])
    return person


def person_card_open(*, person: Person, viewer: User, ip: str | None, purpose: str = "") -> Person:
    """Staff open a person's card: the read is logged before the data is returned (152-FZ)."""
    CardAccess.objects.create(
        territory_id=person.territory_id, person=person, viewer=viewer, ip=ip,
        purpose=purpose[:200],
    )
    return person


@transaction.atomic
def person_erase(*, person: Person, requested_by: User | None = None) -> Person:
    """Erase a person's identity at their request. Ledger rows stay (aggregates keep counting),
    the district and birth year stay for the aggregates by district and age band; names,
    contacts, address and the login's identity go."""
    person = Person.objects.select_for_update().get(pk=person.pk)
    if person.is_erased:
        return person
    names = (person.surname, person.given_name, person.patronymic)
    person.surname = person.given_name = person.patronymic = ""
    person.phone = person.email = person.apartment = ""
    person.building = None
    if person.birth_date:
        person.birth_date = person.birth_date.replace(month=1, day=1)
    person.is_erased = True
    person.erased_at = timezone.now()
    user = person.user
    person.user = None
    person.save()
    forget_name_parts(territory_id=person.territory_id, names=names)
    person.facts.all().delete()
    # Other towns may still know this login; only an orphaned login loses its identity.
    if user is not None and not of_user(Person, user).exists():
        user.email = user.phone = user.esia_subject = None
        user.full_name = ""
        user.is_active = False
        user.set_unusable_password()
        user.save()
    return person
