"""Public votes pages: the town's votes, one vote's page, invitation links, the receipt check,
the results and the anonymised ballot files. Nothing here names a voter or an inviter."""

from __future__ import annotations

from django.http import Http404, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from veche.territories.selectors import town_topics
from veche.votes.access import access_invitation, access_vote, voter_of
from veche.votes.kinds import kind_of
from veche.votes.models import VoteStatus
from veche.votes.selectors import (
    ballots_export_csv,
    ballots_export_json,
    receipt_verify,
    results_visible,
    vote_options,
    vote_results,
    votes_public,
)

from . import common, display, results_view

LIST_LIMIT = 100


def votes_list(request, slug):
    qs = votes_public(territory=request.territory)
    # ?topic=<slug>: the votes on one city topic (the topics page links here)
    topic = town_topics(territory=request.territory, only_active=False).filter(
        slug=request.GET.get("topic") or "").first() if request.GET.get("topic") else None
    if topic is not None:
        qs = qs.filter(topic=topic)
    votes = list(qs[:LIST_LIMIT])
    groups = [
        ("open", _("Идёт голосование"), [v for v in votes if v.status == VoteStatus.OPEN]),
        ("soon", _("Скоро"), [v for v in votes if v.status == VoteStatus.PUBLISHED]),
        ("done", _("Завершены"), [v for v in votes
                                   if v.status in (VoteStatus.CLOSED, VoteStatus.RESULTS)]),
    ]
    return render(request, "web/votes/list.html", {"groups": groups, "any": bool(votes),
                                                   "topic": topic})


def vote_detail(request, slug, vote_id):
    vote = access_vote(request.user, request.territory, vote_id)
    common.remember_invitation(request, vote)
    person = voter_of(request.user, request.territory)
    ballot = common.my_ballot(vote, person)
    refusal = common.refusal_for(request, vote, person)
    options = display.decorate(list(vote_options(vote=vote)))
    shown, why = results_visible(vote=vote)
    return render(request, "web/votes/detail.html", {
        "vote": vote, "options": options, "scheme": display.places_scheme(options),
        "ballot": ballot, "refusal": refusal, "rule": display.rule_text(vote),
        "vote_kind": kind_of(vote), "kind_note": kind_of(vote).detail_note(vote),
        "results_shown": shown, "results_why": why,
        "questions_count": vote.questions.count(),
    })


def invitation(request, slug, invitation_code):
    """A short tracked link for posters and messages: /t/<town>/v/<token>/."""
    inv = access_invitation(request.user, request.territory, invitation_code)
    url = reverse("web:votes_detail", args=[request.territory.slug, inv.vote_id])
    return redirect(f"{url}?i={inv.token}")


def receipt_check(request, slug, vote_id):
    """Anyone holding a receipt code sees whether that ballot is stored, in the chain and
    counted. The code comes by POST (CSRF-checked), never in the URL: a URL lands in server and
    proxy logs, and the code shows the ballot's choices to whoever holds it."""
    vote = access_vote(request.user, request.territory, vote_id)
    code = (request.POST.get("code") or "").strip()[:60] if request.method == "POST" else ""
    check = receipt_verify(vote=vote, code=code) if code else None
    return render(request, "web/votes/receipt.html", {"vote": vote, "code": code,
                                                      "check": check},
                  status=400 if check and not check["found"] and code else 200)


def results(request, slug, vote_id):
    vote = access_vote(request.user, request.territory, vote_id)
    shown, why = results_visible(vote=vote)
    result = vote_results(vote=vote) if shown else None
    ctx = {"vote": vote, "shown": shown, "why": why, "result": result}
    if result:
        ctx.update(results_view.build(vote, result, public=True))
    return render(request, "web/votes/results.html", ctx)


def _download_allowed(request, vote) -> None:
    # As in the API: the file (and the final chain head in it) comes with the published
    # results, not with a live count that is still changing.
    if vote.status != VoteStatus.RESULTS:
        raise Http404(_("Файл бюллетеней будет доступен вместе с итогами."))


def ballots_csv(request, slug, vote_id):
    vote = access_vote(request.user, request.territory, vote_id)
    _download_allowed(request, vote)
    response = StreamingHttpResponse(ballots_export_csv(vote=vote),
                                     content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="vote-{vote.pk}-ballots.csv"'
    return response


def ballots_json(request, slug, vote_id):
    vote = access_vote(request.user, request.territory, vote_id)
    _download_allowed(request, vote)
    response = StreamingHttpResponse(ballots_export_json(vote=vote),
                                     content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="vote-{vote.pk}-ballots.json"'
    return response
