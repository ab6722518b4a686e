"""The official form's layout: full headings of the 22 sections and the column headers of its
tables. ``form_sections`` turns a Passport into what the page, DOCX and PDF show, in order."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from veche.practices.passport import schema as s
from veche.practices.passport.sections import SECTIONS

PREAMBLE = ("Приложение № 2\nк Положению «О конкурсе лучших муниципальных практик и инициатив "
            "социально-экономического развития на территориях присутствия Госкорпорации "
            "«Росатом»»")
FULL_TITLES = {
    1: "Наименование практики",
    2: "Наименование территории, на которой данная практика была реализована",
    3: "Предпосылки реализации",
    4: "Сроки реализации практики",
    5: "Показатели социально-экономического развития города, характеризующие положение до "
       "внедрения практики",
    6: "Цель (цели) и задачи практики",
    7: "Возможности, которые позволили реализовать практику",
    8: "Принципиальные подходы, избранные при разработке и внедрении практики",
    9: "Результаты практики (что было достигнуто)",
    10: "Участники внедрения практики и их роль в процессе внедрения",
    11: "Заинтересованные лица, на которых рассчитана практика",
    12: "Краткое описание бизнес-модели реализации практики",
    13: "Краткое описание практики",
    14: "Действия по развертыванию практики",
    15: "Нормативно-правовые акты, принятые для обеспечения реализации практики",
    16: "Ресурсы, необходимые для внедрения практики",
    17: "Выгодополучатели",
    18: "Затраты на реализацию практики",
    19: "Показатели социально-экономического развития города, характеризующие положение после "
        "внедрения практики",
    20: "Краткая информация о лидере практики/команде проекта",
    21: "Ссылки на интернет-ресурсы практики",
    22: "Список контактов, ответственных за реализацию практики",
}
HEADERS = {
    7: ("№", "Описание возможности"),
    8: ("№", "Описание подхода"),
    9: ("№", "Показатель, единица измерения", "За последний год реализации практики",
        "За весь период реализации"),
    10: ("№", "Участник", "Описание его роли в реализации практики"),
    11: ("Количество граждан, участвующих в реализации практики",
         "Количество граждан, на которых направлен эффект от реализации практики"),
    14: ("№", "Описание мероприятия", "Исполнитель"),
    16: ("№", "Описание ресурса", "Для каких целей данный ресурс необходим"),
    17: ("№", "Выгодополучатель", "Описание выгод"),
    18: ("№", "Статья затрат", "Объем затрат", "Источник финансирования"),
    21: ("№", "Наименование ресурса", "Ссылка на ресурс"),
    22: ("№", "Ответственный", "Телефон, электронная почта"),
}
ADOPTED_HEADERS = ("№", "Наименование НПА", "Результат принятия НПА")
CHANGED_HEADERS = ("№", "Наименование НПА", "Изменения, внесенные в НПА",
                   "Результат внесения изменений")


@dataclass
class FormTable:
    caption: str
    headers: tuple[str, ...]
    rows: list[list[str]]


@dataclass
class FormSection:
    number: int
    field: str
    title: str
    text: str = ""
    # dataclasses.field in full: the class's own `field` attribute hides the bare name here.
    tables: list[FormTable] = dataclasses.field(default_factory=list)
    notes: list[str] = dataclasses.field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.text and not self.notes and not any(t.rows for t in self.tables)


def _cells(row, names: list[str]) -> list[str]:
    return [str(getattr(row, n) or "") for n in names]


def _result_cells(row: s.ResultRow) -> list[str]:
    indicator = f"{row.indicator}, {row.unit}" if row.unit else row.indicator
    return [row.number, indicator, row.last_year, row.whole_period]


def form_sections(p: s.Passport) -> list[FormSection]:
    out = []
    for sec in SECTIONS:
        item = FormSection(sec.number, sec.field, FULL_TITLES[sec.number],
                           notes=list(p.notes.get(sec.field, [])))
        value = getattr(p, sec.field)
        if isinstance(value, str):
            item.text = value
        elif sec.number == 9:
            item.tables.append(FormTable("", HEADERS[9], [_result_cells(r) for r in value]))
        elif sec.number == 11:
            rows = [[value.involved, value.reached]] if (value.involved or value.reached) else []
            item.tables.append(FormTable("", HEADERS[11], rows))
        elif sec.number == 15:
            item.tables.append(FormTable("Принятые НПА", ADOPTED_HEADERS, [
                _cells(r, ["number", "name", "result"]) for r in value.adopted]))
            item.tables.append(FormTable("Измененные НПА", CHANGED_HEADERS, [
                _cells(r, ["number", "name", "changes", "result"]) for r in value.changed]))
        else:
            names = list(type(value[0]).__dataclass_fields__) if value else []
            item.tables.append(FormTable("", HEADERS[sec.number], [_cells(r, names)
                                                                   for r in value]))
        out.append(item)
    return out
