"""Practice passport ("Паспорт практики", 22 sections of the official form): schema and parsers."""

from veche.practices.passport.docx_parser import parse_docx
from veche.practices.passport.result import ParseResult
from veche.practices.passport.schema import Passport, passport_from_dict
from veche.practices.passport.text_parser import decode_bytes, parse_text

__all__ = ["ParseResult", "Passport", "decode_bytes", "parse_docx", "parse_text",
           "passport_from_dict"]
