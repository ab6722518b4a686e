"""Casting, changing and entering ballots.

Hot path (`ballot_cast`): the checks run on objects the caller already holds and on the vote's
cached spec (no query); then one transaction with three statements — the participation INSERT
(who voted), the ballot INSERT (what was voted) and the ledger action (on PostgreSQL one prepared
statement with its rollups, veche/ledger/pg_write.py). The participation's unique constraint
(vote, person) decides between two simultaneous submissions: the second gets IntegrityError,
answered in Russian, and the first ballot is untouched. The ballot names its person only where
the vote allows a change (`_ballot`); its id is random. Sealing the hash chain and scanning for
abuse run afterwards in the background.
"""

from __future__ import annotations

import datetime as dt
import random

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from veche.accounts.models import User
from veche.ledger.models import Action, ActionKind
from veche.ledger.services import action_record, action_record_many
from veche.registry.models import Person

from ..chain import keyed_hash, receipt_code_new, receipt_hash
from ..models import (
    Ballot,
    BallotChannel,
    Invitation,
    Participation,
    Vote,
    VoteStatus,
    ballot_id_new,
)
from ..validation import check_ballot, check_eligible, check_vote_open, vote_spec

# Source texts (said with gettext where raised).
ALREADY_VOTED = gettext_noop(
    "Вы уже проголосовали в этом голосовании: ваш голос сохранён, второй не нужен.")
ALREADY_VOTED_CHANGE = gettext_noop(
    "Вы уже проголосовали в этом голосовании: ваш голос сохранён. Изменить его можно до "
    "завершения — кнопкой «Изменить голос».")
PAPER_TAKEN = gettext_noop("Бумажный бюллетень № %(number)s уже внесён в этом голосовании.")
PAPER_VOTED = gettext_noop(
    "У этого жителя уже есть голос в этом голосовании (%(channel)s): бумажный бюллетень "
    "№ %(number)s не учитывается, иначе он проголосует дважды.")
_shuffle = random.SystemRandom().shuffle


def _already_voted(vote: Vote) -> ValidationError:
    return ValidationError(_(ALREADY_VOTED_CHANGE if vote.allow_change else ALREADY_VOTED),
                           code="already_voted")


def _after_commit(vote: Vote) -> None:
    """Seal the chain and scan for abuse soon (at most one queued job per vote and interval)."""
    from ..tasks import scan_vote_abuse, seal_vote_chain

    def enqueue():
        if cache.add(f"votes:seal:{vote.pk}", 1, timeout=2):
            seal_vote_chain.enqueue(vote_id=vote.pk, territory_id=vote.territory_id)
        if cache.add(f"votes:scan:{vote.pk}", 1, timeout=60):
            scan_vote_abuse.enqueue(vote_id=vote.pk, territory_id=vote.territory_id)

    transaction.on_commit(enqueue)


def invitation_for(vote: Vote, token: str) -> Invitation | None:
    """The invitation of `vote` with this token; an unknown or foreign token is ignored (a voter
    must never be refused because of a broken link)."""
    token = (token or "").strip()[:32]
    if not token:
        return None
    return Invitation.objects.filter(vote=vote, token=token).only("id").first()


def _ballot(vote, person, answers, channel, now) -> Ballot:
    """The unsaved ballot: the person only where it may be changed (the vote allows it and it
    is not on paper: the server must find it to replace it); the receipt code only on the
    object (shown once; its hash is stored)."""
    choices, scores, survey = check_ballot(vote_spec(vote), answers)
    linked = vote.allow_change and channel != BallotChannel.PAPER
    ballot = Ballot(territory_id=vote.territory_id, vote=vote,
                    person=person if linked else None, choices=choices,
                    scores=scores, survey=survey, channel=channel)
    _new_receipt(ballot, vote)
    ballot.cast_at = now
    return ballot


def _new_receipt(ballot: Ballot, vote: Vote) -> None:
    code = receipt_code_new()
    ballot.receipt_code, ballot.receipt_hash = code, receipt_hash(vote.pk, code)


