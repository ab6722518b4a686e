"""The seed's target indicators with their weights, and the eight cut-off indicators, with the
rule by which each is judged. The texts are shown on the scorecard pages and in the docs, so
what the page says is what the code does.

Three kinds of number meet here, and the pages and the XLSX say which is which (`legend`):
- the seed's own (seed 004, «Целевые показатели»): the weights 20/20/30/10/20, «не менее 3-х»
  practices, «менее 5 спикеров», the eight cut-offs — constants below, each with its line;
- the network's settings (`ScorecardSettings`, versioned, changed by a curator with a reason):
  what the seed leaves open — how the 20 points of the vote are split, the share of voters for
  full marks, the facts for full marks, the speakers' window, how a month without events counts;
- Veche's conventions, which no setting changes (e.g. partial credit below the target).
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

# --- the seed's numbers (seed 004, slide 17 «Целевые показатели») -------------------------
# «Упакованная (описанная) городская практика | 20 | Не менее 3-х. | 1. Менее 3 практик.»
PRACTICES_TARGET = 3
# «4. Менее 5 спикеров (носителей идеологии и технологии).»
SPEAKERS_MIN = 5
# «Голосование по реальным городским проблемам 20 / … 30 / … 10 / Экспертная оценка проекта 20»
WEIGHTS = {"practices": 20, "votes": 20, "facts": 30, "external": 10, "curator": 20}


@dataclass(frozen=True)
class Indicator:
    code: str
    title: str | Promise
    weight: int
    seed_line: str  # the seed's row, quoted (Russian in every language: it is a quotation)
    rule: str | Promise  # how Veche counts it; "{name}" placeholders filled from the settings


INDICATORS = (
    Indicator("practices", _("Упакованная (описанная) городская практика"), WEIGHTS["practices"],
              "«Упакованная (описанная) городская практика — 20 — Не менее 3-х.»",
              _("Практики города, у которых к концу месяца есть паспорт в банке (хотя бы одна "
              "версия). Полный балл — от {practices_target}, меньше — пропорционально.")),
    Indicator("votes", _("Голосование по реальным городским проблемам"), WEIGHTS["votes"],
              "«Голосование по реальным городским проблемам — 20 — Ежемесячные (не реже) "
              "голосования, как практика взаимодействия. Количество проголосовавших.»",
              _("Из реестра действий: голоса (ballot) в голосованиях модуля «Голосования» с "
              "указанной темой города за месяц. {votes_held_points} баллов — если голосование "
              "было; ещё до {votes_voters_points} — за число проголосовавших (разных жителей): "
              "полный балл от {voters_share_percent} % жителей 14+.")),
    Indicator("facts", _("Ежемесячные факты улучшения работы ОМСУ"), WEIGHTS["facts"],
              "«Ежемесячные факты улучшения работы ОМСУ — 30 — Зафиксированные и признанные по "
              "любым параметрам деятельности ОМСУ.»",
              _("Факты за месяц, признанные главой или куратором. Полный балл — от "
              "{facts_full} фактов, меньше — пропорционально.")),
    Indicator("external", _("Решение городских задач с привлечением внешних ресурсов"),
              WEIGHTS["external"],
              "«Решение городских задач с привлечением внешних ресурсов — 10 — Ежемесячно.»",
              _("Хотя бы один случай за месяц — полный балл, нет — 0.")),
    Indicator("curator", _("Экспертная оценка проекта (заключение куратора)"), WEIGHTS["curator"],
              "«Экспертная оценка проекта — 20 — Заключение куратора территории.»",
              _("Оценка куратора за месяц, 0–100 %, переводится в 0–20 баллов. Нет заключения — "
              "0 баллов.")),
)
INDICATOR_BY_CODE = {i.code: i for i in INDICATORS}


@dataclass(frozen=True)
class Cutoff:
    code: int
    title: str | Promise
    data_rule: str | Promise  # "" = judged by the curator only; "{name}" from the settings
    seed_line: str = ""


CUTOFFS = (
    Cutoff(1, _("Менее 3 практик"),
           _("По банку: меньше {practices_target} практик города с паспортом к концу месяца."),
           "«1. Менее 3 практик.»"),
    Cutoff(2, _("Отсутствие анонса и релиза по мероприятию"),
           _("По отчётам о мероприятиях: у каждого мероприятия месяца должны быть и анонс, и "
           "пресс-релиз; показатель называет мероприятия, у которых их нет. "
           "{no_events_rule}"),
           "«2. Отсутствие анонса и релиз по мероприятию.»"),
    Cutoff(3, _("Отсутствует демонстрация ежемесячных позитивных преобразований"),
           _("За месяц нет ни одного признанного факта улучшения работы ОМСУ."),
           "«3. Отсутствует демонстрация ежемесячных позитивных преобразований.»"),
    Cutoff(4, _("Менее 5 спикеров (носителей идеологии и технологии)"),
           _("Разных спикеров в отчётах о мероприятиях за {speakers_window_months} мес. по "
           "этот месяц меньше {speakers_min}."),
           "«4. Менее 5 спикеров (носителей идеологии и технологии).»"),
    Cutoff(5, _("Нет совместных согласованных действий Предприятия и ОМСУ"),
           _("За месяц нет ни мероприятия, ни случая привлечения ресурсов, отмеченных как "
           "совместные с предприятием."),
           "«5. Нет совместных согласованных действий Предприятия и ОМСУ, направленных на "
           "развитие города.»"),
    Cutoff(6, _("Не используется атрибутика проекта ГСР"), "",
           "«6. Не используется атрибутика проекта ГСР.»"),
    Cutoff(7, _("Несоблюдение методических рекомендаций и технологии, скорость реакции и "
              "корректировка"), "",
           "«7. Несоблюдение методических рекомендаций и технологии, скорость реакции и "
           "корректировка.»"),
    Cutoff(8, _("Нет отчёта о мероприятиях: списков и фото"),
           _("По отчётам о мероприятиях: у каждого мероприятия месяца должны быть список "
           "участников и фото; показатель называет мероприятия, у которых их нет. "
           "{no_events_rule}"),
           "«8. Нет отчета о мероприятиях: списков и фото.»"),
)
CUTOFF_BY_CODE = {c.code: c for c in CUTOFFS}
# The cut-offs judged event by event (issue 14, point 4).
PER_EVENT_CUTOFFS = (2, 8)
