"""Reads of votes (see veche/votes/services/__init__.py for the full list with signatures)."""

from __future__ import annotations

from django.db.models import Case, Count, IntegerField, QuerySet, Value, When
from django.utils.translation import gettext as _

from veche.registry.models import Person
from veche.territories.models import Territory

from ..chain import receipt_code_normalise, receipt_hash
from ..models import (
    AbuseFlag,
    Ballot,
    Option,
    Participation,
    Question,
    Vote,
    VoteSettingsChange,
    VoteStatus,
    VoteTally,
)
from ..validation import check_vote_open, eligibility_problem
from .export import ballots_export_csv, ballots_export_json, ballots_export_rows
from .results import (
    results_context,
    results_visible,
    vote_invitation_stats,
    vote_results,
    vote_turnout,
)

PUBLIC_STATUSES = (VoteStatus.PUBLISHED, VoteStatus.OPEN, VoteStatus.CLOSED, VoteStatus.RESULTS)

__all__ = ["votes_public", "votes_staff", "vote_get", "vote_options", "vote_questions",
           "ballot_of", "participation_of",
           "voter_state", "receipt_verify", "vote_settings_changes",
           "vote_abuse_flags", "tally_latest", "vote_results", "results_visible",
           "vote_turnout", "vote_invitation_stats", "results_context", "ballots_export_rows",
           "ballots_export_csv", "ballots_export_json", "PUBLIC_STATUSES"]


def votes_public(*, territory: Territory) -> QuerySet[Vote]:
    """Votes residents see (published and later, not templates), open ones first."""
    return (Vote.objects.filter(territory=territory, status__in=PUBLIC_STATUSES,
                                is_template=False)
            .select_related("topic")
            .annotate(open_first=Case(When(status=VoteStatus.OPEN, then=Value(0)),
                                      default=Value(1), output_field=IntegerField()))
            .order_by("open_first", "-opens_at", "-id"))


def votes_staff(*, territory: Territory, status: str | None = None) -> QuerySet[Vote]:
    """Every vote of the town for its staff, templates included, newest first."""
    qs = Vote.objects.filter(territory=territory).select_related("topic")
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-created_at", "-id")


def vote_get(*, territory: Territory, vote_id: int, public: bool = True) -> Vote:
    """One vote of the town; with public=True drafts and templates are not found (404)."""
    qs = Vote.objects.filter(territory=territory).select_related("topic")
    if public:
        qs = qs.filter(status__in=PUBLIC_STATUSES, is_template=False)
    return qs.get(pk=vote_id)


def vote_options(*, vote: Vote) -> QuerySet[Option]:
    return Option.objects.filter(vote=vote).select_related("topic").order_by("order", "id")


def vote_questions(*, vote: Vote) -> QuerySet[Question]:
    return Question.objects.filter(vote=vote).prefetch_related("choices").order_by("order", "id")


def ballot_of(*, vote: Vote, person: Person | None) -> Ballot | None:
    """The person's current ballot in the vote, or None. Only a vote that allows a change keeps
    the link (to replace the ballot); elsewhere nobody, the server included, can find a
    person's ballot: see `participation_of` for whether they voted."""
    if person is None or not vote.allow_change:
        return None
    return Ballot.objects.filter(vote=vote, person=person, is_current=True).first()


def participation_of(*, vote: Vote, person: Person | None) -> Participation | None:
    """Whether (and when, how) the person voted in the vote — not what they voted."""
    if person is None:
        return None
    return Participation.objects.filter(vote=vote, person=person).first()


def voter_state(*, vote: Vote, person: Person | None) -> dict:
    """What the voting page needs: may this person vote now, why not, their ballot.
    Keys: can_vote, can_change, problem (Russian text or ""), ballot (Ballot or None: only
    where the vote allows a change), voted (bool)."""
    ballot = ballot_of(vote=vote, person=person)
    voted = ballot is not None or participation_of(vote=vote, person=person) is not None
    problem = ""
    try:
        check_vote_open(vote)
    except Exception as e:  # ValidationError: the vote is not open
        problem = " ".join(getattr(e, "messages", [str(e)]))
    if not problem and person is None:
        problem = "Чтобы проголосовать, войдите как житель города."
    if not problem and person is not None:
        problem = eligibility_problem(vote, person) or ""
    open_ok = not problem
    return {"can_vote": open_ok and not voted, "voted": voted,
            "can_change": open_ok and ballot is not None and vote.allow_change
            and ballot.channel != "paper",
            "problem": problem, "ballot": ballot}


def receipt_verify(*, vote: Vote, code: str) -> dict:
    """Check a receipt: is the ballot stored, in the chain, counted (current) or replaced, and
    what it says (shown only to whoever holds the code). Does not seal: a ballot not yet
    numbered is found and said to be stored (chain.py: why the chain is sealed in batches)."""
    code = receipt_code_normalise(code)
    out = {"found": False, "counted": False, "seq": None, "hash": "", "replaced_by_seq": None,
           "choices": None, "scores": None, "chain_head": vote.chain_head,
           "chain_length": vote.chain_length}
    if len(code) != 12:
        out["message"] = _("Код квитанции — 12 букв и цифр, например K7QM-3XRD-PW9A.")
        return out
    vote.refresh_from_db(fields=["chain_head", "chain_length"])
    b = Ballot.objects.filter(vote=vote, receipt_hash=receipt_hash(vote.pk, code)).first()
    out |= {"chain_head": vote.chain_head, "chain_length": vote.chain_length}
    if b is None:
        out["message"] = _("Бюллетень с такой квитанцией не найден. Проверьте код.")
        return out
    newer = Ballot.objects.filter(replaces=b).values_list("seq", flat=True).first()
    out |= {"found": True, "counted": b.is_current, "seq": b.seq, "hash": b.hash,
            "receipt_hash": b.receipt_hash, "replaced_by_seq": newer,
            "choices": b.choices, "scores": b.scores,
            "message": (_("Этот бюллетень заменён вашим новым голосом (№%(seq)s).")
                        % {"seq": newer or "—"} if not b.is_current else
                        _("Ваш бюллетень учтён: он в цепочке под номером %(seq)s.")
                        % {"seq": b.seq} if b.seq else
                        _("Ваш бюллетень сохранён и учитывается. Номер в цепочке он получит "
                          "позже: бюллетени нумеруются пачками, вперемешку, чтобы номер не "
                          "выдавал, когда вы голосовали."))}
    return out


def vote_settings_changes(*, vote: Vote) -> QuerySet[VoteSettingsChange]:
    return VoteSettingsChange.objects.filter(vote=vote).select_related("changed_by")


def vote_abuse_flags(*, vote: Vote, status: str | None = None) -> QuerySet[AbuseFlag]:
    qs = AbuseFlag.objects.filter(vote=vote)
    return qs.filter(status=status) if status else qs


def tally_latest(*, vote: Vote, final: bool | None = None) -> VoteTally | None:
    """The newest count of the vote (final only when final=True), any status."""
    qs = VoteTally.objects.filter(vote=vote)
    if final is not None:
        qs = qs.filter(is_final=final)
    return qs.order_by("-created_at", "-id").first()


def votes_by_topic(*, territory: Territory) -> dict[int, int]:
    """Public votes per city topic (the topics page)."""
    return dict(votes_public(territory=territory).filter(topic__isnull=False).order_by()
                .values_list("topic").annotate(n=Count("id")))
