"""Deterministic vote tallies on numpy arrays (issue 4). Each module's docstring states its rule,
its tie-break and a textbook reference; ``ties.py`` describes the tie order every result records.
"""

from .budget import equal_shares, greedy
from .ranked import borda, instant_runoff, schulze
from .single import approval, plurality, score
from .ties import TallyResult, TieBreak

__all__ = ["TallyResult", "TieBreak", "approval", "borda", "equal_shares", "greedy",
           "instant_runoff", "plurality", "schulze", "score"]
