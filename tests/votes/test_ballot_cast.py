"""Casting ballots: eligibility, content checks, one ballot per person, changes, paper ballots,
the ledger, and two simultaneous submissions of one voter."""

import datetime as dt
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from tests.votes.conftest import opts
from veche.ledger.models import Action
from veche.registry.models import VerificationLevel
from veche.territories.scoping import town_scope
from veche.votes.models import Ballot, VoteKind
from veche.votes.services import (
    ballot_cast,
    ballot_change,
    paper_ballot_enter,
    vote_close,
)

pytestmark = pytest.mark.django_db


def message(exc) -> str:
    return " ".join(exc.value.messages)


def test_a_ballot_is_saved_with_a_receipt_and_recorded_in_the_ledger(vote_factory,
                                                                    voter_factory, votes_town):
    vote = vote_factory(topic=votes_town["topic"])
    person = voter_factory()
    ballot = ballot_cast(vote=vote, person=person, answers={"option": opts(vote)[1]})
    assert ballot.choices == [opts(vote)[1]]
    assert len(ballot.receipt_code) == 12 and len(ballot.receipt_hash) == 64
    action = Action.objects.get(person=person)
    assert (action.kind, action.object_type, action.object_id) == ("ballot", "votes.vote",
                                                                   str(vote.pk))
    assert action.topic == votes_town["topic"] and action.object_title == vote.title


def test_voting_twice_keeps_the_first_ballot(vote_factory, voter_factory):
    vote = vote_factory()
    person = voter_factory()
    first = ballot_cast(vote=vote, person=person, answers={"option": opts(vote)[0]})
    with pytest.raises(ValidationError) as e:
        ballot_cast(vote=vote, person=person, answers={"option": opts(vote)[2]})
    assert "Вы уже проголосовали" in message(e)
    assert list(Ballot.objects.filter(vote=vote).values_list("id", "choices")) == [
        (first.pk, [opts(vote)[0]])]
    assert Action.objects.filter(person=person).count() == 1


@pytest.mark.parametrize("kw,answers,expected", [
    ({"kind": VoteKind.APPROVAL, "max_choices": 2}, lambda o: {"options": o[:3]},
     "не больше 2 вариантов"),
    ({"kind": VoteKind.SCORE}, lambda o: {"scores": {o[0]: 6, o[1]: 1, o[2]: 1}},
     "вне шкалы"),
    ({"kind": VoteKind.SCORE}, lambda o: {"scores": {o[0]: 3}}, "Оцените все варианты"),
    ({"kind": VoteKind.RANKED}, lambda o: {"ranking": [o[0], o[1], o[0]]}, "дважды"),
    ({"kind": VoteKind.BUDGET, "budget_amount": 500_000}, lambda o: {"options": o[:2]},
     "а бюджет"),
    ({}, lambda o: {"option": 999999}, "Такого варианта нет"),
    ({}, lambda o: {"options": o[:2]}, "только один вариант"),
    ({}, lambda o: {}, "Выберите один вариант"),
    ({"kind": VoteKind.APPROVAL}, lambda o: {"options": ["два"]}, "не номер варианта"),
])
def test_bad_ballots_are_refused_in_russian(vote_factory, voter_factory, kw, answers, expected):
    vote = vote_factory(**kw)
    person = voter_factory()
    with pytest.raises(ValidationError) as e:
        ballot_cast(vote=vote, person=person, answers=answers(opts(vote)))
    assert expected in message(e)
    assert not Ballot.objects.filter(vote=vote).exists()
    assert not Action.objects.filter(person=person).exists()


def test_valid_ballots_of_every_kind(vote_factory, voter_factory):
    cases = [({"kind": VoteKind.APPROVAL, "max_choices": 2}, lambda o: {"options": [o[2], o[0]]},
              lambda o: [o[0], o[2]]),
             ({"kind": VoteKind.SCORE}, lambda o: {"scores": {str(x): 5 for x in o}},
              lambda o: o),
             ({"kind": VoteKind.RANKED}, lambda o: {"ranking": [o[2], o[0]]},
              lambda o: [o[2], o[0]]),
             ({"kind": VoteKind.BUDGET}, lambda o: {"options": o[:3]}, lambda o: o[:3])]
    for kw, answers, stored in cases:
        vote = vote_factory(**kw)
        o = opts(vote)
        ballot = ballot_cast(vote=vote, person=voter_factory(), answers=answers(o))
        assert ballot.choices == stored(o)


@pytest.mark.parametrize("person_kw,vote_kw,expected", [
    ({"born": dt.date.today() - dt.timedelta(days=365 * 16)}, {"min_age": 18}, "от 18 лет"),
    ({"born": None}, {}, "не указана ваша дата рождения"),
    ({"verification": VerificationLevel.EMAIL}, {"min_verification": VerificationLevel.ESIA},
     "подтвердить личность"),
])
def test_ineligible_voters_are_told_why(vote_factory, voter_factory, person_kw, vote_kw,
                                        expected):
    vote = vote_factory(**vote_kw)
    with pytest.raises(ValidationError) as e:
        ballot_cast(vote=vote, person=voter_factory(**person_kw),
                    answers={"option": opts(vote)[0]})
    assert expected in message(e)


