"""Building the registry from existing lists (seed 000: «верификация ранее составленных списков
… и трансформация их в базу»; issue 18).

The staff workflow, one service per step:

1. `list_import_create` keeps the uploaded file (whatever it holds) and reads only its head:
   the sheets with data, the header row, the suggested mapping (importmap.py). A file that
   cannot be read is recorded as failed with the reason; the original stays.
2. `list_import_map` takes staff's corrections: the sheet, the header row, a field per column.
   `import_preview` shows the first rows as they would be loaded, with their problems.
3. `list_import_start` queues it; `list_import_run` (the background task, tasks.py) reads the
   whole sheet, checks every row, links the valid ones with the town's registry and with each
   other through `veche.linkage` (importlink.py) and records every row: created, matched,
   for review (a review candidate, veche/registry/review.py) or rejected with the reasons.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from veche.accounts.models import User
from veche.territories.models import Building, District, Territory

from .importfile import MAX_ROWS, Book, ListFileError, open_book, too_many_rows
from .importlink import NEW, PERSON, REVIEW, Match, link_rows
from .importmap import FIELDS, NAME_FIELDS, analyse, mapped_rows
from .listfile import parse_date, split_address, split_full_name
from .maintenance import registry_after_bulk_load
from .models import ListImport, ListImportRow, Person, PersonFact, Segment, SourceKind, SourceList
from .services import person_create
from .validation import check_person_fields

PROGRESS_EVERY = 200
PREVIEW_ROWS = 20
# Contacts a later list may change (a new phone), when the registry's value came from a list
# too; what staff typed in is never overwritten.
CONTACTS = ("phone", "email")
FILLED = ("phone", "email", "birth_date", "district", "building", "apartment", "patronymic")
EXTRA_FACTS = ("organisation", "role")
Status = ListImport.Status
Outcome = ListImportRow.Outcome


# --- 1. upload -----------------------------------------------------------------------------

@transaction.atomic
def list_import_create(
    *, territory: Territory, list_name: str, file_name: str, data: bytes,
    segment: Segment | None = None, created_by: User | None = None,
) -> ListImport:
    """Keep the file and read its head. A file that cannot be read comes back FAILED with a
    Russian `message`; otherwise DRAFT with the suggested sheet, header and mapping."""
    list_name = " ".join((list_name or "").split())
    if not list_name:
        raise ValidationError({"list_name": ValidationError(
            _("Укажите название списка, например «Совет ветеранов»."),
            code="list_name_missing")})
    if data is None:
        raise ValidationError({"file": ValidationError(
            _("Выберите файл со списком."), code="file_missing")})
    source_list, _created = SourceList.objects.get_or_create(
        territory=territory, name=list_name[:200], defaults={"kind": SourceKind.LIST}
    )
    record = ListImport(territory=territory, source_list=source_list, segment=segment,
                        file_name=(file_name or "list.csv")[:255], created_by=created_by,
                        status=Status.DRAFT)
    record.file.save((file_name or "list.csv")[-100:], ContentFile(data), save=False)
    try:
        book = open_book(data, record.file_name)
        sheets = book.sheets()
        if not sheets:
            raise ListFileError(_("В файле нет ни одной строки с данными."))
        record.sheets = [{"name": s.name, "rows": s.rows} for s in sheets]
        record.encoding = book.encoding
        _lay_out(record, book, sheets[0].name)
    except ListFileError as exc:
        record.status, record.message = Status.FAILED, str(exc)
    record.save()
    return record


def _lay_out(record: ListImport, book: Book, sheet: str, header_row: int | None = None,
             mapping: dict[int, str] | None = None) -> None:
    rows = next((s["rows"] for s in record.sheets if s["name"] == sheet), 0)
    if rows > MAX_ROWS + 100:
        raise too_many_rows(rows)
    layout = analyse(book, sheet, header_row=header_row)
    record.sheet, record.header_row, record.headers = sheet, layout.header_row, layout.headers
    chosen = layout.mapping if mapping is None else mapping
    record.mapping = {str(i): f for i, f in sorted(chosen.items())}
    record.message = " ".join(layout.notes)


def _book(record: ListImport) -> Book:
    with record.file.open("rb") as fh:
        return open_book(fh.read(), record.file_name)


def _data_from(record: ListImport) -> int:
    """The first data row: under the header, or under both rows of a two-row header."""
    book = _book(record)
    return analyse(book, record.sheet, header_row=record.header_row).data_from


# --- 2. mapping and preview ----------------------------------------------------------------

def _check_draft(record: ListImport) -> None:
    if record.status != Status.DRAFT:
        raise ValidationError(
            _("Загрузка уже запущена или завершена: колонки больше не меняются."),
            code="import_not_draft")


@transaction.atomic
def list_import_map(*, list_import: ListImport, sheet: str | None = None,
                    header_row: int | None = None,
                    mapping: dict[int, str] | None = None) -> ListImport:
    """Staff's choice of sheet, header row and field per column (column index → field, ""
    to leave a column out). A new sheet or header row suggests the mapping again unless one is
    given."""
    record = list_import
    _check_draft(record)
    errors: dict[str, list[ValidationError]] = {}
    sheet = record.sheet if sheet is None else sheet
    if sheet not in [s["name"] for s in record.sheets]:
        errors["sheet"] = [ValidationError(_("В файле нет листа «%(sheet)s»."),
                                           code="sheet_unknown", params={"sheet": sheet})]
    clean: dict[int, str] | None = None
    if mapping is not None:
        clean = {}
        seen: dict[str, int] = {}
        for index, name in mapping.items():
            if not name:
                continue
            if name not in FIELDS:
                errors.setdefault("mapping", []).append(ValidationError(
                    _("Неизвестное поле «%(field)s»."), code="mapping_field_unknown",
                    params={"field": name}))
            elif name in seen:
                errors.setdefault("mapping", []).append(ValidationError(
                    _("Поле «%(field)s» выбрано для двух колонок: %(a)s и %(b)s."),
                    code="mapping_duplicate",
                    params={"field": FIELDS[name], "a": seen[name] + 1, "b": int(index) + 1}))
            else:
                seen[name] = int(index)
                clean[int(index)] = name
    if errors:
        raise ValidationError(errors)
    changed = sheet != record.sheet or (header_row is not None and header_row != record.header_row)
    try:
        book = _book(record)
        _lay_out(record, book, sheet, header_row if header_row is not None else (
            None if sheet != record.sheet else record.header_row),
            clean if clean is not None else (None if changed else _mapping(record)))
    except ListFileError as exc:
        raise ValidationError(str(exc), code="file_unreadable") from exc
    width = len(record.headers)
    if clean and max(clean) >= max(width, 1) + 50:
        raise ValidationError({"mapping": ValidationError(
            _("В таблице нет колонки %(n)s."), code="mapping_column_unknown",
            params={"n": max(clean) + 1})})
    record.save()
    return record


def _mapping(record: ListImport) -> dict[int, str]:
    return {int(i): f for i, f in (record.mapping or {}).items() if f in FIELDS}


@dataclass
class PreviewRow:
    number: int
    raw: dict
    fields: dict  # what the row would become: surname, given_name, …, address
    problems: list[str]


def import_preview(*, list_import: ListImport, limit: int = PREVIEW_ROWS) -> list[PreviewRow]:
    """The first rows as they would be loaded, normalised, with their problems."""
    record = list_import
    if record.status == Status.FAILED or not record.sheet and not record.sheets:
        return []
    book = _book(record)
    layout = analyse(book, record.sheet, header_row=record.header_row)
    places = _places(record.territory)
    out = []
    for row in mapped_rows(book, record.sheet, data_from=layout.data_from,
                           headers=record.headers, mapping=_mapping(record), limit=limit):
        problems = list(row.problems)
        fields: dict = {}
        try:
            fields = _row_fields(row.raw, places)
        except ValidationError as exc:
            problems += exc.messages
            fields = _as_written(row.raw)  # staff still see whose row it is
        out.append(PreviewRow(number=row.number, raw=row.raw, fields=fields, problems=problems))
    return out


# --- 3. start and run ----------------------------------------------------------------------

def list_import_start(*, list_import: ListImport, by: User | None = None) -> ListImport:
    """Queue the import with the mapping as it stands; the background task does the rest."""
    record = list_import
    _check_draft(record)
    if not set(_mapping(record).values()) & set(NAME_FIELDS):
        raise ValidationError({"mapping": ValidationError(
            _("Выберите колонку с фамилией: «ФИО одной строкой» или «Фамилия»."),
            code="mapping_no_name")})
    record.status = Status.QUEUED
    record.save(update_fields=["status"])
    from .tasks import run_list_import

    run_list_import.enqueue(list_import_id=record.pk, territory_id=record.territory_id)
    record.refresh_from_db()
    return record


def _as_written(raw: dict) -> dict:
    """A refused row's cells as the file has them (the full name split), for the preview."""
    fields = {k: v for k, v in raw.items() if v}
    if raw.get("full_name") and not raw.get("surname"):
        fields["surname"], fields["given_name"], fields["patronymic"] = split_full_name(
            raw["full_name"])
    return fields


