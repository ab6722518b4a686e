"""Writes of a town's project: the yearly project, manual stage ticks, city problems and
initiatives. Keyword-only, atomic, validated first (checks.py)."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from veche.accounts.models import User
from veche.ledger.models import ActionKind
from veche.ledger.services import action_record
from veche.registry.models import Person
from veche.territories.models import CityTopic, Territory

from ..models import CityProblem, Criterion, Initiative, StageResultMark, TownProject
from .checks import check_same_town, clean_lines, clean_text, clean_url
from .stages import RESULT_BY_CODE, STAGE_BY_NUMBER

DEFAULT_WEIGHTS = {c.value: 1.0 for c in Criterion}


def check_weights(weights: dict) -> dict[str, float]:
    if not isinstance(weights, dict):
        raise ValidationError({"weights": ["Веса критериев: нужен словарь критерий → вес."]})
    unknown = set(weights) - set(DEFAULT_WEIGHTS)
    if unknown:
        raise ValidationError({"weights": [f"Неизвестный критерий: {', '.join(sorted(unknown))}. "
                                           f"Допустимы: {', '.join(DEFAULT_WEIGHTS)}."]})
    out = dict(DEFAULT_WEIGHTS)
    for code, value in weights.items():
        try:
            value = float(value)
        except (TypeError, ValueError):
            raise ValidationError({"weights": [f"Вес «{code}» должен быть числом."]}) from None
        if not 0 <= value <= 10:
            raise ValidationError({"weights": [f"Вес «{code}» должен быть от 0 до 10."]})
        out[code] = value
    if not any(out.values()):
        raise ValidationError({"weights": ["Хотя бы один критерий должен иметь вес больше 0."]})
    return out


@transaction.atomic
def project_create(*, territory: Territory, year: int, title: str = "") -> TownProject:
    if not isinstance(year, int) or not 2017 <= year <= 2100:
        raise ValidationError({"year": ["Год проекта — число от 2017 до 2100."]})
    title = clean_text(title, "title", "Название", required=False, limit=200) or (
        f"Лучшие муниципальные практики — {year}")
    if TownProject.objects.filter(territory=territory, year=year).exists():
        raise ValidationError({"year": [f"Проект {year} года в этом городе уже есть."]})
    try:
        with transaction.atomic():
            return TownProject.objects.create(territory=territory, year=year, title=title,
                                              weights={})
    except IntegrityError:  # a concurrent double submit
        raise ValidationError({"year": [f"Проект {year} года в этом городе уже есть."]}) from None


@transaction.atomic
def project_stage_set(*, project: TownProject, stage: int) -> TownProject:
    if stage not in STAGE_BY_NUMBER:
        raise ValidationError({"stage": ["Этап — число от 1 до 7."]})
    project.current_stage = stage
    project.save(update_fields=["current_stage"])
    return project


@transaction.atomic
def project_weights_set(*, project: TownProject, weights: dict) -> TownProject:
    project.weights = check_weights(weights)
    project.save(update_fields=["weights"])
    return project


@transaction.atomic
def stage_mark_set(*, project: TownProject, result_code: str, done: bool, by: User | None,
                   evidence_text: str = "", evidence_url: str = "",
                   evidence_file=None) -> StageResultMark:
    """Tick (or untick) a result that the data cannot show. A tick needs evidence: a document,
    a link or a note of where the document is."""
    result = RESULT_BY_CODE.get(result_code)
    if result is None:
        raise ValidationError({"result_code": ["Нет такого результата этапа."]})
    if result.rule:
        raise ValidationError({"result_code": [
            "Этот результат проверяется по данным системы; отметить его вручную нельзя."]})
    evidence_text = clean_text(evidence_text, "evidence_text", "Подтверждение", required=False)
    evidence_url = clean_url(evidence_url)
    if done and not (evidence_text or evidence_url or evidence_file):
        raise ValidationError({"evidence_text": [
            "Приложите подтверждение: документ, ссылку или номер и дату протокола."]})
    mark, _ = StageResultMark.objects.select_for_update().get_or_create(
        territory=project.territory, project=project, result_code=result_code)
    mark.done, mark.marked_by = done, by
    mark.evidence_text, mark.evidence_url = evidence_text, evidence_url
    if evidence_file is not None:
        mark.evidence_file = evidence_file
    mark.save()
    return mark


@transaction.atomic
def problem_create(*, territory: Territory, text: str, project: TownProject | None = None,
                   topic: CityTopic | None = None, source: str = CityProblem.Source.STAFF,
                   votes: int = 0, by: User | None = None) -> CityProblem:
    text = clean_text(text, "text", "Проблема", limit=2000)
    check_same_town(territory, topic, "topic", "Тема")
    check_same_town(territory, project, "project", "Проект")
    if source not in CityProblem.Source.values:
        raise ValidationError({"source": ["Выберите источник из списка."]})
    if not isinstance(votes, int) or votes < 0:
        raise ValidationError({"votes": ["Число поддержавших — целое, не меньше 0."]})
    if CityProblem.objects.filter(territory=territory, project=project, text__iexact=text).exists():
        raise ValidationError({"text": ["Такая проблема уже есть в перечне."]})
    return CityProblem.objects.create(territory=territory, project=project, text=text,
                                      topic=topic, source=source, votes=votes, created_by=by)


@transaction.atomic
def initiative_create(*, territory: Territory, title: str, description: str = "",
                      project: TownProject | None = None, problem: CityProblem | None = None,
                      authors: Iterable[Person] = (), author_names: str | list = "",
                      ) -> Initiative:
    """An initiative with its authors. Registry authors get a «предложение» in the ledger."""
    title = clean_text(title, "title", "Инициатива", limit=300)
    description = clean_text(description, "description", "Описание", required=False)
    names = clean_lines(author_names, "author_names", "Авторы вне реестра")
    authors = list(authors)
    for a in authors:
        check_same_town(territory, a, "authors", "Автор")
    check_same_town(territory, problem, "problem", "Проблема")
    check_same_town(territory, project, "project", "Проект")
    if Initiative.objects.filter(territory=territory, project=project,
                                 title__iexact=title).exists():
        raise ValidationError({"title": ["Инициатива с таким названием уже есть."]})
    initiative = Initiative.objects.create(
        territory=territory, project=project, title=title, description=description,
        problem=problem, author_names="\n".join(names))
    initiative.authors.set(authors)
    for person in authors:
        action_record(person=person, kind=ActionKind.PROPOSAL, object_type="practices.initiative",
                      object_id=initiative.pk, object_title=title,
                      topic=problem.topic if problem else None, source="staff")
    return initiative


@transaction.atomic
def initiative_status_set(*, initiative: Initiative, status: str) -> Initiative:
    if status not in Initiative.Status.values:
        raise ValidationError({"status": ["Выберите состояние из списка."]})
    initiative.status = status
    initiative.save(update_fields=["status"])
    return initiative