def test_a_resident_of_another_town_cannot_vote(vote_factory, other_town):
    from veche.registry.factories import make_person
    vote = vote_factory()
    with town_scope(other_town):
        stranger = make_person(other_town, birth_date=dt.date(1970, 1, 1))
    with pytest.raises(ValidationError) as e:
        ballot_cast(vote=vote, person=stranger, answers={"option": opts(vote)[0]})
    assert "жители этого города" in message(e)


def test_no_ballots_before_opening_or_after_the_close(vote_factory, voter_factory):
    draft = vote_factory(status="published")
    with pytest.raises(ValidationError) as e:
        ballot_cast(vote=draft, person=voter_factory(), answers={"option": opts(draft)[0]})
    assert "ещё не началось" in message(e)
    vote = vote_factory()
    vote_close(vote=vote)
    with pytest.raises(ValidationError) as e:
        ballot_cast(vote=vote, person=voter_factory(), answers={"option": opts(vote)[0]})
    assert "уже завершено" in message(e)
    timed = vote_factory(closes_at=timezone.now() + dt.timedelta(minutes=5))
    with pytest.raises(ValidationError) as e:
        ballot_cast(vote=timed, person=voter_factory(), answers={"option": opts(timed)[0]},
                    now=timezone.now() + dt.timedelta(minutes=6))
    assert "уже завершено" in message(e)


def test_a_change_appends_a_new_ballot_and_keeps_the_old_one(vote_factory, voter_factory):
    vote = vote_factory(allow_change=True)
    person = voter_factory()
    first = ballot_cast(vote=vote, person=person, answers={"option": opts(vote)[0]})
    with pytest.raises(ValidationError) as e:
        ballot_cast(vote=vote, person=person, answers={"option": opts(vote)[1]})
    assert "Изменить его можно" in message(e)
    second = ballot_change(vote=vote, person=person, answers={"option": opts(vote)[1]})
    rows = set(Ballot.objects.filter(vote=vote)
               .values_list("id", "is_current", "person_id", "replaces_id"))
    assert rows == {(first.pk, False, person.pk, None), (second.pk, True, person.pk, first.pk)}
    assert Ballot.objects.get(pk=second.pk).choices == [opts(vote)[1]]
    assert Action.objects.filter(person=person).count() == 1


def test_no_change_when_the_vote_does_not_allow_it(vote_factory, voter_factory):
    vote = vote_factory()
    person = voter_factory()
    ballot_cast(vote=vote, person=person, answers={"option": opts(vote)[0]})
    with pytest.raises(ValidationError) as e:
        ballot_change(vote=vote, person=person, answers={"option": opts(vote)[1]})
    assert "изменить нельзя" in message(e)


def test_paper_ballots_are_checked_against_online_ones(vote_factory, voter_factory, staff_user):
    vote = vote_factory()
    online, paper, other = voter_factory(), voter_factory(), voter_factory()
    ballot_cast(vote=vote, person=online, answers={"option": opts(vote)[0]})
    with pytest.raises(ValidationError) as e:
        paper_ballot_enter(vote=vote, person=online, number="17", answers={"option": opts(vote)[1]},
                           entered_by=staff_user)
    assert "уже есть голос" in message(e) and "сайт" in message(e)
    b = paper_ballot_enter(vote=vote, person=paper, number="17",
                           answers={"option": opts(vote)[1]}, entered_by=staff_user)
    assert (b.channel, b.paper_number) == ("paper", "17")
    with pytest.raises(ValidationError) as e:
        paper_ballot_enter(vote=vote, person=other, number="17",
                           answers={"option": opts(vote)[1]}, entered_by=staff_user)
    assert "№ 17 уже внесён" in message(e)
    with pytest.raises(ValidationError) as e:  # and the paper voter cannot vote online
        ballot_cast(vote=vote, person=paper, answers={"option": opts(vote)[0]})
    assert "Вы уже проголосовали" in message(e)
    assert Action.objects.get(person=paper).source == "paper"


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_submissions_end_in_exactly_one_ballot(town, ledger_flushable):
    """On PostgreSQL eight threads submit the same voter at once (the partial unique index
    decides); SQLite serialises writers, so there the submissions run one after another.
    Either way: one ballot, the others told «Вы уже проголосовали», the first untouched."""
    from veche.registry.factories import make_person
    from veche.votes.factories import make_vote
    with town_scope(town):
        vote = make_vote(town)
        person = make_person(town, birth_date=dt.date(1990, 1, 1))
        options = opts(vote)
    outcomes: list[str] = []
    barrier = threading.Barrier(8)

    def submit(i: int, concurrent: bool) -> None:
        try:
            with town_scope(town):
                if concurrent:
                    barrier.wait()
                ballot_cast(vote=vote, person=person, answers={"option": options[i % 3]})
                outcomes.append("ok")
        except ValidationError as e:
            outcomes.append(" ".join(e.messages))
        finally:
            if concurrent:
                connection.close()

    if connection.vendor == "postgresql":
        threads = [threading.Thread(target=submit, args=(i, True)) for i in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    else:
        for i in range(2):
            submit(i, False)
    assert outcomes.count("ok") == 1
    assert all("Вы уже проголосовали" in o for o in outcomes if o != "ok")
    with town_scope(town):
        assert Ballot.objects.filter(vote=vote).count() == 1
        assert Action.objects.filter(person=person, kind="ballot").count() == 1
