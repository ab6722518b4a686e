"""Votes: every public service and selector (issue 4). All keyword-only; run inside the town's
scope; services raise django ValidationError with Russian messages (a dict per field where a
form field is at fault). Import from here: ``from veche.votes.services import ballot_cast``,
``from veche.votes.selectors import vote_results``.

Services (write) — veche.votes.services
---------------------------------------
vote_create(*, territory, title, created_by=None, options: list[str] | None = None,
            **settings) -> Vote                     # settings: names in SETTINGS below
vote_update(*, vote, changed_by=None, reason="", **changes) -> Vote   # logged after publication
option_add(*, vote, text, changed_by=None, **fields) -> Option
    # fields: description, photo, sketch, latitude, longitude, cost, topic, practice_ref,
    # initiative_ref, order; only while draft/published
option_update(*, option, changed_by=None, **fields) -> Option
option_delete(*, option, changed_by=None) -> None
question_add(*, vote, text, kind="one"|"many"|"text", choices=None, required=False,
             changed_by=None) -> Question
invitation_create(*, vote, channel, campaign="", inviter: Person | None = None,
                  inviter_name="") -> Invitation        # tracked link token: invitation.token
vote_publish(*, vote, by=None) -> Vote                  # draft -> published
vote_open(*, vote, by=None) -> Vote                     # published -> open
vote_close(*, vote, by=None) -> Vote                    # open -> closed; seals, queues final count
vote_results_publish(*, vote, by=None) -> Vote          # closed -> results_published
vote_from_template(*, template, period: date, created_by=None, publish=True) -> Vote
votes_tick(*, territory, now=None) -> dict              # schedule: open/close by time, monthly
ballot_cast(*, vote, person, answers: dict, channel="web"|"api", ip=None, device="",
            invitation_token="", now=None) -> Ballot
    # ballot.receipt_code = the voter's receipt, on the returned object only (never stored)
ballot_change(*, vote, person, answers, ip=None, device="", now=None) -> Ballot
paper_ballot_enter(*, vote, person, number: str, answers, entered_by, cast_at=None) -> Ballot
ballots_bulk_create(*, vote, rows: list[dict], entered_by=None) -> int   # demo, imports
ballots_cast_many(*, vote, casts: list[dict], now=None) -> list[Ballot | ValidationError]
                                                        # the API's ballot intake, batched
abuse_scan(*, vote) -> int                              # background; flags, never drops
abuse_flag_review(*, flag, status="cleared"|"confirmed"|"open", by, note="") -> AbuseFlag
tally_start(*, vote, final=False) -> VoteTally          # background count; poll the row
tally_run(*, tally, chunk=None) -> VoteTally            # what the worker runs
tally_compute(*, vote, total=None, chunk=None, progress=None) -> dict   # count now, no writes
ballot_chain_seal(*, vote, min_batch=1) -> int          # veche.votes.chain

answers (validation.check_ballot; per kind in veche/votes/kinds/): single {"option": id};
approval/budget {"options": [ids]}; score {"scores": {id: n}} (every option); ranked
{"ranking": [ids, best first]}; any kind may add
{"survey": {question_id: choice_id | [choice ids] | "text"}}.

Selectors (read) — veche.votes.selectors
----------------------------------------
votes_public(*, territory) -> QuerySet[Vote]            # published and later, open first
votes_staff(*, territory, status=None) -> QuerySet[Vote]
vote_get(*, territory, vote_id, public=True) -> Vote    # raises Vote.DoesNotExist
vote_options(*, vote) -> QuerySet[Option]
vote_questions(*, vote) -> QuerySet[Question]           # .choices prefetched
ballot_of(*, vote, person) -> Ballot | None   # current ballot; only where allow_change links it
participation_of(*, vote, person) -> Participation | None   # did this person vote (any vote)
voter_state(*, vote, person | None) -> {can_vote, can_change, problem, ballot, voted}
receipt_verify(*, vote, code) -> {found, counted, seq, hash, replaced_by_seq, choices, scores,
                                  chain_head, chain_length, message}
results_visible(*, vote, staff=False) -> (bool, reason)
vote_results(*, vote, staff=False) -> dict | None
    # {tally: {method, ballots, ranking, winners, scores, tie_rule, ties, details}, options,
    #  turnout, invitations, chain: {head, length}, abuse, computed_at, live, final}
vote_turnout(*, vote, today=None) -> {ballots, eligible, population_14_plus, share_of_eligible,
    share_of_population, by_district: [...], by_age_band: [...], by_channel: {web, api, paper}}
vote_invitation_stats(*, vote) -> {invited, total, by_channel, by_campaign, by_inviter}
results_context(*, vote) -> dict                        # the non-tally part of a result
ballots_export_rows(*, vote) -> Iterator[dict]
ballots_export_csv(*, vote) -> Iterator[str]            # for StreamingHttpResponse
ballots_export_json(*, vote) -> Iterator[str]
vote_settings_changes(*, vote) -> QuerySet[VoteSettingsChange]
vote_abuse_flags(*, vote, status=None) -> QuerySet[AbuseFlag]
tally_latest(*, vote, final=None) -> VoteTally | None   # .status, .progress, .result

Other: veche.votes.validation.vote_spec / eligibility_problem; veche.votes.chain
(receipt_code_display, chain_verify); tasks in veche.votes.tasks; `manage.py votes_tick`.
"""

from ..chain import ballot_chain_seal
from .abuse import abuse_flag_review, abuse_scan
from .ballots import (
    ALREADY_VOTED,
    ballot_cast,
    ballot_change,
    ballots_bulk_create,
    ballots_cast_many,
    invitation_for,
    paper_ballot_enter,
)
from .tallies import tally_compute, tally_run, tally_start
from .votes import (
    SETTINGS,
    invitation_create,
    option_add,
    option_delete,
    option_update,
    question_add,
    vote_close,
    vote_create,
    vote_from_template,
    vote_open,
    vote_publish,
    vote_results_publish,
    vote_update,
    votes_tick,
)

__all__ = ["ALREADY_VOTED", "SETTINGS", "abuse_flag_review", "abuse_scan", "ballot_cast",
           "ballot_change", "ballot_chain_seal", "ballots_bulk_create", "ballots_cast_many",
           "invitation_create",
           "invitation_for", "option_add", "option_delete", "option_update",
           "paper_ballot_enter", "question_add", "tally_compute", "tally_run", "tally_start",
           "vote_close", "vote_create", "vote_from_template", "vote_open", "vote_publish",
           "vote_results_publish", "vote_update", "votes_tick"]
