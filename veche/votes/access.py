"""Who may do what with votes, and the one way to fetch a vote (or its option, abuse flag, count,
invitation) by the id in a URL. The web pages, the API and the demo call these; each refuses the
same way everywhere: `Http404` for what the caller may not see or what is not in this town (a
draft, a template, another town's vote, a malformed id all look like a vote that is not there),
`PermissionDenied` for a role the caller lacks. The second factor is checked where a request
enters (veche.accounts.contract)."""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext as _

from veche.accounts.access import require_roles
from veche.accounts.contract import OFFICE, object_pk, one_or_404
from veche.accounts.models import Role, User
from veche.registry.models import Person
from veche.territories.models import Territory

from .models import AbuseFlag, Invitation, Option, Vote, VoteTally
from .selectors import PUBLIC_STATUSES

# Staff and the head of town create and run votes; moderators read the office pages and review
# abuse flags; everyone sees published votes.
MANAGE = OFFICE
MODERATE = frozenset({Role.MODERATOR})
SEE = MANAGE | MODERATE



def _check_roles(user: User, town: Territory, manage: bool, see: bool) -> None:
    if manage:
        require_roles(user, town, MANAGE)
    elif see:
        require_roles(user, town, SEE)


def vote_of_town(town: Territory, vote_id) -> int:
    """The id of a vote of `town` (any status), or Http404: for the API's auth step, which
    answers 404 for another town's vote before the request body is read."""
    pk = object_pk(vote_id, _("Нет такого голосования в этом городе."))
    if not Vote.objects.filter(pk=pk, territory=town).exists():
        raise Http404(_("Нет такого голосования в этом городе."))
    return pk


def access_vote(user: User, town: Territory, vote_id, *, manage: bool = False,
                see: bool = False) -> Vote:
    """A vote of `town`. By default one residents may see (published and later, not a
    template: anyone may read it, an anonymous visitor too); `see=True`: any vote, for the
    office's readers (SEE); `manage=True`: any vote, for those who run votes (MANAGE)."""
    _check_roles(user, town, manage, see)
    qs = Vote.objects.filter(territory=town,
                             pk=object_pk(vote_id, _("Нет такого голосования в этом городе.")))
    if manage or see:
        qs = qs.select_related("topic", "template", "building")
    else:
        qs = qs.filter(status__in=PUBLIC_STATUSES, is_template=False).select_related(
            "topic", "building")
    vote = qs.first()
    if vote is None:
        raise Http404(_("Нет такого голосования в этом городе."))
    return vote


def access_option(user: User, town: Territory, vote_id, option_id) -> Option:
    """An option of a vote, for those who run votes."""
    vote = access_vote(user, town, vote_id, manage=True)
    message = _("У этого голосования нет такого варианта.")
    option = one_or_404(Option.objects.filter(vote=vote), option_id, message)
    option.vote = vote
    return option


def access_abuse_flag(user: User, town: Territory, vote_id, flag_id, *,
                      manage: bool = False) -> AbuseFlag:
    """An abuse flag of a vote: moderators review them (SEE), or MANAGE when asked."""
    vote = access_vote(user, town, vote_id, manage=manage, see=True)
    message = _("Такой отметки нет.")
    flag = one_or_404(AbuseFlag.objects.filter(vote=vote), flag_id, message)
    flag.vote = vote
    return flag


def access_tally(user: User, town: Territory, vote_id, tally_id, *,
                 manage: bool = False) -> VoteTally:
    """A count of a vote (its progress and result), for the office's readers."""
    vote = access_vote(user, town, vote_id, manage=manage, see=True)
    message = _("Такого подсчёта нет.")
    row = one_or_404(VoteTally.objects.filter(vote=vote), tally_id, message)
    row.vote = vote
    return row


def access_invitation(user: User, town: Territory, token: str) -> Invitation:
    """A tracked link's invitation, when its vote is one residents may see."""
    inv = (Invitation.objects.filter(territory=town, token=str(token)[:32])
           .select_related("vote").first())
    if inv is None or inv.vote.status not in PUBLIC_STATUSES or inv.vote.is_template:
        raise Http404(_("Ссылка-приглашение не найдена. Откройте список голосований города."))
    return inv


def voter_of(user: User, town: Territory) -> Person | None:
    """The registry person through whom `user` votes in `town` (None: not a resident there)."""
    if not user.is_authenticated:
        return None
    return Person.objects.filter(territory=town, user=user, is_erased=False).first()
