"""Auditing a list before import: which of its rows are the same person (`veche dedupe`).

Reads the file as the list import does (`listfile.read_table`: CSV in UTF-8, UTF-16 or
cp1251 with `;` or `,`, or XLSX; the header found among the first rows), links its rows with
the engine the import uses (`veche.linkage`) and writes every row back, all its columns kept,
with the person it belongs to. Nothing touches the database.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

import numpy as np
from django.utils.translation import gettext as _

from veche.linkage import LinkResult, LinkSettings, link, map_columns
from veche.linkage.result import Decision

from .listfile import ListFileError, Table, cell_text, read_table

MAX_BYTES = 1024 * 1024 * 1024
MAX_ROWS = 2_000_000
PERSON_COLUMN = "person"


@dataclass
class Audit:
    table: Table
    columns: dict[str, int]  # field → column index
    result: LinkResult

    @property
    def body(self) -> list[list]:
        return self.table.rows[self.table.header + 1:]

    @property
    def headers(self) -> list[str]:
        return [cell_text(h) for h in self.table.rows[self.table.header]]

    def person_numbers(self) -> np.ndarray:
        """Person of each row, numbered from 1 in order of first appearance."""
        return self.result.person + 1

    def summary(self) -> dict:
        result = self.result
        sizes = np.bincount(result.person) if len(result.person) else np.zeros(0, dtype=int)
        decision = result.decision
        return {
            "encoding": self.table.encoding,
            "header_row": self.table.numbers[self.table.header],
            "columns": {field: self.headers[i] for field, i in self.columns.items()},
            "records": int(len(result.person)),
            "persons": result.persons,
            "persons_with_several_records": int((sizes > 1).sum()),
            "records_in_such_persons": int(sizes[sizes > 1].sum()),
            "pairs_merged": int((decision == Decision.MERGE).sum()),
            "pairs_to_review": int((decision == Decision.REVIEW).sum()),
            "thresholds": {"merge": result.thresholds.merge,
                           "review": result.thresholds.review},
            "comparisons": result.stats["comparisons"],
            "candidates": result.stats["candidates"],
            "timings": result.stats["timings"],
        }


def dedupe_file(data: bytes, file_name: str, *, settings: LinkSettings | None = None) -> Audit:
    """Read and link a list file; ListFileError with a Russian message if it cannot be."""
    table = read_table(data, file_name, max_bytes=MAX_BYTES)
    headers = table.rows[table.header]
    columns = map_columns(headers)
    if "full_name" not in columns and "surname" not in columns:
        raise ListFileError(_(
            "Не найдена колонка с фамилией. Назовите колонки «Фамилия», «Имя», «Отчество» "
            "(или одну колонку «ФИО») в строке заголовка."))
    body = table.rows[table.header + 1:]
    if not body:
        raise ListFileError(_("Под строкой заголовка нет ни одной строки с данными."))
    if len(body) > MAX_ROWS:
        raise ListFileError(_("В файле больше %(rows)s строк. Разделите список на части.")
                            % {"rows": MAX_ROWS})
    values = {field: [row[i] if i < len(row) else None for row in body]
              for field, i in columns.items()}
    result = link(values, settings=settings)
    return Audit(table=table, columns=columns, result=result)


def write_rows(audit: Audit, out: io.TextIOBase) -> None:
    """Every data row as read, all its columns, and the person it belongs to."""
    writer = csv.writer(out, delimiter=audit.table.delimiter, lineterminator="\r\n")
    headers = audit.headers
    width = max(len(headers), max((len(r) for r in audit.body), default=0))
    name = PERSON_COLUMN if PERSON_COLUMN not in headers else f"{PERSON_COLUMN}_id"
    writer.writerow(headers + [""] * (width - len(headers)) + [name])
    persons = audit.person_numbers()
    for row, person in zip(audit.body, persons, strict=True):
        cells = [cell_text(c) for c in row]
        writer.writerow(cells + [""] * (width - len(cells)) + [int(person)])


def write_pairs(audit: Audit, out: io.TextIOBase) -> None:
    """The pairs at or above the review threshold, most doubtful first, with each field's
    evidence: what a data officer checks by hand."""
    result = audit.result
    writer = csv.writer(out, delimiter=audit.table.delimiter, lineterminator="\r\n")
    labels = [_(c.label) for c in result.model.comparisons]
    writer.writerow([_("Строка 1"), _("Строка 2"), _("Вероятность"), _("Решение"), *labels])
    numbers = audit.table.numbers[audit.table.header + 1:]
    decisions = {Decision.MERGE: _("один человек"), Decision.REVIEW: _("проверить")}
    decision = result.decision
    order = np.argsort(np.abs(result.probability - 0.5), kind="stable")
    for k in order:
        if decision[k] == Decision.DISTINCT:
            continue
        evidence = result.evidence(int(k))
        writer.writerow([
            numbers[int(result.left[k])], numbers[int(result.right[k])],
            f"{float(result.probability[k]):.4f}", decisions[Decision(int(decision[k]))],
            *[f"{_(e.level)} ({e.weight:+.1f}): {e.left} | {e.right}" if e.level else ""
              for e in evidence]])