def _participation(vote, person, channel, ip, device, invitation, now) -> Participation:
    return Participation(territory_id=vote.territory_id, vote=vote, person=person,
                         channel=channel, at=now, invitation=invitation,
                         ip_hash=keyed_hash(ip or ""), device_hash=keyed_hash(device or ""))


def _insert(vote: Vote, person: Person, part: Participation, ballot: Ballot,
            source: str) -> None:
    """Participation, ballot and ledger action in one transaction. The participation's
    constraint refuses a second ballot of the person (IntegrityError, left to the caller); a
    clash of the ballot's random id or receipt (about 1 in 10^11 per ballot) gets new ones."""
    for attempt in range(3):
        try:
            with transaction.atomic():
                part.save(force_insert=True)
                ballot.save(force_insert=True)
                _ledger(vote, person, part.at, source)
            return
        except IntegrityError:
            part.pk = None
            if (attempt == 2 or Participation.objects.filter(vote=vote, person=person).exists()
                    or (ballot.paper_number and Ballot.objects.filter(
                        vote=vote, paper_number=ballot.paper_number).exists())):
                raise
            ballot.id = ballot_id_new()
            _new_receipt(ballot, vote)


def _action(vote: Vote, person: Person, at: dt.datetime, source: str) -> Action:
    """The unsaved ledger action of one ballot (for action_record_many)."""
    return Action(territory_id=vote.territory_id, person=person, kind=ActionKind.BALLOT,
                  object_type="votes.vote", object_id=str(vote.pk), object_title=vote.title[:300],
                  topic_id=vote.topic_id, occurred_at=at, source=source)


def _ledger(vote: Vote, person: Person, at: dt.datetime, source: str) -> None:
    action_record(person=person, kind=ActionKind.BALLOT, object_type="votes.vote",
                  object_id=vote.pk, object_title=vote.title, topic=vote.topic,
                  occurred_at=at, source=source)


def ballot_cast(*, vote: Vote, person: Person, answers: dict, channel: str = BallotChannel.WEB,
                ip: str | None = None, device: str = "", invitation_token: str = "",
                now: dt.datetime | None = None) -> Ballot:
    """Cast `person`'s ballot in `vote` (see validation.check_ballot for `answers`). Returns
    the saved ballot; its `receipt_code` (not stored) is the voter's receipt. Raises
    ValidationError in Russian: not open, ineligible, bad content, already voted."""
    now = now or timezone.now()
    check_vote_open(vote, now)
    check_eligible(vote, person)
    if channel not in (BallotChannel.WEB, BallotChannel.API):
        raise ValidationError(_("Бумажные бюллетени вносит сотрудник (paper_ballot_enter)."),
                              code="paper_by_staff")
    ballot = _ballot(vote, person, answers, channel, now)
    part = _participation(vote, person, channel, ip, device,
                          invitation_for(vote, invitation_token), now)
    try:
        _insert(vote, person, part, ballot, channel)
    except IntegrityError:
        raise _already_voted(vote) from None
    _after_commit(vote)
    return ballot


