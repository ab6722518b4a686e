"""Reads of the bank. Public reads (published practices of every town) open ``all_towns()`` on
purpose and return evaluated lists; a town's staff reads run in the town's scope."""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from veche.practices.models import (
    Function,
    Method,
    PassportVersion,
    Practice,
    PracticeTransition,
    Replication,
    Stage,
)
from veche.practices.passport import Passport, passport_from_dict
from veche.practices.passport.form import FormSection, form_sections
from veche.territories.crosstown import in_town
from veche.territories.models import Territory
from veche.territories.scoping import all_towns

from .classifier import SHORT_FUNCTION, SHORT_METHOD
from .search import matrix_counts


def town_practices(*, territory: Territory) -> QuerySet[Practice]:
    return Practice.objects.filter(territory=territory).select_related("current_version")


def town_practice(*, territory: Territory, practice_id: int) -> Practice:
    """A practice of the town (raises Practice.DoesNotExist for another town's id)."""
    return Practice.objects.select_related("current_version", "territory").get(
        territory=territory, pk=practice_id)


def published_practice(*, practice_id: int) -> Practice:
    """A published practice of any town, for the public bank and other towns' staff."""
    with all_towns():
        return (Practice.objects.select_related("current_version", "territory")
                .prefetch_related("tags", "topics")
                .get(pk=practice_id, status=Practice.Status.PUBLISHED))


def passport_of(version: PassportVersion | None) -> Passport:
    return passport_from_dict(version.data if version else {})


def sections_of(version: PassportVersion | None, *, public: bool = False) -> list[FormSection]:
    return form_sections(passport_of(version))


def versions_of(practice: Practice) -> list[PassportVersion]:
    return list(in_town(PassportVersion, practice.territory_id).filter(practice=practice)
                .select_related("created_by").order_by("-number"))


def version_of(practice: Practice, number: int) -> PassportVersion:
    return in_town(PassportVersion, practice.territory_id).get(practice=practice, number=number)


@dataclass
class SectionDiff:
    number: int
    title: str
    lines: list[tuple[str, str]]  # ("+", text) added, ("-", text) removed, (" ", text) kept


def _section_lines(sec: FormSection) -> list[str]:
    lines = [x for x in sec.text.split("\n") if x]
    for table in sec.tables:
        lines += [" | ".join(c for c in row) for row in table.rows]
    return lines + sec.notes


def version_diff(old: PassportVersion | None, new: PassportVersion) -> list[SectionDiff]:
    """Per section, lines removed and added between two versions; unchanged sections omitted."""
    before = {s.number: s for s in form_sections(passport_of(old))}
    out = []
    for sec in form_sections(passport_of(new)):
        a, b = _section_lines(before[sec.number]), _section_lines(sec)
        if a == b:
            continue
        lines = []
        for op in difflib.ndiff(a, b):
            if op[:1] in "+- " and op[:2] != "? ":
                lines.append((op[0], op[2:]))
        out.append(SectionDiff(sec.number, sec.title, [x for x in lines if x[0] != " "]))
    return out


@dataclass
class TimelineStep:
    code: str
    label: str
    state: str  # "done", "current", "ahead"
    transitions: list[PracticeTransition]


def lifecycle_timeline(practice: Practice) -> list[TimelineStep]:
    moves = list(in_town(PracticeTransition, practice.territory_id).filter(practice=practice)
                 .select_related("by").order_by("at", "id"))
    order = list(Stage.values)
    here = order.index(practice.stage)
    steps = []
    for i, stage in enumerate(Stage):
        state = "done" if i < here else "current" if i == here else "ahead"
        steps.append(TimelineStep(stage.value, str(stage.label), state,
                                  [m for m in moves if m.to_stage == stage.value]))
    return steps


def replications_of(practice: Practice) -> list[Replication]:
    """Every town that adopted the practice (public: town, status, notes, own indicators)."""
    with all_towns():
        return list(Replication.objects.filter(practice=practice).select_related("territory")
                    .order_by("territory__name"))


