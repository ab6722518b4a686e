"""PDF pages and QR codes of the documents library (veche/documents/pdf.py): an A4 page in
Russian that reads back as text, and QR codes that carry exactly the code of their data."""

import io

import pytest
import segno
from PIL import Image
from pypdf import PdfReader

from veche.documents.pdf import FONT, pdf_bytes, pdf_document, qr_png, qr_svg

A4_POINTS = (595.28, 841.89)  # 210 × 297 mm


def _reader(pdf) -> PdfReader:
    data = pdf_bytes(pdf)
    assert data.startswith(b"%PDF-")
    return PdfReader(io.BytesIO(data))


def test_a_russian_page_reads_back_with_its_text_and_title():
    pdf = pdf_document(title="Итоги встречи Главы с жителями")
    pdf.add_page()
    pdf.cell(text="Ямы во дворе на ул. Победы, 12 — ёлки, щётки, «кавычки»")
    pdf.ln()
    pdf.set_font(FONT, "B", size=14)
    pdf.cell(text="Поручение исполнено")
    reader = _reader(pdf)
    text = reader.pages[0].extract_text()
    assert "Ямы во дворе на ул. Победы, 12 — ёлки, щётки, «кавычки»" in text
    assert "Поручение исполнено" in text
    assert reader.metadata.title == "Итоги встречи Главы с жителями"
    assert reader.metadata.creator == "Veche"


@pytest.mark.parametrize(("orientation", "size"), [("portrait", A4_POINTS),
                                                   ("landscape", A4_POINTS[::-1])])
def test_pages_are_a4_in_either_orientation(orientation, size):
    pdf = pdf_document(orientation=orientation)
    pdf.add_page()
    pdf.cell(text="Страница")
    box = _reader(pdf).pages[0].mediabox
    assert (float(box.width), float(box.height)) == pytest.approx(size, abs=0.5)


def test_a_long_text_flows_onto_the_next_page():
    pdf = pdf_document()
    pdf.add_page()
    for n in range(80):
        pdf.cell(text=f"Строка {n}")
        pdf.ln(8)
    reader = _reader(pdf)
    assert len(reader.pages) >= 2
    assert "Строка 79" in reader.pages[-1].extract_text()


def _dark(png: Image.Image, x: int, y: int) -> bool:
    return png.convert("L").getpixel((x, y)) < 128


def test_the_qr_png_draws_exactly_the_code_of_its_data():
    url = "https://veche.example/t/zarechny/meetings/7/ask/"
    scale, border = 8, 2
    png = Image.open(qr_png(url, scale=scale))
    code = segno.make(url, error="m")
    modules = [list(row) for row in code.matrix]
    side = (len(modules) + 2 * border) * scale
    assert png.format == "PNG" and png.size == (side, side)
    for r, row in enumerate(modules):
        for c, module in enumerate(row):
            centre = ((c + border) * scale + scale // 2, (r + border) * scale + scale // 2)
            assert _dark(png, *centre) == bool(module), (r, c)
    assert not _dark(png, 1, 1)  # the quiet zone is white


def test_a_qr_png_goes_onto_a_pdf_page():
    pdf = pdf_document()
    pdf.add_page()
    pdf.image(qr_png("https://veche.example/", scale=4), x=18, y=18, w=40, h=40)
    assert len(_reader(pdf).pages[0].images) == 1


def test_the_qr_svg_is_inline_markup_without_an_xml_declaration():
    svg = qr_svg("https://veche.example/t/zarechny/")
    assert svg.startswith("<svg") and svg.rstrip().endswith("</svg>")
    assert 'xmlns="http://www.w3.org/2000/svg"' in svg
    assert "<?xml" not in svg and "\n" not in svg
    assert qr_svg("другой адрес") != svg
