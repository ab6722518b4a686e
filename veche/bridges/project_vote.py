"""The expert council's shortlist (practices) becomes a resident vote (votes), and the vote's
count comes back to the shortlist. Votes' options carry `practice_ref` / `initiative_ref`:
plain references to the shortlist's items, never foreign keys across the two apps.

* `shortlist_vote_create` makes a draft ranked vote whose options are the shortlist's items in
  list order, and stores "votes.vote:<id>" on the shortlist;
* `shortlist_vote_outcome` reads that vote back: its status and, once the votes app shows a
  count to staff, each item's place, points and the expert score it came with;
* `shortlist_winners_take` hands the closed vote's winners back to the practices app, which
  scores them again in the secondary expertise (seed 004, stage 5: «оценка практик и
  инициатив, прошедших голосование»).
"""

from __future__ import annotations

from django.apps import apps
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from veche.practices.models import Shortlist
from veche.practices.projects.expert import (
    shortlist_for_vote,
    shortlist_vote_link,
    shortlist_winners_set,
)

VOTE_REF_PREFIX = "votes.vote:"


def votes_available() -> bool:
    """Whether this installation has the votes app (the shortlist page offers the button)."""
    return apps.is_installed("veche.votes")


def _votes():
    """The votes app's services and selectors, imported only when the app is installed."""
    if not votes_available():
        return None
    from veche.votes import selectors, services

    return services, selectors


def vote_id_of(shortlist: Shortlist) -> int | None:
    tail = shortlist.vote_ref.rpartition(":")[2]
    return int(tail) if tail.isdigit() else None


def _item_key(initiative_ref: str, practice_ref: str) -> str:
    if initiative_ref:
        return f"initiative:{initiative_ref}"
    return f"practice:{practice_ref}" if practice_ref else ""


@transaction.atomic
def shortlist_vote_create(*, shortlist: Shortlist, by):
    """A draft ranked vote made from the shortlist, options in list order. Raises
    ValidationError when the list already has a vote or votes are not available."""
    found = _votes()
    if found is None:
        raise ValidationError(_("Модуль голосований недоступен."), code="votes_unavailable")
    if shortlist.vote_ref:
        raise ValidationError({"vote_ref": [ValidationError(
            _("Голосование по этому перечню уже создано."), code="vote_exists")]})
    services, _selectors = found
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
    shortlist_vote_link(shortlist=shortlist, vote_ref=f"{VOTE_REF_PREFIX}{vote.pk}")
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
    expert = {_item_key(o["initiative_ref"], o["practice_ref"]): o
              for o in shortlist_for_vote(shortlist=shortlist)}
    options = {str(o.pk): o for o in selectors.vote_options(vote=vote)}
    winners = {str(w) for w in tally.get("winners") or []}
    rows = []
    for place, oid in enumerate(tally.get("ranking") or [], start=1):
        option = options.get(str(oid))
        if option is None:
            continue
        key = _item_key(option.initiative_ref, option.practice_ref)
        rows.append({"place": place, "title": option.text, "key": key,
                     "points": (tally.get("scores") or {}).get(str(oid)),
                     "winner": str(oid) in winners,
                     "expert_score": (expert.get(key) or {}).get("score")})
    out.update(ballots=tally.get("ballots") or 0, final=bool(result.get("final")), rows=rows)
    return out


def shortlist_vote_summary(*, shortlist: Shortlist) -> dict:
    """As `shortlist_vote_outcome`, with a "none" state (and its message) for a shortlist that
    has no vote yet: the API's answer has the same shape either way."""
    found = shortlist_vote_outcome(shortlist=shortlist)
    if found is not None:
        return found
    return {"vote_id": None, "title": "", "status": "none",
            "status_label": _("голосование не создано"), "ballots": 0, "final": False,
            "message": _("Голосование по перечню ещё не создано."), "rows": []}


@transaction.atomic
def shortlist_winners_take(*, shortlist: Shortlist, top: int | None = None) -> list[str]:
    """The items that won the closed vote, marked on the shortlist for the secondary
    expertise: the count's winners, or the first `top` places of the residents' ranking (a
    ranked vote names one winner; the council may take more of the rating on). Refused while
    the count is not final."""
    outcome = shortlist_vote_outcome(shortlist=shortlist)
    if outcome is None or not outcome["final"] or not outcome["rows"]:
        raise ValidationError({"vote_ref": ValidationError(
            _("Итоги голосования по перечню ещё не окончательные: закройте голосование и "
              "дождитесь подсчёта."), code="vote_not_final")})
    if top is not None and (isinstance(top, bool) or not isinstance(top, int) or top < 1):
        raise ValidationError({"top": ValidationError(
            _("Сколько мест рейтинга принять: целое число от 1."), code="top_invalid")})
    rows = outcome["rows"]
    keys = ([r["key"] for r in rows[:top]] if top else [r["key"] for r in rows if r["winner"]])
    shortlist_winners_set(shortlist=shortlist, keys=[k for k in keys if k])
    return keys
