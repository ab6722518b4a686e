"""Writes of the template-solution knowledge base. A town's staff manage the town's own
solutions; network-wide ones (territory empty) are written by the demo or platform admins."""

from django.core.exceptions import ValidationError
from django.db import transaction

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
    errors: dict[str, list[str]] = {}
    if not title.strip():
        errors["title"] = ["Укажите название решения."]
    elif len(title) > TITLE_MAX:
        errors["title"] = [f"Название длиннее {TITLE_MAX} знаков — сократите его."]
    if not problem.strip():
        errors["problem"] = ["Опишите проблему, которую решает это решение."]
    elif len(problem) > PROBLEM_MAX:
        errors["problem"] = [f"Описание длиннее {PROBLEM_MAX} знаков — сократите его."]
    if not steps:
        errors["steps"] = ["Добавьте хотя бы один шаг (каждый шаг — с новой строки)."]
    elif len(steps) > STEPS_MAX:
        errors["steps"] = [f"Шагов больше {STEPS_MAX} — объедините часть из них."]
    elif any(len(s) > STEP_MAX for s in steps):
        errors["steps"] = [f"Шаг длиннее {STEP_MAX} знаков — разбейте его на несколько."]
    if len(keywords) > 500:
        errors["keywords"] = ["Ключевых слов больше 500 знаков — оставьте главные."]
    if topic is not None and (territory is None or topic.territory_id != territory.pk):
        errors["topic"] = ["Тема должна быть темой этого города."]
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
                    documents: list[tuple[str, str]] = ()) -> TemplateSolution:
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
        errors["title"] = ["Укажите название документа."]
    if not body.strip() and file is None:
        errors["body"] = ["Вставьте текст шаблона или приложите файл."]
    if len(body) > DOC_MAX:
        errors["body"] = [f"Текст шаблона длиннее {DOC_MAX} знаков."]
    if file is not None and file.size > 10 * 1024 * 1024:
        errors["file"] = ["Файл больше 10 МБ — приложите файл меньше."]
    if errors:
        raise ValidationError(errors)
    if order is None:
        order = solution.documents.count()
    return SolutionDocument.objects.create(territory=solution.territory, solution=solution,
                                           title=title.strip()[:300], body=body,
                                           file=file or "", order=order)
