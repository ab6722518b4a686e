"""Staff pages that run a vote: the steps of its lifecycle (votes.lifecycle, with a confirmation
screen), the next month's vote from a template, paper ballots, abuse flags, the settings log,
invitations and the background count (htmx polls its progress)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from veche.accounts.links import site_url
from veche.registry.models import Person
from veche.registry.selectors import persons_search
from veche.votes.access import access_abuse_flag, access_vote
from veche.votes.lifecycle import VOTE_LIFECYCLE, vote_action
from veche.votes.models import (
    AbuseFlag,
    Ballot,
    BallotChannel,
    Invitation,
    Participation,
    VoteStatus,
    VoteTally,
)
from veche.votes.selectors import (
    tally_latest,
    vote_abuse_flags,
    vote_options,
    vote_questions,
    vote_results,
    vote_settings_changes,
)
from veche.votes.services.abuse import abuse_flag_review
from veche.votes.services.ballots import paper_ballot_enter
from veche.votes.services.tallies import tally_start
from veche.votes.services.votes import invitation_create, vote_from_template

from ...forms import attach_errors
from . import display, results_view
from .forms import FlagReviewForm, InvitationForm, NextMonthForm
from .office import manage_required, see_required
from .paper import paper_answers, paper_context


@manage_required
def transition(request, slug, vote_id):
    """A step of the vote's lifecycle (votes.lifecycle): a confirmation screen, then the step."""
    vote = access_vote(request.user, request.territory, vote_id, manage=True)
    action = request.POST.get("action") or request.GET.get("action") or ""
    step = VOTE_LIFECYCLE.step(action)
    back = reverse("web:votes_office_vote", args=[request.territory.slug, vote.pk])
    if request.method == "POST" and request.POST.get("confirm") == "1":
        try:
            vote_action(action, vote, by=request.user, roles=request.town_roles)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, step.done or _("Сделано."))
        return redirect(back)
    return render(request, "web/votes/office/confirm.html", {
        "vote": vote, "action": step.action, "label": step.label, "effect": step.effect,
        "allowed": step in VOTE_LIFECYCLE.allowed(vote),
        "ballots": Ballot.objects.filter(vote=vote, is_current=True).count(),
    })


@manage_required
def next_month(request, slug, vote_id):
    vote = access_vote(request.user, request.territory, vote_id, manage=True)
    form = NextMonthForm(request.POST or None, initial={"period": NextMonthForm.next_month()})
    if request.method == "POST" and form.is_valid():
        try:
            made = vote_from_template(template=vote, period=form.cleaned_data["period"],
                                      created_by=request.user, publish=False)
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("Голосование «%(t)s» готово как черновик: проверьте и "
                                        "опубликуйте.") % {"t": made.title})
            return redirect("web:votes_office_vote", slug=request.territory.slug,
                            vote_id=made.pk)
    return render(request, "web/votes/office/next_month.html", {
        "vote": vote, "form": form, "instances": list(vote.instances.order_by("-period")[:12]),
    }, status=400 if form.errors else 200)


@manage_required
def paper(request, slug, vote_id):
    """Paper ballots collected at events: number, voter from the registry, answers. The core
    refuses a second ballot of the same person (online or paper) and a repeated number."""
    vote = access_vote(request.user, request.territory, vote_id, manage=True)
    options = display.decorate(list(vote_options(vote=vote)))
    questions = list(vote_questions(vote=vote))
    errors: dict[str, list[str]] = {}
    person = None
    if request.method == "POST":
        number = (request.POST.get("number") or "").strip()
        pid = request.POST.get("person") or ""
        person = (Person.objects.filter(territory=request.territory, pk=int(pid),
                                        is_erased=False).first() if pid.isdigit() else None)
        if person is None:
            errors["person"] = [_("Найдите жителя в реестре и выберите его.")]
        answers, answer_errors = paper_answers(vote, options, questions, request.POST)
        if answer_errors:
            errors["answers"] = answer_errors
        if not errors:
            try:
                paper_ballot_enter(vote=vote, person=person, number=number, answers=answers,
                                   entered_by=request.user)
            except ValidationError as exc:
                if hasattr(exc, "error_dict"):
                    for key, msgs in exc.message_dict.items():
                        errors.setdefault(key if key == "number" else "answers", []).extend(msgs)
                else:
                    errors.setdefault("answers", []).extend(exc.messages)
            else:
                messages.success(request, _("Бумажный бюллетень № %(n)s внесён (%(p)s).") % {
                    "n": number, "p": person.full_name})
                return redirect("web:votes_office_paper", slug=request.territory.slug,
                                vote_id=vote.pk)
    # Who voted on paper, recently (the participations); the numbers with the choices are on
    # the ballots, which say nothing of the voter (docs/votes.md «Who voted and what was voted»).
    entered = (Participation.objects.filter(vote=vote, channel=BallotChannel.PAPER)
               .select_related("person").order_by("-id")[:20])
    ctx = paper_context(vote, options, questions, request.POST if errors else None)
    ctx.update({"vote": vote, "errors": errors, "person": person, "entered": list(entered),
                "accepting": vote.status in (VoteStatus.OPEN, VoteStatus.CLOSED),
                "number": request.POST.get("number", "") if errors else ""})
    return render(request, "web/votes/office/paper.html", ctx, status=400 if errors else 200)


