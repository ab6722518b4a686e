"""Reading CSV text into rows that know their line in the file, without losing a line to a
broken quote.

Python's csv module reads a quote that is never closed as the start of one long cell: the
lines after it, up to the next stray quote, silently become part of that cell (a town's list
once turned 4 data lines into 2 rows, and a valid row vanished). Here the quoting is read
strictly, and a record that spans several lines is accepted only when it looks like a real
multi-line cell (an address with a line break), not like swallowed rows. Where the quoting is
broken, the line that opened the quote is kept as it is written, with a problem naming the
line, and reading starts again on the next line, so every line comes back as a row.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass

from django.utils.translation import gettext as _


@dataclass
class CsvRow:
    cells: list[str]
    line: int  # 1-based number of the line in the file where the row starts
    problem: str = ""  # a Russian sentence naming the line, when its quoting is broken


class _Lines:
    """The file's lines from `start` on, counting how many the csv reader has taken."""

    def __init__(self, lines: list[str], start: int):
        self.lines, self.next = lines, start

    def __iter__(self) -> Iterator[str]:
        return self

    def __next__(self) -> str:
        if self.next >= len(self.lines):
            raise StopIteration
        self.next += 1
        return self.lines[self.next - 1]


def read_csv_rows(text: str, delimiter: str) -> list[CsvRow]:
    """Every line of `text` ends up in exactly one row; rows with broken quoting carry a
    problem and their line's cells as written (quotes included)."""
    # newline="" keeps "\r\n" inside quoted cells as written, as the csv module expects.
    lines = io.StringIO(text, newline="").readlines()
    rows: list[CsvRow] = []
    width = 0  # cells in the first row: the header, or a title line (then a low bar)
    position = 0
    while position < len(lines):
        feed = _Lines(lines, position)
        reader = csv.reader(feed, delimiter=delimiter, strict=True)
        while True:
            start = feed.next
            try:
                cells = next(reader)
            except StopIteration:
                position = len(lines)
                break
            except csv.Error:
                rows.append(_broken(lines[start], start + 1, delimiter))
                position = start + 1
                break
            if feed.next - start > 1 and _swallowed(cells, delimiter, width):
                rows.append(_broken(lines[start], start + 1, delimiter))
                position = start + 1
                break
            width = width or len(cells)
            rows.append(CsvRow(cells=cells, line=start + 1))
    return rows


def _swallowed(cells: list[str], delimiter: str, width: int) -> bool:
    """Does a multi-line cell hold whole lines of the table (delimiters after a line break)
    rather than text with a line break in it?"""
    enough = max(1, (width - 1) // 2)
    for cell in cells:
        parts = cell.splitlines()
        if any(part.count(delimiter) >= enough for part in parts[1:]):
            return True
    return False


def _broken(line: str, number: int, delimiter: str) -> CsvRow:
    cells = next(csv.reader([line.rstrip("\r\n")], delimiter=delimiter,
                            quoting=csv.QUOTE_NONE), [])
    return CsvRow(
        cells=cells, line=number,
        problem=_("Строка %(line)s файла: кавычка «\"» открыта и не закрыта, поэтому строка "
                  "не загружена. Исправьте кавычки в этой строке (или уберите их) и загрузите "
                  "её ещё раз; следующие строки прочитаны отдельно.") % {"line": number},
    )
