"""Writes of the bank: import a passport file, save a new passport version, classify, publish,
move along the lifecycle, replicate in another town. Each validates first (validation.py)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from veche.practices.models import (
    PassportVersion,
    Practice,
    PracticeTransition,
    Replication,
    Stage,
    Tag,
)
from veche.practices.passport import (
    ParseResult,
    Passport,
    decode_bytes,
    parse_docx,
    parse_text,
)
from veche.territories.crosstown import in_town
from veche.territories.models import CityTopic, Territory

from . import validation as v
from .classifier import SHORT_FUNCTION, SHORT_METHOD, guess_cell
from .text import lemma_string, passport_text

_YEAR = re.compile(r"\b(19[9]\d|20\d\d)\b")


@dataclass
class ImportOutcome:
    practice: Practice | None
    version: PassportVersion | None
    result: ParseResult
    filename: str = ""
    problems: list[str] = field(default_factory=list)


def parse_file(*, data: bytes, filename: str) -> ParseResult:
    """Parse a passport file (DOCX or text) without saving anything."""
    kind = v.check_passport_file(data=data, filename=filename)
    if kind == "docx":
        return parse_docx(data)
    return parse_text(decode_bytes(data))


def title_of(passport: Passport, fallback: str) -> str:
    first = next((line.strip() for line in passport.name.split("\n") if line.strip()), "")
    return (first or fallback or "Практика без названия")[:500]


def year_of(passport: Passport) -> int | None:
    m = _YEAR.search(passport.dates or "")
    return int(m.group(1)) if m else None


@transaction.atomic
def practice_import(*, territory: Territory, data: bytes, filename: str, user=None,
                    practice: Practice | None = None, method: str = "", function: str = "",
                    contest_year: int | None = None, publish: bool = False,
                    stage: str = "") -> ImportOutcome:
    """A passport file becomes a practice (or a new version of `practice`). Whatever the parser
    could not place is kept in the version (problems, unplaced text) with the original file."""
    v.check_classifier(method=method, function=function)
    v.check_year(contest_year, "contest_year")
    result = parse_file(data=data, filename=filename)
    name = Path(filename or "passport").name[:255]
    passport = result.passport
    kind = (PassportVersion.Source.DOCX if data[:2] == b"PK"
            else PassportVersion.Source.TEXT)
    if practice is None:
        if not method or not function:
            text = passport_text(passport).lower()
            g_method, g_function = guess_cell(text)
            method, function = method or g_method, function or g_function
        practice = Practice.objects.create(
            territory=territory, title=title_of(passport, Path(name).stem), method=method,
            function=function, contest_year=contest_year, created_by=user,
            stage=stage or (Stage.APPROVAL if result.is_passport else Stage.PROBLEM),
        )
    elif practice.territory_id != territory.pk:
        raise ValidationError(_("Практика принадлежит другому городу."), code="other_town")
    version = passport_save(
        practice=practice, passport=passport, user=user, source=kind,
        comment=f"Загружен файл «{name}»", source_file=ContentFile(data, name=name),
        source_name=name, problems=result.problems, recognised=result.recognised,
        unplaced=result.unplaced, allow_empty=True,
    )
    if publish and result.is_passport:
        practice_publish(practice=practice, user=user, publish=True)
    return ImportOutcome(practice, version, result, name, list(result.problems))


@transaction.atomic
def passport_save(*, practice: Practice, passport: Passport, user=None, comment: str = "",
                  source: str = PassportVersion.Source.FORM, source_file=None,
                  source_name: str = "", problems: list[str] | None = None,
                  recognised: list[int] | None = None, unplaced: list[str] | None = None,
                  allow_empty: bool = False) -> PassportVersion:
    """Every save is a new version; the practice's title, summary and year follow it."""
    if not allow_empty:
        v.check_title(passport.name)
    locked = in_town(Practice, practice.territory_id).select_for_update().get(pk=practice.pk)
    last = (in_town(PassportVersion, locked.territory_id).filter(practice=locked)
            .order_by("-number").values_list("number", flat=True).first()) or 0
    version = PassportVersion(
        territory_id=locked.territory_id, practice=locked, number=last + 1,
        data=passport.to_dict(), recognised=list(recognised or []),
        problems=list(problems or []), unplaced=list(unplaced or []), source=source,
        source_name=source_name[:255], comment=comment[:300], created_by=user,
    )
    if source_file is not None:
        version.source_file.save(source_name or "passport", source_file, save=False)
    version.save()
    practice.current_version = version
    if passport.name.strip():
        practice.title = title_of(passport, practice.title)
    practice.summary = (passport.description or passport.goals_and_tasks or "")[:600]
    practice.year = year_of(passport) or practice.year
    practice.save(update_fields=["current_version", "title", "summary", "year", "updated_at"])
    practice_reindex(practice=practice, passport=passport)
    return version


