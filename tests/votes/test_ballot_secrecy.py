"""What the receipt promises (issue 15 p.6): the receipt code is stored only as its hash; where a
vote does not allow changing a ballot, who voted (participations) and what was voted (ballots)
share no column, so a reader of the database cannot join them, and one ballot per person still
holds; where it does, the person stays linked so the ballot can be replaced."""

import pytest
from django.core.exceptions import ValidationError

from tests.votes.conftest import opts
from veche.ledger.models import Action
from veche.votes.chain import SEAL_MIN_BATCH, ballot_chain_seal
from veche.votes.models import Ballot, Invitation, InvitationChannel, Participation
from veche.votes.selectors import ballot_of, participation_of, receipt_verify, voter_state
from veche.votes.services import (
    ballot_cast,
    ballot_change,
    ballots_bulk_create,
    ballots_cast_many,
    paper_ballot_enter,
    vote_close,
)
from veche.votes.tasks import seal_vote_chain

pytestmark = pytest.mark.django_db


def _row_values(ballot: Ballot) -> list[str]:
    """Every stored value of the ballot's row, as text (but the town, the vote and the counted
    content, whose small numbers would match any small id)."""
    row = Ballot.objects.filter(pk=ballot.pk).values().get()
    return [str(v) for k, v in row.items()
            if k not in ("territory_id", "vote_id", "choices", "scores", "survey", "seq")]


def test_without_changes_the_ballot_names_nobody_and_nothing_joins_it_to_its_voter(
        vote_factory, voter_factory):
    vote = vote_factory()
    invitation = Invitation.objects.create(territory=vote.territory, vote=vote, token="spring",
                                           channel=InvitationChannel.LEADER)
    people = [voter_factory() for _ in range(12)]
    ballots = [ballot_cast(vote=vote, person=p, answers={"option": opts(vote)[i % 3]},
                           ip=f"10.0.0.{i}", device=f"phone-{i}", invitation_token="spring")
               for i, p in enumerate(people)]
    parts = list(Participation.objects.filter(vote=vote).order_by("id"))
    assert [p.person_id for p in parts] == [p.pk for p in people]
    assert all(p.invitation_id == invitation.pk and p.ip_hash and p.device_hash for p in parts)
    for ballot, part in zip(ballots, parts, strict=True):
        values = _row_values(ballot)
        # Nothing of the voter in the ballot's row: no person, time, address, device, link.
        assert Ballot.objects.get(pk=ballot.pk).person_id is None
        for secret in (part.person_id, part.pk, part.ip_hash, part.device_hash, part.at,
                       part.at.isoformat(), invitation.pk):
            assert str(secret) not in values
    # Ids are random: their order is not the order of the votes (12! orders, one is sorted).
    ids = [b.pk for b in ballots]
    assert sorted(ids) != ids and min(ids) > 2**40
    # The ledger still knows who took part (the 10% goal), not what they chose.
    assert Action.objects.filter(kind="ballot", object_id=str(vote.pk)).count() == 12
    # The server cannot find a person's ballot here, only that they voted.
    assert ballot_of(vote=vote, person=people[0]) is None
    assert participation_of(vote=vote, person=people[0]) == parts[0]
    state = voter_state(vote=vote, person=people[0])
    assert state["voted"] and not state["can_vote"] and not state["can_change"]


def test_one_ballot_per_person_holds_without_the_link(vote_factory, voter_factory):
    vote = vote_factory()
    person = voter_factory()
    ballot_cast(vote=vote, person=person, answers={"option": opts(vote)[0]})
    with pytest.raises(ValidationError) as e:
        ballot_cast(vote=vote, person=person, answers={"option": opts(vote)[1]})
    assert e.value.code == "already_voted"
    with pytest.raises(ValidationError) as e:
        paper_ballot_enter(vote=vote, person=person, number="П-1",
                           answers={"option": opts(vote)[1]}, entered_by=None)
    assert "У этого жителя уже есть голос" in " ".join(e.value.messages)
    assert "сайт" in " ".join(e.value.messages)  # the channel comes from the participation
    out = ballots_cast_many(vote=vote, casts=[{"person_id": person.pk,
                                               "answers": {"option": opts(vote)[2]}}])
    assert isinstance(out[0], ValidationError) and out[0].code == "already_voted"
    with pytest.raises(ValidationError):
        ballots_bulk_create(vote=vote, rows=[{"person": person, "answers": {
            "option": opts(vote)[2]}, "cast_at": vote.opens_at}])
    assert Ballot.objects.filter(vote=vote).count() == 1
    assert Participation.objects.filter(vote=vote).count() == 1


