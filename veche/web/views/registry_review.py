"""The review queue of doubtful pairs and merges with their undo, in the back office (issue 18).

Staff and the head only, past the second factor (PERSONAL_DATA_ROLES). Looking at a pair opens
two persons' data, so both openings go to the access log first (152-FZ), as a card does."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from veche.registry.merges import access_merge, merge_undo
from veche.registry.models import PersonFact, ReviewCandidate
from veche.registry.review import (
    access_candidate,
    candidate_decide,
    candidate_next,
    candidates_counts,
    candidates_queue,
)
from veche.registry.services import person_card_open

from .cabinet import client_ip
from .office import personal_data_required

QUEUE_PAGE = 50
Status = ReviewCandidate.Status
# The fields of a person shown side by side, with their labels.
SHOWN = ("surname", "given_name", "patronymic", "birth_date", "phone", "email")


@personal_data_required
def review_queue(request, slug):
    t = request.territory
    status = request.GET.get("status", Status.OPEN)
    if status not in Status.values:
        status = Status.OPEN
    page = Paginator(candidates_queue(territory=t, status=status), QUEUE_PAGE).get_page(
        request.GET.get("page"))
    return render(request, "web/registry/review_queue.html", {
        "page": page, "status": status, "counts": candidates_counts(territory=t),
        "statuses": Status.choices,
    })


def _side(person, row=None) -> dict:
    """One side of the pair: its fields and the lists it came from."""
    if person is None:  # an import row that is nobody yet
        raw = row.raw if row is not None and isinstance(row.raw, dict) else {}
        return {"person": None, "fields": [(str(k), v) for k, v in raw.items()],
                "sources": [row.list_import.source_list.name] if row is not None else []}
    sources = sorted(set(PersonFact.objects.filter(person=person, source_list__isnull=False)
                         .values_list("source_list__name", flat=True)))
    labels = {f: person._meta.get_field(f).verbose_name for f in SHOWN}
    return {"person": person, "sources": sources,
            "fields": [(labels[f], getattr(person, f) or "—") for f in SHOWN]}


@personal_data_required
def review_candidate(request, slug, candidate_id):
    t = request.territory
    candidate = access_candidate(request.user, t, candidate_id)
    if request.method == "POST":
        try:
            candidate_decide(candidate=candidate, same=request.POST.get("same") == "1",
                             by=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Решение записано: %(decision)s.") % {
                "decision": Status(Status.SAME if request.POST.get("same") == "1"
                                   else Status.DIFFERENT).label})
            following = candidate_next(territory=t, after=candidate)
            if following is not None:
                return redirect("web:registry_review_candidate", slug=t.slug,
                                candidate_id=following.pk)
        return redirect("web:registry_review", slug=t.slug)
    row = candidate.import_row
    other = candidate.other or (row.person if row is not None and row.person_id else None)
    for person in filter(None, (candidate.person, other)):
        person_card_open(person=person, viewer=request.user, ip=client_ip(request),
                         purpose=_("проверка дублей"))
    total = sum(e.get("weight", 0) for e in candidate.evidence)
    return render(request, "web/registry/review_candidate.html", {
        "candidate": candidate, "left": _side(candidate.person), "right": _side(other, row),
        "row": row, "evidence": candidate.evidence, "total": total,
        "percent": round(candidate.score * 100),
        "next": candidate_next(territory=t, after=candidate),
    })


@require_POST
@personal_data_required
def merge_undo_view(request, slug, merge_id):
    t = request.territory
    merge = access_merge(request.user, t, merge_id)
    try:
        merge_undo(merge=merge, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("web:office_person", slug=t.slug, person_id=merge.survivor_id)
    messages.success(request, _("Объединение отменено: это снова две записи, и пара записана "
                                "как «разные люди»."))
    return redirect("web:office_person", slug=t.slug, person_id=merge.absorbed_id)
