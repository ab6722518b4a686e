"""Expert evaluation pages. Experts (role «эксперт» in the town): the items to score, a score
form per item with the conflict-of-interest declaration. Staff: the criteria weights, the
aggregated scores with their spread, the council's shortlist, and the resident vote made from
it (veche.bridges.project_vote joins the practices and votes apps, which do not import each
other)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from veche.bridges.project_vote import (
    shortlist_vote_create,
    shortlist_vote_outcome,
    shortlist_winners_take,
    votes_available,
)
from veche.practices import access
from veche.practices.models import ConflictDeclaration, ExpertRound, ExpertScore
from veche.practices.projects.expert import (
    aggregate_scores,
    conflict_declare,
    expert_score_set,
    shortlist_approve,
    shortlist_for_vote,
    vote_winners,
)
from veche.practices.projects.selectors import (
    practices_by_ids,
    published_practices_elsewhere,
    scoring_items,
    shortlists_of,
)
from veche.practices.projects.services import DEFAULT_WEIGHTS, project_weights_set

from .common import (
    current_project,
    expert_required,
    project_or_404,
    run_service,
    staff_required,
)
from .forms import ConflictForm, ScoreForm, ShortlistForm, WeightsForm


@expert_required
def expert_home(request, slug):
    project = current_project(request)
    items, mine, conflicts, second = [], {}, set(), []
    if project is not None:
        items = scoring_items(project=project)
        for s in ExpertScore.objects.filter(project=project, expert=request.user):
            mine[(s.round, f"initiative:{s.initiative_id}" if s.initiative_id
                  else f"practice:{s.practice_id}")] = s
        for i, p in ConflictDeclaration.objects.filter(project=project, expert=request.user) \
                .values_list("initiative_id", "practice_id"):
            conflicts.add(f"initiative:{i}" if i else f"practice:{p}")
    winners = vote_winners(project=project) if project is not None else set()
    for item in items:
        item["mine"] = mine.get((ExpertRound.PRIMARY, item["key"]))
        item["conflict"] = item["key"] in conflicts
        if item["key"] in winners:
            second.append({**item, "mine": mine.get((ExpertRound.SECONDARY, item["key"]))})
    return render(request, "web/projects/expert_home.html", {
        "project": project, "items": items, "second": second, "total": len(items),
        "done": sum(1 for i in items if i["mine"])})


def _score_page(request, project, item: dict, *, initiative=None, practice=None):
    action = request.POST.get("action") if request.method == "POST" else None
    # ?round=2: the secondary expertise of the vote's winners (seed 004, stage 5).
    expert_round = (ExpertRound.SECONDARY if "2" in (request.GET.get("round"),
                                                     request.POST.get("round"))
                    else ExpertRound.PRIMARY)
    existing = ExpertScore.objects.filter(
        project=project, expert=request.user, round=expert_round,
        **({"initiative": initiative} if initiative else {"practice": practice})).first()
    initial = ({f: getattr(existing, f) for f in ("effect", "resources", "timeframe", "fit",
                                                  "comment")} if existing else None)
    score_form = ScoreForm(request.POST if action == "score" else None, initial=initial)
    conflict_form = ConflictForm(request.POST if action == "conflict" else None)
    if action == "score":
        done = run_service(request, score_form, lambda d: expert_score_set(
            project=project, expert=request.user, initiative=initiative, practice=practice,
            effect=d["effect"], resources=d["resources"], timeframe=d["timeframe"],
            fit=d["fit"], comment=d["comment"], expert_round=expert_round),
            _("Оценка сохранена."), "web:projects_expert")
        if done:
            return done
    elif action == "conflict":
        done = run_service(request, conflict_form, lambda d: conflict_declare(
            project=project, expert=request.user, initiative=initiative, practice=practice,
            reason=d["reason"]),
            _("Конфликт интересов записан: этот пункт вы не оцениваете."), "web:projects_expert")
        if done:
            return done
    conflict = ConflictDeclaration.objects.filter(
        project=project, expert=request.user,
        **({"initiative": initiative} if initiative else {"practice": practice})).first()
    return render(request, "web/projects/expert_score.html", {
        "project": project, "item": item, "form": score_form, "conflict_form": conflict_form,
        "conflict": conflict, "existing": existing, "expert_round": expert_round,
        "secondary": expert_round == ExpertRound.SECONDARY,
    }, status=400 if score_form.errors or conflict_form.errors else 200)


@expert_required
def expert_initiative(request, slug, initiative_id):
    project = project_or_404(request, expert=True)
    item = access.access_expertise_item(request.user, request.territory,
                                        f"initiative:{initiative_id}", project=project)
    return _score_page(request, project, item, initiative=item["obj"])


@expert_required
def expert_practice(request, slug, practice_id):
    project = project_or_404(request, expert=True)
    item = access.access_expertise_item(request.user, request.territory,
                                        f"practice:{practice_id}", project=project)
    return _score_page(request, project, item, practice=item["obj"])


@staff_required
def expertise(request, slug):
    """Weights, aggregated scores with spread, external practices to add, shortlist."""
    project = project_or_404(request)
    items = scoring_items(project=project)
    agg = aggregate_scores(project=project)
    for item in items:
        item["agg"] = agg.get(item["key"])
    items.sort(key=lambda i: -((i["agg"] or {}).get("mean") or 0))
    action = request.POST.get("action") if request.method == "POST" else None
    weights = {**DEFAULT_WEIGHTS, **(project.weights or {})}
    weights_form = WeightsForm(request.POST if action == "weights" else None, initial=weights)
    shortlist_form = ShortlistForm(request.POST if action == "shortlist" else None,
                                   items=[(i["key"], i["title"]) for i in items])
    if action == "weights":
        done = run_service(request, weights_form, lambda d: project_weights_set(
            project=project, weights=d), _("Веса критериев сохранены."), "web:projects_expertise")
        if done:
            return done
    elif action == "shortlist":
        done = run_service(request, shortlist_form, lambda d: shortlist_approve(
            project=project, items=d["items"], decision=d["decision"], by=request.user),
            _("Перечень для голосования утверждён."), "web:projects_expertise")
        if done:
            return done
    elif action == "candidate":
        pk = request.POST.get("practice", "")
        found = practices_by_ids([int(pk)]) if pk.isdigit() else {}
        if found:
            project.candidates.add(*found.values())
            messages.success(request, _("Практика вынесена на экспертизу."))
            return redirect("web:projects_expertise", slug=slug)
        messages.error(request, _("Выберите опубликованную практику из банка."))
    return render(request, "web/projects/expertise.html", {
        "project": project, "items": items, "weights": weights, "weights_form": weights_form,
        "shortlist_form": shortlist_form, "shortlists": shortlists_of(project=project),
        "external": published_practices_elsewhere(territory=request.territory)[:200],
    }, status=400 if weights_form.errors or shortlist_form.errors else 200)


@staff_required
def shortlist(request, slug, shortlist_id):
    sl = access.access_shortlist(request.user, request.territory, shortlist_id)
    return render(request, "web/projects/shortlist.html", {
        "shortlist": sl, "options": shortlist_for_vote(shortlist=sl),
        "outcome": shortlist_vote_outcome(shortlist=sl), "votes_ready": votes_available(),
    })


@staff_required
@require_POST
def shortlist_vote(request, slug, shortlist_id):
    """«Создать голосование жителей по перечню»: a draft rating vote whose options carry the
    practice or initiative they came from (through veche.bridges.project_vote)."""
    sl = access.access_shortlist(request.user, request.territory, shortlist_id)
    try:
        vote = shortlist_vote_create(shortlist=sl, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("web:projects_shortlist", slug=slug, shortlist_id=sl.pk)
    messages.success(request, _("Черновик голосования создан: проверьте настройки и "
                                "опубликуйте его."))
    return redirect("web:votes_office_vote", slug=slug, vote_id=vote.pk)


@staff_required
@require_POST
def shortlist_winners(request, slug, shortlist_id):
    """Take the closed vote's winners (or the first N places) for the secondary expertise of
    stage 5 (through veche.bridges.project_vote)."""
    sl = access.access_shortlist(request.user, request.territory, shortlist_id)
    raw = request.POST.get("top", "").strip()
    try:
        keys = shortlist_winners_take(shortlist=sl, top=int(raw) if raw.isdigit() else None)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Победители приняты на вторичную экспертизу: %(n)s.")
                         % {"n": len(keys)})
    return redirect("web:projects_shortlist", slug=slug, shortlist_id=sl.pk)
