"""Test and demo rows of the project and scorecard areas. `tenancy_walk_project_objects` is
called by the practices app's factories for the tenancy walk (tests/test_tenancy_walk.py):
one row of every model here, carrying the walk's marker where text is shown."""

import datetime as dt

from django.utils import timezone

from veche.accounts.factories import grant_role, make_user
from veche.accounts.models import Role

from ..models import Body, ExternalResourceCase
from ..scorecard.compute import last_months, month_of, scorecard_recompute
from ..scorecard.services import (
    curator_assess,
    cutoff_judge,
    event_report_create,
    external_case_create,
    fact_create,
)
from .bodies import body_create, body_member_add, body_session_create
from .expert import conflict_declare, expert_score_set, shortlist_approve
from .plans import (
    decision_record,
    plan_create,
    plan_indicator_add,
    plan_task_add,
    report_create,
)
from .services import initiative_create, problem_create, project_create, stage_mark_set


def make_project(territory, year: int = 2026):
    return project_create(territory=territory, year=year)


def make_expert(territory, email: str | None = None, name: str = "Эксперт Экспертов"):
    user = make_user(email=email, full_name=name)
    grant_role(user, territory, Role.EXPERT)
    return user


def tenancy_walk_project_objects(*, territory, persons, marker: str) -> dict:
    """Rows of every project/scorecard model for town `territory` (run in its scope)."""
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
    body_session_create(body=wg, held_on=today, title=f"Заседание {marker}",
                        agenda=[f"Вопрос {marker}"], minutes=f"Протокол {marker}",
                        decisions=[f"Решение {marker}"], project=project,
                        meeting_code="1-start")
    problem = problem_create(territory=territory, project=project,
                             text=f"Проблема {marker}: нет освещения во дворах")
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
