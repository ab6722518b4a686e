"""The resident's ballot, one question per screen: the vote's own question (its options), then
each survey question, then a review of everything, then the cast and the receipt.

What is chosen so far lives in the session (common.draft_*), so «Назад» and «Изменить» never
lose an answer and the pages work without JavaScript. Each screen's input is checked with the
core's own rules (the vote kind's `check`), so the words a resident reads here are
the words the API answers with; the cast itself is veche.votes.services.ballots. How each screen
is read and drawn is the vote's kind's (veche/votes/kinds/).
"""

from __future__ import annotations

from dataclasses import replace

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from veche.votes.access import access_vote, voter_of
from veche.votes.chain import receipt_code_display
from veche.votes.kinds import kind_of, question_kind
from veche.votes.models import Question
from veche.votes.services.ballots import ballot_cast, ballot_change
from veche.votes.validation import vote_spec

from . import common, display


def _url(name: str, vote, *extra) -> str:
    return reverse(f"web:{name}", args=[vote.territory.slug, vote.pk, *extra])


def question_url(vote, question_id: int) -> str:
    """Survey screens are `?q=<question id>` on one route (no id in the path to walk)."""
    return f"{_url('votes_question', vote)}?q={question_id}"


def steps(vote, questions: list) -> list[dict]:
    """The screens of this ballot in order, for «Далее/Назад» and «Шаг 2 из 4»."""
    out: list[dict] = [{"key": "choice", "url": _url("votes_ballot", vote),
                        "title": _("Ваш выбор")}]
    for q in questions:
        out.append({"key": f"q{q.pk}", "url": question_url(vote, q.pk),
                    "title": q.text})
    out.append({"key": "review", "url": _url("votes_review", vote),
                "title": _("Проверьте и отправьте")})
    for i, s in enumerate(out):
        s["number"] = i + 1
    return out


def _around(all_steps: list[dict], key: str) -> dict:
    i = next(n for n, s in enumerate(all_steps) if s["key"] == key)
    return {"steps": all_steps, "step": all_steps[i], "total": len(all_steps),
            "prev": all_steps[i - 1] if i else None,
            "next": all_steps[i + 1] if i + 1 < len(all_steps) else None}


def _gate(request, vote_id: int):
    """(vote, person, ballot, response): `response` is set when this visitor cannot fill the
    ballot now (refusal page, or already voted in a vote that does not allow a change)."""
    vote = access_vote(request.user, request.territory, vote_id)
    common.remember_invitation(request, vote)
    person = voter_of(request.user, request.territory)
    refusal = common.refusal_for(request, vote, person)
    if refusal is not None:
        return vote, person, None, render(request, "web/votes/refusal.html",
                                          {"vote": vote, "refusal": refusal}, status=403)
    ballot = common.my_ballot(vote, person)
    if ballot is not None and not vote.allow_change:
        messages.info(request, _("Вы уже проголосовали: ваш голос учтён, второй не нужен."))
        return vote, person, ballot, redirect(_url("votes_done", vote))
    if ballot is not None and not common.draft_get(request, vote):
        common.draft_put(request, vote, common.draft_from_ballot(ballot, vote))
    return vote, person, ballot, None


def _main_errors(vote, draft: dict) -> list[str]:
    """The core's check of the vote's own question, survey left out (asked on later screens)."""
    spec = replace(vote_spec(vote), questions={})
    try:
        kind_of(spec).check(spec, {k: v for k, v in draft.items() if k != "survey"})
    except ValidationError as exc:
        return exc.messages
    return []


@login_required
def ballot_choice(request, slug, vote_id):
    vote, person, ballot, stop = _gate(request, vote_id)
    if stop:
        return stop
    options = list(vote.options.select_related("topic"))
    questions = list(vote.questions.all())
    draft = common.draft_get(request, vote)
    errors: list[str] = []
    if request.method == "POST":
        moved = kind_of(vote).parse_form(request.POST, options, draft)
        common.draft_put(request, vote, draft)
        if moved:
            return redirect(_url("votes_ballot", vote) + moved)
        errors = _main_errors(vote, draft)
        if not errors:
            return redirect(steps(vote, questions)[1]["url"])
    ctx = _around(steps(vote, questions), "choice")
    ctx.update({"vote": vote, "ballot": ballot, "draft": draft, "errors": errors,
                **display.choice_context(vote, options, draft)})
    return render(request, "web/votes/ballot_choice.html", ctx, status=400 if errors else 200)


@login_required
def ballot_question(request, slug, vote_id):
    vote, person, ballot, stop = _gate(request, vote_id)
    if stop:
        return stop
    raw = request.GET.get("q") or ""
    question_id = int(raw) if raw.isdigit() else None
    questions = list(vote.questions.prefetch_related("choices"))
    question = next((q for q in questions if q.pk == question_id), None)
    if question is None:
        raise Http404(_("В анкете этого голосования нет такого вопроса."))
    draft = common.draft_get(request, vote)
    if _main_errors(vote, draft):
        messages.warning(request, _("Сначала сделайте выбор в голосовании."))
        return redirect(_url("votes_ballot", vote))
    survey = dict(draft.get("survey") or {})
    error = None
    all_steps = steps(vote, questions)
    ctx = _around(all_steps, f"q{question.pk}")
    if request.method == "POST":
        value, error = question_kind(question.kind).read_screen(
            request.POST, {c.pk for c in question.choices.all()}, question.required)
        back = "back" in request.POST
        if back and value in ("", []):
            # «Назад» with nothing answered yet: let them go (to change their choice, say);
            # a required question is asked again on the way forward and before the cast.
            error = None
        if value in ("", []):
            survey.pop(str(question.pk), None)
        else:
            survey[str(question.pk)] = value
        draft["survey"] = survey
        common.draft_put(request, vote, draft)
        if not error:
            go = ctx["prev"] if back else ctx["next"]
            return redirect(go["url"])
    answer = survey.get(str(question.pk))
    ctx.update({"vote": vote, "question": question, "error": error,
                "question_kind": question_kind(question.kind),
                "answer_text": answer if isinstance(answer, str) else "",
                "answer_ids": answer if isinstance(answer, list) else
                ([answer] if isinstance(answer, int) else [])})
    return render(request, "web/votes/ballot_question.html", ctx, status=400 if error else 200)


