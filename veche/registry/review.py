"""The review queue: pairs the linkage could not decide, put before a person, and their decisions
remembered (issue 18, point 3; docs/registry_linkage.md).

A pair is two registry persons, or a row of an imported list and the person it may be (the list
import calls `candidate_add` for every pair between the engine's two thresholds). The decision
stays on the candidate row and is never asked again:
- two persons: by `pair_key` (the two ids, in order), also after a merge is undone (the undo
  records «разные люди»);
- an import row: by the person and the row's normalised fingerprint (`fingerprint`), so the
  same row of a re-imported, updated list finds the decision made on the first import.
«Один человек» merges (merges.py); «разные люди» keeps them apart, and `decided_pairs` hands
the decisions to the engine as `must_link` / `cannot_link` when a list is linked again.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from veche.accounts.access import require_roles
from veche.accounts.contract import one_or_404
from veche.accounts.models import PERSONAL_DATA_ROLES, User
from veche.territories.models import Territory
from veche.text.contacts import email_normal, phone_e164
from veche.text.dates import parse_date
from veche.text.names import fold, given_names, person_name, split_full_name

from .consent import Purpose, analysis_basis
from .models import ListImportRow, Person, ReviewCandidate, SourceKind

Status = ReviewCandidate.Status


# --- keys under which decisions are remembered ----------------------------------------------

def pair_key(a: int, b: int) -> str:
    low, high = sorted((int(a), int(b)))
    return f"{low}:{high}"


def fingerprint(fields: Mapping[str, Any]) -> str:
    """The normalised identity of a list row: name (folded, the given name's full form, the
    patronymic written out), birth date, phone (E.164) and e-mail, hashed. «Семёнов Саша» and
    «СЕМЕНОВ Александр» with the same date and phone give the same fingerprint."""
    if fields.get("surname") or fields.get("given_name"):
        name = person_name(fields.get("surname", ""), fields.get("given_name", ""),
                           fields.get("patronymic", ""))
    else:
        name = split_full_name(fields.get("full_name") or fields.get("name") or "")
    given = fold(name.given)
    fulls = given_names(given) if given else ()
    born = parse_date(fields.get("birth_date") or "")
    parts = [fold(name.surname), fulls[0] if fulls else given, fold(name.patronymic),
             born.isoformat() if born else "", phone_e164(fields.get("phone") or ""),
             email_normal(fields.get("email") or "")]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()


def _row_fingerprint(import_row: ListImportRow, row_fields: Mapping[str, Any] | None) -> str:
    if row_fields:
        return fingerprint(row_fields)
    raw = import_row.raw if isinstance(import_row.raw, dict) else {}
    return fingerprint({str(k).lower(): v for k, v in raw.items()})


def _survivor(person: Person) -> Person:
    """The record that stands for `person`'s human now (read afresh: a merge may be newer
    than the object the caller holds)."""
    merged = Person.objects.filter(pk=person.pk).values_list("merged_into_id", flat=True).first()
    return Person.objects.get(pk=merged) if merged else person


def _evidence_json(evidence: Iterable[Any]) -> list[dict]:
    """The engine's `Evidence` items (or dicts of the same keys) as JSON."""
    out = []
    for item in evidence:
        get = item.get if isinstance(item, Mapping) else (lambda k, i=item: getattr(i, k, ""))
        out.append({"field": str(get("field") or ""), "label": str(get("label") or ""),
                    "level": str(get("level") or ""), "weight": float(get("weight") or 0),
                    "left": str(get("left") or ""), "right": str(get("right") or "")})
    return out


# --- writes --------------------------------------------------------------------------------

