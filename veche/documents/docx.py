"""DOCX helpers (python-docx): a document with a Russian default font and simple tables."""

import io
from collections.abc import Sequence

from docx import Document
from docx.shared import Pt


def docx_document():
    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(12)
    return doc


def docx_table(doc, header: Sequence[str], rows: Sequence[Sequence[object]]):
    """A bordered table with a header row; cells are converted with str()."""
    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = str(text)
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for row in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, row, strict=True):
            cell.text = "" if value is None else str(value)
    return table


def docx_bytes(doc) -> bytes:
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
