"""Presentation of a vote's options and a draft ballot: what the templates cannot compute (a
small SVG scheme of where options are, options numbered with their links and money labels, the
settings log in words). What differs by kind (running budget totals, ranked and unranked lists,
the review's plain-words summary) is the kind's: veche/votes/kinds/."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from veche.territories.geo import projection
from veche.votes.kinds import kind_of, money, question_kind
from veche.votes.models import VoteStatus

from .forms import OptionForm, VoteForm


def place_link(option) -> str:
    """A geo: link (the phone's own map app); no map tiles are fetched by the page."""
    if option.latitude is None or option.longitude is None:
        return ""
    return f"geo:{option.latitude:.6f},{option.longitude:.6f}"


def places_scheme(options: list, highlight: int | None = None) -> dict | None:
    """Where the options are relative to each other, as points in a 320×200 box (north up).
    A scheme, not a map: enough to see that two courtyards are at opposite ends of town."""
    pts = [o for o in options if o.latitude is not None and o.longitude is not None]
    if not pts:
        return None
    w, h, pad = 320, 200, 24
    to_xy = projection([(o.latitude, o.longitude) for o in pts], width=w, height=h, pad=pad)
    points = []
    for o in pts:
        x, y = to_xy(o.latitude, o.longitude)
        points.append({"x": round(x, 1), "y": round(y, 1), "ty": round(y + 4, 1),
                       "number": o.number, "text": o.text, "on": o.pk == highlight})
    return {"width": w, "height": h, "points": points}


def decorate(options: list) -> list:
    """Number options 1, 2, … as shown and attach their place link and money label."""
    for i, o in enumerate(options, 1):
        o.number = i
        o.geo = place_link(o)
        o.cost_label = money(o.cost) if o.cost else ""
        o.practice_url = practice_link(o.practice_ref)
    return options


def practice_link(ref: str) -> str:
    """An option made from the practices bank links to the practice's public page (the votes
    app only keeps the id as text; the page may be absent when the practices app is not in)."""
    if not (ref or "").isdigit():
        return ""
    try:
        return reverse("web:practices_detail", args=[int(ref)])
    except NoReverseMatch:
        return ""


def choice_context(vote, options: list, draft: dict) -> dict:
    """The ballot screen: the options (decorated), where they are, and what the vote's kind
    draws (`vote_kind.ballot_template`, its rule, ticks, scores, ranking or budget)."""
    decorate(options)
    kind = kind_of(vote)
    return {"options": options, "scheme": places_scheme(options), "vote_kind": kind,
            "ballot_rule": kind.ballot_rule(vote), "form_data": {},
            **kind.choice_context(vote, options, draft)}


def rule_text(vote) -> str:
    """What the resident is asked to do, in one sentence."""
    return kind_of(vote).rule_text(vote)


def review_rows(vote, options: list, questions: list, draft: dict) -> dict:
    """The review screen's summary: what was chosen, in words, and each survey answer."""
    decorate(options)
    chosen, total = kind_of(vote).review_chosen(vote, options, draft)
    survey = draft.get("survey") or {}
    answers = [{"question": q, "text": question_kind(q.kind).shown(survey.get(str(q.pk)), q)
                or _("без ответа")} for q in questions]
    return {"chosen": chosen, "total": total, "answers": answers}


def log_rows(changes) -> list[dict]:
    """The settings log in words: the log keeps field codes and raw values (an audit record,
    also served by the API); staff read «Завершение: 03.12.2026 23:58», not «closes_at»."""
    vote_fields, option_fields = VoteForm.base_fields, OptionForm.base_fields
    special = {"status": (_("Статус"), dict(VoteStatus.choices)),
               "option": (_("Вариант"), {}), "question": (_("Вопрос анкеты"), {})}
    rows = []
    for c in changes:
        name, choices = special.get(c.field, (c.field, {}))
        field = vote_fields.get(c.field)
        parts = c.field.split(":")
        if len(parts) == 3 and parts[0] == "option":
            field = option_fields.get(parts[2])
            name = _("Вариант (№ %(id)s): %(f)s") % {
                "id": parts[1], "f": field.label if field else parts[2]}
        elif field is not None:
            name = field.label
        if isinstance(field, forms.ChoiceField) and not isinstance(field, forms.ModelChoiceField):
            # Django has normalised them to (value, label) pairs by now; django-stubs types the
            # getter as any input the setter accepts.
            pairs: list[tuple[object, str]] = field.choices  # type: ignore[assignment]
            choices = {str(k): v for k, v in pairs}
        rows.append({"change": c, "field": name, "old": _log_value(c.old, choices),
                     "new": _log_value(c.new, choices)})
    return rows


def _log_value(raw: str, choices: dict) -> str:
    if raw == "":
        return "—"
    if raw in choices:
        return str(choices[raw])
    if raw in ("True", "False"):
        return _("да") if raw == "True" else _("нет")
    try:
        when = dt.datetime.fromisoformat(raw)
    except ValueError:
        return raw
    if when.tzinfo is None or len(raw) < 16:
        return raw
    return timezone.localtime(when).strftime("%d.%m.%Y %H:%M")
