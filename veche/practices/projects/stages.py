"""The seven stages of a town's project, as seed 004 lays them out: for each stage its meetings
(event, participants) and the results each meeting must produce.

A result with a `rule` is checked from the data (checklist.py says how each rule reads the
tables); a result without one is ticked by staff with evidence (a document or a link). The
stages are data, not `if` branches: adding a result is adding a line here.
"""

from dataclasses import dataclass, field

ADMIN = "Сотрудники администрации"
WG = "Участники рабочей группы по проекту"
ENTERPRISE = "Представители предприятия"
GROUPS = "Представители инициативных групп (общественных организаций)"
EXPERTS = "Экспертный совет сообщества «Гражданин страны Росатом»"
HEAD_MEETING = "Совещание Администрации с участием Главы"
WG_MEETING = "Встреча (серия встреч) рабочей группы"
GROUPS_MEETING = "Встречи с представителями инициативных групп (общественных организаций)"


@dataclass(frozen=True)
class Result:
    code: str
    text: str
    rule: str = ""  # "" = a manual tick with evidence


@dataclass(frozen=True)
class Meeting:
    code: str
    title: str
    participants: tuple[str, ...]
    results: tuple[Result, ...]


@dataclass(frozen=True)
class Stage:
    number: int
    code: str
    title: str
    meetings: tuple[Meeting, ...] = field(default_factory=tuple)

    @property
    def results(self) -> list[Result]:
        return [r for m in self.meetings for r in m.results]


R, M = Result, Meeting

