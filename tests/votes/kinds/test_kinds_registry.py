"""The registry of vote kinds (veche/votes/kinds/): every stored kind has a module; each kind's
answer goes through parse (web form, paper, API JSON) → check → count; a kind added to the
registry is used by the ballot's checks and the count with no other file touched."""

from types import SimpleNamespace

import numpy as np
import pytest
from django.core.exceptions import ValidationError
from django.http import QueryDict

from tests.votes.conftest import opts
from veche.votes import tally
from veche.votes.kinds import (
    KINDS,
    QUESTION_KINDS,
    VoteKindBase,
    count_settings,
    json_fields,
    kind_of,
    tie_break_of,
)
from veche.votes.kinds.base import costs_array, form_ints
from veche.votes.models import Question, VoteKind
from veche.votes.services import ballot_cast, tally_compute
from veche.votes.validation import VoteSpec, check_ballot

IDS = [11, 12, 13]
COSTS = {11: 400_000, 12: 700_000, 13: 300_000}


def _vote(kind: str, **kw) -> SimpleNamespace:
    settings = {"kind": kind, "max_choices": 2, "score_min": 1, "score_max": 5,
                "ranked_method": "schulze", "budget_amount": 1_000_000,
                "budget_rule": "equal_shares", "budget_completion": True,
                "tie_rule": "lexicographic", "tie_seed": ""} | kw
    return SimpleNamespace(**settings)


def _spec(vote) -> VoteSpec:
    return VoteSpec(1, vote.kind, tuple(IDS), dict(COSTS), {}, vote.max_choices,
                    vote.score_min, vote.score_max, vote.budget_amount)


def _options() -> list:
    return [SimpleNamespace(pk=o, text=f"Вариант {o}", cost=COSTS[o], number=i)
            for i, o in enumerate(IDS, 1)]


# What a resident posts on the ballot screen of each kind: option 12 is the favourite.
POSTS = {
    "single": "option=12",
    "approval": "options=12&options=13",
    "score": "score_11=2&score_12=5&score_13=3",
    "budget": "options=12&options=13",
}


def _count(kind, vote, choices, scores) -> tally.TallyResult:
    lut = np.full(max(IDS) + 2, -1, dtype=np.int64)
    lut[IDS] = np.arange(len(IDS))
    rows = [(choices, scores)]
    arrays = kind.ballot_array(len(rows), len(IDS))
    kind.fill(arrays, rows, 0, lut)
    settings = count_settings(vote)
    return kind.count(settings, arrays, IDS, tie_break_of(settings, IDS),
                      lambda: costs_array(COSTS, IDS))


def test_every_stored_kind_has_a_registered_module():
    assert set(VoteKind.values) <= set(KINDS)
    for code in VoteKind.values:
        kind = KINDS[code]
        assert isinstance(kind, VoteKindBase) and kind.code == code
        assert kind.__class__.__module__.startswith("veche.votes.kinds.")
    assert set(Question.Kind.values) == set(QUESTION_KINDS)
    # The API's answer fields are the kinds' own (one schema assembled from the registry).
    assert list(json_fields()) == ["option", "options", "scores", "ranking"]


@pytest.mark.parametrize("code", VoteKind.values)
def test_each_kind_round_trips_an_answer(code):
    vote = _vote(code)
    kind = kind_of(vote)
    draft: dict = {}
    if code == "ranked":  # the ranking screen posts one move at a time
        for move in ("add=12", "add=11", "add=13", "up=11", "down=11"):
            kind.parse_form(QueryDict(move), _options(), draft)
        assert draft == {"ranking": [12, 11, 13]}
    else:
        assert kind.parse_form(QueryDict(POSTS[code]), _options(), draft) is None
    choices, scores = kind.check(_spec(vote), draft)
    assert kind.draft_from_ballot(choices, scores) == draft  # a change starts from the ballot
    result = _count(kind, vote, choices, scores)
    assert result.ballots == 1 and 12 in result.winners
    assert kind.rule_text(vote) and kind.method_text(vote)
    chosen, _total = kind.review_chosen(vote, _options(), draft)
    assert "Вариант 12" in " ".join(chosen)


@pytest.mark.parametrize("code,post,expected", [
    ("single", "option=12", {"option": 12}),
    ("approval", "options=12&options=13", {"options": [12, 13]}),
    ("budget", "options=13", {"options": [13]}),
    ("score", "score_11=1&score_12=5&score_13=", {"scores": {"11": 1, "12": 5}}),
    ("ranked", "place_11=2&place_12=1&place_13=", {"ranking": [12, 11]}),
])
def test_paper_ballots_are_read_by_the_kind(code, post, expected):
    answers, errors = KINDS[code].parse_paper(QueryDict(post), _options())
    assert (answers, errors) == (expected, [])


def test_kind_checks_refuse_with_a_code():
    vote = _vote("budget", budget_amount=800_000)
    with pytest.raises(ValidationError) as e:
        kind_of(vote).check(_spec(vote), {"options": [11, 12]})
    assert e.value.code == "over_budget" and "а бюджет" in e.value.messages[0]
    with pytest.raises(ValidationError) as e:
        check_ballot(_spec(_vote("nothing")), {"option": 11})
    assert e.value.code == "unknown_kind"


class Thumb(VoteKindBase):
    """A tiny kind for the test: one option by the key "pick", counted by plurality."""

    code = "thumb"
    label = "большой палец"
    json_fields = {"pick": (int | None, "Выбранный вариант")}

    def parse_form(self, post, options, draft):
        draft["pick"] = (form_ints(post.getlist("pick")) or [None])[0]

    def check(self, spec, answers):
        if answers.get("pick") not in spec.option_ids:
            raise ValidationError("Выберите вариант.", code="no_pick")
        return [answers["pick"]], None

    def ballot_array(self, total, m):
        return np.empty(total, dtype=np.int64)

    def fill(self, out, rows, start, lut):
        out[start:start + len(rows)] = lut[[c[0] for c, _ in rows]]

    def count(self, settings, arrays, option_ids, tie_break, costs):
        return tally.plurality(arrays, option_ids, tie_break=tie_break)

    def rule_text(self, vote):
        return "Покажите большой палец одному варианту."


@pytest.mark.django_db
def test_a_kind_added_to_the_registry_is_used_by_ballots_and_the_count(
        monkeypatch, vote_factory, voter_factory):
    monkeypatch.setitem(KINDS, "thumb", Thumb())
    vote = vote_factory(kind="thumb")
    o = opts(vote)
    draft: dict = {}
    kind_of(vote).parse_form(QueryDict(f"pick={o[1]}"), list(vote.options.all()), draft)
    ballot = ballot_cast(vote=vote, person=voter_factory(), answers=draft)
    assert ballot.choices == [o[1]]
    with pytest.raises(ValidationError) as e:
        ballot_cast(vote=vote, person=voter_factory(), answers={"option": o[0]})
    assert e.value.code == "no_pick"
    ballot_cast(vote=vote, person=voter_factory(), answers={"pick": o[1]})
    counted = tally_compute(vote=vote)["tally"]
    assert counted["ballots"] == 2 and counted["winners"] == [o[1]]
