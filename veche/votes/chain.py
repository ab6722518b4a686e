"""Receipts and the hash chain of a vote's ballots.

Receipt: at the cast the voter gets a random code (12 letters/digits, e.g. «K7QM-3XRD-PW9A»,
60 bits). Published with the results is only `receipt_hash = sha256("veche-receipt:<vote>:<code>")`
next to the ballot's content and its place in the chain. Whoever holds the code can find their
ballot in the published file and see that it is counted as cast; nobody else can tell which
ballot is whose, since the file carries no person, no time and no address.

Chain: ballots are numbered 1, 2, … per vote in id order (ids are random, so within a batch the
order says nothing of when a ballot was cast); entry `seq` has
`hash = sha256(prev_hash | seq | receipt_hash | replaces_seq | channel | content)` where
`content` is the canonical JSON of the counted part of the ballot and `prev_hash` the previous
entry's hash (for seq 1: sha256("veche-vote:<vote id>")). A changed ballot is a new entry with
`replaces_seq`; the old entry stays. The head (last hash) and length are published with the
results: changing, removing or inserting any ballot afterwards changes the head.

The cast inserts the ballot only; `ballot_chain_seal` numbers and hashes the new ones later, so
the hot path never waits for a per-vote lock. While the vote is open the background task seals
only once `SEAL_MIN_BATCH` ballots wait: a batch of one would give its ballot a number that a
database reader could line up with the time of one participation (or ledger action). The close
and the final count seal the rest; a receipt check does not seal (an unsealed ballot is found
and reported as stored, its number to come).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from django.conf import settings
from django.db import connection, transaction

from veche.territories.crosstown import in_town

from .chain_hash import chain_verify, content_json, entry_hash, genesis  # noqa: F401
from .models import Ballot, Vote

SEAL_MIN_BATCH = 100
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


_FIELDS = ("id", "receipt_hash", "replaces_id", "channel", "choices", "scores", "survey")


def _replaced_first(vote: Vote, unsealed, rows: list) -> tuple[dict, list]:
    """(seq of the already sealed ballots that `rows` replace, `rows` in sealing order): a
    replaced ballot must be numbered before its replacement (its entry names the old seq), and
    random ids do not keep that order, so the batch takes in every unsealed ballot its rows
    replace and puts each replacement after the ballot it replaces."""
    ids = {r[0] for r in rows}
    missing = {r[2] for r in rows if r[2]} - ids
    while missing:
        extra = list(unsealed.filter(id__in=missing).values_list(*_FIELDS))
        rows += extra
        ids |= {r[0] for r in extra}
        missing = {r[2] for r in extra if r[2]} - ids
    replaced = {r[2] for r in rows if r[2]}
    seq_of = dict(in_town(Ballot, vote.territory_id).filter(id__in=replaced - ids)
                  .exclude(seq__isnull=True).values_list("id", "seq")) if replaced else {}
    ordered: list = []
    placed: set = set()
    while rows:  # each pass places at least the first ballot of every chain of changes
        later = []
        for r in rows:
            if r[2] in ids and r[2] not in placed:
                later.append(r)
            else:
                ordered.append(r)
                placed.add(r[0])
        rows = later
    return seq_of, ordered


def ballot_chain_seal(*, vote: Vote, batch: int = 20_000, min_batch: int = 1) -> int:
    """Number and hash the ballots of `vote` not yet in the chain (in id order); returns how
    many were added (none while fewer than `min_batch` wait). Serialised per vote by a row lock
    on the vote: FOR NO KEY UPDATE, so the casts that go on meanwhile (their foreign-key check
    takes KEY SHARE on the vote) are not blocked while a batch is sealed."""
    added = 0
    if min_batch > 1 and len(in_town(Ballot, vote.territory_id).filter(
            vote_id=vote.pk, seq__isnull=True).values_list("id", flat=True)[:min_batch]) \
            < min_batch:
        return 0
    while True:
        with transaction.atomic():
            locked = (in_town(Vote, vote.territory_id).select_for_update(no_key=True)
                      .only("id", "chain_head", "chain_length").get(pk=vote.pk))
            unsealed = in_town(Ballot, vote.territory_id).filter(vote_id=vote.pk,
                                                                 seq__isnull=True)
            rows = list(unsealed.order_by("id").values_list(*_FIELDS)[:batch])
            if not rows:
                break
            fetched = len(rows)
            seq_of, rows = _replaced_first(vote, unsealed, rows)
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
        if fetched < batch:
            break
    if added:
        vote.chain_head, vote.chain_length = prev, seq
    return added
