"""Writes of the template-solution knowledge base. A town's staff manage the town's own
solutions; network-wide ones (territory empty) are written by the demo or platform admins."""

from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext  # `_` is a throwaway name in this module

from veche.territories.models import CityTopic, Territory

from ..models import SolutionDocument, TemplateSolution
from ..recurring.text import analysed

TITLE_MAX, PROBLEM_MAX, STEP_MAX, STEPS_MAX, DOC_MAX = 300, 5000, 1000, 30, 20_000


def steps_from_text(text: str) -> list[str]:
    """One step per non-empty line; leading numbering («1.», «2)», «-») is dropped."""
    out = []
    for line in (text or "").splitlines():
        line = line.strip().lstrip("-•*").strip()
        head, _, rest = line.partition(" ")
        if head.rstrip(".)").isdigit() and rest:
            line = rest.strip()
        if line:
            out.append(line)
    return out


def check_solution(*, title: str, problem: str, steps: list[str], keywords: str,
                   territory: Territory | None, topic: CityTopic | None) -> None:
    errors: dict[str, list[ValidationError]] = {}

    def refuse(field: str, message: str, code: str, **params) -> None:
        errors[field] = [ValidationError(message, code=code, params=params or None)]

    if not title.strip():
        refuse("title", gettext("Укажите название решения."), "title_missing")
    elif len(title) > TITLE_MAX:
        refuse("title", gettext("Название длиннее %(limit)s знаков — сократите его."),
               "text_too_long", limit=TITLE_MAX)
    if not problem.strip():
        refuse("problem", gettext("Опишите проблему, которую решает это решение."),
               "problem_missing")
    elif len(problem) > PROBLEM_MAX:
        refuse("problem", gettext("Описание длиннее %(limit)s знаков — сократите его."),
               "text_too_long", limit=PROBLEM_MAX)
    if not steps:
        refuse("steps", gettext("Добавьте хотя бы один шаг (каждый шаг — с новой строки)."),
               "steps_missing")
    elif len(steps) > STEPS_MAX:
        refuse("steps", gettext("Шагов больше %(limit)s — объедините часть из них."),
               "steps_too_many", limit=STEPS_MAX)
    elif any(len(s) > STEP_MAX for s in steps):
        refuse("steps", gettext("Шаг длиннее %(limit)s знаков — разбейте его на несколько."),
               "text_too_long", limit=STEP_MAX)
    if len(keywords) > 500:
        refuse("keywords", gettext("Ключевых слов больше 500 знаков — оставьте главные."),
               "text_too_long")
    if topic is not None and (territory is None or topic.territory_id != territory.pk):
        refuse("topic", gettext("Тема должна быть темой этого города."), "other_town")
    if errors:
        raise ValidationError(errors)


def _analysed(solution: TemplateSolution) -> str:
    # The title and keywords say what the solution is about: they count twice.
    head = f"{solution.title} {solution.keywords}"
    return analysed(f"{head} {head} {solution.problem} {' '.join(solution.steps)}")


@transaction.atomic
def solution_create(*, territory: Territory | None, title: str, problem: str,
                    steps: list[str], keywords: str = "", topic: CityTopic | None = None,
                    is_published: bool = True, created_by=None,
                    documents: Sequence[tuple[str, str]] = ()) -> TemplateSolution:
    """`documents`: (title, template text) pairs, kept in order."""
    steps = [s.strip() for s in steps if s and s.strip()]
    check_solution(title=title, problem=problem, steps=steps, keywords=keywords,
                   territory=territory, topic=topic)
    solution = TemplateSolution(territory=territory, title=title.strip(),
                                problem=problem.strip(), steps=steps, keywords=keywords.strip(),
                                topic=topic, is_published=is_published, created_by=created_by)
    solution.analysed_text = _analysed(solution)
    solution.save()
    for order, (doc_title, body) in enumerate(documents):
        solution_document_add(solution=solution, title=doc_title, body=body, order=order)
    return solution


@transaction.atomic
def solution_update(*, solution: TemplateSolution, title: str, problem: str, steps: list[str],
                    keywords: str = "", topic: CityTopic | None = None,
                    is_published: bool = True) -> TemplateSolution:
    steps = [s.strip() for s in steps if s and s.strip()]
    check_solution(title=title, problem=problem, steps=steps, keywords=keywords,
                   territory=solution.territory, topic=topic)
    solution.title, solution.problem, solution.steps = title.strip(), problem.strip(), steps
    solution.keywords, solution.topic, solution.is_published = keywords.strip(), topic, \
        is_published
    solution.analysed_text = _analysed(solution)
    solution.save()
    return solution


@transaction.atomic
def solution_document_add(*, solution: TemplateSolution, title: str, body: str = "",
                          file=None, order: int | None = None) -> SolutionDocument:
    errors = {}
    if not title.strip():
        errors["title"] = [ValidationError(gettext("Укажите название документа."),
                                           code="title_missing")]
    if not body.strip() and file is None:
        errors["body"] = [ValidationError(
            gettext("Вставьте текст шаблона или приложите файл."), code="document_empty")]
    if len(body) > DOC_MAX:
        errors["body"] = [ValidationError(
            gettext("Текст шаблона длиннее %(limit)s знаков."), code="text_too_long",
            params={"limit": DOC_MAX})]
    if file is not None and file.size > 10 * 1024 * 1024:
        errors["file"] = [ValidationError(
            gettext("Файл больше 10 МБ — приложите файл меньше."), code="file_too_large")]
    if errors:
        raise ValidationError(errors)
    if order is None:
        order = solution.documents.count()
    return SolutionDocument.objects.create(territory=solution.territory, solution=solution,
                                           title=title.strip()[:300], body=body,
                                           file=file or "", order=order)
