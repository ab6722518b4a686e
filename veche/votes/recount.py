"""Recount a published ballot file, independently of the server:

    python -m veche.votes.recount vote-12-ballots.json

It recomputes the hash chain (every entry, its head — compare with the head published with the
results), takes the counted ballots (`counted: true`), builds the arrays and runs the same
documented tally (veche/votes/tally/) through the vote's kind (veche/votes/kinds/), printing
the ranking and winners. Needs no database.
"""

from __future__ import annotations

import json
import sys

import numpy as np

from .chain import chain_verify
from .kinds import kind_of, tie_break_of
from .kinds.base import costs_array


def recount(doc: dict) -> dict:
    """The chain check and the count of a ballot file, by the vote's kind (veche/votes/kinds/):
    the same arrays and rule as the server's count, read from the file's header."""
    v = doc["vote"]
    ids = [o["id"] for o in doc["options"]]
    ok, head, message = chain_verify(doc["ballots"], v["id"])
    rows = [(b["choices"], b.get("scores")) for b in doc["ballots"] if b["counted"]]
    kind = kind_of(v)
    lut = np.full(max(ids, default=0) + 2, -1, dtype=np.int64)
    lut[ids] = np.arange(len(ids))
    arrays = kind.ballot_array(len(rows), len(ids))
    if rows:
        kind.fill(arrays, rows, 0, lut)
    res = kind.count(v, arrays, ids, tie_break_of(v, ids),
                     lambda: costs_array({o["id"]: o["cost"] for o in doc["options"]}, ids))
    return {"chain_ok": ok, "chain_head": head, "chain_message": message,
            "head_matches_published": head == doc["chain"]["head"],
            "ballots": res.ballots, "ranking": res.ranking, "winners": res.winners,
            "scores": {str(k): (x.item() if hasattr(x, "item") else x)
                       for k, x in res.scores.items()}, "tie_rule": res.tie_rule}


def main(argv=None) -> int:
    argv = argv or sys.argv[1:]
    with open(argv[0], encoding="utf-8") as f:
        out = recount(json.load(f))
    print(json.dumps(out, ensure_ascii=False, indent=2))
    return 0 if out["chain_ok"] and out["head_matches_published"] else 1


if __name__ == "__main__":
    sys.exit(main())
