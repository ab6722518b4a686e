"""The list of lists: each source list a town brought in, who answers for it, how many rows and
persons it gave, and how many of them really act (issue 18, point 5; seed 000's «номинальные и
реальные активисты»). Figures only: a count per list names no one (purpose STATISTICS).

A person counts for a list when a fact of theirs came from it or a row of one of its imports
was linked to them. Merged records count as their survivor, so one human counts once. Active:
an action in the ledger in the last 365 days (PersonActivity.last_at, kept by the ledger).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections import defaultdict
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from veche.territories.models import Territory

from .consent import Purpose, analysis_basis
from .models import ListImport, ListImportRow, Person, PersonFact, SourceList

ACTIVE_DAYS = 365


@transaction.atomic
def source_list_set_owner(*, source_list: SourceList, owner: str) -> SourceList:
    """Say who answers for a list: an organisation or a person."""
    owner = " ".join((owner or "").split())
    if len(owner) > 200:
        raise ValidationError({"owner": ValidationError(
            _("Слишком длинно: не больше 200 знаков."), code="too_long")})
    source_list.owner = owner
    source_list.save(update_fields=["owner"])
    return source_list


@dataclass
class ListFigures:
    source_list: SourceList
    received: dt.date | None  # the list's date, or its latest upload's
    rows: int  # rows of its latest upload (an updated list replaces the earlier one)
    uploads: int
    persons: int  # distinct humans it contributed
    active: int  # of them, with an action in the last year

    @property
    def share(self) -> float | None:
        """The actual share of the nominal list: active / persons."""
        return self.active / self.persons if self.persons else None


def lists_overview(*, territory: Territory, now: dt.datetime | None = None) -> list[ListFigures]:
    """Every source list of the town with its figures, largest first. Five queries, whatever
    the number of lists."""
    analysis_basis(Purpose.STATISTICS)
    since = (now or timezone.now()) - dt.timedelta(days=ACTIVE_DAYS)
    lists = list(SourceList.objects.filter(territory=territory).order_by("name"))
    humans: dict[int, set[int]] = defaultdict(set)
    human = Coalesce(F("person__merged_into_id"), F("person_id"))
    for list_id, pk in (PersonFact.objects.filter(territory=territory, source_list__isnull=False,
                                                  person__is_erased=False)
                        .values_list("source_list_id", human).distinct()):
        humans[list_id].add(pk)
    for list_id, pk in (ListImportRow.objects.filter(territory=territory, person__isnull=False,
                                                     person__is_erased=False)
                        .values_list("list_import__source_list_id", human).distinct()):
        humans[list_id].add(pk)
    everyone = set().union(*humans.values()) if humans else set()
    # The ledger's rollup, through the person (the registry does not import the ledger).
    active = set(Person.objects.filter(territory=territory, pk__in=everyone,
                                       activity__last_at__gte=since)
                 .values_list("pk", flat=True)) if everyone else set()
    latest: dict[int, ListImport] = {}
    uploads: dict[int, int] = defaultdict(int)
    for upload in ListImport.objects.filter(territory=territory).order_by("created_at", "id"):
        latest[upload.source_list_id] = upload
        uploads[upload.source_list_id] += 1
    out = []
    for source in lists:
        imp = latest.get(source.pk)
        people = humans.get(source.pk, set())
        out.append(ListFigures(
            source_list=source,
            received=source.received_at or (imp.created_at.date() if imp else None),
            rows=imp.rows_total if imp else 0, uploads=uploads.get(source.pk, 0),
            persons=len(people), active=len(people & active)))
    out.sort(key=lambda f: (-f.persons, f.source_list.name))
    return out


def lists_totals(figures: list[ListFigures]) -> dict:
    persons = sum(f.persons for f in figures)
    active = sum(f.active for f in figures)
    return {"lists": len(figures), "rows": sum(f.rows for f in figures), "persons": persons,
            "active": active, "share": active / persons if persons else None}


def _headers() -> list[str]:
    return [_("Список"), _("Владелец"), _("Вид"), _("Дата"), _("Строк"), _("Загрузок"),
            _("Человек"), _("Активны за год"), _("Доля активных")]


def _row(f: ListFigures) -> list:
    return [f.source_list.name, f.source_list.owner, f.source_list.get_kind_display(),
            f.received.isoformat() if f.received else "", f.rows, f.uploads, f.persons,
            f.active, round(f.share, 4) if f.share is not None else ""]


def lists_csv(figures: list[ListFigures]) -> bytes:
    """CSV for Excel: UTF-8 with BOM, «;» between cells."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(_headers())
    writer.writerows(_row(f) for f in figures)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def lists_xlsx(figures: list[ListFigures], town_name: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = _("Списки")[:31]
    ws.append([_("%(town)s: списки и реальная активность") % {"town": town_name}])
    ws["A1"].font = Font(bold=True)
    ws.append(_headers())
    for cell in ws[2]:
        cell.font = Font(bold=True)
    for f in figures:
        ws.append(_row(f))
    ws.column_dimensions["A"].width = 40
    ws.column_dimensions["B"].width = 30
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
