"""A passport → its plain text, and a text → the bank's column of lemmas (the core's
`veche.text.lemmas`, numbers kept: «152-ФЗ» and «2021» are searched for), for the SQLite search
and the TF-IDF of similar practices."""

from __future__ import annotations

from veche.practices.passport.schema import Passport
from veche.text import lemmas

__all__ = ["lemmas", "lemma_string", "passport_text"]


def lemma_string(text: str) -> str:
    """Space-delimited lemmas with a space at both ends: a word is found by LIKE '% lemma %'."""
    return " " + " ".join(lemmas(text)) + " "


def passport_text(p: Passport) -> str:
    """Every answer of the passport as text (the form's words are not part of it)."""
    parts: list[str] = []

    def add(value) -> None:
        if isinstance(value, str):
            if value:
                parts.append(value)
        elif isinstance(value, dict):
            for k, v in value.items():
                if k != "number":
                    add(v)
        elif isinstance(value, list):
            for v in value:
                add(v)

    data = p.to_dict()
    data.pop("preamble", None)
    data.pop("contacts", None)  # names and phones say nothing about what a practice does
    data.pop("links", None)
    add(data)
    return "\n".join(parts)
