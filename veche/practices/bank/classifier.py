"""The seed's classifier matrix: methods (columns) × functions of local government (rows).
Names are translatable for the pages; the search index reads them in Russian (services)."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from veche.practices.models import Function, Method, Stage

SHORT_METHOD: dict[str, Promise] = {
    Method.OWN_RESOURCES: _("Собственные ресурсы"),
    Method.ENVIRONMENT: _("Внешняя среда"),
    Method.INTERNAL: _("Внутренние механизмы"),
    Method.EXTERNAL_RESOURCES: _("Внешние ресурсы"),
}
SHORT_FUNCTION: dict[str, Promise] = {
    Function.INFRASTRUCTURE: _("Инфраструктура"),
    Function.HEALTH: _("Здоровье"),
    Function.SAFETY: _("Безопасность"),
    Function.EMPLOYMENT: _("Занятость и доходы"),
    Function.EDUCATION: _("Образование"),
    Function.CULTURE: _("Культура, спорт, молодёжь"),
    Function.SOCIAL: _("Социальная защита"),
    Function.ECOLOGY: _("Экология"),
    Function.REGIONAL: _("Требования РОИВ"),
}
# Examples of each method from the seed, shown as hints on the classifier page.
METHOD_EXAMPLES = {
    Method.OWN_RESOURCES: [_("Управление финансами"), _("Управление имуществом"),
                           _("Управление муниципальными предприятиями"),
                           _("Увеличение собственных доходов")],
    Method.INTERNAL: [_("Повышение квалификации персонала"),
                      _("Внедрение автоматизированных систем управления"),
                      _("Сокращение сроков согласования и выдачи разрешительной документации")],
    Method.ENVIRONMENT: [_("Создание комфортных условий для ведения бизнеса"),
                         _("Открытость власти")],
    Method.EXTERNAL_RESOURCES: [_("Участие в программах софинансирования"),
                                _("Привлечение средств жертвователей"), _("Создание МЧП"),
                                _("Привлечение средств жителей в муниципальные инициативы")],
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
