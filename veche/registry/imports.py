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
   What happens to one row is in import_rows.py.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from veche.accounts.models import User
from veche.territories.models import Territory

from .import_rows import as_written, import_row, row_fields, town_places
from .importfile import MAX_ROWS, Book, ListFileError, open_book, too_many_rows
from .importlink import link_rows
from .importmap import FIELDS, NAME_FIELDS, analyse, mapped_rows
from .maintenance import registry_after_bulk_load
from .models import ListImport, ListImportRow, Segment, SourceKind, SourceList

PROGRESS_EVERY = 200
PREVIEW_ROWS = 20
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
    places = town_places(record.territory)
    out = []
    for row in mapped_rows(book, record.sheet, data_from=layout.data_from,
                           headers=record.headers, mapping=_mapping(record), limit=limit):
        problems = list(row.problems)
        fields: dict = {}
        try:
            fields = row_fields(row.raw, places)
        except ValidationError as exc:
            problems += exc.messages
            fields = as_written(row.raw)  # staff still see whose row it is
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
    places = town_places(record.territory)
    checked: list[tuple[dict | None, list[str]]] = []
    for row in source:
        problems = list(row.problems)
        fields = None
        if not row.blocking:
            try:
                fields = row_fields(row.raw, places)
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
                    import_row(record, source[i], *checked[i], match_of.get(i), new_persons)
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


def import_rows_doubtful(*, list_import: ListImport):
    """The rows a report is for: rejected, for review, or loaded with a problem."""
    from django.db.models import Q

    return (list_import.rows.filter(Q(outcome__in=[Outcome.REJECTED, Outcome.REVIEW])
                                    | ~Q(errors=[]))
            .select_related("person", "candidate").order_by("number"))


def import_label(name: str) -> str:
    return str(FIELDS.get(name, name))


__all__ = ["PREVIEW_ROWS", "PreviewRow", "import_preview", "import_rows_doubtful",
           "list_import_create", "list_import_map", "list_import_run", "list_import_start"]
