"""The anonymised ballot file (CSV and JSON) anyone can recount and check against the chain.

Each row: seq, receipt_hash, channel, replaces_seq, counted, choices, scores (the cells as the
vote's kind writes them, kinds/base.py `file_cells`), survey (choice ids only), prev_hash,
hash. No person, no time, no address. Streamed in seq order, so a file of a million ballots is
never held in memory. `docs/votes.md` shows how to recount it and
`python -m veche.votes.recount FILE.json` does it.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator

from veche.territories.scoping import town_scope

from ..chain import content_json
from ..kinds import count_settings, kind_of
from ..models import Ballot, Option, Vote

CSV_HEADER = ["seq", "receipt_hash", "channel", "replaces_seq", "counted", "choices", "scores",
              "survey", "prev_hash", "hash"]


def ballots_export_rows(*, vote: Vote) -> Iterator[dict]:
    """The sealed ballots of `vote` in chain order, as dicts without any personal data."""
    qs = (Ballot.objects.filter(vote=vote, seq__isnull=False).order_by("seq")
          .values_list("seq", "receipt_hash", "channel", "replaces__seq", "is_current",
                       "choices", "scores", "survey", "prev_hash", "hash"))
    for seq, rh, channel, rep, current, choices, scores, survey, prev, h in \
            qs.iterator(chunk_size=20_000):
        published = json.loads(content_json(choices, scores, survey))
        yield {"seq": seq, "receipt_hash": rh, "channel": channel, "replaces_seq": rep,
               "counted": current, "choices": choices, "scores": scores,
               "survey": published.get("q"), "prev_hash": prev, "hash": h}


def _header(vote: Vote) -> dict:
    # The header names the settings a count reads (kinds.count_settings): the recount runs the
    # vote's kind on them, as the server does.
    return {"vote": {"id": vote.pk, "title": vote.title, **count_settings(vote),
                     "status": vote.status},
            "options": [{"id": o.pk, "text": o.text, "cost": o.cost} for o in
                        Option.objects.filter(vote=vote).order_by("order", "id")],
            "chain": {"head": vote.chain_head, "length": vote.chain_length}}


def ballots_export_json(*, vote: Vote) -> Iterator[str]:
    """Chunks of one JSON document: vote, options (ballot order = tie order), chain, ballots.
    (A streamed response is read after the request's town scope closed: the generators open
    the vote's own scope.)"""
    with town_scope(vote.territory_id):
        yield from _json(vote)


def _json(vote: Vote) -> Iterator[str]:
    head = json.dumps(_header(vote), ensure_ascii=False)
    yield head[:-1] + ', "ballots": [\n'
    first = True
    for row in ballots_export_rows(vote=vote):
        yield ("" if first else ",\n") + json.dumps(row, separators=(",", ":"))
        first = False
    yield "\n]}\n"


def ballots_export_csv(*, vote: Vote) -> Iterator[str]:
    """Chunks of a CSV file (UTF-8, comma): list columns are space-separated option ids."""
    with town_scope(vote.territory_id):
        yield from _csv(vote)


def _csv(vote: Vote) -> Iterator[str]:
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(CSV_HEADER)
    kind = kind_of(vote)
    n = 0
    for r in ballots_export_rows(vote=vote):
        w.writerow([r["seq"], r["receipt_hash"], r["channel"], r["replaces_seq"] or "",
                    int(r["counted"]), *kind.file_cells(r["choices"], r["scores"]),
                    json.dumps(r["survey"], separators=(",", ":")) if r["survey"] else "",
                    r["prev_hash"], r["hash"]])
        n += 1
        if n % 5000 == 0:
            yield buf.getvalue()
            buf.seek(0)
            buf.truncate()
    yield buf.getvalue()
