"""Test and demo factories of the votes area, and the tenancy walk's rows. Call inside the town's
scope."""

from __future__ import annotations

from veche.accounts.factories import make_user

from .models import AbuseFlag, AbuseReason, InvitationChannel, Vote, VoteKind
from .services import (
    ballot_cast,
    invitation_create,
    option_add,
    tally_start,
    vote_create,
    vote_open,
    vote_publish,
    vote_update,
)


def make_vote(territory, *, title: str = "Какую территорию благоустроить в 2027 году?",
              options: tuple[str, ...] = ("Сквер у ДК", "Набережная", "Парк Победы"),
              kind: str = VoteKind.SINGLE, status: str = "open", costs=None, **settings) -> Vote:
    """A vote with options, published and opened unless status says otherwise ("draft",
    "published", "open")."""
    if kind == VoteKind.BUDGET:
        settings.setdefault("budget_amount", 1_000_000)
    vote = vote_create(territory=territory, title=title, kind=kind, **settings)
    for i, text in enumerate(options):
        option_add(vote=vote, text=text, order=i + 1,
                   cost=(costs[i] if costs else (300_000 if kind == VoteKind.BUDGET else None)))
    if status in ("published", "open"):
        vote_publish(vote=vote)
    if status == "open":
        vote_open(vote=vote)
    return vote


def tenancy_walk_objects(*, territory, persons, marker):
    """A vote with a marked person's ballot, an invitation, a settings change, an abuse flag
    and a count, for the walk's <int:vote_id>, <int:option_id>, <int:flag_id>… parameters."""
    vote = make_vote(territory, title="Голосование за сквер",
                     options=("Сквер у ДК", "Набережная"), allow_change=True, min_age=0)
    invitation = invitation_create(vote=vote, channel=InvitationChannel.LEADER,
                                   campaign="Весна", inviter_name="Лидер мнений")
    staff = make_user(email=f"votes-staff-{territory.slug}@example.ru",
                      full_name=f"{marker} Сотрудник")
    vote_update(vote=vote, changed_by=staff, description="Уточнено описание",
                reason=f"Правка {marker}")
    option = vote.options.first()
    ballot = ballot_cast(vote=vote, person=persons[0], answers={"option": option.pk},
                         ip="127.0.0.1", invitation_token=invitation.token)
    AbuseFlag.objects.create(territory=territory, vote=vote, reason=AbuseReason.OTHER,
                             key=marker, ballots_count=1, ballot_ids=[ballot.pk],
                             details=f"Проверка {marker}")
    tally_start(vote=vote)
    return vote
