"""Simultaneous changes of one resident's ballot (issue 15.10): each is applied in turn and told
so; none is told «Вы ещё не голосовали» — the resident has voted."""

import datetime as dt
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from tests.votes.conftest import opts
from veche.ledger.models import Action
from veche.territories.scoping import town_scope
from veche.votes.models import Ballot
from veche.votes.services import ballot_cast, ballot_change

pytestmark = pytest.mark.django_db(transaction=True)

CHANGES = 12


def test_simultaneous_changes_are_all_applied_in_turn(town, ledger_flushable):
    """On PostgreSQL twelve threads change the same ballot at once (before the fix, those that
    waited on the first change's lock found no current ballot); SQLite serialises writers, so
    there the changes run one after another. Either way: every change answered as done, one
    current ballot — the last applied — and each old one replaced exactly once."""
    from veche.registry.factories import make_person
    from veche.votes.factories import make_vote
    with town_scope(town):
        vote = make_vote(town, allow_change=True)
        person = make_person(town, birth_date=dt.date(1990, 1, 1))
        options = opts(vote)
        first = ballot_cast(vote=vote, person=person, answers={"option": options[0]})
    outcomes: list[str] = []
    barrier = threading.Barrier(CHANGES)

    def change(i: int, concurrent: bool) -> None:
        try:
            with town_scope(town):
                if concurrent:
                    barrier.wait()
                ballot_change(vote=vote, person=person, answers={"option": options[i % 3]})
                outcomes.append("ok")
        except ValidationError as e:
            outcomes.append(" ".join(e.messages))
        finally:
            if concurrent:
                connection.close()

    if connection.vendor == "postgresql":
        threads = [threading.Thread(target=change, args=(i, True)) for i in range(CHANGES)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    else:
        for i in range(CHANGES):
            change(i, False)
    assert outcomes == ["ok"] * CHANGES, outcomes
    with town_scope(town):
        ballots = list(Ballot.objects.filter(vote=vote))
        assert len(ballots) == CHANGES + 1
        current = [b for b in ballots if b.is_current]
        assert len(current) == 1
        # One line of changes: every ballot but the first replaces another, none twice.
        replaced = [b.replaces_id for b in ballots if b.replaces_id]
        assert len(replaced) == len(set(replaced)) == CHANGES and first.pk in replaced
        assert current[0].pk not in replaced
        assert Action.objects.filter(person=person, kind="ballot").count() == 1
