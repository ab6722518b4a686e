"""Figures of a town's month that one capability offers to another, without either importing
the other (docs/architecture.md: capabilities import only the core).

A capability registers a provider for a topic in its AppConfig.ready(); a reader asks the topic
and gets every registered provider's figures. Topic «reaction» (seed 004, cut-off 7: «скорость
реакции и корректировка»): appeals registers the timeliness of appeals and assignments, and the
practices scorecard shows them to the curator beside the judgement and stores what was shown.

A provider runs inside the caller's town scope and returns plain values (no model objects),
so what a reader stores (JSON) is what it showed."""

import datetime as dt
from collections.abc import Callable
from dataclasses import asdict, dataclass

from veche.territories.models import Territory


@dataclass(frozen=True)
class Figure:
    code: str  # stable, "<capability>.<what>", e.g. "appeals.answered_on_time"
    label: str  # Russian, for the page
    value: float | int | None  # the figure (a share in % where `detail` gives its parts)
    detail: str  # its parts in words: «27 из 30»
    source: str  # where it comes from, for the page: «Обращения»

    def as_dict(self) -> dict:
        return asdict(self)


Provider = Callable[[Territory, dt.date], list[Figure]]
_PROVIDERS: dict[str, dict[str, Provider]] = {}


def register_figures(*, topic: str, name: str, provider: Provider) -> None:
    """Called from AppConfig.ready(); registering the same name again replaces (autoreload)."""
    _PROVIDERS.setdefault(topic, {})[name] = provider


def figures_for(*, topic: str, territory: Territory, month: dt.date) -> list[Figure]:
    """Every registered provider's figures of `topic` for the town's month (first day)."""
    out: list[Figure] = []
    for name in sorted(_PROVIDERS.get(topic, {})):
        out.extend(_PROVIDERS[topic][name](territory, month))
    return out
