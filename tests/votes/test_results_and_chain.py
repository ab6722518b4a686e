"""Results, turnout, the hash chain and receipts, the ballot file and its recount, the schedule,
templates, the settings log, abuse flags and the background count."""

import datetime as dt
import json

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from tests.votes.conftest import opts
from veche.votes.chain import chain_verify
from veche.votes.models import (
    AbuseFlag,
    Ballot,
    InvitationChannel,
    Recurrence,
    VoteKind,
    VoteSettingsChange,
    VoteStatus,
    VoteTally,
)
from veche.votes.recount import recount
from veche.votes.selectors import (
    ballots_export_csv,
    ballots_export_json,
    receipt_verify,
    results_visible,
    tally_latest,
    vote_results,
    vote_turnout,
)
from veche.votes.services import (
    abuse_flag_review,
    abuse_scan,
    ballot_cast,
    ballot_change,
    ballots_bulk_create,
    invitation_create,
    tally_run,
    vote_close,
    vote_create,
    vote_from_template,
    vote_results_publish,
    vote_update,
    votes_tick,
)

pytestmark = pytest.mark.django_db


def test_close_count_publish_and_recount_from_the_file(vote_factory, voter_factory, votes_town):
    vote = vote_factory(kind=VoteKind.RANKED, ranked_method="schulze", allow_change=True,
                        options=("А", "Б", "В", "Г"))
    a, b, c, d = opts(vote)
    rankings = [[a, b, c], [a, b, c], [b, c, a], [c, a], [b, a, d]]
    people = [voter_factory(district=votes_town["north"] if i % 2 else None)
              for i in range(len(rankings))]
    receipts = [ballot_cast(vote=vote, person=p, answers={"ranking": r}).receipt_code
                for p, r in zip(people, rankings, strict=True)]
    ballot_change(vote=vote, person=people[4], answers={"ranking": [a, d]})
    assert vote_results(vote=vote) is None  # after_close: nothing public while open
    assert results_visible(vote=vote)[1] == "Итоги будут видны после завершения голосования."
    vote_close(vote=vote)
    vote_results_publish(vote=vote)
    result = vote_results(vote=vote)
    assert result["final"] and result["tally"]["winners"] == [a]
    assert result["tally"]["ballots"] == 5
    assert "Ничья разрешается" in result["tally"]["tie_rule"]
    assert result["chain"]["length"] == 6  # five casts and one change
    assert result["turnout"]["ballots"] == 5
    doc = json.loads("".join(ballots_export_json(vote=vote)))
    assert [b["seq"] for b in doc["ballots"]] == [1, 2, 3, 4, 5, 6]
    # Random ids: any order, but a replacement comes after the ballot it replaces.
    [new] = [b for b in doc["ballots"] if b["replaces_seq"]]
    assert new["replaces_seq"] < new["seq"] and new["counted"]
    assert not doc["ballots"][new["replaces_seq"] - 1]["counted"]
    assert not any("person" in k for b in doc["ballots"] for k in b)
    again = recount(doc)
    assert again["chain_ok"] and again["head_matches_published"]
    assert again["winners"] == result["tally"]["winners"]
    assert again["ranking"] == result["tally"]["ranking"]
    doc["ballots"][2]["choices"] = [c, b, a]  # tampering is visible
    assert not chain_verify(doc["ballots"], vote.pk)[0]
    csv_text = "".join(ballots_export_csv(vote=vote))
    assert csv_text.splitlines()[0].startswith("seq,receipt_hash,channel")
    assert len(csv_text.splitlines()) == 7
    check = receipt_verify(vote=vote, code=receipts[0])
    assert check["found"] and check["counted"] and check["choices"] == [a, b, c]
    old = receipt_verify(vote=vote, code=receipts[4])
    assert old["found"] and not old["counted"] and old["replaced_by_seq"] == new["seq"]
    assert not receipt_verify(vote=vote, code="AAAA-BBBB-CCCC")["found"]


def test_live_results_and_turnout_by_district_and_age(vote_factory, voter_factory, votes_town):
    vote = vote_factory(results_visibility="live")
    young = voter_factory(born=dt.date.today().replace(year=dt.date.today().year - 20))
    old = voter_factory(born=dt.date(1950, 3, 3), district=votes_town["north"])
    voter_factory()  # eligible, does not vote
    ballot_cast(vote=vote, person=young, answers={"option": opts(vote)[1]})
    ballot_cast(vote=vote, person=old, answers={"option": opts(vote)[1]})
    live = vote_results(vote=vote)
    assert live["live"] and live["tally"]["winners"] == [opts(vote)[1]]
    t = vote_turnout(vote=vote)
    assert (t["ballots"], t["eligible"]) == (2, 3)
    by_d = {r["district"]: (r["ballots"], r["eligible"]) for r in t["by_district"]}
    assert by_d["Центральный"] == (1, 2) and by_d["Северный"] == (1, 1)
    by_a = {r["band"]: r["ballots"] for r in t["by_age_band"]}
    assert by_a["18–29"] == 1 and by_a["75+"] == 1


