"""The stage checklist is computed from the data, and manual ticks need evidence."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from veche.practices.models import Body, PassportVersion, Practice
from veche.practices.projects.bodies import body_create, body_member_add, body_session_create
from veche.practices.projects.checklist import checklist_summary, stage_checklist
from veche.practices.projects.services import (
    initiative_create,
    problem_create,
    stage_mark_set,
)

pytestmark = pytest.mark.django_db


def _results(project) -> dict[str, dict]:
    return {r["result"].code: r for s in stage_checklist(project=project)
            for m in s["meetings"] for r in m["results"]}


def _practice(town, title: str, *, passport: bool) -> Practice:
    practice = Practice.objects.create(territory=town, title=title)
    if passport:
        PassportVersion.objects.create(territory=town, practice=practice, number=1,
                                       data={"name": title})
    return practice


def test_empty_project_shows_everything_missing(project):
    results = _results(project)
    assert len(stage_checklist(project=project)) == 7
    assert not any(r["done"] for r in results.values())
    assert results["1-wg-order"]["auto"] and not results["1-know"]["auto"]


def test_working_group_problems_initiatives_and_passports_tick_from_data(project, people):
    town = project.territory
    wg = body_create(territory=town, kind=Body.Kind.WORKING_GROUP, name="Рабочая группа")
    body_member_add(body=wg, person=people[0], is_community_member=True)
    results = _results(project)
    assert results["1-wg"]["done"] and results["1-wg-community"]["done"]
    assert not results["1-wg-order"]["done"]  # no order yet

    body_create(territory=town, kind=Body.Kind.WORKING_GROUP, name="РГ по распоряжению",
                order_number="45-р", order_date=dt.date(2026, 2, 1), tasks="Отбор практик")
    problem = problem_create(territory=town, project=project, text="Нет освещения во дворах")
    initiative_create(territory=town, project=project, title="Фонари во дворах",
                      problem=problem, authors=[people[1]])
    results = _results(project)
    for code in ("1-wg-order", "1-wg-tasks", "1-problems", "1-initiatives", "1-authors",
                 "2-fit"):
        assert results[code]["done"], code

    # An initiative without authors makes "authors determined" missing again.
    initiative_create(territory=town, project=project, title="Без авторов")
    assert not _results(project)["1-authors"]["done"]

    for n in range(2):
        _practice(town, f"Практика {n}", passport=True)
    _practice(town, "Черновик без паспорта", passport=False)
    results = _results(project)
    assert results["3-own-3"]["done"]  # three practices in the bank
    assert not results["4-passports"]["done"]  # but only two with a passport
    _practice(town, "Третья с паспортом", passport=True)
    assert _results(project)["4-passports"]["done"]


def test_manual_tick_needs_evidence_and_data_results_cannot_be_ticked(project):
    with pytest.raises(ValidationError) as err:
        stage_mark_set(project=project, result_code="1-know", done=True, by=None)
    assert "подтверждение" in str(err.value)
    with pytest.raises(ValidationError) as err:
        stage_mark_set(project=project, result_code="1-wg", done=True, by=None,
                       evidence_text="Протокол №1")
    assert "по данным" in str(err.value)
    stage_mark_set(project=project, result_code="1-know", done=True, by=None,
                   evidence_text="Протокол №1 от 10.02.2026")
    stages = stage_checklist(project=project)
    assert _results(project)["1-know"]["done"]
    assert checklist_summary(stages)["done"] == 1


def test_a_session_tied_to_a_meeting_shows_it_held(project):
    wg = body_create(territory=project.territory, kind=Body.Kind.WORKING_GROUP, name="РГ")
    body_session_create(body=wg, held_on=dt.date(2026, 2, 10), title="Старт проекта",
                        project=project, meeting_code="1-start")
    first = stage_checklist(project=project)[0]
    held = {m["meeting"].code: m["sessions"] for m in first["meetings"]}
    assert [s.title for s in held["1-start"]] == ["Старт проекта"]
    assert held["1-order"] == []
