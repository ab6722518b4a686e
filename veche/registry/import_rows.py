"""One row of a list import, checked and loaded (the workflow is in imports.py).

`row_fields` turns a row's raw strings into validated person fields (names split, date read,
phone and e-mail checked, address found among the town's buildings and districts);
`import_row` records the row with its outcome — a new person, a match filled in with what the
registry lacked (every fact keeps the row as its source), a candidate for the review queue, or
rejected with the reasons.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError

from veche.territories.models import Building, District, Territory

from .importlink import NEW, PERSON, REVIEW, Match
from .listfile import parse_date, split_address, split_full_name
from .models import ListImport, ListImportRow, Person, PersonFact, SourceKind
from .services import person_create
from .validation import check_person_fields

# Contacts a later list may change (a new phone), when the registry's value came from a list
# too; what staff typed in is never overwritten.
CONTACTS = ("phone", "email")
FILLED = ("phone", "email", "birth_date", "district", "building", "apartment", "patronymic")
EXTRA_FACTS = ("organisation", "role")
Outcome = ListImportRow.Outcome


def as_written(raw: dict) -> dict:
    """A refused row's cells as the file has them (the full name split), for the preview."""
    fields = {k: v for k, v in raw.items() if v}
    if raw.get("full_name") and not raw.get("surname"):
        fields["surname"], fields["given_name"], fields["patronymic"] = split_full_name(
            raw["full_name"])
    return fields


def row_fields(raw: dict, places: dict) -> dict:
    """Raw strings → validated person fields; raises ValidationError listing every problem."""
    errors: list[str] = []
    if raw.get("full_name") and not raw.get("surname"):
        surname, given, patronymic = split_full_name(raw["full_name"])
    else:
        surname, given, patronymic = raw.get("surname", ""), raw.get("given_name", ""), raw.get(
            "patronymic", "")
    fields = {"surname": surname, "given_name": given, "patronymic": patronymic,
              "phone": raw.get("phone", ""), "email": raw.get("email", ""), "birth_date": None}
    if raw.get("birth_date"):
        try:
            fields["birth_date"] = parse_date(raw["birth_date"])
        except ValueError as exc:
            errors.append(str(exc))
    try:
        fields = check_person_fields(fields)
    except ValidationError as exc:
        errors += [m for messages in exc.message_dict.values() for m in messages]
    if errors:
        raise ValidationError(errors)
    street, house, apartment = raw.get("street", ""), raw.get("house", ""), raw.get("apartment", "")
    if raw.get("address") and not house:
        street, house, apartment_from_address = split_address(raw["address"])
        apartment = apartment or apartment_from_address
    building = places["buildings"].get((_norm_street(street), house.lower()))
    district = places["districts"].get((raw.get("district") or "").lower().replace("ё", "е"))
    fields.update(building=building, district=district or (building.district if building else None),
                  apartment=apartment[:10],
                  address=raw.get("address") or ", ".join(p for p in (street, house) if p),
                  organisation=raw.get("organisation", "")[:300], role=raw.get("role", "")[:300])
    return fields


def _norm_street(street: str) -> str:
    s = street.lower().replace("ё", "е")
    for prefix in ("улица ", "ул. ", "ул.", "ул ", "проспект ", "пр-т ", "пр. "):
        s = s.removeprefix(prefix)
    return " ".join(s.split())


def town_places(territory: Territory) -> dict:
    buildings = {
        (_norm_street(b.street), b.house.lower()): b
        for b in Building.objects.filter(territory=territory).select_related("district")
    }
    districts = {
        d.name.lower().replace("ё", "е"): d for d in District.objects.filter(territory=territory)
    }
    return {"buildings": buildings, "districts": districts}


def _latest_fact_kind(person: Person, name: str) -> str | None:
    return (PersonFact.objects.filter(person=person, field=name)
            .order_by("-recorded_at", "-id").values_list("source_kind", flat=True).first())


