"""Reading a paper ballot as staff type it: the vote's answers (radio, checkboxes, scores,
places 1…m for a ranking) and the survey's choice questions, into the core's `answers` dict."""

from __future__ import annotations

from django.utils.translation import gettext as _

from veche.votes.models import Question, VoteKind


def _ints(values) -> list[int]:
    return [int(v) for v in values if str(v).strip().isdigit()]


def paper_answers(vote, options: list, questions: list, post) -> tuple[dict, list[str]]:
    answers: dict = {}
    errors: list[str] = []
    if vote.kind == VoteKind.SINGLE:
        picked = _ints(post.getlist("option"))
        answers["option"] = picked[0] if picked else None
    elif vote.kind in (VoteKind.APPROVAL, VoteKind.BUDGET):
        answers["options"] = _ints(post.getlist("options"))
    elif vote.kind == VoteKind.SCORE:
        answers["scores"] = {str(o.pk): int(post[f"score_{o.pk}"]) for o in options
                             if post.get(f"score_{o.pk}", "").strip().lstrip("-").isdigit()}
    else:
        places: dict[int, int] = {}
        for o in options:
            raw = (post.get(f"place_{o.pk}") or "").strip()
            if not raw:
                continue
            if not raw.isdigit() or not 1 <= int(raw) <= len(options):
                errors.append(_("Место варианта «%(t)s» — число от 1 до %(m)s.") % {
                    "t": o.text, "m": len(options)})
                continue
            if int(raw) in places.values():
                errors.append(_("Место %(n)s стоит у двух вариантов: у каждого варианта своё "
                                "место. Проверьте бюллетень.") % {"n": raw})
            places[o.pk] = int(raw)
        answers["ranking"] = sorted(places, key=places.get)
    survey: dict = {}
    for q in questions:
        key = f"q_{q.pk}"
        if q.kind == Question.Kind.TEXT:
            text = (post.get(key) or "").strip()
            if text:
                survey[str(q.pk)] = text
        else:
            ids = _ints(post.getlist(key))
            if ids:
                survey[str(q.pk)] = ids
    if survey:
        answers["survey"] = survey
    return answers, errors


def paper_context(vote, options: list, questions: list, post) -> dict:
    """What the form shows back after a refusal: every entered answer stays ticked."""
    post = post or {}

    def getlist(key):
        return post.getlist(key) if hasattr(post, "getlist") else []

    picked = set(_ints(getlist("option") + getlist("options")))
    for o in options:
        o.picked = o.pk in picked
        o.score_value = post.get(f"score_{o.pk}", "") if post else ""
        o.place_value = post.get(f"place_{o.pk}", "") if post else ""
    for q in questions:
        q.picked = set(_ints(getlist(f"q_{q.pk}")))
        q.text_value = post.get(f"q_{q.pk}", "") if post and q.kind == Question.Kind.TEXT \
            else ""
    return {"options": options, "questions": questions,
            "scale": list(range(vote.score_min, vote.score_max + 1)),
            "places": list(range(1, len(options) + 1))}
