"""Staff pages of votes: the list, creating and editing a vote, its options and survey
questions. Writes go through veche.votes.services; their messages land on the fields. Who may
do what, and the vote or option of a URL, are veche.votes.access's: MANAGE (staff and head) run
votes, SEE (moderators too) read the office pages and review the abuse flags (office_run)."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from veche.accounts.access import role_required
from veche.votes import access
from veche.votes.access import access_option, access_vote
from veche.votes.kinds import kind_of
from veche.votes.lifecycle import vote_actions_open
from veche.votes.models import VoteStatus
from veche.votes.selectors import tally_latest, vote_options, vote_questions, votes_staff
from veche.votes.services.votes import (
    option_add,
    option_delete,
    option_update,
    question_add,
    vote_create,
    vote_update,
)

from ...forms import attach_errors
from .forms import OptionForm, QuestionForm, VoteForm

manage_required = role_required(access.MANAGE)
see_required = role_required(access.SEE)
STATUS_ORDER = [VoteStatus.DRAFT, VoteStatus.PUBLISHED, VoteStatus.OPEN, VoteStatus.CLOSED,
                VoteStatus.RESULTS]
OFFICE_LIST = 200


def can_manage(request) -> bool:
    return bool(access.MANAGE & set(getattr(request, "town_roles", ())))


@see_required
def office_list(request, slug):
    status = request.GET.get("status") or None
    if status not in VoteStatus.values:
        status = None
    votes = list(votes_staff(territory=request.territory, status=status)
                 .annotate(n_ballots=Count("ballots", filter=Q(ballots__is_current=True),
                                           distinct=True),
                           n_flags=Count("abuse_flags", filter=Q(abuse_flags__status="open"),
                                         distinct=True))[:OFFICE_LIST])
    return render(request, "web/votes/office/list.html", {
        "votes": votes, "status": status, "statuses": VoteStatus.choices,
        "can_manage": can_manage(request)})


@manage_required
def vote_new(request, slug):
    t = request.territory
    form = VoteForm(request.POST if request.method == "POST" else None, territory=t)
    if request.method == "POST" and form.is_valid():
        try:
            settings = form.settings()
            title = settings.pop("title") or ""
            vote = vote_create(territory=t, title=title, created_by=request.user, **settings)
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("Черновик «%(t)s» создан. Добавьте варианты.") % {
                "t": vote.title})
            return redirect("web:votes_office_options", slug=t.slug, vote_id=vote.pk)
    return render(request, "web/votes/office/edit.html", {"form": form, "vote": None},
                  status=400 if form.errors else 200)


@see_required
def vote_manage(request, slug, vote_id):
    vote = access_vote(request.user, request.territory, vote_id, see=True)
    ballots = vote.ballots.filter(is_current=True).count()
    return render(request, "web/votes/office/vote.html", {
        "vote": vote, "options": list(vote_options(vote=vote)),
        "questions": list(vote_questions(vote=vote)), "ballots": ballots,
        "open_flags": vote.abuse_flags.filter(status="open").count(),
        "changes": vote.settings_changes.count(),
        "steps": [(s, VoteStatus(s).label) for s in STATUS_ORDER],
        "tally": tally_latest(vote=vote), "can_manage": can_manage(request),
        "actions": vote_actions_open(vote), "kind_summary": kind_of(vote).settings_summary(vote),
        "options_editable": vote.status in (VoteStatus.DRAFT, VoteStatus.PUBLISHED),
    })


def _same_minute(old, new) -> bool:
    """The form shows times to the minute: a time set to the second (by the API, a template)
    sent back untouched must not move the close by seconds nor log a change nobody made."""
    return (isinstance(old, dt.datetime) and isinstance(new, dt.datetime)
            and old.replace(second=0, microsecond=0) == new.replace(second=0, microsecond=0))


@manage_required
def vote_edit(request, slug, vote_id):
    t = request.territory
    vote = access_vote(request.user, request.territory, vote_id, manage=True)
    current = {k: getattr(vote, k) for k in VoteForm.SETTINGS}
    if request.method == "POST":
        form = VoteForm(request.POST, territory=t)
        if form.is_valid():
            try:
                settings = {k: v for k, v in form.settings().items()
                            if not _same_minute(current[k], v)}
                vote_update(vote=vote, changed_by=request.user,
                            reason=form.cleaned_data.get("reason") or "", **settings)
            except ValidationError as exc:
                attach_errors(form, exc)
                vote.refresh_from_db()
            else:
                messages.success(request, _("Настройки сохранены."))
                return redirect("web:votes_office_vote", slug=t.slug, vote_id=vote.pk)
    else:
        form = VoteForm(initial=current, territory=t)
    return render(request, "web/votes/office/edit.html", {"form": form, "vote": vote},
                  status=400 if form.errors else 200)


@manage_required
def options(request, slug, vote_id):
    t = request.territory
    vote = access_vote(request.user, request.territory, vote_id, manage=True)
    form = OptionForm(request.POST or None, request.FILES or None, territory=t)
    if request.method == "POST" and form.is_valid():
        try:
            option = option_add(vote=vote, text=form.cleaned_data.get("text") or "",
                                changed_by=request.user, **form.fields_for_service())
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("Вариант «%(t)s» добавлен.") % {"t": option.text})
            return redirect("web:votes_office_options", slug=t.slug, vote_id=vote.pk)
    return render(request, "web/votes/office/options.html", {
        "vote": vote, "form": form, "options": list(vote_options(vote=vote)),
        "editable": vote.status in (VoteStatus.DRAFT, VoteStatus.PUBLISHED),
    }, status=400 if form.errors else 200)


@manage_required
def option_edit(request, slug, vote_id, option_id):
    t = request.territory
    option = access_option(request.user, t, vote_id, option_id)
    vote = option.vote
    if request.method == "POST" and request.POST.get("delete") == "1":
        try:
            option_delete(option=option, changed_by=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Вариант «%(t)s» удалён.") % {"t": option.text})
        return redirect("web:votes_office_options", slug=t.slug, vote_id=vote.pk)
    if request.method == "POST":
        form = OptionForm(request.POST, request.FILES, territory=t)
        if form.is_valid():
            try:
                option_update(option=option, changed_by=request.user,
                              text=" ".join((form.cleaned_data.get("text") or "").split())
                              or option.text, **form.fields_for_service())
            except ValidationError as exc:
                attach_errors(form, exc)
            else:
                messages.success(request, _("Вариант сохранён."))
                return redirect("web:votes_office_options", slug=t.slug, vote_id=vote.pk)
    else:
        form = OptionForm(initial={f: getattr(option, f) for f in (
            "text", "description", "cost", "latitude", "longitude", "topic", "practice_ref",
            "initiative_ref")}, territory=t)
    return render(request, "web/votes/office/option.html", {
        "vote": vote, "option": option, "form": form,
        "editable": vote.status in (VoteStatus.DRAFT, VoteStatus.PUBLISHED),
    }, status=400 if form.errors else 200)


@manage_required
def questions(request, slug, vote_id):
    t = request.territory
    vote = access_vote(request.user, request.territory, vote_id, manage=True)
    form = QuestionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            q = question_add(vote=vote, text=form.cleaned_data.get("text") or "",
                             kind=form.cleaned_data["kind"], choices=form.choice_list(),
                             required=form.cleaned_data.get("required", False),
                             changed_by=request.user)
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("Вопрос «%(t)s» добавлен.") % {"t": q.text})
            return redirect("web:votes_office_questions", slug=t.slug, vote_id=vote.pk)
    return render(request, "web/votes/office/questions.html", {
        "vote": vote, "form": form, "questions": list(vote_questions(vote=vote)),
        "editable": vote.status in (VoteStatus.DRAFT, VoteStatus.PUBLISHED),
    }, status=400 if form.errors else 200)