STAGES: tuple[Stage, ...] = (
    Stage(1, "preparation", "Подготовка (старт проекта, сбор первичной информации)", (
        M("1-start", "Рабочее совещание Администрации",
          (ADMIN, ENTERPRISE, WG, "Предприниматели", GROUPS), (
              R("1-know", "Участники совещания знают содержание и целевые показатели проекта"),
              R("1-wg", "Сформирована рабочая группа", "wg_formed"),
              R("1-wg-community", "В состав рабочей группы включены участники сообщества "
                                  "«Гражданин страны Росатом»", "wg_community"),
          )),
        M("1-order", "Рабочее совещание Администрации",
          ("Глава Администрации", "Заместители Главы", "Руководители Управлений"), (
              R("1-wg-order", "Состав рабочей группы утверждён распоряжением", "wg_order"),
              R("1-wg-tasks", "Задачи рабочей группы утверждены распоряжением", "wg_tasks"),
          )),
        M("1-study", WG_MEETING, (WG,), (
              R("1-studied", "Рабочая группа изучила документацию проекта, концепцию, перечень "
                             "практик, целевые показатели, методические материалы"),
          )),
        M("1-collect", "Рабочее совещание Администрации", (ADMIN, WG, ENTERPRISE), (
              R("1-roiv", "Подготовлен перечень требований РОИВ по проектам и видам "
                          "деятельности ОМСУ"),
              R("1-problems", "Подготовлен перечень актуальных городских проблем", "problems"),
          )),
        M("1-groups", GROUPS_MEETING, (WG, ADMIN, GROUPS), (
              R("1-initiatives", "Составлен перечень инициатив", "initiatives"),
              R("1-authors", "Определены авторы и участники инициатив", "initiative_authors"),
          )),
        M("1-plan", WG_MEETING, (WG,), (
              R("1-expertise-plan", "Составлен план подготовки экспертизы внешних практик и "
                                    "собственных инициатив"),
              R("1-own", "Составлен перечень собственных лучших практик", "own_practices"),
              R("1-own-authors", "Определены авторы и участники собственных (реализованных) "
                                 "лучших практик"),
          )),
    )),
    Stage(2, "expertise", "Экспертиза практик и инициатив (первичная экспертиза)", (
        M("2-prep", "Подготовительная встреча (семинар) с участниками стратегической сессии",
          (WG, ADMIN, GROUPS), (
              R("2-ready", "Участники ознакомлены с материалами и готовы к стратегической сессии"),
              R("2-session-plan", "Составлен план проведения стратегической сессии"),
          )),
        M("2-strategic", "Стратегическая сессия", (WG, GROUPS, ADMIN, ENTERPRISE), (
              R("2-directions", "Определены приоритетные направления «лучших практик»"),
              R("2-criteria", "Определены критерии отбора «лучших практик» для внедрения",
                "criteria_weights"),
              R("2-selection-plan", "Составлен план проведения отбора практик и инициатив"),
          )),
        M("2-wg", WG_MEETING, (WG, ADMIN), (
              R("2-classified", "Практики и инициативы оценены по классификатору"),
              R("2-fit", "Оценено соответствие практик и инициатив требованиям РОИВ и "
                         "проблематике города", "initiatives_linked"),
              R("2-own-list", "Подготовлен перечень собственных практик для экспертного совета",
                "own_practices"),
              R("2-external-list", "Подготовлен перечень внешних практик и собственных "
                                   "инициатив для экспертного совета", "initiatives"),
          )),
    )),
    Stage(3, "selection", "Отбор практик и инициатив. Голосование", (
        M("3-groups", GROUPS_MEETING, (WG, GROUPS), (
              R("3-own-3", "Подготовлен перечень собственных (реализованных) практик "
                           "(не менее трёх)", "own_practices_3"),
              R("3-new", "Подготовлен перечень собственных (новых) инициатив и внешних практик",
                "initiatives"),
          )),
        M("3-council", "Заседание экспертного совета сообщества «Гражданин страны Росатом»",
          (EXPERTS, WG), (
              R("3-scored", "Произведена экспертная оценка предложенных практик и инициатив",
                "scored"),
              R("3-shortlist", "Утверждён перечень практик и инициатив для голосования",
                "shortlist"),
              R("3-own-approved", "Утверждён перечень собственных лучших практик (не менее "
                                  "трёх) для паспортизации", "own_practices_selected_3"),
          )),
        M("3-vote", "Рейтинговое голосование по выбору практик для реализации",
          ("Жители", WG, GROUPS, ADMIN, ENTERPRISE), (
              R("3-rating", "Рейтинговый перечень практик и инициатив (голосование жителей)",
                "vote_created"),
          )),
    )),
    Stage(4, "passport", "Составление паспорта (описание) практики", (
        M("4-wg", WG_MEETING, (WG, ADMIN), (
              R("4-passports", "Составлены паспорта собственных практик (не менее трёх)",
                "passports_3"),
              R("4-contest", "Собственные практики представлены к тиражированию (конкурсу)"),
              R("4-priority", "Подготовлены критерии приоритета реализации внешней практики и "
                              "городской инициативы", "criteria_weights"),
          )),
        M("4-groups", GROUPS_MEETING, (GROUPS, WG, ADMIN), (
              R("4-impl-passports", "Составлены паспорта городских инициатив и внешних практик "
                                    "для последующей реализации"),
          )),
    )),
    Stage(5, "planning", "Планирование. Определение приоритетов (вторичная экспертиза)", (
        M("5-wg", WG_MEETING, (WG, GROUPS, ADMIN), (
              R("5-criteria", "Практики и инициативы, прошедшие голосование, оценены по "
                              "критериям: эффективность, ресурсоёмкость, сроки, соответствие "
                              "потребностям", "second_scored"),
              R("5-list", "Подготовлен перечень внешних практик и инициатив для экспертного "
                          "совета", "shortlist"),
              R("5-draft", "Подготовлен проект плана реализации", "plan_draft"),
          )),
        M("5-council", "Экспертный совет сообщества «Гражданин страны Росатом»", (EXPERTS, WG), (
              R("5-priorities", "Определены приоритетные внешние практики и городские "
                                "инициативы", "plan_draft"),
              R("5-results", "Определены ожидаемые результаты", "plan_results"),
              R("5-deadlines", "Установлены сроки реализации практик", "plan_deadlines"),
              R("5-resources", "Определены источники ресурсов", "plan_resources"),
              R("5-legal", "Сформированы предложения по изменению НПА и регламентов",
                "plan_legal"),
          )),
        M("5-head", HEAD_MEETING, (ADMIN, WG, ENTERPRISE), (
              R("5-approved", "Утверждены (изменены) предложения экспертного совета"),
              R("5-plan", "Утверждён план реализации", "plan_approved"),
              R("5-legal-plan", "Утверждён план внесения изменений в НПА и регламенты"),
          )),
    )),
    Stage(6, "implementation", "Реализация", (
        M("6-head", HEAD_MEETING, (ADMIN, WG, ENTERPRISE, "Представители экспертного совета"), (
              R("6-act", "Планы реализации закреплены нормативным актом", "plan_act"),
              R("6-compare", "Оценено соответствие текущих показателей запланированным",
                "reports"),
              R("6-residents", "Оценена актуальность списка жителей — участников практики",
                "assessed_participants"),
              R("6-legal-done", "Оценено внесение изменений в НПА", "assessed_legal"),
          )),
        M("6-wg", WG_MEETING, (WG, ADMIN), (
              R("6-corrections", "Внесены коррективы в планы реализации", "corrections"),
              R("6-report", "Сформирован отчёт по текущим показателям реализации", "reports"),
              R("6-list", "Сформирован актуальный список жителей — участников практики",
                "participants"),
          )),
        M("6-groups", GROUPS_MEETING, ("Жители", WG, GROUPS, ADMIN, ENTERPRISE), (
              R("6-involve", "Сформирована процедура вовлечения жителей в реализацию практики",
                "assessed_involvement"),
              R("6-charity", "Апробирована и принята как стандарт технология проведения "
                             "благотворительного события"),
          )),
    )),
    Stage(7, "evaluation", "Оценка результатов", (
        M("7-head", HEAD_MEETING, (ADMIN, WG, ENTERPRISE, "Представители экспертного совета"), (
              R("7-compare", "Оценено соответствие текущих показателей запланированным",
                "reports"),
              R("7-effect", "Оценена эффективность применения практики (инициативы)",
                "assessed_effect"),
              R("7-decision", "Принято решение: изменить источники ресурсов, продолжить или "
                              "прекратить", "decision"),
          )),
        M("7-wg", WG_MEETING, (ADMIN, WG), (
              R("7-report", "Сформирован отчёт по текущим показателям реализации", "reports"),
              R("7-list", "Сформирован актуальный список жителей — участников практики",
                "participants"),
          )),
        M("7-groups", GROUPS_MEETING, ("Жители", WG, GROUPS), (
              R("7-proposals", "Составлен перечень предложений жителей по текущей реализации "
                               "(продолжить, изменить, прекратить)", "proposals_answered"),
          )),
    )),
)

STAGE_BY_NUMBER = {s.number: s for s in STAGES}
RESULT_BY_CODE = {r.code: r for s in STAGES for r in s.results}
MEETING_BY_CODE = {m.code: (s.number, m) for s in STAGES for m in s.meetings}
