"""Readable parts of our own PDFs without a PDF library: the outline (bookmarks), whose titles
fpdf2 writes as UTF-16 strings, one per passport section."""

import re


def pdf_outline(data: bytes) -> list[str]:
    raw = data.decode("latin-1")
    titles = []
    for hexstr in re.findall(r"/Title\s*<([0-9A-Fa-f]+)>", raw):
        titles.append(bytes.fromhex(hexstr).decode("utf-16"))
    for literal in re.findall(r"/Title\s*\((.*?)(?<!\\)\)", raw):
        titles.append(literal)
    return titles