def practice_reindex(*, practice: Practice, passport: Passport | None = None) -> None:
    """Refresh the search columns: lemmas (every database) and the tsvector (PostgreSQL)."""
    if passport is None:
        from veche.practices.passport import passport_from_dict

        version = practice.current_version
        passport = passport_from_dict(version.data if version else {})
    body = passport_text(passport)
    tags = " ".join(t.name for t in practice.tags.all()) if practice.pk else ""
    with translation.override("ru"):  # the index is Russian whoever saves the practice
        cell = " ".join(filter(None, [str(SHORT_METHOD.get(practice.method, "")),
                                      str(SHORT_FUNCTION.get(practice.function, ""))]))
    head = f"{practice.title} {tags} {cell}"
    lemmas = lemma_string(f"{head}\n{body}")
    in_town(Practice, practice.territory_id).filter(pk=practice.pk).update(search_lemmas=lemmas)
    practice.search_lemmas = lemmas
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute(
                "UPDATE practices_practice SET search_vector = "
                "setweight(to_tsvector('russian', %s), 'A') || "
                "setweight(to_tsvector('russian', %s), 'B') || "
                "setweight(to_tsvector('russian', %s), 'C'), search_head = "
                "setweight(to_tsvector('russian', %s), 'A') || "
                "setweight(to_tsvector('russian', %s), 'B') WHERE id = %s",
                [practice.title, f"{tags} {cell} {practice.summary}", body[:500_000],
                 practice.title, f"{tags} {cell} {practice.summary}", practice.pk],
            )


@transaction.atomic
def practice_classify(*, practice: Practice, user=None, method: str, function: str,
                      tags: list[str] | None = None, topics: list[CityTopic] | None = None,
                      year: int | None = None, contest_year: int | None = None) -> Practice:
    v.check_classifier(method=method, function=function)
    v.check_year(year)
    v.check_year(contest_year, "contest_year")
    for topic in topics or []:
        if topic.territory_id != practice.territory_id:
            raise ValidationError({"topics": ValidationError(
                _("Тема другого города: выберите тему своего."), code="other_town")})
    practice.method, practice.function = method, function
    practice.year, practice.contest_year = year, contest_year
    practice.save(update_fields=["method", "function", "year", "contest_year", "updated_at"])
    if tags is not None:
        names = sorted({t.strip()[:60] for t in tags if t.strip()})
        objs = [Tag.objects.get_or_create(name=n)[0] for n in names]
        practice.tags.set(objs)
    if topics is not None:
        practice.topics.set(topics)
    practice_reindex(practice=practice)
    return practice


@transaction.atomic
def practice_publish(*, practice: Practice, user=None, publish: bool = True) -> Practice:
    if publish:
        version = practice.current_version
        if version is None or not (version.data or {}).get("name"):
            raise ValidationError(_("В паспорте нет названия практики (раздел 1): заполните "
                                    "его перед публикацией."), code="title_missing")
        practice.status = Practice.Status.PUBLISHED
        practice.published_at = practice.published_at or timezone.now()
    else:
        practice.status = Practice.Status.DRAFT
    practice.save(update_fields=["status", "published_at", "updated_at"])
    return practice


@transaction.atomic
def practice_move(*, practice: Practice, to_stage: str, user=None, comment: str = "",
                  at: dt.datetime | None = None) -> PracticeTransition:
    """Move along the seed's lifecycle; skipping ahead or going back needs a comment."""
    locked = in_town(Practice, practice.territory_id).select_for_update().get(pk=practice.pk)
    v.check_move(practice=locked, to_stage=to_stage, comment=comment)
    transition = PracticeTransition.objects.create(
        territory_id=locked.territory_id, practice=locked, from_stage=locked.stage,
        to_stage=to_stage, by=user, at=at or timezone.now(), comment=comment.strip()[:2000],
    )
    practice.stage = to_stage
    practice.save(update_fields=["stage", "updated_at"])
    return transition


@transaction.atomic
def replication_create(*, practice: Practice, territory: Territory, user=None,
                       adaptation_notes: str = "", indicators: list[dict] | None = None,
                       status: str = Replication.Status.PLANNED,
                       started_on: dt.date | None = None) -> Replication:
    """`territory` adopts another town's published practice."""
    v.check_replication(practice=practice, territory=territory)
    rows = v.check_indicators(indicators or [])
    if status not in Replication.Status.values:
        raise ValidationError({"status": ValidationError(_("Выберите статус из списка."),
                                                         code="status_unknown")})
    return Replication.objects.create(
        territory=territory, practice=practice, adaptation_notes=adaptation_notes.strip(),
        indicators=rows, status=status, started_on=started_on, created_by=user,
    )


@transaction.atomic
def replication_update(*, replication: Replication, user=None, adaptation_notes: str,
                       indicators: list[dict], status: str,
                       started_on: dt.date | None) -> Replication:
    if status not in Replication.Status.values:
        raise ValidationError({"status": ValidationError(_("Выберите статус из списка."),
                                                         code="status_unknown")})
    replication.indicators = v.check_indicators(indicators)
    replication.adaptation_notes = adaptation_notes.strip()
    replication.status, replication.started_on = status, started_on
    replication.save()
    return replication
