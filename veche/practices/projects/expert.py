"""Expert evaluation (seed 004, stages 3 and 5): experts score practices and initiatives on the
four criteria, a declared conflict of interest bars an expert from an item, scores aggregate
into a weighted mean with its spread, and the expert council approves the shortlist for the
resident vote.

The resident vote belongs to the votes app, which this app may not import: the shortlist hands
out plain dicts (`shortlist_for_vote`) and takes back the vote's reference
(`shortlist_vote_link`); the web layer, which may import both apps, joins them."""

import math
from collections import defaultdict

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from veche.accounts.models import Membership, Role, User

from ..models import (
    Body,
    BodyMember,
    ConflictDeclaration,
    Criterion,
    ExpertRound,
    ExpertScore,
    Initiative,
    Shortlist,
    ShortlistItem,
    TownProject,
)
from .checks import clean_text
from .services import DEFAULT_WEIGHTS

SCORE_MIN, SCORE_MAX = 1, 5
CRITERIA = [c.value for c in Criterion]


def item_key(*, initiative=None, practice=None) -> str:
    """"initiative:12" or "practice:7": how items are named in forms, the API and dicts."""
    if (initiative is None) == (practice is None):
        raise ValidationError({"item": ValidationError(
            _("Укажите ровно одно: практику или инициативу."), code="review_item_ambiguous")})
    return f"initiative:{initiative.pk}" if initiative is not None else f"practice:{practice.pk}"


def is_expert(*, project: TownProject, user: User) -> bool:
    """An expert is a user with the expert role in the town or a member of its expert council."""
    if Membership.objects.filter(territory=project.territory, user=user,
                                 role=Role.EXPERT).exists():
        return True
    return BodyMember.objects.filter(territory=project.territory, user=user,
                                     body__kind=Body.Kind.EXPERT_COUNCIL).exists()


def _item_filter(initiative, practice) -> dict:
    return {"initiative": initiative} if initiative is not None else {"practice": practice}


def _check_item(project: TownProject, initiative, practice) -> None:
    item_key(initiative=initiative, practice=practice)
    if initiative is not None and (initiative.territory_id != project.territory_id):
        raise ValidationError({"item": ValidationError(
            _("Инициатива относится к другому городу."), code="other_town")})


def has_conflict(*, project: TownProject, expert: User, initiative=None, practice=None) -> bool:
    return ConflictDeclaration.objects.filter(
        project=project, expert=expert, **_item_filter(initiative, practice)).exists()


@transaction.atomic
def conflict_declare(*, project: TownProject, expert: User, reason: str, initiative=None,
                     practice=None) -> ConflictDeclaration:
    """Record a conflict of interest. A score the expert already gave to the item is withdrawn:
    it must not count once the conflict is known."""
    _check_item(project, initiative, practice)
    reason = clean_text(reason, "reason", _("Причина конфликта интересов"), limit=2000)
    item = _item_filter(initiative, practice)
    if has_conflict(project=project, expert=expert, **item):
        raise ValidationError({"reason": ValidationError(
            _("Конфликт интересов по этому пункту уже заявлен."), code="conflict_duplicate")})
    ExpertScore.objects.filter(project=project, expert=expert, **item).delete()
    return ConflictDeclaration.objects.create(territory=project.territory, project=project,
                                              expert=expert, reason=reason, **item)


def _check_scores(values: dict) -> dict[str, int]:
    errors, out = {}, {}
    for c in CRITERIA:
        v = values.get(c)
        if isinstance(v, str) and v.strip().isdigit():
            v = int(v.strip())
        if isinstance(v, bool) or not isinstance(v, int) or not SCORE_MIN <= v <= SCORE_MAX:
            errors[c] = [ValidationError(_("Оценка — целое число от %(min)s до %(max)s."),
                                         code="score_out_of_range",
                                         params={"min": SCORE_MIN, "max": SCORE_MAX})]
        else:
            out[c] = v
    if errors:
        raise ValidationError(errors)
    return out


def vote_winners(*, project: TownProject) -> set[str]:
    """Keys of the items that won the residents' vote (taken from its closed count): what the
    secondary expertise of stage 5 scores."""
    out = set()
    for i, p in ShortlistItem.objects.filter(shortlist__project=project, won_vote=True) \
            .values_list("initiative_id", "practice_id"):
        out.add(f"initiative:{i}" if i else f"practice:{p}")
    return out


