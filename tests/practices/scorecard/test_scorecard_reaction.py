"""Issue 14, point 5: cut-off 7 «скорость реакции и корректировка» is judged beside the data
Veche has (appeals' and assignments' timeliness from the appeals app, corrections of
implementation plans), and the judgement stores what it saw and what it cites."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from tests.api.conftest import login_client
from veche.appeals.factories import make_appeal
from veche.appeals.models import Appeal
from veche.practices.lifecycle import plan_decide
from veche.practices.models import CutoffAssessment
from veche.practices.projects.plans import plan_create, plan_task_add, plan_task_done
from veche.practices.scorecard.compute import month_of
from veche.practices.scorecard.reaction import reaction_figures
from veche.practices.scorecard.services import curator_assess, cutoff_judge

pytestmark = pytest.mark.django_db
JSON = {"content_type": "application/json"}


@pytest.fixture
def month(in_town, people, head):
    """This month: two appeals, one registered late; a plan task done late; one correction."""
    today = timezone.localdate()
    m = month_of(today)
    first = make_appeal(in_town, people[0])
    second = make_appeal(in_town, people[1])
    Appeal.objects.filter(pk=second.pk).update(
        registered_at=second.received_at + dt.timedelta(days=5))
    assert first.registered_at
    plan = plan_create(territory=in_town, title="Светлый двор")
    task = plan_task_add(plan=plan, title="Закупка", responsible="Отдел ЖКХ", deadline=m)
    plan_task_done(task=task, done_on=m + dt.timedelta(days=3))
    plan_decide(plan=plan, decision="change_resources", reason="Поставщик сорвал срок",
                by=head)
    return m


def by_code(figures):
    return {f["code"]: f for f in figures}


def test_the_figures_come_from_appeals_and_plans(month, in_town):
    """Seed 004, cut-off «7. Несоблюдение методических рекомендаций и технологии, скорость
    реакции и корректировка»: the appeals' timeliness (through the core's figure registry, so
    practices does not import appeals) and the plans' corrections."""
    figures = by_code(reaction_figures(territory=in_town, month=month))
    reg = figures["appeals.registered_on_time"]
    assert reg["value"] == 50.0 and reg["detail"].startswith("1 из 2")
    assert figures["practices.plan_tasks_on_time"]["detail"].startswith("0 из 1")
    assert figures["practices.plan_corrections"]["value"] == 1


def test_the_judgement_stores_what_it_saw_and_cites(month, in_town, curator):
    with pytest.raises(ValidationError) as err:
        cutoff_judge(territory=in_town, month=month, code=7, failed=True, comment="x",
                     curator=curator, cited=["appeals.nonsense"])
    assert err.value.error_dict["cited"][0].code == "figure_unknown"
    row = cutoff_judge(territory=in_town, month=month, code=7, failed=True,
                       comment="Половина обращений зарегистрирована с опозданием",
                       curator=curator, cited=["appeals.registered_on_time"])
    row = CutoffAssessment.objects.get(pk=row.pk)
    assert row.cited == ["appeals.registered_on_time"]
    assert by_code(row.figures)["appeals.registered_on_time"]["value"] == 50.0
    assessed = curator_assess(territory=in_town, month=month, score=60, conclusion="Средне",
                              curator=curator, cited=["practices.plan_corrections"])
    assert assessed.cited == ["practices.plan_corrections"] and assessed.figures


def test_the_curator_sees_the_figures_and_cites_them(month, in_town, curator):
    web = login_client(curator, verified=True)
    url = f"/t/zarechny/curator/scorecard/?month={month:%Y-%m}"
    page = web.get(url).content.decode()
    assert "Обращения зарегистрированы в срок (3 дня)" in page
    assert 'value="appeals.registered_on_time"' in page
    saved = web.post(url, {"action": "cutoff", "month": f"{month:%Y-%m}", "code": "7",
                           "failed": "0", "comment": "Реагируют быстро",
                           "cited": ["appeals.answered_on_time"]})
    assert saved.status_code == 302
    assert CutoffAssessment.objects.get(territory=in_town, month=month, code=7).cited == \
        ["appeals.answered_on_time"]
    api = web.get(f"/api/v1/curator/scorecard/figures/?town=zarechny&month={month}").json()
    assert "appeals.assignments_on_time" in {f["code"] for f in api}
    judged = web.post("/api/v1/curator/scorecard/cutoffs/", {
        "town": "zarechny", "month": str(month), "code": 7, "failed": True,
        "comment": "Поручения просрочены", "cited": ["appeals.assignments_on_time"]}, **JSON)
    assert judged.status_code == 200 and judged.json()["cut_off"] is True
