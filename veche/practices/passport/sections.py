"""Catalogue of the form's 22 sections and recognition of their headings (by number and wording)."""

from __future__ import annotations

import re
from dataclasses import dataclass

TEXT, TABLE, PAIR, ACTS = "text", "table", "pair", "acts"


@dataclass(frozen=True)
class Section:
    number: int
    field: str
    title: str
    pattern: str  # matched at the start of the normalised heading text (number removed)
    kind: str = TEXT
    columns: tuple[str, ...] = ()  # row fields after the leading «№» column

    @property
    def is_text(self) -> bool:
        """A free-text section: one field, edited as one text box."""
        return self.kind == TEXT


SECTIONS: tuple[Section, ...] = (
    Section(1, "name", "Наименование практики", r"наименование практики"),
    Section(2, "territory", "Наименование территории", r"наименование территории"),
    Section(3, "prerequisites", "Предпосылки реализации", r"предпосылки"),
    Section(4, "dates", "Сроки реализации практики", r"сроки реализации"),
    Section(5, "indicators_before", "Показатели до внедрения практики",
            r"показател\w* (?!.*\bпосле\b).*\bдо\b"),
    Section(6, "goals_and_tasks", "Цель (цели) и задачи практики", r"цел[ьи]\b.*задач"),
    Section(7, "opportunities", "Возможности, которые позволили реализовать практику",
            r"возможност\w*,? которые", TABLE, ("description",)),
    Section(8, "approaches", "Принципиальные подходы", r"принципиальн\w* подход", TABLE,
            ("description",)),
    Section(9, "results", "Результаты практики", r"результаты практики", TABLE,
            ("indicator", "last_year", "whole_period")),
    Section(10, "participants", "Участники внедрения практики", r"участники внедрения", TABLE,
            ("participant", "role")),
    Section(11, "stakeholders", "Заинтересованные лица", r"заинтересованные лица", PAIR),
    Section(12, "business_model", "Краткое описание бизнес-модели",
            r"(краткое )?описание бизнес-модели"),
    Section(13, "description", "Краткое описание практики", r"краткое описание практики"),
    Section(14, "actions", "Действия по развертыванию практики", r"действия по развертыванию",
            TABLE, ("action", "executor")),
    Section(15, "legal_acts", "Нормативно-правовые акты", r"нормативн\w*[- ]правов\w* акт", ACTS),
    Section(16, "resources", "Ресурсы, необходимые для внедрения практики",
            r"ресурсы,? необходимые", TABLE, ("resource", "purpose")),
    Section(17, "beneficiaries", "Выгодополучатели", r"выгодополучатели", TABLE,
            ("beneficiary", "benefits")),
    Section(18, "costs", "Затраты на реализацию практики", r"затраты на реализацию", TABLE,
            ("item", "amount", "source")),
    Section(19, "indicators_after", "Показатели после внедрения практики",
            r"показател\w* .*\bпосле\b"),
    Section(20, "leader", "Информация о лидере практики/команде проекта",
            r"(краткая )?информация о лидере"),
    Section(21, "links", "Ссылки на интернет-ресурсы практики", r"ссылки на интернет", TABLE,
            ("name", "url")),
    Section(22, "contacts", "Список контактов", r"(список )?контакт\w*,? ответственн", TABLE,
            ("person", "phone_email")),
)
BY_NUMBER = {s.number: s for s in SECTIONS}

# Form text that explains a section and is not part of the answer.
HINTS = (
    "описание проблемной ситуации или потребности",
    "внедрения практики (не более",
    "(регион, предприниматели, жители",
    "ссылки на официальный сайт практики",
    "описание перечня мероприятий, которые были предприняты",
)
HEADER_WORDS = (
    "№", "n", "описание возможности", "описание подхода", "показатель", "значение показателя",
    "за последний год", "за весь период", "участник", "описание его роли", "количество граждан",
    "описание мероприятия", "исполнитель", "наименование нпа", "результат принятия",
    "изменения, внесенные", "результат внесения", "описание ресурса", "для каких целей",
    "данный ресурс", "выгодополучатель", "описание выгод", "статья затрат", "объем затрат",
    "источник финансирования", "наименование ресурса", "ссылка на ресурс", "ответственный",
    "телефон, электронная почта",
)
ADOPTED_LABEL = re.compile(r"^\s*принятые\s+нпа\s*$", re.I)
CHANGED_LABEL = re.compile(r"^\s*изм[её]н[её]нные\s+нпа\s*$", re.I)

_NUM = re.compile(r"^\s*(?:раздел\s+)?(\d{1,2})\s*[.)]?\s+(.+)$", re.I)


def norm(text: str) -> str:
    text = text.replace("\xa0", " ").replace("ё", "е").replace("Ё", "Е").lower()
    text = text.replace("–", "-").replace("—", "-")
    return re.sub(r"\s+", " ", text).strip()


def is_header_cell(text: str) -> bool:
    t = norm(text)
    return not t or t in ("№", "n", "№ п/п") or any(t.startswith(w) for w in HEADER_WORDS)


@dataclass(frozen=True)
class Heading:
    section: Section
    written_number: int | None  # the number written in the document, if any


def match_heading(line: str) -> Heading | None:
    """Recognise a section heading by its wording; the written number is kept for checks."""
    if line.startswith("\t") or len(line) > 260:
        return None
    text = norm(line)
    number = None
    m = _NUM.match(text)
    if m:
        number, text = int(m.group(1)), m.group(2)
    for section in SECTIONS:
        if not re.match(section.pattern, text):
            continue
        if number is None and len(text) > len(section.title) * 2 + 40:
            return None  # a sentence that happens to start like a title
        return Heading(section, number)
    return None