@transaction.atomic
def shortlist_winners_set(*, shortlist: Shortlist, keys: list[str]) -> Shortlist:
    """Mark the items that won the residents' vote (the bridge reads the closed vote's count
    and passes their keys: this app may not import votes). Once taken, not taken again: the
    secondary expertise stands on them."""
    if shortlist.winners_taken_at is not None:
        raise ValidationError({"shortlist": ValidationError(
            _("Победители голосования по этому перечню уже приняты."),
            code="winners_already_taken")})
    items = {item_key(initiative=i.initiative, practice=i.practice): i
             for i in shortlist.items.select_related("initiative", "practice")}
    unknown = [k for k in keys if k not in items]
    if unknown or not keys:
        raise ValidationError({"items": ValidationError(
            _("Победители должны быть пунктами перечня: %(items)s."), code="winners_unknown",
            params={"items": ", ".join(unknown) or "—"})})
    ShortlistItem.objects.filter(pk__in=[items[k].pk for k in keys]).update(won_vote=True)
    shortlist.winners_taken_at = timezone.now()
    shortlist.save(update_fields=["winners_taken_at"])
    Initiative.objects.filter(pk__in=[items[k].initiative_id for k in keys
                                      if items[k].initiative_id]).update(
        status=Initiative.Status.SELECTED)
    return shortlist


@transaction.atomic
def expert_score_set(*, project: TownProject, expert: User, effect, resources, timeframe, fit,
                     comment: str = "", initiative: Initiative | None = None,
                     practice=None,
                     expert_round: int = ExpertRound.PRIMARY) -> ExpertScore:
    """An expert's score of one item, 1..5 per criterion (5 = best), in the primary (stage 3)
    or the secondary (stage 5) expertise. Scoring again replaces the expert's previous score
    of that item in that round. The secondary round scores only the vote's winners."""
    _check_item(project, initiative, practice)
    if expert_round not in ExpertRound.values:
        raise ValidationError({"round": ValidationError(
            _("Раунд экспертизы: 1 (первичная) или 2 (вторичная)."), code="round_unknown")})
    key = item_key(initiative=initiative, practice=practice)
    if expert_round == ExpertRound.SECONDARY and key not in vote_winners(project=project):
        raise ValidationError({"item": ValidationError(
            _("Вторичная экспертиза оценивает только победителей голосования жителей."),
            code="second_round_not_winner")})
    if not is_expert(project=project, user=expert):
        raise ValidationError({"expert": ValidationError(
            _("Оценивать могут только эксперты города (роль «эксперт» или член экспертного "
              "совета)."), code="not_expert")})
    item = _item_filter(initiative, practice)
    if has_conflict(project=project, expert=expert, **item):
        raise ValidationError({"item": ValidationError(
            _("Вы заявили конфликт интересов по этому пункту: оценку от вас принять нельзя."),
            code="conflict_of_interest")})
    scores = _check_scores({"effect": effect, "resources": resources, "timeframe": timeframe,
                            "fit": fit})
    comment = clean_text(comment, "comment", _("Комментарий"), required=False, limit=5000)
    try:
        with transaction.atomic():
            score, _created = ExpertScore.objects.update_or_create(
                territory=project.territory, project=project, expert=expert,
                round=expert_round, **item, defaults={**scores, "comment": comment})
    except IntegrityError:  # two submits at once: the second one updates the first
        score = ExpertScore.objects.get(project=project, expert=expert, round=expert_round,
                                          **item)
        for k, v in scores.items():
            setattr(score, k, v)
        score.comment = comment
        score.save()
    return score


def weighted(score, weights: dict[str, float]) -> float:
    total = sum(weights.values()) or 1.0
    return sum(getattr(score, c) * weights.get(c, 0) for c in CRITERIA) / total


def aggregate_scores(*, project: TownProject,
                     expert_round: int = ExpertRound.PRIMARY) -> dict[str, dict]:
    """Per item ("initiative:12") in one round: the weighted mean over experts of each
    expert's weighted score, its population standard deviation, min, max, number of experts,
    the mean per criterion and the number of declared conflicts. One query for scores, one
    for conflicts."""
    weights = {**DEFAULT_WEIGHTS, **(project.weights or {})}
    per_item: dict[str, list] = defaultdict(list)
    for s in ExpertScore.objects.filter(project=project, round=expert_round):
        key = f"initiative:{s.initiative_id}" if s.initiative_id else f"practice:{s.practice_id}"
        per_item[key].append(s)
    conflicts: dict[str, int] = defaultdict(int)
    for i, p in ConflictDeclaration.objects.filter(project=project).values_list(
            "initiative_id", "practice_id"):
        conflicts[f"initiative:{i}" if i else f"practice:{p}"] += 1
    out = {}
    for key in set(per_item) | set(conflicts):
        rows = per_item.get(key, [])
        values = [weighted(s, weights) for s in rows]
        n = len(values)
        mean = sum(values) / n if n else 0.0
        std = math.sqrt(sum((v - mean) ** 2 for v in values) / n) if n else 0.0
        out[key] = {
            "n": n, "mean": round(mean, 3) if n else None, "std": round(std, 3) if n else None,
            "min": round(min(values), 3) if n else None,
            "max": round(max(values), 3) if n else None,
            "criteria": {c: round(sum(getattr(s, c) for s in rows) / n, 2) if n else None
                         for c in CRITERIA},
            "conflicts": conflicts.get(key, 0),
        }
    return out


