"""The hash chain of a vote's ballots as pure functions: no database, no Django settings, so the
independent recount (`veche recount FILE`, recount.py) runs them on a published ballot file on
any machine. chain.py seals ballots with the same functions (the rule is in its docstring)."""

from __future__ import annotations

import hashlib
import json


def genesis(vote_id: int) -> str:
    return hashlib.sha256(f"veche-vote:{vote_id}".encode()).hexdigest()


def content_json(choices, scores, survey) -> str:
    """The counted part of a ballot, canonical: option ids, scores, survey choice ids (free-text
    survey answers are not published: a text can identify its author)."""
    body = {"c": choices}
    if scores is not None:
        body["s"] = scores
    if survey:
        picked = {k: v for k, v in survey.items() if isinstance(v, list)}
        if picked:
            body["q"] = picked
    return json.dumps(body, sort_keys=True, separators=(",", ":"))


def entry_hash(prev: str, seq: int, rhash: str, replaces_seq: int | None, channel: str,
               content: str) -> str:
    line = f"{prev}|{seq}|{rhash}|{replaces_seq or ''}|{channel}|{content}"
    return hashlib.sha256(line.encode()).hexdigest()


def chain_verify(entries, vote_id: int) -> tuple[bool, str, str]:
    """Recompute a published chain (dicts with seq, receipt_hash, replaces_seq, channel,
    choices, scores, survey, hash). Returns (ok, head, message in Russian)."""
    prev = genesis(vote_id)
    for expected_seq, e in enumerate(entries, start=1):
        if int(e["seq"]) != expected_seq:
            return False, prev, f"Пропуск в цепочке: ожидался №{expected_seq}, а стоит №{e['seq']}."
        h = entry_hash(prev, expected_seq, e["receipt_hash"], e.get("replaces_seq"),
                       e["channel"], content_json(e["choices"], e.get("scores"),
                                                  e.get("survey")))
        if h != e["hash"]:
            return False, prev, f"Запись №{expected_seq} изменена: её хеш не сходится."
        prev = h
    return True, prev, "Цепочка цела."