def test_the_receipt_code_is_stored_only_as_its_hash(vote_factory, voter_factory):
    vote = vote_factory()
    ballot = ballot_cast(vote=vote, person=voter_factory(), answers={"option": opts(vote)[1]})
    code = ballot.receipt_code
    assert len(code) == 12
    assert not any(code in v for v in _row_values(ballot))
    assert not any(code in str(v) for v in Participation.objects.filter(vote=vote)
                   .values().get().values())
    check = receipt_verify(vote=vote, code=code.lower())
    assert check["found"] and check["counted"] and check["choices"] == [opts(vote)[1]]


def test_with_changes_the_person_stays_linked_so_the_ballot_can_be_replaced(vote_factory,
                                                                           voter_factory):
    vote = vote_factory(allow_change=True)
    person = voter_factory()
    first = ballot_cast(vote=vote, person=person, answers={"option": opts(vote)[0]})
    assert Ballot.objects.get(pk=first.pk).person_id == person.pk
    second = ballot_change(vote=vote, person=person, answers={"option": opts(vote)[2]})
    assert ballot_of(vote=vote, person=person).pk == second.pk
    assert receipt_verify(vote=vote, code=first.receipt_code)["counted"] is False
    assert Participation.objects.filter(vote=vote, person=person).count() == 1
    # A paper ballot is never changed, so even here it names nobody.
    other = voter_factory()
    paper = paper_ballot_enter(vote=vote, person=other, number="П-7",
                               answers={"option": opts(vote)[1]}, entered_by=None)
    assert Ballot.objects.get(pk=paper.pk).person_id is None
    with pytest.raises(ValidationError) as e:
        ballot_change(vote=vote, person=other, answers={"option": opts(vote)[0]})
    assert e.value.code == "ballot_on_paper"


def test_allow_change_is_frozen_once_the_vote_opens(vote_factory):
    from veche.votes.services import vote_update

    vote = vote_factory()
    with pytest.raises(ValidationError) as e:
        vote_update(vote=vote, allow_change=True)
    assert e.value.error_dict["allow_change"][0].code == "vote_setting_frozen"


def test_the_chain_is_sealed_in_batches_while_open_and_fully_at_the_close(vote_factory,
                                                                          voter_factory):
    vote = vote_factory()
    few = [ballot_cast(vote=vote, person=voter_factory(), answers={"option": opts(vote)[0]})
           for _ in range(3)]
    # A batch of one would number a ballot by when it came: the background seal waits.
    seal_vote_chain.call(vote_id=vote.pk, territory_id=vote.territory_id)
    assert not Ballot.objects.filter(vote=vote, seq__isnull=False).exists()
    check = receipt_verify(vote=vote, code=few[0].receipt_code)
    assert check["found"] and check["counted"] and check["seq"] is None
    assert "Номер в цепочке он получит позже" in check["message"]
    assert ballot_chain_seal(vote=vote, min_batch=SEAL_MIN_BATCH) == 0
    vote_close(vote=vote)
    assert set(Ballot.objects.filter(vote=vote).values_list("seq", flat=True)) == {1, 2, 3}
    assert "под номером" in receipt_verify(vote=vote, code=few[0].receipt_code)["message"]


def test_a_replacement_is_numbered_after_the_ballot_it_replaces_whatever_the_ids(
        vote_factory, voter_factory):
    import json

    from veche.votes.chain import chain_verify
    from veche.votes.selectors import ballots_export_json

    vote = vote_factory(allow_change=True)
    person = voter_factory()
    ballot_cast(vote=vote, person=person, answers={"option": opts(vote)[0]})
    second = ballot_change(vote=vote, person=person, answers={"option": opts(vote)[1]})
    third = ballot_change(vote=vote, person=person, answers={"option": opts(vote)[2]})
    # Random ids may come in any order: make the later ballots sort first.
    Ballot.objects.filter(pk=third.pk).update(id=5)
    Ballot.objects.filter(pk=second.pk).update(id=6)
    Ballot.objects.filter(pk=5).update(replaces_id=6)
    vote_close(vote=vote)
    entries = json.loads("".join(ballots_export_json(vote=vote)))["ballots"]
    assert [(e["seq"], e["replaces_seq"], e["counted"]) for e in entries] == [
        (1, None, False), (2, 1, False), (3, 2, True)]
    assert chain_verify(entries, vote.pk)[0]
