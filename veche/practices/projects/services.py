"""Writes of a town's project: the yearly project, manual stage ticks, city problems and
initiatives. Keyword-only, atomic, validated first (checks.py)."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

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
        raise ValidationError({"weights": ValidationError(
            _("Веса критериев: нужен словарь критерий → вес."), code="weights_not_dict")})
    unknown = set(weights) - set(DEFAULT_WEIGHTS)
    if unknown:
        raise ValidationError({"weights": ValidationError(
            _("Неизвестный критерий: %(unknown)s. Допустимы: %(allowed)s."),
            code="criterion_unknown",
            params={"unknown": ", ".join(sorted(unknown)),
                    "allowed": ", ".join(DEFAULT_WEIGHTS)})})
    out = dict(DEFAULT_WEIGHTS)
    for code, value in weights.items():
        try:
            value = float(value)
        except (TypeError, ValueError):
            raise ValidationError({"weights": ValidationError(
                _("Вес «%(criterion)s» должен быть числом."), code="weight_not_number",
                params={"criterion": code})}) from None
        if not 0 <= value <= 10:
            raise ValidationError({"weights": ValidationError(
                _("Вес «%(criterion)s» должен быть от 0 до 10."), code="weight_out_of_range",
                params={"criterion": code})})
        out[code] = value
    if not any(out.values()):
        raise ValidationError({"weights": ValidationError(
            _("Хотя бы один критерий должен иметь вес больше 0."), code="weights_all_zero")})
    return out


@transaction.atomic
def project_create(*, territory: Territory, year: int, title: str = "") -> TownProject:
    if not isinstance(year, int) or not 2017 <= year <= 2100:
        raise ValidationError({"year": ValidationError(
            _("Год проекта — число от 2017 до 2100."), code="year_out_of_range")})
    title = clean_text(title, "title", _("Название"), required=False, limit=200) or (
        f"Лучшие муниципальные практики — {year}")
    taken = ValidationError({"year": ValidationError(
        _("Проект %(year)s года в этом городе уже есть."), code="project_duplicate",
        params={"year": year})})
    if TownProject.objects.filter(territory=territory, year=year).exists():
        raise taken
    try:
        with transaction.atomic():
            return TownProject.objects.create(territory=territory, year=year, title=title,
                                              weights={})
    except IntegrityError:  # a concurrent double submit
        raise taken from None


@transaction.atomic
def project_stage_set(*, project: TownProject, stage: int) -> TownProject:
    if stage not in STAGE_BY_NUMBER:
        raise ValidationError({"stage": ValidationError(_("Этап — число от 1 до 7."),
                                                        code="stage_out_of_range")})
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
        raise ValidationError({"result_code": ValidationError(
            _("Нет такого результата этапа."), code="stage_result_unknown")})
    if result.rule:
        raise ValidationError({"result_code": ValidationError(
            _("Этот результат проверяется по данным системы; отметить его вручную нельзя."),
            code="stage_result_automatic")})
    evidence_text = clean_text(evidence_text, "evidence_text", _("Подтверждение"), required=False)
    evidence_url = clean_url(evidence_url)
    if done and not (evidence_text or evidence_url or evidence_file):
        raise ValidationError({"evidence_text": ValidationError(
            _("Приложите подтверждение: документ, ссылку или номер и дату протокола."),
            code="evidence_missing")})
    mark, _created = StageResultMark.objects.select_for_update().get_or_create(
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
                   by: User | None = None) -> CityProblem:
    """A problem on the project's list. Its support count is not typed: residents support it
    themselves (supports.py)."""
    text = clean_text(text, "text", _("Проблема"), limit=2000)
    check_same_town(territory, topic, "topic", _("Тема"))
    check_same_town(territory, project, "project", _("Проект"))
    if source not in CityProblem.Source.values:
        raise ValidationError({"source": ValidationError(
            _("Выберите источник из списка."), code="source_unknown")})
    if CityProblem.objects.filter(territory=territory, project=project, text__iexact=text).exists():
        raise ValidationError({"text": ValidationError(
            _("Такая проблема уже есть в перечне."), code="problem_duplicate")})
    return CityProblem.objects.create(territory=territory, project=project, text=text,
                                      topic=topic, source=source, created_by=by)


@transaction.atomic
def initiative_create(*, territory: Territory, title: str, description: str = "",
                      project: TownProject | None = None, problem: CityProblem | None = None,
                      authors: Iterable[Person] = (), author_names: str | list = "",
                      ) -> Initiative:
    """An initiative with its authors. Registry authors get a «предложение» in the ledger."""
    title = clean_text(title, "title", _("Инициатива"), limit=300)
    description = clean_text(description, "description", _("Описание"), required=False)
    names = clean_lines(author_names, "author_names", _("Авторы вне реестра"))
    authors = list(authors)
    for a in authors:
        check_same_town(territory, a, "authors", _("Автор"))
    check_same_town(territory, problem, "problem", _("Проблема"))
    check_same_town(territory, project, "project", _("Проект"))
    if Initiative.objects.filter(territory=territory, project=project,
                                 title__iexact=title).exists():
        raise ValidationError({"title": ValidationError(
            _("Инициатива с таким названием уже есть."), code="initiative_duplicate")})
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
        raise ValidationError({"status": ValidationError(
            _("Выберите состояние из списка."), code="status_unknown")})
    initiative.status = status
    initiative.save(update_fields=["status"])
    return initiative
