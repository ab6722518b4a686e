"""Stages 6–7 of seed 004 as records (issue 14, point 8): participants as registry persons
whose work reaches the ledger, plan corrections with their history, assessments with evidence,
residents' proposals answered by staff. Each tick follows from the records."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from veche.ledger.models import Action, ActionKind
from veche.practices.models import ImplementationPlan, PlanAssessment
from veche.practices.projects.checklist import stage_checklist
from veche.practices.projects.plans import plan_approve, plan_create, plan_indicator_add
from veche.practices.projects.running import (
    participant_add,
    participant_leave,
    participant_work_record,
    plan_assess,
    plan_correct,
    proposal_answer,
    proposal_submit,
)

pytestmark = pytest.mark.django_db


def _results(project) -> dict[str, bool]:
    return {r["result"].code: r["done"] for s in stage_checklist(project=project)
            for m in s["meetings"] for r in m["results"]}


@pytest.fixture
def plan(project):
    plan = plan_create(territory=project.territory, project=project, title="Свет во дворах",
                       resource_sources="Бюджет города", legal_changes="Порядок",
                       starts_on=dt.date(2026, 5, 1), ends_on=dt.date(2026, 12, 1))
    indicator = plan_indicator_add(plan=plan, name="Освещённые дворы", target=40,
                                   deadline=dt.date(2026, 12, 1))
    plan_approve(plan=plan, legal_act="Постановление № 412")
    plan.indicator = indicator
    return plan


def test_participants_are_persons_and_their_work_is_a_ledger_action(project, plan, people):
    """Seed 004, stage 6: «Сформирован актуальный список жителей – участников практики»; seed
    000 names «списки участников без фиксации их реальных действий» a sign of imitation:
    a participant is a registry person, and their hours are their action in the ledger."""
    assert not _results(project)["6-list"]
    volunteer = participant_add(plan=plan, person=people[0], joined_on=dt.date(2026, 5, 2))
    with pytest.raises(ValidationError) as err:
        participant_add(plan=plan, person=people[0])
    assert err.value.error_dict["person"][0].code == "participant_duplicate"
    results = _results(project)
    assert results["6-list"] and results["7-list"]

    participant_work_record(participant=volunteer, done_on=dt.date(2026, 6, 3), hours="3,5",
                            description="Обход дворов, сбор заявок")
    action = Action.objects.get(kind=ActionKind.VOLUNTEER_HOURS, person=people[0])
    assert action.weight == 3.5 and action.object_type == "practices.participantwork"
    with pytest.raises(ValidationError) as err:
        participant_work_record(participant=volunteer, done_on=dt.date(2026, 6, 3), hours=30,
                                description="Слишком много")
    assert err.value.error_dict["hours"][0].code == "hours_out_of_range"

    participant_leave(participant=volunteer, left_on=dt.date(2026, 7, 1))
    assert not _results(project)["6-list"]  # nobody active: the list is not current


def test_plan_corrections_keep_their_history_and_reason(project, plan, by=None):
    """Seed 004, stage 6: «Внесены коррективы в планы реализации практики»."""
    assert not _results(project)["6-corrections"]
    with pytest.raises(ValidationError):
        plan_correct(plan=plan, what="ends_on", value=dt.date(2027, 3, 1), reason="", by=by)
    plan_correct(plan=plan, what="ends_on", value=dt.date(2027, 3, 1),
                 reason="Поставщик сорвал срок", by=by)
    plan_correct(plan=plan, indicator=plan.indicator, what="target", value="35",
                 reason="Пять дворов отказались", by=by)
    plan.refresh_from_db()
    assert plan.ends_on == dt.date(2027, 3, 1)
    history = list(plan.corrections.order_by("id").values_list("label", "before", "after"))
    assert history == [("Окончание", "01.12.2026", "01.03.2027"),
                       ("Освещённые дворы: целевое значение", "40.0", "35.0")]
    with pytest.raises(ValidationError) as err:
        plan_correct(plan=plan, what="ends_on", value=dt.date(2027, 3, 1), reason="Снова",
                     by=by)
    assert err.value.error_dict["value"][0].code == "correction_same"
    assert _results(project)["6-corrections"]


def test_assessments_are_records_with_evidence(project, plan):
    """Seed 004, stages 6–7: «Оценены: … Актуальность списка жителей – участников реализации
    практики; Внесение изменений в НПА»; «Сформирована процедура вовлечения жителей в
    реализацию практики»; «Оценены: … Эффективность применения практики»."""
    codes = {"participants": "6-residents", "legal": "6-legal-done",
             "involvement": "6-involve", "effect": "7-effect"}
    assert not any(_results(project)[c] for c in codes.values())
    with pytest.raises(ValidationError):
        plan_assess(plan=plan, kind="effect", conclusion="Эффективна", evidence="", by=None)
    for kind in PlanAssessment.Kind.values:
        plan_assess(plan=plan, kind=kind, conclusion="Оценено на совещании у Главы",
                    evidence="Протокол № 7 от 10.09.2026", by=None)
    results = _results(project)
    assert all(results[c] for c in codes.values())


def test_residents_proposals_are_actions_and_staff_answer_them(project, plan, people, head):
    """Seed 004, stage 7: «Составлен перечень предложений от жителей по текущей реализации
    практики: Продолжить, Изменить, Прекратить»."""
    proposal = proposal_submit(plan=plan, person=people[1], kind="change",
                               text="Ставить светильники и у гаражей")
    assert Action.objects.filter(kind=ActionKind.PROPOSAL, person=people[1],
                                 object_type="practices.residentproposal").count() == 1
    assert not _results(project)["7-proposals"]  # unanswered
    proposal_answer(proposal=proposal, answer="Включим во вторую очередь", by=head)
    assert _results(project)["7-proposals"]
    with pytest.raises(ValidationError) as err:
        proposal_submit(plan=plan, person=people[2], kind="maybe", text="Не знаю")
    assert err.value.error_dict["kind"][0].code == "proposal_kind_unknown"
    ImplementationPlan.objects.filter(pk=plan.pk).update(status="stopped")
    plan.refresh_from_db()
    with pytest.raises(ValidationError) as err:
        proposal_submit(plan=plan, person=people[2], kind="continue", text="Продолжить")
    assert err.value.error_dict["plan"][0].code == "plan_not_running"
