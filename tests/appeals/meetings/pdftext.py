"""Text of a generated PDF, read back with pypdf (a hand-written reader here once tripped
over a stream whose bytes happened to contain «endstream» and failed at random)."""

import io

from pypdf import PdfReader


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
