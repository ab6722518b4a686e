"""A list's rows against the town's registry, through the linkage engine (docs/linkage.md).

Two `veche.linkage.link` runs, each with the engine's two thresholds:

1. the file's valid rows against the town's persons, comparing only a row with a person
   (`link_only`): m and u are estimated from those pairs alone. (One run over registry and file
   together also compared the registry's persons with each other — hundreds of thousands of
   namesake pairs that are no one's duplicates — and the model learnt from them that a shared
   name outweighs a different patronymic and birth date: bench/registry_import.py, 2,000 rows
   into 200,000 persons, sent 236 of 1,000 new people to a namesake and 516 to review; run
   apart, 1 and 0, in a sixth of the time.)
2. the file's rows with each other: the same person twice in one list is one person.

For each row: its cluster of the first run holds a registry person (its best pair at or above
the merge threshold) → that person, and so do the rows of its cluster in the list
(re-importing a list finds the same persons again); its best pair with a registry person is
between the thresholds → review: a person decides; otherwise a new person, shared with the other
rows of its cluster in the list.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np

from veche.linkage import LinkSettings, link
from veche.linkage.result import Decision
from veche.territories.models import Territory

from .models import Person

NEW, PERSON, REVIEW = "new", "person", "review"


@dataclass
class Match:
    kind: str  # NEW, PERSON or REVIEW
    person_id: int | None = None  # the registry person (PERSON, REVIEW)
    score: float | None = None  # match probability with that person
    cluster: int = 0  # rows of the file with the same cluster are one person
    # The engine's evidence, field by field; left: the registry person, right: the row.
    evidence: list[dict] = field(default_factory=list)


def _address(street: str | None, house: str | None, apartment: str | None) -> str:
    if not street and not house:
        return ""
    return ", ".join(p for p in (street or "", house and f"д. {house}",
                                 apartment and f"кв. {apartment}") if p)


def town_persons(territory: Territory) -> list[tuple]:
    return list(Person.objects.filter(territory=territory, is_erased=False,
                                      merged_into__isnull=True).values_list(
        "id", "surname", "given_name", "patronymic", "birth_date", "phone", "email",
        "building__street", "building__house", "apartment"))


def link_rows(*, territory: Territory, rows: list[dict],
              settings: LinkSettings | None = None) -> list[Match]:
    """`rows`: the valid rows' fields (surname, given_name, patronymic, birth_date, phone,
    email, address, organisation) → a Match for each, in order."""
    if not rows:
        return []
    persons = town_persons(territory)
    p = len(persons)
    columns: dict[str, list] = {k: [] for k in (
        "surname", "given_name", "patronymic", "birth_date", "phone", "email", "address",
        "organisation")}
    for _pk, surname, given, patronymic, birth, phone, email, street, house, flat in persons:
        for key, value in (("surname", surname), ("given_name", given),
                           ("patronymic", patronymic), ("birth_date", birth),
                           ("phone", phone), ("email", email),
                           ("address", _address(street, house, flat)), ("organisation", "")):
            columns[key].append(value or None)
    for row in rows:
        for key in columns:
            columns[key].append(row.get(key) or None)
    settings = settings or LinkSettings()
    sources = np.r_[np.zeros(p, dtype=np.int32), np.ones(len(rows), dtype=np.int32)]
    result = link(columns, settings=replace(settings, link_only=True), sources=sources)
    thresholds = result.thresholds
    best_p = np.full(len(rows), -1.0)
    best_pair = np.full(len(rows), -1, dtype=np.int64)
    left, right, prob = result.left, result.right, result.probability
    cross = (left < p) != (right < p)
    for k in np.nonzero(cross)[0]:
        a, b = int(left[k]), int(right[k])
        r = (b if a < p else a) - p
        if prob[k] > best_p[r]:
            best_p[r], best_pair[r] = float(prob[k]), int(k)
    cluster = result.person
    # A registry person in each cluster: the one with the strongest pair to the cluster's rows.
    cluster_person: dict[int, tuple[float, int]] = {}
    decided = result.decision
    for k in np.nonzero(cross & (decided == Decision.MERGE))[0]:
        a, b = int(left[k]), int(right[k])
        person_index, row_index = (a, b) if a < p else (b, a)
        c = int(cluster[row_index])
        if int(cluster[person_index]) != c:
            continue  # clustering split this pair (a chain broken): not one person
        if c not in cluster_person or prob[k] > cluster_person[c][0]:
            cluster_person[c] = (float(prob[k]), person_index)
    matches = []
    for i in range(len(rows)):
        c = int(cluster[p + i])
        score = float(best_p[i]) if best_p[i] >= 0 else None
        if c in cluster_person:
            person_index = cluster_person[c][1]
            matches.append(Match(PERSON, int(persons[person_index][0]),
                                 score if score is not None else cluster_person[c][0], c))
        elif score is not None and score >= thresholds.review:
            k = int(best_pair[i])
            a, b = int(left[k]), int(right[k])
            person_index = a if a < p else b
            evidence = [{"field": e.field, "label": e.label, "level": e.level,
                         "weight": e.weight, "left": e.left if a == person_index else e.right,
                         "right": e.right if a == person_index else e.left}
                        for e in result.evidence(k) if e.level]
            matches.append(Match(REVIEW, int(persons[person_index][0]), score, c, evidence))
        else:
            matches.append(Match(NEW, None, score, c))
    return _one_per_human_in_the_list(matches, columns, p, settings)


def _one_per_human_in_the_list(matches: list[Match], columns: dict[str, list], p: int,
                               settings: LinkSettings) -> list[Match]:
    """Rows of one person within the list share a cluster, and the registry person one of
    them was found to be (the strongest such pair)."""
    n = len(matches)
    if n < 2:
        return matches
    within = link({k: v[p:] for k, v in columns.items()}, settings=settings).person
    found: dict[int, Match] = {}
    for i, m in enumerate(matches):
        c = int(within[i])
        if m.kind == PERSON and (c not in found or (m.score or 0) > (found[c].score or 0)):
            found[c] = m
    out = []
    for i, m in enumerate(matches):
        c = int(within[i])
        if m.kind != PERSON and c in found:
            m = Match(PERSON, found[c].person_id, found[c].score, c)
        out.append(Match(m.kind, m.person_id, m.score, c, m.evidence))
    return out