def _merge(person: Person, fields: dict, record: ListImport, row: ListImportRow) -> None:
    """Fill in what the registry lacks; a contact a list gave before may be replaced by this
    list's (a changed phone), never one staff entered. Every fact keeps this row as source."""
    changed = []
    for name in FILLED:
        new, old = fields.get(name), getattr(person, name)
        if not new or new == old:
            continue
        if not old or (name in CONTACTS and _latest_fact_kind(person, name) == SourceKind.LIST):
            setattr(person, name, new)
            changed.append(name)
    if changed:
        person.save()
    facts = [PersonFact(territory_id=person.territory_id, person=person, field=name,
                        value=str(getattr(person, name) or "")[:300] if name in FILLED else "",
                        source_kind=SourceKind.LIST, source_list=record.source_list,
                        recorded_by=record.created_by, import_row=row)
             for name in ["surname", *changed]]
    facts += _extra_facts(person, fields, record, row)
    PersonFact.objects.bulk_create(facts)


def _extra_facts(person: Person, fields: dict, record: ListImport,
                 row: ListImportRow) -> list[PersonFact]:
    """Organisation and role: no column of a person, kept as facts with their value."""
    return [PersonFact(territory_id=person.territory_id, person=person, field=name,
                       value=fields[name], source_kind=SourceKind.LIST,
                       source_list=record.source_list, recorded_by=record.created_by,
                       import_row=row)
            for name in EXTRA_FACTS if fields.get(name)]


def _json_fields(fields: dict) -> dict:
    """A row's person fields as JSON, for the review candidate (18B's `row_fields`)."""
    out = {k: fields.get(k) or "" for k in ("surname", "given_name", "patronymic", "phone",
                                            "email", "apartment")}
    out["birth_date"] = fields["birth_date"].isoformat() if fields.get("birth_date") else ""
    return out


def review_candidate_add(*, record: ListImport, row: ListImportRow, person_id: int,
                         match: Match, fields: dict) -> str | None:
    """The hook to the review queue (veche/registry/review.py): queue the row and the person
    it may be. Returns an earlier decision on the same row ("same", "different") or None."""
    from .review import candidate_add

    candidate = candidate_add(territory=record.territory, person=Person.objects.get(pk=person_id),
                              import_row=row, score=float(match.score or 0),
                              evidence=match.evidence, row_fields=_json_fields(fields))
    if candidate is None:
        return "same"
    return None if candidate.status == "open" else str(candidate.status)


def import_row(record: ListImport, source, fields: dict | None, problems: list[str],
                match: Match | None, new_persons: dict[int, int]) -> None:
    row = ListImportRow(territory=record.territory, list_import=record, number=source.number,
                        sheet=record.sheet, raw=source.raw, outcome=Outcome.REJECTED,
                        errors=problems)
    if fields is None or match is None:
        row.save()
        record.rejected_count += 1
        return
    row.score = match.score
    person: Person | None = None
    kind = match.kind
    if kind == PERSON and match.person_id is not None:
        person = Person.objects.get(pk=match.person_id)
    elif kind == REVIEW and match.person_id is not None:
        row.outcome, row.candidate_id = Outcome.REVIEW, match.person_id
        row.save()
        decision = review_candidate_add(record=record, row=row, person_id=match.person_id,
                                        match=match, fields=fields)
        if decision is None:
            record.review_count += 1
            return
        if decision == "same":
            person = Person.objects.get(pk=match.person_id)  # type: ignore[misc]
        kind = PERSON if decision == "same" else NEW
    if kind == NEW and match.cluster in new_persons:
        person = Person.objects.get(pk=new_persons[match.cluster])
    if person is not None:
        row.outcome, row.person = Outcome.MATCHED, person
        row.save()
        _merge(person, fields, record, row)
        record.matched_count += 1
    else:
        person = person_create(
            territory=record.territory, source_kind=SourceKind.LIST,
            source_list=record.source_list, recorded_by=record.created_by,
            **{k: v for k, v in fields.items() if k not in ("address", "organisation", "role")})
        new_persons[match.cluster] = person.pk
        row.outcome, row.person = Outcome.CREATED, person
        row.save()
        PersonFact.objects.filter(person=person, import_row__isnull=True).update(import_row=row)
        PersonFact.objects.bulk_create(_extra_facts(person, fields, record, row))
        record.created_count += 1
    if record.segment_id:
        person.segments.add(record.segment_id)


__all__ = ["as_written", "import_row", "review_candidate_add", "row_fields", "town_places"]
