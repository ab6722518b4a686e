"""Ranked rules against textbook examples (Wikipedia) and bad input."""

import numpy as np
import pytest

from veche.votes.tally import borda, instant_runoff, schulze
from veche.votes.tally.ties import TieBreak


def _profile(groups, ids):
    rows = []
    for count, order in groups:
        rows += [[ids.index(o) for o in order]] * count
    return np.array(rows)


def test_schulze_wikipedia_example():
    ids = list("ABCDE")
    groups = [(5, "ACBED"), (5, "ADECB"), (8, "BEDAC"), (3, "CABED"), (7, "CAEBD"),
              (2, "CBADE"), (7, "DCEBA"), (8, "EBADC")]
    r = schulze(_profile(groups, ids), ids)
    assert r.ballots == 45
    assert r.ranking == list("EACBD")
    assert r.winners == ["E"]
    d = np.array(r.details["pairwise"])
    assert d[0, 1] == 20 and d[1, 0] == 25 and d[4, 3] == 31


def test_borda_wikipedia_tennessee():
    ids = ["Memphis", "Nashville", "Chattanooga", "Knoxville"]
    groups = [(42, ["Memphis", "Nashville", "Chattanooga", "Knoxville"]),
              (26, ["Nashville", "Chattanooga", "Knoxville", "Memphis"]),
              (15, ["Chattanooga", "Knoxville", "Nashville", "Memphis"]),
              (17, ["Knoxville", "Chattanooga", "Nashville", "Memphis"])]
    r = borda(_profile(groups, ids), ids)
    assert r.scores == {"Memphis": 126, "Nashville": 194, "Chattanooga": 173, "Knoxville": 107}
    assert r.ranking == ["Nashville", "Chattanooga", "Memphis", "Knoxville"]


def test_irv_plurality_winner_loses():
    ids = ["Memphis", "Nashville", "Chattanooga", "Knoxville"]
    groups = [(42, ["Memphis", "Nashville", "Chattanooga", "Knoxville"]),
              (26, ["Nashville", "Chattanooga", "Knoxville", "Memphis"]),
              (15, ["Chattanooga", "Knoxville", "Nashville", "Memphis"]),
              (17, ["Knoxville", "Chattanooga", "Nashville", "Memphis"])]
    r = instant_runoff(_profile(groups, ids), ids)
    assert r.details["rounds"][0]["Memphis"] == 42  # plurality leader
    assert r.winners == ["Knoxville"]
    assert r.details["eliminated"] == ["Chattanooga", "Nashville"]


def test_partial_rankings_and_exhausted_ballots():
    ids = ["a", "b", "c"]
    r = instant_runoff(np.array([[0, -1, -1]] * 2 + [[1, -1, -1]] * 2 + [[2, 1, -1]]), ids)
    assert r.winners == ["b"]
    assert r.details["rounds"][-1]["exhausted"] == 0
    s = schulze(np.array([[0, -1, -1], [1, 2, -1]]), ids)
    assert np.array(s.details["pairwise"]).tolist() == [[0, 1, 1], [1, 0, 1], [1, 0, 0]]


def test_repeated_option_rejected_in_russian():
    with pytest.raises(ValueError, match="Вариант указан в рейтинге дважды: «b»"):
        schulze(np.array([[0, 1, 2], [1, 2, 1]]), ["a", "b", "c"])
    with pytest.raises(ValueError, match="дважды"):
        borda(np.array([[0, 0, -1]]), ["a", "b", "c"])
    with pytest.raises(ValueError, match="пропуск"):
        instant_runoff(np.array([[0, -1, 1]]), ["a", "b", "c"])


@pytest.mark.parametrize("rule", [schulze, borda, instant_runoff])
def test_no_ballots(rule):
    r = rule(np.zeros((0, 3), dtype=int), ["a", "b", "c"])
    assert r.ballots == 0 and r.winners == []
    assert "Ничья" in r.tie_rule


@pytest.mark.parametrize("rule", [schulze, borda, instant_runoff])
def test_all_tied_follows_the_tie_order(rule):
    ids = ["a", "b", "c"]
    rows = np.array([[0, 1, 2], [1, 2, 0], [2, 0, 1]])  # Condorcet cycle, equal Borda points
    tb = TieBreak(("c", "a", "b"))
    r = rule(rows, ids, tie_break=tb)
    assert r.winners == ["c"]
    assert r.ties and r.tie_rule.endswith("c, a, b")


def test_seeded_tie_order_is_stable():
    a = TieBreak.seeded(["x", "y", "z"], 2026)
    assert a == TieBreak.seeded(["z", "y", "x"], 2026)
    assert sorted(a.order) == ["x", "y", "z"]


def test_big_random_profile_matches_a_plain_count():
    rng = np.random.default_rng(5)
    rows = np.argsort(rng.random((3000, 6)), axis=1)[:, :4]
    rows = np.vstack([rows, rows[:500]])  # duplicates get merged
    ids = list("abcdef")
    d = np.array(schulze(rows, ids).details["pairwise"])
    pos = {}
    for r in rows:
        pos = {o: i for i, o in enumerate(r)}
        for a in range(6):
            for b in range(6):
                if a != b and pos.get(a, 9) < pos.get(b, 9):
                    d[a, b] -= 1
    assert not d.any()
