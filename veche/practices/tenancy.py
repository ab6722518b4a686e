"""Town A's rows of the practices capability for the tenancy walk (tests/test_tenancy_walk.py):
one row of every town-owned model of the bank, the project and the scorecard, made through the
services and carrying the walk's marker wherever a page or an endpoint would show text."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from .lifecycle import practice_stage_move
from .models import Body, ExternalResourceCase, Practice, Replication, Stage
from .projects.bodies import (
    body_create,
    body_member_add,
    body_session_create,
    passport_selection_record,
)
from .projects.expert import conflict_declare, expert_score_set, shortlist_approve
from .projects.plans import (
    decision_record,
    plan_approve,
    plan_create,
    plan_indicator_add,
    plan_task_add,
    report_create,
)
from .projects.running import (
    participant_add,
    participant_work_record,
    plan_assess,
    plan_correct,
    proposal_submit,
)
from .projects.services import initiative_create, problem_create, stage_mark_set
from .projects.supports import problem_support
from .scorecard.compute import last_months, month_of, scorecard_recompute
from .scorecard.services import (
    curator_assess,
    cutoff_judge,
    event_report_create,
    external_case_create,
    fact_create,
)

# The factories (test and demo helpers: users, practices) are imported where used, so that
# registering the capability at start-up does not load them.


def walk_objects(*, territory, persons, marker: str) -> None:
    """The bank's rows and the project's (`walk_project_objects`), for town `territory`."""
    walk_bank_objects(territory=territory, persons=persons, marker=marker)
    walk_project_objects(territory=territory, persons=persons, marker=marker)


def walk_bank_objects(*, territory, persons, marker: str) -> None:
    """A DRAFT practice whose passport names a marked resident (it must never show outside the
    town's office), its lifecycle move, and a replication of another published practice of
    the town — by the town itself is not allowed, so the walk gets a published practice
    adopted nowhere, and the town's replication row points to it."""
    from .factories import make_practice

    person = persons[0]
    draft = make_practice(
        territory=territory, name=f"Черновик практики {marker}", publish=False,
        description=f"Лидер практики {person.surname} {person.given_name}",
        contact=(f"{person.surname} {person.given_name}", person.phone or ""),
    )
    practice_stage_move(practice=draft, to_stage=Stage.OPTIONS)
    published = make_practice(territory=territory, name="Открытые встречи с жителями",
                              description="Встречи Главы с жителями во дворах")
    Replication.objects.create(territory=territory, practice=published,
                               adaptation_notes=f"Заметки {marker}")


def walk_project_objects(*, territory, persons, marker: str) -> dict:
    """Rows of every project/scorecard model for town `territory` (run in its scope); returns
    the project, an initiative and a plan for tests that build on them."""
    from .projects.factories import make_expert, make_project

    today = timezone.localdate()
    project = make_project(territory, today.year)
    wg = body_create(territory=territory, kind=Body.Kind.WORKING_GROUP,
                     name=f"Рабочая группа {marker}", order_number="12-р", order_date=today,
                     tasks="Подготовка проекта")
    council = body_create(territory=territory, kind=Body.Kind.EXPERT_COUNCIL,
                          name=f"Экспертный совет {marker}")
    for person in persons:
        body_member_add(body=wg, person=person, is_community_member=True)
        body_member_add(body=council, person=person)
    session = body_session_create(body=wg, held_on=today, title=f"Заседание {marker}",
                                  agenda=[f"Вопрос {marker}"], minutes=f"Протокол {marker}",
                                  decisions=[f"Решение {marker}"], project=project,
                                  meeting_code="1-start")
    own = list(Practice.objects.filter(territory=territory)[:3])
    if own:
        passport_selection_record(project=project, session=session, practices=own,
                                  decision=f"Отобрать для паспортизации {marker}", by=None)
    problem = problem_create(territory=territory, project=project,
                             text=f"Проблема {marker}: нет освещения во дворах")
    problem_support(problem=problem, person=persons[0])
    initiative = initiative_create(territory=territory, project=project, problem=problem,
                                   title=f"Инициатива {marker}", description=marker,
                                   authors=persons, author_names=f"{marker} Автор")
    stage_mark_set(project=project, result_code="1-know", done=True, by=None,
                   evidence_text=f"Протокол {marker}")
    expert = make_expert(territory, name=f"Эксперт {marker}")
    expert_score_set(project=project, expert=expert, initiative=initiative, effect=4,
                     resources=3, timeframe=4, fit=5, comment=f"Комментарий {marker}")
    other = make_expert(territory, name="Эксперт Второй")
    conflict_declare(project=project, expert=other, initiative=initiative,
                     reason=f"Родственник автора {marker}")
    shortlist_approve(project=project, items=[f"initiative:{initiative.pk}"],
                      decision=f"Решение совета {marker}", by=expert)
    plan = plan_create(territory=territory, project=project, initiative=initiative,
                       title=f"План {marker}", resource_sources="Бюджет города",
                       legal_changes="Изменить регламент")
    indicator = plan_indicator_add(plan=plan, name=f"Освещённые дворы {marker}", target=10,
                                   unit="дворов", deadline=today + dt.timedelta(days=90))
    plan_task_add(plan=plan, title=f"Закупка {marker}", responsible_person=persons[0],
                  deadline=today + dt.timedelta(days=30))
    report_create(plan=plan, period_start=today.replace(day=1), period_end=today,
                  values={str(indicator.pk): 3}, comment=f"Отчёт {marker}",
                  participants=persons[0].full_name, links=["https://example.ru/photo1"])
    plan_approve(plan=plan, legal_act=f"Постановление {marker}")
    participant = participant_add(plan=plan, person=persons[0])
    participant_work_record(participant=participant, done_on=today, hours=2,
                            description=f"Обход дворов {marker}")
    plan_correct(plan=plan, what="resource_sources", value=f"Бюджет и грант {marker}",
                 reason=f"Грант получен {marker}", by=None)
    plan_assess(plan=plan, kind="effect", conclusion=f"Эффективна {marker}",
                evidence=f"Протокол {marker}", by=None)
    proposal_submit(plan=plan, person=persons[0], kind="change", text=f"Изменить {marker}")
    decision_record(plan=plan, decision="continue", reason=f"Идёт по плану {marker}", by=expert)
    month = month_of(today)
    fact_create(territory=territory, month=month, title="Приём заявлений онлайн", by=None,
                description=f"Было → стало {marker}")
    external_case_create(territory=territory, month=month, task=f"Задача {marker}",
                         kind=ExternalResourceCase.Kind.FINANCIAL, source=f"Фонд {marker}",
                         by=None, amount="100000")
    event_report_create(territory=territory, held_on=today, title=f"Мероприятие {marker}",
                        by=None, speakers=[persons[0].full_name],
                        participants_list=persons[0].full_name)
    curator_assess(territory=territory, month=month, score=70, conclusion="Заключение",
                   curator=expert)
    cutoff_judge(territory=territory, month=month, code=6, failed=False,
                 comment="Атрибутика на месте", curator=expert)
    scorecard_recompute(territories=[territory], months=last_months(3))
    return {"project": project, "initiative": initiative, "plan": plan}
