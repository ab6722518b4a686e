"""Rows of every town-owned votes model for the tenancy walk (tests/test_tenancy_walk.py), made
through the services. Call inside the town's scope."""

from __future__ import annotations

from .models import AbuseFlag, AbuseReason, InvitationChannel


def walk_objects(*, territory, persons, marker) -> None:
    """A vote with a marked person's ballot, an invitation, a settings change, an abuse flag
    and a count, for the walk's <int:vote_id>, <int:option_id>, <int:flag_id>… parameters."""
    from veche.accounts.factories import make_user  # test data: not loaded with the app

    from .lifecycle import vote_action
    from .services import (
        ballot_cast,
        invitation_create,
        option_add,
        tally_start,
        vote_create,
        vote_update,
    )

    vote = vote_create(territory=territory, title="Голосование за сквер", allow_change=True,
                       min_age=0)
    for i, text in enumerate(("Сквер у ДК", "Набережная")):
        option_add(vote=vote, text=text, order=i + 1)
    vote_action("publish", vote, by=None)
    vote_action("open", vote, by=None)
    invitation = invitation_create(vote=vote, channel=InvitationChannel.LEADER,
                                   campaign="Весна", inviter_name="Лидер мнений")
    staff = make_user(email=f"votes-staff-{territory.slug}@example.ru",
                      full_name=f"{marker} Сотрудник")
    vote_update(vote=vote, changed_by=staff, description="Уточнено описание",
                reason=f"Правка {marker}")
    first = vote.options.order_by("order", "id").values_list("pk", flat=True)[0]
    ballot = ballot_cast(vote=vote, person=persons[0], answers={"option": first},
                         ip="127.0.0.1", invitation_token=invitation.token)
    AbuseFlag.objects.create(territory=territory, vote=vote, reason=AbuseReason.OTHER,
                             key=marker, ballots_count=1,
                             participation_ids=list(ballot.vote.participations
                                                    .values_list("pk", flat=True)),
                             details=f"Проверка {marker}")
    tally_start(vote=vote)
