"""The seed's target indicators with their weights, and the eight cut-off indicators, with the
rule by which each is judged. The texts are shown on the scorecard pages and in the docs, so
what the page says is what the code does."""

from dataclasses import dataclass

# Indicator targets (seed: «не менее 3-х»; «ежемесячные (не реже) голосования»; «ежемесячные
# факты»; «ежемесячно» external resources; «заключение куратора»).
PRACTICES_TARGET = 3
VOTERS_TARGET_SHARE = 0.01  # voters in a month, as a share of residents 14+, for full marks
FACTS_TARGET = 2  # recognised improvement facts a month for full marks
SPEAKERS_MIN = 5
SPEAKERS_WINDOW_MONTHS = 12


@dataclass(frozen=True)
class Indicator:
    code: str
    title: str
    weight: int
    rule: str


INDICATORS = (
    Indicator("practices", "Упакованная (описанная) городская практика", 20,
              "Практики города, у которых к концу месяца есть паспорт в банке (хотя бы одна "
              f"версия). Полный балл — от {PRACTICES_TARGET}, меньше — пропорционально."),
    Indicator("votes", "Голосование по реальным городским проблемам", 20,
              "Из реестра действий: голоса (ballot) в голосованиях модуля «Голосования» с "
              "указанной темой города за месяц. 10 баллов — если голосование было; ещё до 10 — "
              "за число проголосовавших (разных жителей): полный балл от "
              f"{VOTERS_TARGET_SHARE:.0%} жителей 14+."),
    Indicator("facts", "Ежемесячные факты улучшения работы ОМСУ", 30,
              "Факты за месяц, признанные главой или куратором. Полный балл — от "
              f"{FACTS_TARGET} фактов, меньше — пропорционально."),
    Indicator("external", "Решение городских задач с привлечением внешних ресурсов", 10,
              "Хотя бы один случай за месяц — полный балл, нет — 0."),
    Indicator("curator", "Экспертная оценка проекта (заключение куратора)", 20,
              "Оценка куратора за месяц, 0–100 %, переводится в 0–20 баллов. Нет заключения — "
              "0 баллов."),
)
INDICATOR_BY_CODE = {i.code: i for i in INDICATORS}


@dataclass(frozen=True)
class Cutoff:
    code: int
    title: str
    data_rule: str  # "" = judged by the curator only


CUTOFFS = (
    Cutoff(1, "Менее 3 практик",
           f"По банку: меньше {PRACTICES_TARGET} практик города с паспортом к концу месяца."),
    Cutoff(2, "Отсутствие анонса и релиза по мероприятию",
           "По отчётам о мероприятиях: за месяц нет мероприятия, у которого есть и анонс, и "
           "пресс-релиз."),
    Cutoff(3, "Отсутствует демонстрация ежемесячных позитивных преобразований",
           "За месяц нет ни одного признанного факта улучшения работы ОМСУ."),
    Cutoff(4, "Менее 5 спикеров (носителей идеологии и технологии)",
           f"Разных спикеров в отчётах о мероприятиях за {SPEAKERS_WINDOW_MONTHS} месяцев по "
           f"этот месяц меньше {SPEAKERS_MIN}."),
    Cutoff(5, "Нет совместных согласованных действий Предприятия и ОМСУ",
           "За месяц нет ни мероприятия, ни случая привлечения ресурсов, отмеченных как "
           "совместные с предприятием."),
    Cutoff(6, "Не используется атрибутика проекта ГСР", ""),
    Cutoff(7, "Несоблюдение методических рекомендаций и технологии, скорость реакции и "
              "корректировка", ""),
    Cutoff(8, "Нет отчёта о мероприятиях: списков и фото",
           "За месяц нет ни отчёта о мероприятии со списком участников и фото, ни отчёта "
           "мониторинга со списком жителей и ссылками или фото."),
)
CUTOFF_BY_CODE = {c.code: c for c in CUTOFFS}