@transaction.atomic
def shortlist_approve(*, project: TownProject, items: list[str], decision: str,
                      by: User | None, session=None) -> Shortlist:
    """The council's approved list for the resident vote: items as "initiative:ID" /
    "practice:ID", in the order given. Initiatives on it move to «в перечне для голосования»."""
    from .selectors import practices_by_ids

    decision = clean_text(decision, "decision", _("Решение совета"), limit=5000)
    if not isinstance(items, list) or not items:
        raise ValidationError({"items": ValidationError(
            _("Выберите хотя бы один пункт для голосования."), code="items_missing")})
    if len(items) > 100:
        raise ValidationError({"items": ValidationError(
            _("В перечне для голосования не больше 100 пунктов."), code="items_too_many")})
    if len(set(items)) != len(items):
        raise ValidationError({"items": ValidationError(
            _("Один и тот же пункт выбран дважды."), code="items_duplicate")})
    parsed = []
    for raw in items:
        kind, _sep, pk = str(raw).partition(":")
        if kind not in ("initiative", "practice") or not pk.isdigit():
            raise ValidationError({"items": ValidationError(
                _("Непонятный пункт «%(item)s»."), code="item_unreadable",
                params={"item": raw})})
        parsed.append((kind, int(pk)))
    initiatives = {i.pk: i for i in Initiative.objects.filter(
        territory=project.territory, pk__in=[pk for k, pk in parsed if k == "initiative"])}
    practices = practices_by_ids([pk for k, pk in parsed if k == "practice"])
    missing = [f"{k}:{pk}" for k, pk in parsed
               if pk not in (initiatives if k == "initiative" else practices)]
    if missing:
        raise ValidationError({"items": ValidationError(
            _("Не найдены: %(items)s."), code="items_not_found",
            params={"items": ", ".join(missing)})})
    if session is not None and session.territory_id != project.territory_id:
        raise ValidationError({"session": ValidationError(
            _("Заседание относится к другому городу."), code="other_town")})
    agg = aggregate_scores(project=project)
    shortlist = Shortlist.objects.create(territory=project.territory, project=project,
                                         session=session, decision=decision, approved_by=by)
    ShortlistItem.objects.bulk_create([
        ShortlistItem(territory=project.territory, shortlist=shortlist, position=n,
                      initiative=initiatives.get(pk) if k == "initiative" else None,
                      practice=practices.get(pk) if k == "practice" else None,
                      score=(agg.get(f"{k}:{pk}") or {}).get("mean"))
        for n, (k, pk) in enumerate(parsed, start=1)
    ])
    Initiative.objects.filter(pk__in=[pk for k, pk in parsed if k == "initiative"]).update(
        status=Initiative.Status.SHORTLISTED)
    return shortlist


def shortlist_for_vote(*, shortlist: Shortlist) -> list[dict]:
    """What a resident vote needs to be made from the shortlist, as plain dicts: title,
    description, and a reference back (`practice_ref` / `initiative_ref`), in list order."""
    from .selectors import practice_text

    out = []
    for item in shortlist.items.select_related("initiative", "practice").order_by("position"):
        if item.initiative is not None:
            out.append({"title": item.initiative.title[:300],
                        "description": item.initiative.description,
                        "practice_ref": "", "initiative_ref": str(item.initiative_id),
                        "score": item.score})
        else:
            assert item.practice is not None  # an item is an initiative or a practice
            title, description = practice_text(item.practice)
            out.append({"title": title[:300], "description": description,
                        "practice_ref": str(item.practice_id), "initiative_ref": "",
                        "score": item.score})
    return out


@transaction.atomic
def shortlist_vote_link(*, shortlist: Shortlist, vote_ref: str) -> Shortlist:
    vote_ref = clean_text(vote_ref, "vote_ref", _("Ссылка на голосование"), limit=60)
    if shortlist.vote_ref:
        raise ValidationError({"vote_ref": ValidationError(
            _("Голосование по этому перечню уже создано."), code="shortlist_vote_exists")})
    shortlist.vote_ref = vote_ref
    shortlist.save(update_fields=["vote_ref"])
    return shortlist