def ballot_change(*, vote: Vote, person: Person, answers: dict, ip: str | None = None,
                  device: str = "", now: dt.datetime | None = None) -> Ballot:
    """Replace `person`'s ballot when the vote allows it, until the close. The old ballot stays
    in the chain (no longer current); the new one is appended with `replaces` pointing to it.
    Not a new ledger action: the person took part once."""
    now = now or timezone.now()
    check_vote_open(vote, now)
    if not vote.allow_change:
        raise ValidationError(_("В этом голосовании голос изменить нельзя: он уже учтён."),
                              code="ballot_change_not_allowed")
    check_eligible(vote, person)
    with transaction.atomic():
        # Changes of one person queue on the person's row, not on the current ballot's: one
        # waiting on that ballot would, once the first change commits, find it no longer
        # current and tell a resident who has voted «Вы ещё не голосовали» (issue 15.10).
        # Behind this lock the query below sees the ballot the change before left. (NO KEY:
        # the foreign-key checks of the person's other writes do not wait on it.)
        list(Person.objects.select_for_update(no_key=True).filter(pk=person.pk)
             .values_list("pk", flat=True))
        old = (Ballot.objects.select_for_update()
               .filter(vote=vote, person=person, is_current=True).first())
        if old is None and not Participation.objects.filter(
                vote=vote, person=person, channel=BallotChannel.PAPER).exists():
            raise ValidationError(_("Вы ещё не голосовали: изменять нечего."),
                                  code="ballot_missing")
        if old is None or old.channel == BallotChannel.PAPER:
            raise ValidationError(_("Ваш голос внесён с бумажного бюллетеня: его не изменить "
                                    "на сайте."), code="ballot_on_paper")
        new = _ballot(vote, person, answers, old.channel, now)
        new.replaces = old
        Ballot.objects.filter(pk=old.pk).update(is_current=False)
        new.save(force_insert=True)
    _after_commit(vote)
    return new


def paper_ballot_enter(*, vote: Vote, person: Person, number: str, answers: dict,
                       entered_by: User | None, cast_at: dt.datetime | None = None) -> Ballot:
    """Enter a paper ballot collected at an event, checked against online ballots (nobody votes
    twice either way; the number is unique per vote). Accepted while open and after the close
    until the results are published."""
    number = " ".join(str(number or "").split())[:30]
    if not number:
        raise ValidationError({"number": ValidationError(
            _("Укажите номер бумажного бюллетеня."), code="paper_number_missing")})
    if vote.status not in (VoteStatus.OPEN, VoteStatus.CLOSED):
        raise ValidationError(_("Бумажные бюллетени вносятся, пока голосование идёт или "
                                "завершено и итоги ещё не опубликованы."),
                              code="vote_wrong_state")
    check_eligible(vote, person)
    at = cast_at or timezone.now()
    ballot = _ballot(vote, person, answers, BallotChannel.PAPER, at)
    ballot.paper_number, ballot.entered_by = number, entered_by
    part = _participation(vote, person, BallotChannel.PAPER, None, "", None, at)
    try:
        _insert(vote, person, part, ballot, "paper")
    except IntegrityError as e:
        if "paper_number" in str(e) or Ballot.objects.filter(vote=vote,
                                                             paper_number=number).exists():
            raise ValidationError({"number": ValidationError(
                _(PAPER_TAKEN), code="paper_number_taken", params={"number": number})}) from None
        other = Participation.objects.filter(vote=vote, person=person).first()
        channel = other.get_channel_display() if other else _("другой бюллетень")
        raise ValidationError(_(PAPER_VOTED), code="already_voted",
                              params={"channel": channel, "number": number}) from None
    _after_commit(vote)
    return ballot


@transaction.atomic
def ballots_bulk_create(*, vote: Vote, rows: list[dict], entered_by: User | None = None,
                        batch_size: int = 5000) -> int:
    """Many ballots at once (the demo, imports of paper ballots, benchmarks). Each row:
    person (Person), answers, cast_at, and optionally channel, paper_number, invitation (an
    Invitation), ip, device. Every row is checked like a single cast (eligibility, content);
    a person already voting makes the whole batch fail with the database's constraint."""
    ballots, parts, actions = [], [], []
    for row in rows:
        person = row["person"]
        check_eligible(vote, person)
        channel = row.get("channel", BallotChannel.WEB)
        b = _ballot(vote, person, row["answers"], channel, row["cast_at"])
        b.paper_number = row.get("paper_number", "")
        b.entered_by = entered_by if b.channel == BallotChannel.PAPER else None
        ballots.append(b)
        parts.append(_participation(vote, person, channel, row.get("ip"),
                                    row.get("device", ""), row.get("invitation"),
                                    row["cast_at"]))
        actions.append(_action(vote, person, row["cast_at"],
                               "paper" if b.channel == BallotChannel.PAPER else b.channel))
    stored = ballots[:]
    _shuffle(stored)  # rows in the table's storage in another order than the participations
    try:
        with transaction.atomic():
            Participation.objects.bulk_create(parts, batch_size=batch_size)
            Ballot.objects.bulk_create(stored, batch_size=batch_size)
    except IntegrityError:
        raise ValidationError(_("В пакете есть житель, который уже голосовал, или повторный "
                                "номер бумажного бюллетеня: пакет не внесён."),
                              code="batch_duplicate") from None
    action_record_many(actions=actions)
    return len(ballots)