def test_budget_vote_with_equal_shares_and_invitations(vote_factory, voter_factory):
    vote = vote_factory(kind=VoteKind.BUDGET, budget_amount=1_000_000, budget_rule="equal_shares",
                        options=("Скамейки", "Фонари", "Горка"), costs=[400_000, 500_000, 300_000],
                        results_visibility="live")
    s, f, g = opts(vote)
    leader = invitation_create(vote=vote, channel=InvitationChannel.LEADER, campaign="Весна",
                               inviter_name="Мария Ивановна")
    rows = [{"person": voter_factory(), "answers": {"options": ch},
             "cast_at": timezone.now(), "invitation": leader if i < 3 else None}
            for i, ch in enumerate([[s, f], [s, f], [s], [g], [g, f]])]
    assert ballots_bulk_create(vote=vote, rows=rows) == 5
    result = vote_results(vote=vote, staff=True)
    assert sorted(result["tally"]["winners"]) == sorted([s, f]) or result["tally"]["winners"]
    assert result["tally"]["details"]["spent"] <= 1_000_000
    inv = result["invitations"]
    assert inv["invited"] == 3 and inv["by_channel"] == [{"key": "leader", "ballots": 3}]
    assert inv["by_inviter"] == [{"key": "Мария Ивановна", "ballots": 3}]


def test_settings_changes_after_publication_are_logged(vote_factory, staff_user):
    vote = vote_factory(status="published")
    vote_update(vote=vote, changed_by=staff_user, title="Новое название", reason="опечатка")
    change = VoteSettingsChange.objects.get(vote=vote, field="title")
    assert (change.new, change.changed_by, change.reason) == ("Новое название", staff_user,
                                                              "опечатка")
    open_vote = vote_factory()
    with pytest.raises(ValidationError) as e:
        vote_update(vote=open_vote, changed_by=staff_user, kind=VoteKind.APPROVAL)
    assert "Пока идёт голосование" in " ".join(e.value.messages)


def test_schedule_opens_closes_and_makes_monthly_votes(votes_town, staff_user):
    town = votes_town["town"]
    now = timezone.now()
    from veche.votes.factories import make_vote
    soon = make_vote(town, status="published", opens_at=now - dt.timedelta(minutes=1),
                     closes_at=now + dt.timedelta(days=1))
    ending = make_vote(town, closes_at=now + dt.timedelta(hours=1))
    template = vote_create(territory=town, title="Главная проблема месяца", is_template=True,
                           recurrence=Recurrence.MONTHLY, topic=votes_town["topic"],
                           options=["Дороги", "Дворы", "Мусор"])
    done = votes_tick(territory=town, now=now + dt.timedelta(hours=2))
    assert done == {"opened": 2, "closed": 1, "created": 1}  # this month's vote opens at once
    soon.refresh_from_db()
    ending.refresh_from_db()
    assert (soon.status, ending.status) == (VoteStatus.OPEN, VoteStatus.CLOSED)
    monthly = template.instances.get()
    assert monthly.status == VoteStatus.OPEN and monthly.topic == votes_town["topic"]
    assert monthly.options.count() == 3 and monthly.period.day == 1
    assert vote_from_template(template=template, period=monthly.period) == monthly


def test_abuse_is_flagged_not_dropped(vote_factory, voter_factory, staff_user):
    vote = vote_factory()
    for _ in range(6):
        ballot_cast(vote=vote, person=voter_factory(), answers={"option": opts(vote)[0]},
                    device="same-phone")
    assert abuse_scan(vote=vote) >= 1
    flag = AbuseFlag.objects.get(vote=vote, reason="device_burst")
    assert flag.ballots_count == 6 and flag.status == "open"
    assert Ballot.objects.filter(vote=vote, is_current=True).count() == 6
    with pytest.raises(ValidationError):
        abuse_flag_review(flag=flag, status="confirmed", by=staff_user)
    abuse_flag_review(flag=flag, status="confirmed", by=staff_user, note="Одно устройство")
    assert Ballot.objects.filter(vote=vote, is_current=True).count() == 6


def test_background_count_reports_progress(vote_factory, voter_factory):
    vote = vote_factory(kind=VoteKind.SCORE, options=("А", "Б"))
    for i in range(5):
        ballot_cast(vote=vote, person=voter_factory(),
                    answers={"scores": {str(o): 1 + (i + j) % 5 for j, o in enumerate(opts(vote))}})
    row = VoteTally.objects.create(territory=vote.territory, vote=vote)
    row = tally_run(tally=row, chunk=2)
    assert row.status == "done" and row.ballots_done == 5 and row.progress == 1.0
    assert row.peak_memory_mb > 0 and tally_latest(vote=vote) == row
    assert row.result["tally"]["method"] == "score"