@transaction.atomic
def candidate_add(
    *,
    territory: Territory,
    person: Person,
    other: Person | None = None,
    import_row: ListImportRow | None = None,
    score: float,
    evidence: Iterable[Any] = (),
    row_fields: Mapping[str, Any] | None = None,
) -> ReviewCandidate | None:
    """Put a doubtful pair in the queue: `person` and `other` (two registry persons), or
    `person` and `import_row` (a list row that may be them; `row_fields`: its normalised person
    fields, to make a person of it if it is someone else). `score`: the match probability;
    `evidence`: the engine's `result.evidence(k)`.

    Returns the queued candidate; a pair already decided returns its decided candidate (the
    caller reads `.status`: SAME means attach the row to `person`, DIFFERENT keeps it apart)
    and is not asked again; None when the two are one person already (merged)."""
    if (other is None) == (import_row is None):
        raise ValueError("candidate_add needs either `other` or `import_row`")
    for who in (person, other, import_row):
        if who is not None and who.territory_id != territory.pk:
            raise ValidationError(_("Запись относится к другому городу."), code="other_town")
    person = _survivor(person)
    if other is not None:
        other = _survivor(other)
        if other.pk == person.pk:
            return None
        key = pair_key(person.pk, other.pk)
        found = ReviewCandidate.objects.filter(territory=territory, pair_key=key)
        existing = found.exclude(status=Status.OPEN).first() or found.first()
        if existing is not None:
            return existing
        return ReviewCandidate.objects.create(
            territory=territory, person=person, other=other, pair_key=key,
            score=float(score), evidence=_evidence_json(evidence))
    assert import_row is not None
    print_ = _row_fingerprint(import_row, row_fields)
    if import_row.person_id == person.pk:
        return None
    found = ReviewCandidate.objects.filter(territory=territory, person=person, fingerprint=print_)
    existing = found.exclude(status=Status.OPEN).first() or found.first()
    if existing is not None:
        if existing.import_row_id != import_row.pk and existing.status == Status.OPEN:
            existing.import_row = import_row  # the newest upload's row is the one to look at
            existing.save(update_fields=["import_row"])
        return existing
    return ReviewCandidate.objects.create(
        territory=territory, person=person, import_row=import_row, fingerprint=print_,
        row_fields=dict(row_fields or {}), score=float(score),
        evidence=_evidence_json(evidence),
        pair_key=pair_key(person.pk, import_row.person_id) if import_row.person_id else "")


@transaction.atomic
def candidate_decide(*, candidate: ReviewCandidate, same: bool, by: User | None) -> ReviewCandidate:
    """Decide a pair: `same` merges the two persons (or attaches the row to the person),
    otherwise they stay two (a row that is nobody yet becomes a new person). Raises
    ValidationError when the pair is already decided."""
    candidate = ReviewCandidate.objects.select_for_update().get(pk=candidate.pk)
    if candidate.status != Status.OPEN:
        raise ValidationError(_("Эта пара уже решена: %(decision)s."), code="already_decided",
                              params={"decision": candidate.get_status_display()})
    from .merges import person_merge  # merges.py records the decision's merge

    candidate.status = Status.SAME if same else Status.DIFFERENT
    candidate.decided_by, candidate.decided_at = by, timezone.now()
    candidate.save(update_fields=["status", "decided_by", "decided_at"])
    person = _survivor(candidate.person)
    row = candidate.import_row
    other = candidate.other or (row.person if row is not None and row.person_id else None)
    if other is not None:
        other = _survivor(other)
    if same:
        if other is not None and other.pk != person.pk:
            survivor, absorbed = sorted((person, other), key=lambda p: p.pk)
            person_merge(survivor=survivor, absorbed=absorbed, by=by, candidate=candidate)
        elif row is not None and row.person_id is None:
            row.person, row.outcome = person, ListImportRow.Outcome.MATCHED
            row.save(update_fields=["person", "outcome"])
    elif row is not None and row.person_id is None and candidate.row_fields:
        _row_person_create(candidate, row, by)
    return candidate


def _row_person_create(candidate: ReviewCandidate, row: ListImportRow, by: User | None) -> None:
    """A row decided to be somebody else becomes a person of its own, as the import would have
    made it; a row whose fields the registry refuses stays for the import's report."""
    from .services import person_create

    fields = {k: v for k, v in candidate.row_fields.items() if k in {
        "surname", "given_name", "patronymic", "birth_date", "phone", "email", "apartment"}}
    if isinstance(fields.get("birth_date"), str):
        fields["birth_date"] = parse_date(fields["birth_date"])
    try:
        with transaction.atomic():
            person = person_create(
                territory=candidate.territory, source_kind=SourceKind.LIST,
                source_list=row.list_import.source_list, recorded_by=by, **fields)
    except (ValidationError, TypeError):
        return
    row.person, row.outcome = person, ListImportRow.Outcome.CREATED
    row.save(update_fields=["person", "outcome"])


