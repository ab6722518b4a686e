"""Receipts and the hash chain of a vote's ballots.

Receipt: at the cast the voter gets a random code (12 letters/digits, e.g. «K7QM-3XRD-PW9A»,
60 bits). Published with the results is only `receipt_hash = sha256("veche-receipt:<vote>:<code>")`
next to the ballot's content and its place in the chain. Whoever holds the code can find their
ballot in the published file and see that it is counted as cast; nobody else can tell which
ballot is whose, since the file carries no person, no time and no address.

Chain: ballots are numbered 1, 2, … per vote in id order; entry `seq` has
`hash = sha256(prev_hash | seq | receipt_hash | replaces_seq | channel | content)` where
`content` is the canonical JSON of the counted part of the ballot and `prev_hash` the previous
entry's hash (for seq 1: sha256("veche-vote:<vote id>")). A changed ballot is a new entry with
`replaces_seq`; the old entry stays. The head (last hash) and length are published with the
results: changing, removing or inserting any ballot afterwards changes the head.

The cast inserts the ballot only; `ballot_chain_seal` numbers and hashes the new ones shortly
after (a background task, and always before a count or a receipt check), so the hot path never
waits for a per-vote lock.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets

from django.conf import settings
from django.db import connection, transaction

from veche.territories.crosstown import in_town

from .models import Ballot, Vote

_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O, 1/I: read aloud and retyped by hand


def receipt_code_new() -> str:
    return "".join(secrets.choice(_ALPHABET) for _ in range(12))


def receipt_code_normalise(code: str) -> str:
    return "".join(ch for ch in (code or "").upper() if ch.isalnum())[:40]


def receipt_code_display(code: str) -> str:
    return "-".join(code[i:i + 4] for i in range(0, len(code), 4))


def receipt_hash(vote_id: int, code: str) -> str:
    return hashlib.sha256(f"veche-receipt:{vote_id}:{code}".encode()).hexdigest()


def keyed_hash(value: str) -> str:
    """A short keyed hash of an IP address or device id (abuse signals without the raw value)."""
    if not value:
        return ""
    return hmac.new(settings.SECRET_KEY.encode(), value.encode(), hashlib.sha256).hexdigest()[:16]


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


def _write(rows: list[tuple[int, int, str, str]], town: int) -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                f"""UPDATE {Ballot._meta.db_table} AS b SET seq = v.seq, prev_hash = v.p,
                    hash = v.h FROM unnest(%s::bigint[], %s::int[], %s::text[], %s::text[])
                    AS v(id, seq, p, h) WHERE b.id = v.id""",
                [[r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows],
                 [r[3] for r in rows]])
        return
    in_town(Ballot, town).bulk_update(
        [Ballot(id=i, seq=s, prev_hash=p, hash=h) for i, s, p, h in rows],
        ["seq", "prev_hash", "hash"], batch_size=500)


def ballot_chain_seal(*, vote: Vote, batch: int = 20_000) -> int:
    """Number and hash the ballots of `vote` not yet in the chain (in id order); returns how
    many were added. Serialised per vote by a row lock on the vote: FOR NO KEY UPDATE, so the
    casts that go on meanwhile (their foreign-key check takes KEY SHARE on the vote) are not
    blocked while a batch is sealed."""
    added = 0
    while True:
        with transaction.atomic():
            locked = (in_town(Vote, vote.territory_id).select_for_update(no_key=True)
                      .only("id", "chain_head", "chain_length").get(pk=vote.pk))
            rows = list(
                in_town(Ballot, vote.territory_id).filter(vote_id=vote.pk, seq__isnull=True)
                .order_by("id").values_list("id", "receipt_hash", "replaces_id", "channel",
                                            "choices", "scores", "survey")[:batch])
            if not rows:
                break
            replaced = {r[2] for r in rows if r[2]}
            seq_of = dict(in_town(Ballot, vote.territory_id).filter(id__in=replaced)
                          .exclude(seq__isnull=True).values_list("id", "seq")) if replaced \
                else {}
            prev = locked.chain_head or genesis(vote.pk)
            seq = locked.chain_length
            out = []
            for bid, rhash, rep, channel, choices, scores, survey in rows:
                seq += 1
                seq_of[bid] = seq
                h = entry_hash(prev, seq, rhash, seq_of.get(rep), channel,
                               content_json(choices, scores, survey))
                out.append((bid, seq, prev, h))
                prev = h
            _write(out, vote.territory_id)
            in_town(Vote, vote.territory_id).filter(pk=vote.pk).update(
                chain_head=prev, chain_length=seq)
            added += len(out)
        if len(rows) < batch:
            break
    if added:
        vote.chain_head, vote.chain_length = prev, seq
    return added


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
