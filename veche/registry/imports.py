"""Building the registry from existing lists (seed 000: «верификация ранее составленных списков
… и трансформация их в базу»).

`list_import_create` keeps the uploaded file and queues it; `list_import_run` reads it, matches
each row to a person already in the registry (phone, email, or name + birth date) or creates
one, and records every row's outcome. A rejected row keeps its raw values and the reasons.
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext

from veche.accounts.models import User
from veche.territories.models import Building, District, Territory

from .listfile import ListFileError, parse_date, read_list, split_address, split_full_name
from .models import ListImport, ListImportRow, Person, PersonFact, Segment, SourceKind, SourceList
from .services import person_create
from .validation import check_person_fields

PROGRESS_EVERY = 200


@transaction.atomic
def list_import_create(
    *, territory: Territory, list_name: str, file_name: str, data: bytes,
    segment: Segment | None = None, created_by: User | None = None,
) -> ListImport:
    list_name = " ".join((list_name or "").split())
    if not list_name:
        raise ValidationError({"list_name": ValidationError(
            gettext("Укажите название списка, например «Совет ветеранов»."),
            code="list_name_missing")})
    if not data:
        raise ValidationError({"file": ValidationError(
            gettext("Файл пустой. Выберите файл со списком."), code="file_empty")})
    source_list, _ = SourceList.objects.get_or_create(
        territory=territory, name=list_name[:200], defaults={"kind": SourceKind.LIST}
    )
    record = ListImport(territory=territory, source_list=source_list, segment=segment,
                        file_name=file_name[:255], created_by=created_by)
    record.file.save(file_name[-100:] or "list.csv", ContentFile(data), save=False)
    record.save()
    return record


class _Matcher:
    """Finds a row's person among those already in the town's registry (and earlier rows)."""

    def __init__(self, territory: Territory):
        self.by_phone: dict[str, int] = {}
        self.by_email: dict[str, int] = {}
        self.by_name: dict[tuple[str, dt.date], int] = {}
        rows = Person.objects.filter(territory=territory, is_erased=False).values_list(
            "id", "phone", "email", "search_name", "birth_date"
        )
        for pk, phone, email, search_name, birth_date in rows:
            self.add(pk, phone, email, search_name, birth_date)

    def add(self, pk, phone, email, search_name, birth_date):
        if phone:
            self.by_phone.setdefault(phone, pk)
        if email:
            self.by_email.setdefault(email.lower(), pk)
        if birth_date:
            self.by_name.setdefault((search_name, birth_date), pk)

    def find(self, fields: dict) -> int | None:
        name = " ".join(
            p for p in (fields["surname"], fields["given_name"], fields.get("patronymic")) if p
        ).lower().replace("ё", "е")
        return (
            (fields.get("phone") and self.by_phone.get(fields["phone"]))
            or (fields.get("email") and self.by_email.get(fields["email"].lower()))
            or (fields.get("birth_date") and self.by_name.get((name, fields["birth_date"])))
            or None
        )


def _row_fields(raw: dict, territory: Territory, places: dict) -> dict:
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
                  apartment=apartment[:10])
    return fields


def _norm_street(street: str) -> str:
    s = street.lower().replace("ё", "е")
    for prefix in ("улица ", "ул. ", "ул.", "ул ", "проспект ", "пр-т ", "пр. "):
        s = s.removeprefix(prefix)
    return " ".join(s.split())


def _places(territory: Territory) -> dict:
    buildings = {
        (_norm_street(b.street), b.house.lower()): b
        for b in Building.objects.filter(territory=territory).select_related("district")
    }
    districts = {
        d.name.lower().replace("ё", "е"): d for d in District.objects.filter(territory=territory)
    }
    return {"buildings": buildings, "districts": districts}


def _merge(person: Person, fields: dict, record: ListImport) -> None:
    """Fill in what the registry lacks; never overwrite what someone already entered."""
    changed = []
    for name in ("phone", "email", "birth_date", "district", "building", "apartment", "patronymic"):
        if fields.get(name) and not getattr(person, name):
            setattr(person, name, fields[name])
            changed.append(name)
    if changed:
        person.save()
    PersonFact.objects.bulk_create([
        PersonFact(territory_id=person.territory_id, person=person, field=name,
                   source_kind=SourceKind.LIST, source_list=record.source_list,
                   recorded_by=record.created_by)
        for name in ["surname", *changed]
    ])


def list_import_run(*, list_import: ListImport) -> ListImport:
    """Process an uploaded list. Safe to run in a worker; progress is saved as it goes."""
    record = list_import
    record.status = ListImport.Status.RUNNING
    record.save(update_fields=["status"])
    try:
        with record.file.open("rb") as fh:
            parsed = read_list(fh.read(), record.file_name)
    except ListFileError as exc:
        record.status, record.message = ListImport.Status.FAILED, str(exc)
        record.save(update_fields=["status", "message"])
        return record
    record.encoding, record.rows_total = parsed.encoding, len(parsed.rows)
    if parsed.unknown_columns:
        record.message = "Не использованы колонки: " + ", ".join(parsed.unknown_columns[:20])
    record.save(update_fields=["encoding", "rows_total", "message"])
    matcher, places = _Matcher(record.territory), _places(record.territory)
    for number, raw in enumerate(parsed.rows, start=1):
        _import_row(record, number, raw, matcher, places, parsed.problems.get(number - 1, ""))
        if number % PROGRESS_EVERY == 0:
            record.save(update_fields=["rows_done", "created_count", "matched_count",
                                       "rejected_count"])
    record.status = ListImport.Status.DONE
    record.save()
    return record


@transaction.atomic
def _import_row(record: ListImport, number: int, raw: dict, matcher: _Matcher, places: dict,
                problem: str = ""):
    outcome, person, errors = ListImportRow.Outcome.REJECTED, None, []
    try:
        if problem:  # a line with broken quoting: kept as written, never guessed at
            raise ValidationError(problem, code="list_row_quote_broken")
        fields = _row_fields(raw, record.territory, places)
    except ValidationError as exc:
        errors = exc.messages
    else:
        existing = matcher.find(fields)
        if existing:
            person = Person.objects.get(pk=existing)
            _merge(person, fields, record)
            outcome = ListImportRow.Outcome.MATCHED
        else:
            person = person_create(territory=record.territory, source_kind=SourceKind.LIST,
                                   source_list=record.source_list, recorded_by=record.created_by,
                                   **fields)
            matcher.add(person.pk, person.phone, person.email, person.search_name,
                        person.birth_date)
            outcome = ListImportRow.Outcome.CREATED
        if record.segment_id:
            person.segments.add(record.segment_id)
    ListImportRow.objects.create(territory=record.territory, list_import=record, number=number,
                                 raw=raw, outcome=outcome, person=person, errors=errors)
    record.rows_done = number
    field = {"created": "created_count", "matched": "matched_count", "rejected": "rejected_count"}
    setattr(record, field[outcome], getattr(record, field[outcome]) + 1)
