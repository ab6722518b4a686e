"""Document units shared by both parsers: a text line, or a table (rows of cell texts).

The plain-text form writes a table as lines: every cell starts with a TAB, a cell goes on over
the following lines without a TAB, and rows are separated by blank lines (which may also occur
inside a cell). ``text_units`` rebuilds the rows from that shape.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from veche.practices.passport.sections import (
    ADOPTED_LABEL,
    CHANGED_LABEL,
    match_heading,
)

_BOOKMARK = re.compile(r"\[bookmark:[^\]]*\]")
PLACEHOLDERS = {"", "-", "–", "—", "нет", "отсутствует"}


def clean(text: str) -> str:
    text = _BOOKMARK.sub("", text).replace("\xa0", " ").replace("\u200b", "")
    return text.strip(" \t\r\n")


@dataclass
class Line:
    text: str
    lineno: int = 0


@dataclass
class Table:
    rows: list[list[str]] = field(default_factory=list)
    lineno: int = 0


Unit = Line | Table


@dataclass
class _Cell:
    gap: int  # blank lines right before the cell
    lines: list[str]

    def text(self) -> str:
        return "\n".join(c for c in (clean(x) for x in self.lines) if c)


def _rows(cells: list[_Cell]) -> list[list[str]]:
    rows: list[list[_Cell]] = []
    for cell in cells:
        if not rows:
            rows.append([cell])
            continue
        width = max(len(r) for r in rows)
        if cell.gap == 0:
            rows[-1].append(cell)
        elif len(rows) == 1 or len(rows[-1]) >= width:
            rows.append([cell])
        else:
            rows[-1].append(cell)
    return [[c.text() for c in row] for row in rows]


def text_units(lines: list[str]) -> list[Unit]:
    units: list[Unit] = []
    cells: list[_Cell] | None = None
    start = 0
    gap = 0

    def close() -> None:
        nonlocal cells
        if cells:
            units.append(Table(_rows(cells), start))
        cells = None

    for no, raw in enumerate(lines, 1):
        if not raw.strip() and not raw.startswith("\t"):
            gap += 1
            continue
        if raw.startswith("\t"):
            if cells is None:
                cells, start = [], no
            cells.append(_Cell(gap, [raw.lstrip("\t")]))
        elif cells is not None and not _ends_table(raw, cells[-1], gap):
            cells[-1].lines.append(raw)
        else:
            close()
            units.append(Line(clean(raw), no))
        gap = 0
    close()
    return units


def _ends_table(line: str, last: _Cell, gap: int) -> bool:
    if match_heading(line) or ADOPTED_LABEL.match(line) or CHANGED_LABEL.match(line):
        return True
    # free text after a table whose last cell is only a dash: a note, not the cell's content
    return gap >= 2 and clean(last.text()) in PLACEHOLDERS
