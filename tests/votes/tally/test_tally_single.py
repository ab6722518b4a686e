"""Single choice, approval with at most k, score."""

import numpy as np
import pytest

from veche.votes.tally import approval, plurality, score
from veche.votes.tally.ties import TieBreak


def test_plurality_and_tie_order():
    r = plurality(np.array([0, 1, 1, 2, 2]), ["a", "b", "c"])
    assert r.winners == ["b"] and r.ties == [["b", "c"]]
    r = plurality(np.array([0, 1, 1, 2, 2]), ["a", "b", "c"], TieBreak(("c", "b", "a")))
    assert r.winners == ["c"]
    with pytest.raises(ValueError, match="несуществующий"):
        plurality(np.array([3]), ["a", "b", "c"])


def test_approval_at_most_k():
    ballots = np.array([[1, 1, 0], [0, 1, 1], [0, 1, 0]], dtype=bool)
    r = approval(ballots, ["a", "b", "c"], at_most=2, seats=2)
    assert r.scores == {"a": 1, "b": 3, "c": 1} and r.winners == ["b", "a"]
    with pytest.raises(ValueError, match="не больше 1"):
        approval(ballots, ["a", "b", "c"], at_most=1)


def test_score_totals_and_range():
    r = score(np.array([[5, 1, 3], [4, 2, 5]]), ["a", "b", "c"])
    assert r.scores == {"a": 9, "b": 3, "c": 8} and r.winners == ["a"]
    assert r.details["mean"]["a"] == 4.5
    with pytest.raises(ValueError, match="вне шкалы"):
        score(np.array([[6, 1, 1]]), ["a", "b", "c"])


def test_empty_and_all_tied():
    assert plurality(np.array([], dtype=int), ["a", "b"]).winners == []
    r = score(np.full((4, 3), 3), ["z", "y", "x"])
    assert r.ranking == ["x", "y", "z"] and r.ties == [["x", "y", "z"]]