def candidates_find(*, territory: Territory, merge_above: bool = False) -> int:
    """Link the town's registry persons with each other through the engine and queue the pairs
    between its thresholds (the decisions made so far kept as must/cannot-link). With
    `merge_above` the pairs above the merge threshold are merged at once. Returns how many
    candidates were queued."""
    from veche.linkage import link

    from .merges import person_merge

    rows = list(Person.objects.filter(territory=territory, is_erased=False,
                                      merged_into__isnull=True)
                .values_list("id", "surname", "given_name", "patronymic", "birth_date",
                             "phone", "email"))
    if len(rows) < 2:
        return 0
    ids = [r[0] for r in rows]
    index = {pk: i for i, pk in enumerate(ids)}
    must, never = decided_pairs(territory=territory)
    result = link(
        {"surname": [r[1] for r in rows], "given_name": [r[2] for r in rows],
         "patronymic": [r[3] for r in rows],
         "birth_date": [r[4].isoformat() if r[4] else "" for r in rows],
         "phone": [r[5] for r in rows], "email": [r[6] for r in rows]},
        must_link=[(index[a], index[b]) for a, b in must if a in index and b in index],
        cannot_link=[(index[a], index[b]) for a, b in never if a in index and b in index],
    )
    queued = 0
    for k in result.review():
        a, b = ids[int(result.left[k])], ids[int(result.right[k])]
        found = candidate_add(territory=territory, person=Person.objects.get(pk=a),
                              other=Person.objects.get(pk=b),
                              score=float(result.probability[k]), evidence=result.evidence(k))
        queued += bool(found and found.status == Status.OPEN)
    if merge_above:
        from veche.linkage import Decision

        for k in (result.decision == Decision.MERGE).nonzero()[0]:
            a, b = sorted((ids[int(result.left[k])], ids[int(result.right[k])]))
            survivor, absorbed = (_survivor(Person.objects.get(pk=pk)) for pk in (a, b))
            if survivor.pk != absorbed.pk and pair_key(a, b) not in {pair_key(*p) for p in never}:
                person_merge(survivor=survivor, absorbed=absorbed, by=None)
    return queued


# --- reads ---------------------------------------------------------------------------------

def decided_pairs(*, territory: Territory) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """(must_link, cannot_link) as pairs of person ids, for `veche.linkage.link` when the town's
    persons are linked again."""
    must: list[tuple[int, int]] = []
    never: list[tuple[int, int]] = []
    rows = (ReviewCandidate.objects.filter(territory=territory).exclude(status=Status.OPEN)
            .exclude(pair_key="").values_list("pair_key", "status"))
    for key, status in rows:
        a, b = (int(x) for x in key.split(":"))
        (must if status == Status.SAME else never).append((a, b))
    return must, never


def row_decision(*, territory: Territory, person: Person,
                 row_fields: Mapping[str, Any]) -> str | None:
    """What was decided for a list row with these fields and `person` on an earlier import:
    "same", "different" or None (never decided)."""
    return (ReviewCandidate.objects.filter(
        territory=territory, person=_survivor(person), fingerprint=fingerprint(row_fields))
        .exclude(status=Status.OPEN).values_list("status", flat=True).first())


def _live(qs: QuerySet[ReviewCandidate]) -> QuerySet[ReviewCandidate]:
    """Candidates whose persons are still in the registry's lists (not merged, not erased)."""
    return qs.filter(person__merged_into__isnull=True, person__is_erased=False).exclude(
        Q(other__merged_into__isnull=False) | Q(other__is_erased=True))


def candidates_queue(*, territory: Territory, status: str = Status.OPEN) -> QuerySet:
    """The queue (status OPEN) most doubtful first, or the decided ones, newest first."""
    qs = ReviewCandidate.objects.filter(territory=territory, status=status).select_related(
        "person", "other", "import_row__list_import__source_list", "decided_by")
    if status == Status.OPEN:
        return _live(qs).order_by("score", "id")
    return qs.order_by("-decided_at", "-id")


def candidates_counts(*, territory: Territory) -> dict[str, int]:
    """How many pairs wait, and how many were decided each way (counts naming no one)."""
    analysis_basis(Purpose.STATISTICS)
    counts = dict.fromkeys(Status.values, 0)
    decided = (ReviewCandidate.objects.filter(territory=territory).exclude(status=Status.OPEN)
               .values("status").annotate(n=Count("id")).values_list("status", "n"))
    counts.update(dict(decided))
    counts[Status.OPEN] = candidates_queue(territory=territory).count()
    return counts


def candidate_next(*, territory: Territory, after: ReviewCandidate | None = None):
    """The next open candidate of the queue (after `after` in its order), or None."""
    qs = candidates_queue(territory=territory)
    if after is not None:
        qs = qs.filter(Q(score__gt=after.score) | Q(score=after.score, id__gt=after.pk))
    return qs.first() or (candidates_queue(territory=territory).exclude(
        pk=after.pk).first() if after is not None else None)


def access_candidate(user: User, town: Territory, candidate_id: Any) -> ReviewCandidate:
    """A review candidate of the town, for those who may see persons' data."""
    require_roles(user, town, PERSONAL_DATA_ROLES)
    rows = ReviewCandidate.objects.filter(territory=town).select_related(
        "person", "other", "import_row__list_import__source_list", "decided_by")
    return one_or_404(rows, candidate_id, _("Нет такой пары на проверке в этом городе."))
