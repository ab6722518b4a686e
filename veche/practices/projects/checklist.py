"""The stage checklist: each required result of stages.py is done or missing, computed from the
data where a rule says how (RULES below) and from a manual tick with evidence otherwise.

Every rule reads a small dict of facts gathered in a fixed number of queries (`project_facts`),
so the whole seven-stage checklist costs about thirty queries however big the town is."""

from ..models import (
    Body,
    BodyMember,
    BodySession,
    CityProblem,
    EvaluationDecision,
    ExpertRound,
    ExpertScore,
    ImplementationPlan,
    Initiative,
    MonitoringReport,
    PassportVersion,
    PlanAssessment,
    PlanCorrection,
    PlanIndicator,
    PlanParticipant,
    Practice,
    ResidentProposal,
    Shortlist,
    StageResultMark,
    TownProject,
)
from .bodies import passport_selected_count
from .expert import vote_winners
from .stages import STAGES

# rule -> (what the data must show, as said to staff; test on the facts)
RULES = {
    "wg_formed": ("рабочая группа с составом в разделе «Органы»",
                  lambda f: f["wg_members"] > 0),
    "wg_community": ("в составе рабочей группы есть участник «Гражданин страны Росатом»",
                     lambda f: f["wg_community"] > 0),
    "wg_order": ("у рабочей группы указаны номер и дата распоряжения",
                 lambda f: f["wg_order"]),
    "wg_tasks": ("задачи рабочей группы записаны и утверждены распоряжением",
                 lambda f: f["wg_order"] and f["wg_tasks"]),
    "problems": ("в перечне есть городские проблемы", lambda f: f["problems"] > 0),
    "initiatives": ("в перечне есть инициативы", lambda f: f["initiatives"] > 0),
    "initiative_authors": ("у каждой инициативы указаны авторы",
                           lambda f: f["initiatives"] > 0 and f["initiatives_no_author"] == 0),
    "initiatives_linked": ("каждая инициатива связана с городской проблемой",
                           lambda f: f["initiatives"] > 0 and f["initiatives_no_problem"] == 0),
    "own_practices": ("в банке есть практики города", lambda f: f["practices"] > 0),
    "own_practices_3": ("в банке не меньше трёх практик города", lambda f: f["practices"] >= 3),
    "own_practices_selected_3": (
        "решение экспертного совета или рабочей группы (заседание) отобрало для паспортизации "
        "не меньше трёх собственных практик", lambda f: f["selected_for_passports"] >= 3),
    "passports_3": ("не меньше трёх практик города с паспортом",
                    lambda f: f["passports"] >= 3),
    "criteria_weights": ("заданы веса критериев экспертной оценки",
                         lambda f: f["weights_set"]),
    "scored": ("эксперты выставили оценки", lambda f: f["scores"] > 0),
    "second_scored": ("победители голосования жителей приняты и каждый оценён экспертами "
                      "во вторичной экспертизе",
                      lambda f: f["winners"] > 0 and f["winners_unscored"] == 0),
    "shortlist": ("экспертный совет утвердил перечень для голосования",
                  lambda f: f["shortlists"] > 0),
    "vote_created": ("по перечню создано голосование жителей", lambda f: f["voted"] > 0),
    "plan_draft": ("есть план реализации", lambda f: f["plans"] > 0),
    "plan_results": ("в планах есть ожидаемые результаты с целевыми значениями",
                     lambda f: f["plans"] > 0 and f["plans_no_indicators"] == 0),
    "plan_deadlines": ("у ожидаемых результатов и задач планов есть сроки",
                       lambda f: f["indicators"] > 0 and f["indicators_no_deadline"] == 0),
    "plan_resources": ("в планах указаны источники ресурсов",
                       lambda f: f["plans"] > 0 and f["plans_no_resources"] == 0),
    "plan_legal": ("в планах указаны изменения НПА",
                   lambda f: f["plans"] > 0 and f["plans_no_legal"] == 0),
    "plan_approved": ("план утверждён", lambda f: f["plans_approved"] > 0),
    "plan_act": ("план закреплён актом (номер и дата)", lambda f: f["plans_with_act"] > 0),
    "reports": ("есть отчёты мониторинга", lambda f: f["reports"] > 0),
    "participants": ("в планах есть участники — жители из реестра (действующие)",
                     lambda f: f["participants"] > 0),
    "corrections": ("в план внесена корректировка с причиной", lambda f: f["corrections"] > 0),
    "assessed_participants": ("записана оценка актуальности списка участников",
                              lambda f: "participants" in f["assessed"]),
    "assessed_legal": ("записана оценка внесения изменений в НПА",
                       lambda f: "legal" in f["assessed"]),
    "assessed_involvement": ("записана процедура вовлечения жителей",
                             lambda f: "involvement" in f["assessed"]),
    "assessed_effect": ("записана оценка эффективности практики",
                        lambda f: "effect" in f["assessed"]),
    "proposals_answered": ("жители подали предложения по реализации, и на каждое дан ответ",
                           lambda f: f["proposals"] > 0 and f["proposals_unanswered"] == 0),
    "decision": ("записано решение: продолжить, изменить ресурсы или прекратить",
                 lambda f: f["decisions"] > 0),
}


