"""PDF pages in Russian. fpdf2's core fonts are Latin-1 only, so every document registers the
bundled DejaVu Sans (regular and bold; Bitstream Vera licence, free to redistribute)."""

import io
from pathlib import Path

import segno
from fpdf import FPDF

FONTS = Path(__file__).resolve().parent / "fonts"
FONT = "DejaVu"


def pdf_document(*, title: str = "", orientation: str = "portrait") -> FPDF:
    """An A4 document with DejaVu registered as FONT (styles "" and "B") and selected."""
    pdf = FPDF(orientation=orientation, unit="mm", format="A4")
    pdf.add_font(FONT, "", str(FONTS / "DejaVuSans.ttf"))
    pdf.add_font(FONT, "B", str(FONTS / "DejaVuSans-Bold.ttf"))
    pdf.set_font(FONT, size=11)
    pdf.set_auto_page_break(auto=True, margin=15)
    if title:
        pdf.set_title(title)
    pdf.set_creator("Veche")
    return pdf


def pdf_bytes(pdf: FPDF) -> bytes:
    return bytes(pdf.output())


def qr_png(data: str, *, scale: int = 8) -> io.BytesIO:
    """A QR code as a PNG stream (fpdf2's pdf.image accepts it)."""
    out = io.BytesIO()
    segno.make(data, error="m").save(out, kind="png", scale=scale, border=2)
    out.seek(0)
    return out


def qr_svg(data: str, *, scale: int = 4) -> str:
    """A QR code as inline SVG markup for HTML pages."""
    out = io.BytesIO()
    segno.make(data, error="m").save(out, kind="svg", scale=scale, border=2, xmldecl=False,
                                     svgns=True, nl=False)
    return out.getvalue().decode()
