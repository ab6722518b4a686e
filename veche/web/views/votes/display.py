"""Presentation of a vote's options and a draft ballot: what the templates cannot compute
(running budget totals, ranked and unranked lists, a small SVG scheme of where options are,
the review's plain-words summary)."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from veche.votes.models import Question, VoteKind, VoteStatus

from ...charts import fmt_int
from .forms import OptionForm, VoteForm


def money(value) -> str:
    return f"{fmt_int(value)}\u00a0₽"


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
    lats = [o.latitude for o in pts]
    lons = [o.longitude for o in pts]
    w, h, pad = 320, 200, 24
    dlat = (max(lats) - min(lats)) or 1e-3
    dlon = (max(lons) - min(lons)) or 1e-3
    points = []
    for o in pts:
        x = pad + (o.longitude - min(lons)) / dlon * (w - 2 * pad)
        y = pad + (max(lats) - o.latitude) / dlat * (h - 2 * pad)
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
    decorate(options)
    ctx: dict = {"options": options, "scheme": places_scheme(options)}
    if vote.kind == VoteKind.SINGLE:
        ctx["picked"] = {draft.get("option")}
    elif vote.kind in (VoteKind.APPROVAL, VoteKind.BUDGET):
        picked = set(draft.get("options") or [])
        ctx["picked"] = picked
        if vote.kind == VoteKind.BUDGET:
            total = sum(o.cost or 0 for o in options if o.pk in picked)
            budget = vote.budget_amount or 0
            ctx["budget"] = {"total": total, "budget": budget, "left": budget - total,
                             "over": total > budget, "total_label": money(total),
                             "budget_label": money(budget),
                             "left_label": money(abs(budget - total)),
                             "share": min(total / budget, 1) if budget else 0}
    elif vote.kind == VoteKind.SCORE:
        ctx["scores"] = {int(k): v for k, v in (draft.get("scores") or {}).items()}
        ctx["scale"] = list(range(vote.score_min, vote.score_max + 1))
        for o in options:
            o.score = ctx["scores"].get(o.pk)
    else:
        by_id = {o.pk: o for o in options}
        ranking = [by_id[o] for o in draft.get("ranking") or [] if o in by_id]
        ctx["ranked"] = ranking
        ctx["unranked"] = [o for o in options if o not in ranking]
    return ctx


def rule_text(vote) -> str:
    """What the resident is asked to do, in one sentence."""
    if vote.kind == VoteKind.SINGLE:
        return _("Выберите один вариант.")
    if vote.kind == VoteKind.APPROVAL:
        if vote.max_choices:
            return ngettext("Выберите не больше %(k)s варианта.",
                            "Выберите не больше %(k)s вариантов.",
                            vote.max_choices) % {"k": vote.max_choices}
        return _("Отметьте все варианты, которые поддерживаете.")
    if vote.kind == VoteKind.SCORE:
        return _("Оцените каждый вариант от %(a)s (плохо) до %(b)s (отлично).") % {
            "a": vote.score_min, "b": vote.score_max}
    if vote.kind == VoteKind.RANKED:
        return _("Расставьте варианты по порядку: первым — самый важный для вас. "
                 "Можно выбрать не все.")
    return _("Отметьте проекты, которые городу стоит сделать. Их общая стоимость не должна "
             "превышать бюджет %(b)s.") % {"b": money(vote.budget_amount or 0)}


def review_rows(vote, options: list, questions: list, draft: dict) -> dict:
    """The review screen's summary: what was chosen, in words, and each survey answer."""
    decorate(options)
    by_id = {o.pk: o for o in options}
    chosen: list[str] = []
    if vote.kind == VoteKind.SINGLE:
        o = by_id.get(draft.get("option"))
        chosen = [o.text] if o else []
    elif vote.kind in (VoteKind.APPROVAL, VoteKind.BUDGET):
        chosen = [by_id[o].text + (f" — {by_id[o].cost_label}" if by_id[o].cost_label else "")
                  for o in sorted(draft.get("options") or [], key=lambda x: by_id[x].number
                                  if x in by_id else 0) if o in by_id]
    elif vote.kind == VoteKind.SCORE:
        scores = draft.get("scores") or {}
        chosen = [_("%(text)s — оценка %(s)s") % {"text": o.text, "s": scores.get(str(o.pk))}
                  for o in options if str(o.pk) in scores]
    else:
        chosen = [_("%(n)s-е место: %(text)s") % {"n": i, "text": by_id[o].text}
                  for i, o in enumerate(draft.get("ranking") or [], 1) if o in by_id]
    total = None
    if vote.kind == VoteKind.BUDGET:
        total = money(sum(by_id[o].cost or 0 for o in draft.get("options") or [] if o in by_id))
    survey = draft.get("survey") or {}
    answers = []
    for q in questions:
        value = survey.get(str(q.pk))
        if q.kind == Question.Kind.TEXT:
            text = value or ""
        else:
            ids = value if isinstance(value, list) else ([value] if value else [])
            text = ", ".join(c.text for c in q.choices.all() if c.pk in ids)
        answers.append({"question": q, "text": text or _("без ответа")})
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
            choices = {str(k): v for k, v in field.choices}
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