def _survey_missing(questions: list, survey: dict) -> Question | None:
    return next((q for q in questions if q.required and str(q.pk) not in survey), None)


@login_required
def ballot_review(request, slug, vote_id):
    vote, person, ballot, stop = _gate(request, vote_id)
    if stop:
        return stop
    draft = common.draft_get(request, vote)
    if _main_errors(vote, draft):
        messages.warning(request, _("Сначала сделайте выбор в голосовании."))
        return redirect(_url("votes_ballot", vote))
    questions = list(vote.questions.prefetch_related("choices"))
    missing = _survey_missing(questions, draft.get("survey") or {})
    if missing:
        messages.warning(request, _("Ответьте на обязательный вопрос анкеты."))
        return redirect(question_url(vote, missing.pk))
    return _review(request, vote, ballot, draft, questions, [])


def _review(request, vote, ballot, draft, questions, errors, status=200):
    options = list(vote.options.all())
    ctx = _around(steps(vote, questions), "review")
    ctx.update({"vote": vote, "ballot": ballot, "errors": errors,
                "summary": display.review_rows(vote, options, questions, draft)})
    return render(request, "web/votes/ballot_review.html", ctx, status=status)


@login_required
@require_POST
def ballot_cast_view(request, slug, vote_id):
    """Send the ballot. A second click (or a second tab) finds the ballot already there and
    lands on the same receipt page with a plain message: still exactly one ballot."""
    vote = access_vote(request.user, request.territory, vote_id)
    person = voter_of(request.user, request.territory)
    refusal = common.refusal_for(request, vote, person)
    if refusal is not None:
        return render(request, "web/votes/refusal.html", {"vote": vote, "refusal": refusal},
                      status=403)
    draft = common.draft_get(request, vote)
    ballot = common.my_ballot(vote, person)
    changing = ballot is not None and request.POST.get("change") == "1" and vote.allow_change
    if ballot is not None and (not changing or not draft):
        messages.info(request, _("Ваш голос уже принят. Повторно отправлять его не нужно."))
        return redirect(_url("votes_done", vote))
    if not draft:
        messages.warning(request, _("Бюллетень пуст: сделайте выбор."))
        return redirect(_url("votes_ballot", vote))
    try:
        if changing:
            made = ballot_change(vote=vote, person=person, answers=draft,
                                 ip=common.client_ip(request), device=common.device_id(request))
        else:
            made = ballot_cast(vote=vote, person=person, answers=draft,
                               ip=common.client_ip(request), device=common.device_id(request),
                               invitation_token=common.invitation_token(request, vote))
    except ValidationError as exc:
        if common.my_ballot(vote, person) is not None and not changing:
            # The other click won: one ballot, already counted.
            messages.info(request, _("Ваш голос уже принят. Повторно отправлять его не нужно."))
            return redirect(_url("votes_done", vote))
        questions = list(vote.questions.prefetch_related("choices"))
        return _review(request, vote, ballot, draft, questions, exc.messages, status=400)
    return cast_accepted(request, vote, made, changing=changing)


def cast_accepted(request, vote, made, *, changing: bool = False):
    """What follows a stored ballot: the draft dropped, the thanks, the receipt page. Shared
    with the web cast intake (veche/web/cast_intake.py), which writes casts in batches and must
    answer exactly as this view does."""
    common.draft_drop(request, vote)
    messages.success(request, _("Голос изменён.") if changing else _("Ваш голос принят. "
                                                                      "Спасибо!"))
    response = redirect(_url("votes_done", vote))
    common.receipt_keep(request, response, vote, made)  # shown once: the code is not stored
    return response


@login_required
def ballot_done(request, slug, vote_id):
    vote = access_vote(request.user, request.territory, vote_id)
    person = voter_of(request.user, request.territory)
    if person is None:
        refusal = common.refusal_for(request, vote, person) or common.Refusal(
            "not_resident", _("Квитанции есть только у жителей, которые проголосовали."))
        return render(request, "web/votes/refusal.html", {"vote": vote, "refusal": refusal},
                      status=403)
    ballot = common.my_ballot(vote, person)
    if ballot is None:
        return redirect(_url("votes_detail", vote))
    return render(request, "web/votes/ballot_done.html", {
        "vote": vote, "ballot": ballot,
        "receipt": receipt_code_display(common.receipt_shown(request, vote)),
        "can_change": vote.allow_change and common.accepting(vote),
    })


@login_required
@require_POST
def ballot_restart(request, slug, vote_id):
    """«Изменить голос»: start the screens again from the current ballot."""
    vote, person, ballot, stop = _gate(request, vote_id)
    if stop:
        return stop
    common.draft_drop(request, vote)
    return redirect(_url("votes_ballot", vote))
