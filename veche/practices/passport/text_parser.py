"""Plain-text passport (the form saved as text) → ``ParseResult``."""

from __future__ import annotations

from veche.practices.passport.assemble import assemble
from veche.practices.passport.blocks import text_units
from veche.practices.passport.result import ParseResult


def decode_bytes(data: bytes) -> str:
    """UTF-8 (with or without BOM), else UTF-16 with BOM, else Windows-1251."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1251", errors="replace")


def parse_text(text: str) -> ParseResult:
    try:
        text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "")
        text = text.replace("\f", "\n").replace("\v", "\n")
        return assemble(text_units(text.split("\n")))
    except Exception as exc:  # noqa: BLE001 - the import must report, never crash
        result = ParseResult(is_passport=False)
        result.problems.append(f"Текст не удалось разобрать: {exc.__class__.__name__}: {exc}")
        result.unplaced.append(text)
        return result
