"""Reading a paper ballot as staff type it: the vote's answers (radio, checkboxes, scores,
places 1…m for a ranking: each kind reads its own, veche/votes/kinds/) and the survey's
questions, into the core's `answers` dict."""

from __future__ import annotations

from veche.votes.kinds import kind_of, question_kind
from veche.votes.kinds.base import paper_ints


def paper_answers(vote, options: list, questions: list, post) -> tuple[dict, list[str]]:
    answers, errors = kind_of(vote).parse_paper(post, options)
    survey: dict = {}
    for q in questions:
        value = question_kind(q.kind).read_paper(post, f"q_{q.pk}")
        if value is not None:
            survey[str(q.pk)] = value
    if survey:
        answers["survey"] = survey
    return answers, errors


def paper_context(vote, options: list, questions: list, post) -> dict:
    """What the form shows back after a refusal: every entered answer stays ticked."""
    post = post or {}

    def getlist(key):
        return post.getlist(key) if hasattr(post, "getlist") else []

    picked = set(paper_ints(getlist("option") + getlist("options")))
    for o in options:
        o.picked = o.pk in picked
        o.score_value = post.get(f"score_{o.pk}", "") if post else ""
        o.place_value = post.get(f"place_{o.pk}", "") if post else ""
    for q in questions:
        kind = question_kind(q.kind)
        q.free_text, q.input_type = not kind.has_choices, kind.input_type
        q.picked = set(paper_ints(getlist(f"q_{q.pk}")))
        q.text_value = post.get(f"q_{q.pk}", "") if post and q.free_text else ""
    return {"options": options, "questions": questions, "vote_kind": kind_of(vote),
            "scale": list(range(vote.score_min, vote.score_max + 1)),
            "places": list(range(1, len(options) + 1))}
