"""Recount a published ballot file, independently of the server:

    veche recount vote-12-ballots.json

(or `python -m veche.votes.recount FILE`). It recomputes the hash chain (every entry, its
head — compare with the head published with the results), takes the counted ballots
(`counted: true`), builds the arrays and runs the same documented tally (veche/votes/tally/)
through the vote's kind (veche/votes/kinds/), printing the ranking and winners.

Needs no database and no settings: it runs on a fresh install, or on a machine that has never
served Veche, as anyone who downloads the file would run it. Exit status 0: the chain is whole
and its head is the published one; 1: it is not; 2: the file cannot be read as a ballot file.
"""

from __future__ import annotations

import json
import sys

import numpy as np

from .chain_hash import chain_verify
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


def _standalone() -> None:
    """Django without a project: the kinds' texts come out in Russian, their source language,
    and nothing reads VECHE_SECRET_KEY, DATABASE_URL or the apps."""
    from django.conf import settings

    if not settings.configured:
        settings.configure(USE_I18N=False)


def main(argv=None) -> int:
    argv = argv if argv is not None else sys.argv[1:]
    if len(argv) != 1 or argv[0] in ("-h", "--help"):
        print("Использование: veche recount ФАЙЛ.json — файл бюллетеней, опубликованный с "
              "итогами голосования.", file=sys.stderr)
        return 2
    _standalone()
    try:
        with open(argv[0], encoding="utf-8") as f:
            doc = json.load(f)
        out = recount(doc)
    except OSError as exc:
        print(f"veche recount: файл не открыть: {exc.strerror} ({argv[0]})", file=sys.stderr)
        return 2
    except (ValueError, KeyError, TypeError, IndexError) as exc:
        print(f"veche recount: это не файл бюллетеней Вече ({exc.__class__.__name__}: {exc}).",
              file=sys.stderr)
        return 2
    print(json.dumps(out, ensure_ascii=False, indent=2))
    return 0 if out["chain_ok"] and out["head_matches_published"] else 1


if __name__ == "__main__":
    sys.exit(main())
