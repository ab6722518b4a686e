"""A passport as DOCX and PDF, laid out like the official form: the «Приложение № 2 …» block on
the right, «Паспорт практики», sections 1–22 with their numbered headings, tables with the
form's column headers. The DOCX is read back by the importer (round trip)."""

from __future__ import annotations

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from veche.documents.docx import docx_bytes, docx_document, docx_table
from veche.documents.pdf import FONT, pdf_bytes, pdf_document
from veche.practices.passport.form import PREAMBLE, form_sections
from veche.practices.passport.schema import Passport

EMPTY = "-"


def _preamble(p: Passport) -> str:
    lines = [x for x in p.preamble.strip().split("\n") if x.strip()]
    lines = [x for x in lines if x.strip().lower() != "паспорт практики"]
    return "\n".join(lines) or PREAMBLE


def _para(pdf, height: float, text: str, **kwargs) -> None:
    pdf.multi_cell(0, height, text, new_x="LMARGIN", new_y="NEXT", **kwargs)


def passport_docx(p: Passport) -> bytes:
    doc = docx_document()
    for line in _preamble(p).split("\n"):
        para = doc.add_paragraph(line)
        para.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        para.paragraph_format.space_after = Pt(0)
    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = title.add_run("Паспорт практики")
    run.bold = True
    run.font.size = Pt(14)
    for sec in form_sections(p):
        head = doc.add_paragraph()
        head.add_run(f"{sec.number}. {sec.title}").bold = True
        if not sec.tables:
            for line in (sec.text or EMPTY).split("\n"):
                doc.add_paragraph(line)
        for table in sec.tables:
            if table.caption:
                doc.add_paragraph(table.caption)
            rows = table.rows or [[EMPTY] * len(table.headers)]
            docx_table(doc, table.headers, rows)
        for note in sec.notes:
            doc.add_paragraph(note)
    return docx_bytes(doc)


def _cell_lines(pdf, text: str, width: float) -> int:
    return max(1, len(pdf.multi_cell(width, 5, text or " ", dry_run=True, output="LINES")))


def _pdf_table(pdf, headers, rows) -> None:
    usable = pdf.w - pdf.l_margin - pdf.r_margin
    n = len(headers)
    if headers[0] == "№":
        widths = [10] + [(usable - 10) / (n - 1)] * (n - 1)
    else:
        widths = [usable / n] * n
    for i, row in enumerate([list(headers), *(rows or [[EMPTY] * n])]):
        pdf.set_font(FONT, "B" if i == 0 else "", 9)
        cells = [str(c) for c in row] + [""] * (n - len(row))
        height = 5 * max(_cell_lines(pdf, c, w) for c, w in zip(cells, widths, strict=False))
        if pdf.get_y() + height > pdf.h - pdf.b_margin:
            pdf.add_page()
        x, y = pdf.get_x(), pdf.get_y()
        for c, w in zip(cells, widths, strict=False):
            pdf.rect(x, y, w, height)
            pdf.set_xy(x, y)
            pdf.multi_cell(w, 5, c, border=0, align="L")  # justified narrow cells gape
            x += w
        pdf.set_xy(pdf.l_margin, y + height)
    pdf.ln(2)


def passport_pdf(p: Passport, *, compress: bool = True) -> bytes:
    """`compress=False` leaves the page streams readable (tests read the text back)."""
    pdf = pdf_document(title=p.name.split("\n")[0][:200] or "Паспорт практики")
    pdf.set_compression(compress)
    pdf.add_page()
    pdf.set_font(FONT, "", 9)
    for line in _preamble(p).split("\n"):
        _para(pdf, 4.5, line, align="R")
    pdf.ln(3)
    pdf.set_font(FONT, "B", 14)
    pdf.cell(0, 8, "Паспорт практики", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    for sec in form_sections(p):
        if pdf.get_y() > pdf.h - pdf.b_margin - 20:
            pdf.add_page()
        pdf.start_section(f"{sec.number}. {sec.title}")  # the PDF's outline (bookmarks)
        pdf.set_font(FONT, "B", 11)
        _para(pdf, 5.5, f"{sec.number}. {sec.title}")
        pdf.ln(1)
        pdf.set_font(FONT, "", 10)
        if not sec.tables:
            _para(pdf, 5, sec.text or EMPTY)
        for table in sec.tables:
            if table.caption:
                pdf.set_font(FONT, "B", 10)
                _para(pdf, 5, table.caption)
            _pdf_table(pdf, table.headers, table.rows)
        pdf.set_font(FONT, "", 10)
        for note in sec.notes:
            _para(pdf, 5, note)
        pdf.ln(3)
    return pdf_bytes(pdf)
