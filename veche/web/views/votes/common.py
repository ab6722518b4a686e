"""What the votes pages share: why a visitor may not vote, the ballot being filled in (kept in the
session between screens) and the invitation token that brought them. The vote itself and the
visitor's registry person come from veche.votes.access (`access_vote`, `voter_of`), as in the
API.

Thin helpers only: every write goes through veche.votes.services; eligibility rules are the
core's (`eligibility_problem`), here they are only sorted into kinds so the page can offer the
right next step (log in, join the town, confirm identity).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from veche.registry.models import Person, VerificationLevel
from veche.votes.kinds import kind_of
from veche.votes.models import Ballot, Participation, Vote, VoteStatus
from veche.votes.selectors import ballot_of, participation_of
from veche.votes.validation import age_on, eligibility_problem

DRAFT_KEY = "votes:draft:{}"
INVITE_KEY = "votes:invite:{}"
RECEIPT_COOKIE = "veche_receipt_{}"
RECEIPT_SALT = "veche.votes.receipt"
RECEIPT_SECONDS = 15 * 60


def my_ballot(vote: Vote, person: Person | None) -> Ballot | Participation | None:
    """What shows that this person voted: their ballot where the vote allows a change (it must
    be found to be replaced), else their participation — who voted, not what (the server cannot
    find the ballot of a person in such a vote)."""
    if person is None:
        return None
    return ballot_of(vote=vote, person=person) or participation_of(vote=vote, person=person)


def receipt_keep(request, response, vote: Vote, ballot: Ballot) -> None:
    """Carry the new receipt code to the «done» page in a short-lived signed cookie sent only to
    that page: never in a URL (it would land in server logs), never in the session or any table
    (the code is stored nowhere; a row holding it beside the voter would link them to the
    ballot)."""
    response.set_signed_cookie(
        RECEIPT_COOKIE.format(vote.pk), ballot.receipt_code, salt=RECEIPT_SALT,
        max_age=RECEIPT_SECONDS, httponly=True, secure=request.is_secure(), samesite="Lax",
        path=reverse("web:votes_done", args=[request.territory.slug, vote.pk]))


def receipt_shown(request, vote: Vote) -> str:
    """The receipt code kept by `receipt_keep`, or "" once the cookie is gone."""
    return request.get_signed_cookie(RECEIPT_COOKIE.format(vote.pk), default="",
                                     salt=RECEIPT_SALT, max_age=RECEIPT_SECONDS)


def accepting(vote: Vote, now: dt.datetime | None = None) -> bool:
    now = now or timezone.now()
    return (vote.status == VoteStatus.OPEN and not (vote.opens_at and now < vote.opens_at)
            and not (vote.closes_at and now >= vote.closes_at))


@dataclass
class Refusal:
    """Why this visitor cannot vote, and the one thing they can do about it."""

    kind: str  # login, not_resident, age, verification, birth_date, closed, not_open, erased
    message: str
    action_url: str = ""
    action_label: str = ""


def verification_link(request, vote: Vote) -> tuple[str, str]:
    back = reverse("web:votes_detail", args=[request.territory.slug, vote.pk])
    if vote.min_verification >= VerificationLevel.ESIA:
        return (f"{reverse('accounts:esia_start')}?town={request.territory.slug}&next={back}",
                _("Подтвердить через Госуслуги"))
    if vote.min_verification >= VerificationLevel.PHONE:
        return (f"{reverse('accounts:phone_login')}?next={back}",
                _("Подтвердить номер телефона"))
    # The «эл. почта» level: the account confirms its e-mail or phone (veche/accounts/confirm.py).
    return (f"{reverse('accounts:confirm')}?next={back}",
            _("Подтвердить почту или телефон"))


def refusal_for(request, vote: Vote, person: Person | None) -> Refusal | None:
    """None when the visitor may vote now (or change their ballot)."""
    slug = request.territory.slug
    here = reverse("web:votes_detail", args=[slug, vote.pk])
    if vote.status in (VoteStatus.CLOSED, VoteStatus.RESULTS) or (
            vote.closes_at and timezone.now() >= vote.closes_at):
        return Refusal("closed", _("Голосование завершено: голоса больше не принимаются."))
    if not accepting(vote):
        when = ""
        if vote.opens_at:
            when = timezone.localtime(vote.opens_at).strftime("%d.%m.%Y %H:%M")
        return Refusal("not_open", _("Голосование ещё не началось.") + (
            " " + _("Начало: %(when)s.") % {"when": when} if when else ""))
    if not request.user.is_authenticated:
        return Refusal("login", _("Чтобы проголосовать, войдите на сайт."),
                       f"{reverse('accounts:login')}?next={here}", _("Войти"))
    if person is None:
        return Refusal(
            "not_resident",
            _("Голосовать могут только жители города %(town)s. Вашей учётной записи нет в "
              "реестре жителей этого города.") % {"town": request.territory.name},
            reverse("accounts:signup", args=[slug]), _("Зарегистрироваться как житель"))
    problem = eligibility_problem(vote, person)
    if problem is None:
        return None
    if person.birth_date is None and vote.min_age:
        return Refusal("birth_date", problem, reverse("web:cabinet", args=[slug]),
                       _("Открыть личный кабинет"))
    if vote.min_age and person.birth_date and age_on(person.birth_date,
                                                     timezone.localdate()) < vote.min_age:
        return Refusal("age", problem)
    if person.verification < vote.min_verification:
        url, label = verification_link(request, vote)
        return Refusal("verification", problem, url, label)
    return Refusal("other", problem)


# --- the ballot being filled in ---------------------------------------------------------------

def draft_get(request, vote: Vote) -> dict:
    return dict(request.session.get(DRAFT_KEY.format(vote.pk)) or {})


def draft_put(request, vote: Vote, draft: dict) -> None:
    request.session[DRAFT_KEY.format(vote.pk)] = draft


def draft_drop(request, vote: Vote) -> None:
    request.session.pop(DRAFT_KEY.format(vote.pk), None)


def draft_from_ballot(ballot: Ballot | Participation, vote: Vote) -> dict:
    """A current ballot as a draft (changing a ballot starts from what was chosen); empty for
    a participation (a paper ballot: not changed here, the cast says why)."""
    if not isinstance(ballot, Ballot):
        return {}
    draft = kind_of(vote).draft_from_ballot(list(ballot.choices), ballot.scores)
    if ballot.survey:
        draft["survey"] = dict(ballot.survey)
    return draft


def remember_invitation(request, vote: Vote) -> None:
    """?i=<token> on any votes page: keep it for the cast (also across logging in)."""
    token = (request.GET.get("i") or "").strip()[:32]
    if token:
        request.session[INVITE_KEY.format(vote.pk)] = token


def invitation_token(request, vote: Vote) -> str:
    return request.session.get(INVITE_KEY.format(vote.pk), "")


def client_ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


def device_id(request) -> str:
    """A stable-per-browser id for the abuse signals (the session key changes at login)."""
    return request.COOKIES.get("csrftoken", "")[:64]
