"""The seed's classifier matrix: methods (columns) × functions of local government (rows)."""

from __future__ import annotations

from veche.practices.models import Function, Method, Stage

SHORT_METHOD: dict[str, str] = {
    Method.OWN_RESOURCES: "Собственные ресурсы",
    Method.ENVIRONMENT: "Внешняя среда",
    Method.INTERNAL: "Внутренние механизмы",
    Method.EXTERNAL_RESOURCES: "Внешние ресурсы",
}
SHORT_FUNCTION: dict[str, str] = {
    Function.INFRASTRUCTURE: "Инфраструктура",
    Function.HEALTH: "Здоровье",
    Function.SAFETY: "Безопасность",
    Function.EMPLOYMENT: "Занятость и доходы",
    Function.EDUCATION: "Образование",
    Function.CULTURE: "Культура, спорт, молодёжь",
    Function.SOCIAL: "Социальная защита",
    Function.ECOLOGY: "Экология",
    Function.REGIONAL: "Требования РОИВ",
}
# Examples of each method from the seed, shown as hints on the classifier page.
METHOD_EXAMPLES = {
    Method.OWN_RESOURCES: ["Управление финансами", "Управление имуществом",
                           "Управление муниципальными предприятиями",
                           "Увеличение собственных доходов"],
    Method.INTERNAL: ["Повышение квалификации персонала",
                      "Внедрение автоматизированных систем управления",
                      "Сокращение сроков согласования и выдачи разрешительной документации"],
    Method.ENVIRONMENT: ["Создание комфортных условий для ведения бизнеса", "Открытость власти"],
    Method.EXTERNAL_RESOURCES: ["Участие в программах софинансирования",
                                "Привлечение средств жертвователей", "Создание МЧП",
                                "Привлечение средств жителей в муниципальные инициативы"],
}
STAGES = list(Stage)  # in the seed's order


def stage_index(stage: str) -> int:
    return [s.value for s in STAGES].index(stage)


# Keyword hints for a first guess of the cell when an imported passport has none; staff check
# and change it on the practice's page. Stems are matched on lemmas.
FUNCTION_HINTS = [
    (Function.HEALTH, ("здоровье", "медицин", "больниц", "здравоохранен", "диспансериз",
                       "врач", "донор")),
    (Function.SAFETY, ("безопасност", "пожар", "правонарушен", "видеонаблюден", "дтп",
                       "полиц", "дружин")),
    (Function.EMPLOYMENT, ("занятост", "предприниматель", "доход", "бизнес", "рабочий",
                           "малый", "туризм", "инвест")),
    (Function.EDUCATION, ("школ", "образован", "обучен", "детский сад", "школьник", "учител")),
    (Function.CULTURE, ("культур", "спорт", "молодеж", "досуг", "музей", "библиотек",
                        "фестивал", "творчеств")),
    (Function.SOCIAL, ("пожил", "инвалид", "социальн", "ветеран", "семья", "многодетн",
                       "малообеспечен", "волонтер")),
    (Function.ECOLOGY, ("эколог", "отход", "мусор", "озелен", "дерев", "природ", "вода")),
    (Function.INFRASTRUCTURE, ("благоустройств", "дорог", "двор", "инфраструктур", "жкх",
                               "освещен", "ремонт", "парк", "сквер", "транспорт")),
    (Function.REGIONAL, ("стратеги", "роив", "поручен", "программ")),
]
METHOD_HINTS = [
    (Method.EXTERNAL_RESOURCES, ("софинансирован", "грант", "спонсор", "благотворител",
                                 "жертвовател", "инициативн бюджет", "внебюджетн", "мчп")),
    (Method.INTERNAL, ("автоматизир", "квалификац", "регламент", "электронн", "цифров",
                       "сотрудник администрации", "обучение персонал")),
    (Method.OWN_RESOURCES, ("имуществ", "собственн доход", "бюджетн", "муниципальн предприят",
                            "экономи")),
    (Method.ENVIRONMENT, ("жител", "открытост", "встреч", "голосован", "обществен", "бизнес",
                          "обратн связ")),
]


def _best(text: str, hints) -> str:
    scores = {code: sum(text.count(s) for s in stems) for code, stems in hints}
    code, score = max(scores.items(), key=lambda kv: kv[1])
    return code if score else ""


def guess_cell(text: str) -> tuple[str, str]:
    """(method, function) most often named in `text` (lower-cased), "" where nothing fits."""
    text = text.lower().replace("ё", "е")
    return _best(text, METHOD_HINTS), _best(text, FUNCTION_HINTS)
