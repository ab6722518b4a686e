"""The project's health check: every warning sign of seed 000 for one or many towns.

Named "health" because it answers one question — is the project going right in this town —
from signs that live where their data are: the ledger's own (ledger/signs.py) and each
capability's, declared in its manifest (`Capability.warning_signs`). The core never imports a
capability; it reads the registered manifests.

The caller opens the scope over `towns` (town_scope / towns_scope). Each sign is evaluated once
for all towns (a fixed number of queries per sign), so 31 towns cost about what one costs.
"""

import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from veche.accounts.contract import capabilities
from veche.accounts.signs import STATES, Period, SignResult, WarningSign, town_ids

from .signs import SIGNS as LEDGER_SIGNS

# The periods the pages offer (days back from today); the API takes any dates.
PERIOD_DAYS = (90, 182, 365)
DEFAULT_DAYS = 365


def warning_signs() -> list[WarningSign]:
    """Every sign, in the order of the seed's list."""
    found = list(LEDGER_SIGNS)
    for capability in capabilities():
        found.extend(capability.warning_signs)
    return sorted(found, key=lambda s: (s.order, s.code))


def warning_sign(code: str) -> WarningSign | None:
    return next((s for s in warning_signs() if s.code == code), None)


@dataclass
class Health:
    """The signs and, per town id, each sign's result (in the signs' order)."""

    period: Period
    signs: list[WarningSign]
    results: dict[int, list[SignResult]]
    timings_ms: dict[str, float] = field(default_factory=dict)

    def of(self, town_id: int) -> list[tuple[WarningSign, SignResult]]:
        return list(zip(self.signs, self.results[town_id], strict=True))

    def counts(self, town_id: int) -> dict[str, int]:
        out = dict.fromkeys(STATES, 0)
        for result in self.results[town_id]:
            out[result.state] += 1
        return out


def health_evaluate(*, towns: Sequence[Any], period: Period,
                    codes: Sequence[str] | None = None) -> Health:
    """Evaluate the signs (all, or those of `codes`) for `towns` over `period`."""
    signs = [s for s in warning_signs() if codes is None or s.code in codes]
    ids = town_ids(towns)
    results: dict[int, list[SignResult]] = {t: [] for t in ids}
    timings = {}
    for sign in signs:
        began = time.perf_counter()
        answers = sign.evaluate(towns, period)
        timings[sign.code] = round((time.perf_counter() - began) * 1000, 1)
        for t in ids:
            results[t].append(answers.get(t) or SignResult.no_data())
    return Health(period=period, signs=signs, results=results, timings_ms=timings)
