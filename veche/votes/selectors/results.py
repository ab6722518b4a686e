"""Results of a vote: turnout against the eligible population (by district and age band),
voters per invitation channel, campaign and inviter, and the count itself (live or after the
close, per vote)."""

from __future__ import annotations

import datetime as dt

from django.core.cache import cache
from django.db.models import Case, Count, IntegerField, Value, When
from django.utils import timezone

from veche.ledger.selectors import AGE_BANDS, age_band_label
from veche.registry.consent import Purpose, analysis_basis
from veche.registry.models import Person
from veche.territories.models import District

from ..models import (
    AbuseFlag,
    Ballot,
    Option,
    Participation,
    ResultsVisibility,
    Vote,
    VoteStatus,
    VoteTally,
)

LIVE_SYNC_LIMIT = 50_000  # up to this many ballots a live result is counted on the request

LIVE_CACHE_SECONDS = 15


def _share(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 0.0


def _years_ago(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _band(field: str, today: dt.date):
    whens = []
    for low, high in AGE_BANDS:
        oldest, youngest = _years_ago(today, high + 1), _years_ago(today, low)
        whens.append(When(**{f"{field}__gt": oldest, f"{field}__lte": youngest},
                          then=Value(low)))
    return Case(*whens, default=Value(-1), output_field=IntegerField())


def eligible_persons(*, vote: Vote, today: dt.date | None = None):
    """Registry persons who may vote: town residents, old enough, verified enough."""
    today = today or timezone.localdate()
    qs = Person.objects.filter(territory_id=vote.territory_id, is_erased=False,
                               verification__gte=vote.min_verification)
    if vote.building_id:
        qs = qs.filter(building_id=vote.building_id)  # a vote of one building's residents
    if vote.min_age:
        qs = qs.filter(birth_date__lte=_years_ago(today, vote.min_age))
    return qs


def vote_turnout(*, vote: Vote, today: dt.date | None = None) -> dict:
    """Ballots against the eligible registry and the town's population aged 14+, by district
    and age band (of who voted: the participations), and by channel (web, API, paper)."""
    analysis_basis(Purpose.STATISTICS)  # counts that name no one (the consent gate's rule)
    today = today or timezone.localdate()
    eligible = eligible_persons(vote=vote, today=today)
    ballots = Ballot.objects.filter(vote=vote, is_current=True)
    voters = Participation.objects.filter(vote=vote)
    n = ballots.count()
    el_d = dict(eligible.values_list("district_id").annotate(n=Count("id")).order_by())
    b_d = dict(voters.values_list("person__district_id").annotate(n=Count("id")).order_by())
    districts = []
    for d in District.objects.filter(territory_id=vote.territory_id):
        districts.append({"district": d.name, "eligible": el_d.get(d.pk, 0),
                          "population_14_plus": d.population_14_plus,
                          "ballots": b_d.get(d.pk, 0),
                          "share": _share(b_d.get(d.pk, 0), el_d.get(d.pk, 0))})
    if b_d.get(None) or el_d.get(None):
        districts.append({"district": "Район не указан", "eligible": el_d.get(None, 0),
                          "population_14_plus": 0, "ballots": b_d.get(None, 0),
                          "share": _share(b_d.get(None, 0), el_d.get(None, 0))})
    el_a = dict(eligible.annotate(band=_band("birth_date", today)).values_list("band")
                .annotate(n=Count("id")).order_by())
    b_a = dict(voters.annotate(band=_band("person__birth_date", today)).values_list("band")
               .annotate(n=Count("id")).order_by())
    bands = [{"band": age_band_label(low), "eligible": el_a.get(low, 0),
              "ballots": b_a.get(low, 0), "share": _share(b_a.get(low, 0), el_a.get(low, 0))}
             for low, _ in AGE_BANDS if low >= 14]
    channels = dict(ballots.values_list("channel").annotate(n=Count("id")).order_by())
    population = vote.territory.population_14_plus
    total_eligible = sum(el_d.values())
    if vote.building_id:
        # One building's vote: its turnout is against that building's residents, not the town.
        population = total_eligible
    return {"ballots": n, "eligible": total_eligible, "population_14_plus": population,
            "share_of_eligible": _share(n, total_eligible),
            "share_of_population": _share(n, population),
            "by_district": districts, "by_age_band": bands,
            "by_channel": {c: channels.get(c, 0) for c in ("web", "api", "paper")}}


def vote_invitation_stats(*, vote: Vote) -> dict:
    """Voters who came through tracked links, by channel, campaign and inviting person."""
    voters = Participation.objects.filter(vote=vote)
    invited = voters.filter(invitation__isnull=False)

    def group(field: str) -> list[dict]:
        return [{"key": k or "—", "ballots": c} for k, c in
                invited.values_list(f"invitation__{field}").annotate(c=Count("id"))
                .order_by("-c", f"invitation__{field}")]

    return {"invited": invited.count(), "total": voters.count(), "by_channel": group("channel"),
            "by_campaign": group("campaign"), "by_inviter": group("inviter_name")}


def results_context(*, vote: Vote) -> dict:
    """Everything published next to the count: options, turnout, invitations, chain head,
    abuse flags, when."""
    vote.refresh_from_db(fields=["chain_head", "chain_length"])
    flags = dict(AbuseFlag.objects.filter(vote=vote).values_list("status")
                 .annotate(n=Count("id")).order_by())
    confirmed = list(AbuseFlag.objects.filter(vote=vote, status=AbuseFlag.Status.CONFIRMED)
                     .values("reason", "ballots_count", "note"))
    return {
        "options": [{"id": o.pk, "text": o.text, "cost": o.cost}
                    for o in Option.objects.filter(vote=vote).order_by("order", "id")],
        "turnout": vote_turnout(vote=vote),
        "invitations": vote_invitation_stats(vote=vote),
        "chain": {"head": vote.chain_head, "length": vote.chain_length},
        "abuse": {"open": flags.get("open", 0), "cleared": flags.get("cleared", 0),
                  "confirmed": flags.get("confirmed", 0), "confirmed_flags": confirmed},
        "computed_at": timezone.now().isoformat(),
    }


def results_visible(*, vote: Vote, staff: bool = False) -> tuple[bool, str]:
    """May results be shown now? (staff always see a live count once the vote is open)."""
    if vote.status in (VoteStatus.DRAFT, VoteStatus.PUBLISHED):
        return False, "Голосование ещё не началось."
    if vote.status == VoteStatus.RESULTS:
        return True, ""
    if staff or vote.results_visibility == ResultsVisibility.LIVE:
        return True, ""
    if vote.status == VoteStatus.CLOSED:
        return False, "Голосование завершено, итоги скоро будут опубликованы."
    return False, "Итоги будут видны после завершения голосования."


def vote_results(*, vote: Vote, staff: bool = False) -> dict | None:
    """The result to show, or None when it may not be shown (see results_visible) or no count
    has finished yet. Keys: tally (method, ranking, winners, scores, tie_rule, ties, details),
    options, turnout, invitations, chain, abuse, computed_at, live (bool), final (bool)."""
    ok, _ = results_visible(vote=vote, staff=staff)
    if not ok:
        return None
    if vote.status in (VoteStatus.CLOSED, VoteStatus.RESULTS):
        done = (VoteTally.objects.filter(vote=vote, is_final=True, status=VoteTally.Status.DONE)
                .order_by("-created_at", "-id").first())
        return done.result | {"live": False, "final": True} if done else None
    key = f"votes:live:{vote.pk}:{vote.updated_at.timestamp()}"
    cached = cache.get(key)
    if cached is not None:
        return cached
    n = Ballot.objects.filter(vote=vote, is_current=True).count()
    result: dict | None
    if n <= LIVE_SYNC_LIMIT:
        from ..services.tallies import tally_compute
        result = tally_compute(vote=vote, total=n) | {"live": True, "final": False}
    else:
        from ..services.tallies import tally_start
        done = (VoteTally.objects.filter(vote=vote, status=VoteTally.Status.DONE)
                .order_by("-created_at", "-id").first())
        pending = VoteTally.objects.filter(vote=vote, status__in=("queued", "running")).exists()
        if not pending and (done is None or done.finished_at is None or
                            timezone.now() - done.finished_at > dt.timedelta(minutes=1)):
            tally_start(vote=vote)
        result = done.result | {"live": True, "final": False} if done else None
    if result is not None:
        cache.set(key, result, LIVE_CACHE_SECONDS)
    return result
