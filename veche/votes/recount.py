"""Recount a published ballot file, independently of the server:

    python -m veche.votes.recount vote-12-ballots.json

It recomputes the hash chain (every entry, its head — compare with the head published with the
results), takes the counted ballots (`counted: true`), builds the arrays and runs the same
documented tally (veche/votes/tally/), printing the ranking and winners. Needs only numpy and
this package's tally module; no database.
"""

from __future__ import annotations

import json
import sys

import numpy as np

from . import tally
from .chain import chain_verify


def recount(doc: dict) -> dict:
    v = doc["vote"]
    ids = [o["id"] for o in doc["options"]]
    ok, head, message = chain_verify(doc["ballots"], v["id"])
    counted = [b for b in doc["ballots"] if b["counted"]]
    m, col = len(ids), {o: i for i, o in enumerate(ids)}
    kind = v["kind"]
    tb = (tally.TieBreak.seeded(ids, v["tie_seed"]) if v["tie_rule"] == "seeded" and v["tie_seed"]
          else tally.TieBreak(tuple(ids), "ballot"))
    if kind == "single":
        res = tally.plurality(np.array([col[b["choices"][0]] for b in counted], dtype=np.int64),
                              ids, tie_break=tb)
    elif kind in ("approval", "budget"):
        a = np.zeros((len(counted), m), dtype=bool)
        for i, b in enumerate(counted):
            a[i, [col[o] for o in b["choices"]]] = True
        if kind == "approval":
            res = tally.approval(a, ids, at_most=v["max_choices"], tie_break=tb)
        else:
            costs = np.array([o["cost"] for o in doc["options"]])
            rule = tally.greedy if v["budget_rule"] == "greedy" else tally.equal_shares
            extra = {} if rule is tally.greedy else {
                "completion": "greedy" if v["budget_completion"] else None}
            res = rule(a, costs, v["budget"], ids, tie_break=tb, **extra)
    elif kind == "score":
        s = np.zeros((len(counted), m), dtype=np.int16)
        for i, b in enumerate(counted):
            s[i, [col[o] for o in b["choices"]]] = b["scores"]
        res = tally.score(s, ids, low=v["scale"][0], high=v["scale"][1], tie_break=tb)
    else:
        r = np.full((len(counted), m), -1, dtype=np.int16)
        for i, b in enumerate(counted):
            r[i, :len(b["choices"])] = [col[o] for o in b["choices"]]
        rule = {"borda": tally.borda, "schulze": tally.schulze,
                "irv": tally.instant_runoff}[v["ranked_method"]]
        res = rule(r, ids, tie_break=tb)
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