def town_replications(*, territory: Territory) -> list[Replication]:
    """Practices of other towns that `territory` adopted."""
    return list(Replication.objects.filter(territory=territory)
                .select_related("practice", "practice__territory").order_by("-created_at"))


def replication_in_town(*, territory: Territory, replication_id: int) -> Replication:
    return Replication.objects.select_related("practice", "practice__territory").get(
        territory=territory, pk=replication_id)


@dataclass
class NetworkRow:
    practice: Practice
    towns: list[tuple[Territory, str]]  # adopting town, status label


def network_rows(*, limit: int = 200) -> list[NetworkRow]:
    """Published practices that run in more than their own town, most replicated first. A
    replication the town stopped is not «where it works»: it is left out."""
    live = Q(replications__status__in=[s for s in Replication.Status
                                       if s != Replication.Status.STOPPED])
    with all_towns():
        practices = list(
            Practice.objects.filter(status=Practice.Status.PUBLISHED)
            .annotate(n=Count("replications", filter=live)).filter(n__gt=0)
            .select_related("territory").order_by("-n", "title")[:limit])
        reps = (Replication.objects.filter(practice__in=practices)
                .exclude(status=Replication.Status.STOPPED)
                .select_related("territory").order_by("territory__name"))
        by_practice: dict[int, list] = {}
        for r in reps:
            by_practice.setdefault(r.practice_id, []).append((r.territory, r.get_status_display()))
    return [NetworkRow(p, by_practice.get(p.pk, [])) for p in practices]


@dataclass
class MatrixCell:
    method: str
    function: str
    count: int


def classifier_matrix(qs: QuerySet) -> dict:
    """Rows (functions) × columns (methods) with counts, totals and the unclassified count."""
    counts = matrix_counts(qs)
    rows = []
    for f in Function:
        cells = [MatrixCell(m.value, f.value, counts.get((m.value, f.value), 0)) for m in Method]
        rows.append({"function": f, "short": SHORT_FUNCTION[f], "cells": cells,
                     "total": sum(c.count for c in cells)})
    columns = [{"method": m, "short": SHORT_METHOD[m],
                "total": sum(n for (mm, _), n in counts.items() if mm == m.value)}
               for m in Method]
    unclassified = sum(n for (m, f), n in counts.items() if not m or not f)
    return {"rows": rows, "columns": columns, "unclassified": unclassified,
            "total": sum(counts.values())}


def bank_towns() -> list[Territory]:
    """Towns with published practices, for the filter."""
    with all_towns():
        ids = (Practice.objects.filter(status=Practice.Status.PUBLISHED)
               .values_list("territory_id", flat=True).distinct())
        return list(Territory.objects.filter(pk__in=list(ids)).order_by("name"))


def bank_years() -> list[int]:
    with all_towns():
        return sorted({y for y in Practice.objects.filter(
            status=Practice.Status.PUBLISHED, year__isnull=False)
            .values_list("year", flat=True).distinct() if y is not None}, reverse=True)


def bank_tags(limit: int = 60) -> list[str]:
    from veche.practices.models import Tag

    with all_towns():
        return list(Tag.objects.filter(practices__status=Practice.Status.PUBLISHED)
                    .annotate(n=Count("practices")).order_by("-n", "name")
                    .values_list("name", flat=True)[:limit])


def bank_topics(limit: int = 60) -> list[str]:
    from veche.territories.models import CityTopic

    with all_towns():
        return list(CityTopic.objects.filter(practices__status=Practice.Status.PUBLISHED)
                    .values_list("name", flat=True).distinct().order_by("name")[:limit])


def stage_counts(qs: QuerySet) -> dict[str, int]:
    return dict(qs.order_by().values_list("stage").annotate(n=Count("id")))


def practices_by_topic(*, territory: Territory) -> dict[int, int]:
    """The town's published practices per city topic (the topics page)."""
    return dict(Practice.objects.filter(territory=territory, status=Practice.Status.PUBLISHED,
                                        topics__isnull=False).order_by()
                .values_list("topics").annotate(n=Count("id")))
