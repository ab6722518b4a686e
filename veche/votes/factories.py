"""Test and demo factories of the votes area. Call inside the town's scope."""

from __future__ import annotations

from .kinds import KINDS
from .models import Vote, VoteKind
from .services import option_add, vote_create, vote_open, vote_publish

# The tenancy walk's hook, until the walk reads it from capabilities() (contract.py).


def make_vote(territory, *, title: str = "Какую территорию благоустроить в 2027 году?",
              options: tuple[str, ...] = ("Сквер у ДК", "Набережная", "Парк Победы"),
              kind: str = VoteKind.SINGLE, status: str = "open", costs=None, **settings) -> Vote:
    """A vote with options, published and opened unless status says otherwise ("draft",
    "published", "open")."""
    costed = kind in KINDS and KINDS[kind].uses_costs
    if costed:
        settings.setdefault("budget_amount", 1_000_000)
    vote = vote_create(territory=territory, title=title, kind=kind, **settings)
    for i, text in enumerate(options):
        option_add(vote=vote, text=text, order=i + 1,
                   cost=(costs[i] if costs else (300_000 if costed else None)))
    if status in ("published", "open"):
        vote_publish(vote=vote)
    if status == "open":
        vote_open(vote=vote)
    return vote