def ballots_cast_many(*, vote: Vote, casts: list[dict], now: dt.datetime | None = None,
                      channel: str = BallotChannel.API) -> list[Ballot | ValidationError]:
    """Cast many residents' ballots through an integration at once (the ballot intake batches
    concurrent API requests, veche/api/ballot_intake.py). Each cast: person_id, answers, ip,
    device. Returns, in the same order, the saved ballot or the ValidationError that
    `ballot_cast` would have raised for it: every cast is checked exactly as a single one, and
    all the accepted ones are written in one transaction (ballots and their ledger actions).
    Should another process store one of these persons' ballots meanwhile, the database's
    constraint refuses the batch and each cast is retried alone through `ballot_cast`.

    `channel` WEB: residents' own casts from the site, batched the same way
    (veche/web/cast_intake.py, issue 15.11); a cast may then carry its `invitation_token`
    (the tracked link that brought the resident), resolved as `ballot_cast` resolves it."""
    now = now or timezone.now()
    if channel not in (BallotChannel.WEB, BallotChannel.API):
        raise ValidationError(_("Бумажные бюллетени вносит сотрудник (paper_ballot_enter)."),
                              code="paper_by_staff")
    try:
        check_vote_open(vote, now)
    except ValidationError as e:
        return [e] * len(casts)
    ids = {c["person_id"] for c in casts}
    persons = Person.objects.filter(territory_id=vote.territory_id).in_bulk(ids)
    voted = set(Participation.objects.filter(vote=vote, person_id__in=ids)
                .values_list("person_id", flat=True))
    out: list[Ballot | ValidationError] = []
    parts: list[Participation] = []
    for c in casts:
        person = persons.get(c["person_id"])
        try:
            if person is None:
                raise ValidationError({"person_id": ValidationError(
                    _("Нет жителя с id %(id)s в этом городе."), code="person_unknown",
                    params={"id": c["person_id"]})})
            if person.pk in voted:
                raise _already_voted(vote)
            check_eligible(vote, person)
            out.append(_ballot(vote, person, c["answers"], channel, now))
            parts.append(_participation(vote, person, channel, c.get("ip"), c.get("device", ""),
                                        invitation_for(vote, c.get("invitation_token", "")),
                                        now))
            voted.add(person.pk)  # the same person twice in one batch: the second is refused
        except ValidationError as e:
            out.append(e)
    fresh = [b for b in out if isinstance(b, Ballot)]
    if not fresh:
        return out
    _shuffle(fresh)  # stored in another order than the participations
    try:
        with transaction.atomic():
            Participation.objects.bulk_create(parts)
            Ballot.objects.bulk_create(fresh)
            action_record_many(actions=[_action(vote, p.person, now, channel) for p in parts])
    except IntegrityError:
        return [_cast_alone(vote, c, now, channel) if isinstance(b, Ballot) else b
                for c, b in zip(casts, out, strict=True)]
    _after_commit(vote)
    return out


def _cast_alone(vote: Vote, cast: dict, now: dt.datetime,
                channel: str) -> Ballot | ValidationError:
    try:
        person = Person.objects.get(pk=cast["person_id"], territory_id=vote.territory_id)
        return ballot_cast(vote=vote, person=person, answers=cast["answers"], channel=channel,
                           ip=cast.get("ip"), device=cast.get("device", ""),
                           invitation_token=cast.get("invitation_token", ""), now=now)
    except ValidationError as e:
        return e
