"""The seam between the expert council's shortlist (practices app) and the resident vote (votes
app). Capability apps may not import each other, so this assembly-layer module joins them and
both the pages and /api/v1/ use it:

* `shortlist_vote_create` makes a draft ranked vote whose options carry `practice_ref` /
  `initiative_ref` back to the shortlist items, and stores "votes.vote:<id>" on the shortlist;
* `shortlist_vote_outcome` reads that vote back: its status and, once the votes app shows a
  count to staff, each shortlist item's place, points and the expert score it came with.
"""

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from veche.practices.models import Shortlist
from veche.practices.projects.expert import shortlist_for_vote, shortlist_vote_link


def _votes():
    """The votes app's services and selectors, or None when that app is not in this build."""
    try:
        from veche.votes import selectors, services
    except ImportError:
        return None
    return services, selectors


def votes_available() -> bool:
    return _votes() is not None


def vote_id_of(shortlist: Shortlist) -> int | None:
    tail = shortlist.vote_ref.rpartition(":")[2]
    return int(tail) if tail.isdigit() else None


@transaction.atomic
def shortlist_vote_create(*, shortlist: Shortlist, by):
    """A draft ranked vote made from the shortlist, options in list order. Raises
    ValidationError (Russian) when the list already has a vote or votes are not available."""
    found = _votes()
    if found is None:
        raise ValidationError(_("Модуль голосований недоступен."))
    if shortlist.vote_ref:
        raise ValidationError({"vote_ref": [_("Голосование по этому перечню уже создано.")]})
    services, _sel = found
    vote = services.vote_create(
        territory=shortlist.territory, created_by=by, kind="ranked",
        title=_("Рейтинговое голосование: выбор практик и инициатив — %(year)s")
        % {"year": shortlist.project.year},
        description=_("Перечень утверждён экспертным советом: %(d)s") % {
            "d": shortlist.decision[:500]})
    for n, o in enumerate(shortlist_for_vote(shortlist=shortlist), start=1):
        services.option_add(vote=vote, text=o["title"], description=o["description"],
                            practice_ref=o["practice_ref"], initiative_ref=o["initiative_ref"],
                            order=n, changed_by=by)
    shortlist_vote_link(shortlist=shortlist, vote_ref=f"votes.vote:{vote.pk}")
    return vote


def shortlist_vote_outcome(*, shortlist: Shortlist) -> dict | None:
    """None when the shortlist has no vote. Otherwise {"vote_id", "title", "status",
    "status_label", "ballots", "final", "message", "rows"}; rows (empty until a count may be
    shown) follow the residents' ranking: place, title, points, expert score, item key."""
    vote_id, found = vote_id_of(shortlist), _votes()
    if vote_id is None or found is None:
        return None
    _services, selectors = found
    try:
        vote = selectors.vote_get(territory=shortlist.territory, vote_id=vote_id, public=False)
    except ObjectDoesNotExist:
        return {"vote_id": vote_id, "title": "", "status": "deleted",
                "status_label": _("голосование удалено"), "ballots": 0, "final": False,
                "message": _("Голосование по перечню не найдено: оно удалено."), "rows": []}
    out = {"vote_id": vote.pk, "title": vote.title, "status": vote.status,
           "status_label": vote.get_status_display(), "ballots": 0, "final": False,
           "message": "", "rows": []}
    visible, why = selectors.results_visible(vote=vote, staff=True)
    result = selectors.vote_results(vote=vote, staff=True) if visible else None
    if result is None:
        out["message"] = why or _("Подсчёт голосов ещё идёт: обновите страницу чуть позже.")
        return out
    tally = result.get("tally") or {}
    expert = {f"initiative:{o['initiative_ref']}" if o["initiative_ref"]
              else f"practice:{o['practice_ref']}": o for o in shortlist_for_vote(
                  shortlist=shortlist)}
    options = {str(o.pk): o for o in selectors.vote_options(vote=vote)}
    rows = []
    for place, oid in enumerate(tally.get("ranking") or [], start=1):
        option = options.get(str(oid))
        if option is None:
            continue
        key = (f"initiative:{option.initiative_ref}" if option.initiative_ref
               else f"practice:{option.practice_ref}" if option.practice_ref else "")
        rows.append({"place": place, "title": option.text, "key": key,
                     "points": (tally.get("scores") or {}).get(str(oid)),
                     "winner": str(oid) in {str(w) for w in tally.get("winners") or []},
                     "expert_score": (expert.get(key) or {}).get("score")})
    out.update(ballots=tally.get("ballots") or 0, final=bool(result.get("final")), rows=rows)
    return out