@manage_required
def paper_people(request, slug, vote_id):
    """The registry search of the paper form (htmx): ten matches with birth year and district,
    and whether each already has a ballot here."""
    vote = access_vote(request.user, request.territory, vote_id, manage=True)
    q = (request.GET.get("q") or "").strip()[:100]
    people = list(persons_search(territory=request.territory, q=q)[:10]) if len(q) >= 2 else []
    voted = set(Participation.objects.filter(vote=vote, person__in=[p.pk for p in people])
                .values_list("person_id", flat=True))
    for p in people:
        p.has_voted = p.pk in voted
    return render(request, "web/votes/office/paper_people.html",
                  {"vote": vote, "people": people, "q": q})


@see_required
def flags(request, slug, vote_id):
    vote = access_vote(request.user, request.territory, vote_id, see=True)
    status = request.GET.get("status") or None
    if status not in AbuseFlag.Status.values:
        status = None
    return render(request, "web/votes/office/flags.html", {
        "vote": vote, "flags": list(vote_abuse_flags(vote=vote, status=status)
                                    .select_related("reviewed_by")[:200]),
        "status": status, "statuses": AbuseFlag.Status.choices, "form": FlagReviewForm(),
    })


@see_required
@require_POST
def flag_review(request, slug, vote_id, abuse_flag_id):
    flag = access_abuse_flag(request.user, request.territory, vote_id, abuse_flag_id)
    vote = flag.vote
    form = FlagReviewForm(request.POST)
    if form.is_valid():
        try:
            abuse_flag_review(flag=flag, status=form.cleaned_data["status"], by=request.user,
                              note=form.cleaned_data.get("note") or "")
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("Решение по отметке сохранено."))
            return redirect("web:votes_office_flags", slug=request.territory.slug,
                            vote_id=vote.pk)
    return render(request, "web/votes/office/flags.html", {
        "vote": vote, "flags": list(vote_abuse_flags(vote=vote)[:200]), "status": None,
        "statuses": AbuseFlag.Status.choices, "form": form, "form_flag": flag,
    }, status=400)


@see_required
def settings_log(request, slug, vote_id):
    vote = access_vote(request.user, request.territory, vote_id, see=True)
    page = Paginator(vote_settings_changes(vote=vote), 100).get_page(request.GET.get("page"))
    return render(request, "web/votes/office/log.html", {
        "vote": vote, "page": page, "rows": display.log_rows(page)})


@manage_required
def invitations(request, slug, vote_id):
    vote = access_vote(request.user, request.territory, vote_id, manage=True)
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            inv = invitation_create(vote=vote, channel=form.cleaned_data["channel"],
                                    campaign=form.cleaned_data.get("campaign") or "",
                                    inviter_name=form.cleaned_data.get("inviter_name") or "")
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("Ссылка создана: %(u)s") % {"u": site_url(
                reverse("web:votes_invitation", args=[request.territory.slug, inv.token]))})
            return redirect("web:votes_office_invitations", slug=request.territory.slug,
                            vote_id=vote.pk)
    rows = list(Invitation.objects.filter(vote=vote)
                .annotate(n=Count("participations")))
    for inv in rows:
        inv.url = site_url(
            reverse("web:votes_invitation", args=[request.territory.slug, inv.token]))
    by_channel: dict[str, int] = {}
    for inv in rows:
        label = inv.get_channel_display()
        by_channel[label] = by_channel.get(label, 0) + inv.n
    return render(request, "web/votes/office/invitations.html", {
        "vote": vote, "form": form, "rows": rows,
        "by_channel": sorted(by_channel.items(), key=lambda kv: -kv[1]),
    }, status=400 if form.errors else 200)


@see_required
def tally(request, slug, vote_id):
    """GET: the latest count's progress (an htmx fragment polls it while it runs).
    POST: start a new count in the background."""
    vote = access_vote(request.user, request.territory, vote_id, see=True)
    if request.method == "POST":
        if not VoteTally.objects.filter(vote=vote, status__in=("queued", "running")).exists():
            tally_start(vote=vote)
        if not request.htmx:
            messages.success(request, _("Подсчёт запущен."))
            return redirect("web:votes_office_vote", slug=request.territory.slug,
                            vote_id=vote.pk)
    return render(request, "web/votes/office/tally.html",
                  {"vote": vote, "tally": tally_latest(vote=vote)})


@see_required
def staff_results(request, slug, vote_id):
    vote = access_vote(request.user, request.territory, vote_id, see=True)
    result = vote_results(vote=vote, staff=True)
    ctx = {"vote": vote, "result": result, "shown": result is not None,
           "why": _("Голосование ещё не началось или подсчёт не закончен.")}
    if result:
        ctx.update(results_view.build(vote, result, public=False))
    return render(request, "web/votes/office/results.html", ctx)
