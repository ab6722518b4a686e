"""DOCX helpers of the documents library (veche/documents/docx.py): a document with a Russian
default font and bordered tables that open again with python-docx."""

import io

from docx import Document
from docx.shared import Pt

from veche.documents.docx import docx_bytes, docx_document, docx_table


def _reopened(doc):
    data = docx_bytes(doc)
    assert data.startswith(b"PK")  # a DOCX is a ZIP package
    return Document(io.BytesIO(data))


def test_the_default_font_is_times_new_roman_12():
    normal = _reopened(docx_document()).styles["Normal"]
    assert normal.font.name == "Times New Roman"
    assert normal.font.size == Pt(12)


def test_russian_text_and_a_table_read_back():
    doc = docx_document()
    doc.add_heading("Протокол встречи Главы с жителями", level=1)
    doc.add_paragraph("Вопросы жителей и поручения — «как записано»")
    docx_table(doc, ["№", "Вопрос", "Исполнитель", "Срок"],
               [[1, "Яма во дворе", "Отдел ЖКХ", None], [2, "Не горит фонарь", "", "01.07.2026"]])
    back = _reopened(doc)
    texts = [p.text for p in back.paragraphs]
    assert "Протокол встречи Главы с жителями" in texts
    assert "Вопросы жителей и поручения — «как записано»" in texts
    (table,) = back.tables
    assert [[cell.text for cell in row.cells] for row in table.rows] == [
        ["№", "Вопрос", "Исполнитель", "Срок"],
        ["1", "Яма во дворе", "Отдел ЖКХ", ""],
        ["2", "Не горит фонарь", "", "01.07.2026"],
    ]
    assert table.style.name == "Table Grid"


def test_the_header_row_is_bold_and_the_body_is_not():
    doc = docx_document()
    docx_table(doc, ["Показатель", "Значение"], [["Встреч", 3]])
    (table,) = _reopened(doc).tables
    header, body = table.rows
    assert all(run.bold for cell in header.cells for run in cell.paragraphs[0].runs)
    assert not any(run.bold for cell in body.cells for run in cell.paragraphs[0].runs)


def test_an_empty_table_is_its_header_alone():
    doc = docx_document()
    docx_table(doc, ["Вопрос"], [])
    (table,) = _reopened(doc).tables
    assert [row.cells[0].text for row in table.rows] == ["Вопрос"]