def _row_fields(raw: dict, places: dict) -> dict:
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


def _places(territory: Territory) -> dict:
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


def list_import_run(*, list_import: ListImport) -> ListImport:
    """Process an uploaded list. Safe to run in a worker; progress is saved as it goes. A crash
    part way stops it as failed, with the rows done so far recorded and the reason."""
    record = list_import
    if record.status in (Status.FAILED, Status.DONE, Status.RUNNING):
        return record
    mapping = _mapping(record)
    if not set(mapping.values()) & set(NAME_FIELDS):
        record.status = Status.FAILED
        record.message = _("Не найдена колонка с фамилией. Назовите колонки «Фамилия», «Имя», "
                           "«Отчество» (или одну колонку «ФИО») в строке заголовка или выберите "
                           "их при загрузке.")
        record.save(update_fields=["status", "message"])
        return record
    record.status = Status.RUNNING
    record.save(update_fields=["status"])
    try:
        book = _book(record)
        layout = analyse(book, record.sheet, header_row=record.header_row)
        source = list(mapped_rows(book, record.sheet, data_from=layout.data_from,
                                  headers=record.headers, mapping=mapping, max_rows=MAX_ROWS))
    except ListFileError as exc:
        record.status, record.message = Status.FAILED, str(exc)
        record.save(update_fields=["status", "message"])
        return record
    record.rows_total = len(source)
    record.save(update_fields=["rows_total"])
    places = _places(record.territory)
    checked: list[tuple[dict | None, list[str]]] = []
    for row in source:
        problems = list(row.problems)
        fields = None
        if not row.blocking:
            try:
                fields = _row_fields(row.raw, places)
            except ValidationError as exc:
                problems += exc.messages
        checked.append((fields, problems))
    valid = [i for i, (fields, _p) in enumerate(checked) if fields is not None]
    matches = link_rows(territory=record.territory,
                        rows=[checked[i][0] or {} for i in valid])
    match_of = dict(zip(valid, matches, strict=True))
    new_persons: dict[int, int] = {}  # cluster → person created from an earlier row
    done = 0
    try:
        for start in range(0, len(source), PROGRESS_EVERY):
            with transaction.atomic():
                for i in range(start, min(start + PROGRESS_EVERY, len(source))):
                    _import_row(record, source[i], *checked[i], match_of.get(i), new_persons)
                    done = i + 1
                record.rows_done = done
                record.save(update_fields=["rows_done", "created_count", "matched_count",
                                           "rejected_count", "review_count"])
    except Exception as exc:  # recorded, not lost: the rows before it stay loaded
        record.refresh_from_db()
        record.status = Status.FAILED
        record.message = _("Загрузка остановлена на строке %(row)s: %(error)s. Строки до неё "
                           "загружены.") % {"row": source[done].number if done < len(source)
                                            else done, "error": str(exc)[:300]}
        record.save(update_fields=["status", "message"])
        raise
    record.status = Status.DONE
    record.save()
    # Keep the registry search fast after a big write without a manual step (maintenance.py).
    registry_after_bulk_load(record.territory)
    return record


def _import_row(record: ListImport, source, fields: dict | None, problems: list[str],
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


def import_rows_doubtful(*, list_import: ListImport):
    """The rows a report is for: rejected, for review, or loaded with a problem."""
    from django.db.models import Q

    return (list_import.rows.filter(Q(outcome__in=[Outcome.REJECTED, Outcome.REVIEW])
                                    | ~Q(errors=[]))
            .select_related("person", "candidate").order_by("number"))


def import_label(name: str) -> str:
    return str(FIELDS.get(name, name))


__all__ = ["PREVIEW_ROWS", "PreviewRow", "import_preview", "import_rows_doubtful",
           "list_import_create", "list_import_map", "list_import_run", "list_import_start",
           "review_candidate_add"]