def project_facts(project: TownProject) -> dict:
    t = project.territory
    wg = Body.objects.filter(territory=t, kind=Body.Kind.WORKING_GROUP)
    wg_members = BodyMember.objects.filter(territory=t, body__kind=Body.Kind.WORKING_GROUP)
    initiatives = Initiative.objects.filter(project=project)
    plans = ImplementationPlan.objects.filter(project=project)
    indicators = PlanIndicator.objects.filter(plan__project=project)
    reports = MonitoringReport.objects.filter(plan__project=project)
    with_passport = PassportVersion.objects.filter(territory=t).values("practice_id").distinct()
    proposals = ResidentProposal.objects.filter(plan__project=project)
    winners = vote_winners(project=project)
    scored_again = {f"initiative:{i}" if i else f"practice:{p}" for i, p in
                    ExpertScore.objects.filter(project=project, round=ExpertRound.SECONDARY)
                    .values_list("initiative_id", "practice_id")}
    return {
        "wg_members": wg_members.count(),
        "wg_community": wg_members.filter(is_community_member=True).count(),
        "wg_order": wg.exclude(order_number="").filter(order_date__isnull=False).exists(),
        "wg_tasks": wg.exclude(tasks="").exists(),
        "problems": CityProblem.objects.filter(project=project).count(),
        "initiatives": initiatives.count(),
        "initiatives_no_author": initiatives.filter(authors__isnull=True, author_names="")
        .count(),
        "initiatives_no_problem": initiatives.filter(problem__isnull=True).count(),
        "practices": Practice.objects.filter(territory=t).count(),
        "passports": with_passport.count(),
        "weights_set": bool(project.weights) and any(project.weights.values()),
        "scores": ExpertScore.objects.filter(project=project,
                                             round=ExpertRound.PRIMARY).count(),
        "selected_for_passports": passport_selected_count(project=project),
        "winners": len(winners),
        "winners_unscored": len(winners - scored_again),
        "shortlists": Shortlist.objects.filter(project=project).count(),
        "voted": Shortlist.objects.filter(project=project).exclude(vote_ref="").count(),
        "plans": plans.count(),
        "plans_no_indicators": plans.filter(indicators__isnull=True).count(),
        "plans_no_resources": plans.filter(resource_sources="").count(),
        "plans_no_legal": plans.filter(legal_changes="").count(),
        "plans_approved": plans.exclude(status=ImplementationPlan.Status.DRAFT).count(),
        "plans_with_act": plans.exclude(legal_act="").count(),
        "indicators": indicators.count(),
        "indicators_no_deadline": indicators.filter(deadline__isnull=True).count(),
        "reports": reports.count(),
        "participants": PlanParticipant.objects.filter(plan__project=project,
                                                       left_on__isnull=True).count(),
        "corrections": PlanCorrection.objects.filter(plan__project=project).count(),
        "assessed": set(PlanAssessment.objects.filter(plan__project=project)
                        .values_list("kind", flat=True).distinct()),
        "proposals": proposals.count(),
        "proposals_unanswered": proposals.filter(answered_at__isnull=True).count(),
        "decisions": EvaluationDecision.objects.filter(plan__project=project).count(),
    }


def stage_checklist(*, project: TownProject) -> list[dict]:
    """Per stage: its meetings (held or not, by the body sessions tied to them) with their
    participants and results, each result done or missing and why."""
    facts = project_facts(project)
    marks = {m.result_code: m for m in StageResultMark.objects.filter(project=project)}
    held: dict[str, list] = {}
    for s in BodySession.objects.filter(project=project).exclude(meeting_code="") \
            .select_related("body").order_by("held_on"):
        held.setdefault(s.meeting_code, []).append(s)
    stages = []
    for stage in STAGES:
        meetings, done_count, total = [], 0, 0
        for meeting in stage.meetings:
            results = []
            for r in meeting.results:
                if r.rule:
                    needs, test = RULES[r.rule]
                    done, mark = bool(test(facts)), None
                else:
                    mark = marks.get(r.code)
                    done, needs = bool(mark and mark.done), "отметка с подтверждением"
                results.append({"result": r, "done": done, "auto": bool(r.rule),
                                "needs": needs, "mark": mark})
                done_count += done
                total += 1
            meetings.append({"meeting": meeting, "results": results,
                             "sessions": held.get(meeting.code, [])})
        stages.append({"stage": stage, "meetings": meetings, "done": done_count, "total": total,
                       "complete": done_count == total,
                       "current": stage.number == project.current_stage})
    return stages


def checklist_summary(stages: list[dict]) -> dict:
    done = sum(s["done"] for s in stages)
    total = sum(s["total"] for s in stages)
    return {"done": done, "total": total, "share": round(done / total, 3) if total else 0.0}
