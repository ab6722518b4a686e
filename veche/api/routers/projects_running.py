"""Staff writes of seed 004's records that used to be ticks: the body session's decision
selecting the town's own practices for passports (stage 3), the vote's winners taken for the
secondary expertise (stage 5, through veche.bridges), and a running practice's records
(stages 6–7): participants as registry persons and their work, plan corrections with history,
assessments with evidence, answers to residents' proposals."""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from veche.bridges.project_vote import shortlist_winners_take
from veche.practices import access
from veche.practices.models import PlanParticipant
from veche.practices.projects.bodies import passport_selection_record
from veche.practices.projects.running import (
    participant_add,
    participant_leave,
    participant_work_record,
    plan_assess,
    plan_correct,
    proposal_answer,
)
from veche.practices.projects.selectors import town_practices
from veche.registry.models import Person

from ..errors import protected
from .projects_common import OFFICE, town_project

router = Router(auth=OFFICE)  # tags come from the parent, projects.py


class Created(Schema):
    id: int


class SelectionIn(Schema):
    session_id: int
    practice_ids: list[int] = Field(..., description="собственные практики города")
    decision: str
    year: int | None = None


@router.post("/t/{slug}/project/passport-selections/", response=protected({201: Created}),
             summary="Решение органа: собственные практики, отобранные для паспортизации")
def passport_selection_add(request, slug: str, payload: SelectionIn):
    project = town_project(request, payload.year)
    session = access.access_body_session(request.auth, request.territory, payload.session_id)
    practices = list(town_practices(territory=request.territory)
                     .filter(pk__in=payload.practice_ids))
    if len(practices) != len(set(payload.practice_ids)):
        raise ValidationError({"practice_ids": [ValidationError(
            _("Не все практики найдены среди практик города."), code="practice_not_own")]})
    selection = passport_selection_record(project=project, session=session,
                                          practices=practices, decision=payload.decision,
                                          by=request.auth)
    return Status(201, {"id": selection.pk})


class WinnersIn(Schema):
    top: int | None = Field(None, ge=1, description="первые N мест рейтинга (по умолчанию — "
                                                    "победители подсчёта)")


class WinnersOut(Schema):
    items: list[str]


@router.post("/t/{slug}/project/shortlists/{shortlist_id}/winners/",
             response=protected({200: WinnersOut}),
             summary="Принять победителей голосования на вторичную экспертизу (этап 5)")
def winners_take(request, slug: str, shortlist_id: int, payload: WinnersIn):
    shortlist = access.access_shortlist(request.auth, request.territory, shortlist_id)
    return {"items": shortlist_winners_take(shortlist=shortlist, top=payload.top)}


# --- a running practice (stages 6–7) -------------------------------------------------------

class PlanParticipantIn(Schema):
    person_id: int | None = None
    role: str = PlanParticipant.Role.VOLUNTEER
    joined_on: dt.date | None = None


class PlanParticipantOut(Schema):
    id: int
    person_id: int
    name: str
    role: str
    joined_on: dt.date
    left_on: dt.date | None
    hours: float


def _participant_out(p: PlanParticipant) -> dict:
    return {"id": p.pk, "person_id": p.person_id, "name": p.person.full_name, "role": p.role,
            "joined_on": p.joined_on, "left_on": p.left_on,
            "hours": float(sum((w.hours for w in p.work.all()), Decimal(0)))}


@router.get("/t/{slug}/project/plans/{plan_id}/participants/",
            response=protected({200: list[PlanParticipantOut]}),
            summary="Жители — участники практики и их часы")
def participants(request, slug: str, plan_id: int):
    plan = access.access_plan(request.auth, request.territory, plan_id)
    return [_participant_out(p) for p in plan.participants_list.select_related("person")
            .prefetch_related("work")]


@router.post("/t/{slug}/project/plans/{plan_id}/participants/",
             response=protected({201: Created}), summary="Включить жителя в участники")
def participant_create(request, slug: str, plan_id: int, payload: PlanParticipantIn):
    plan = access.access_plan(request.auth, request.territory, plan_id)
    person = Person.objects.filter(pk=payload.person_id or 0, is_erased=False).first()
    if person is None:
        raise ValidationError({"person_id": [ValidationError(
            _("Нет такого жителя в реестре города."), code="no_person")]})
    made = participant_add(plan=plan, person=person, role=payload.role,
                           joined_on=payload.joined_on, by=request.auth)
    return Status(201, {"id": made.pk})


def _participant(request, plan_id: int, participant_id: int) -> PlanParticipant:
    plan = access.access_plan(request.auth, request.territory, plan_id)
    found = plan.participants_list.filter(pk=participant_id).select_related("person",
                                                                            "plan").first()
    if found is None:
        from django.http import Http404

        raise Http404(_("Нет такого участника в этом плане."))
    return found


class LeaveIn(Schema):
    left_on: dt.date | None = None


@router.post("/t/{slug}/project/plans/{plan_id}/participants/{participant_id}/leave/",
             response=protected({200: Created}), summary="Участник вышел из состава")
def participant_left(request, slug: str, plan_id: int, participant_id: int, payload: LeaveIn):
    p = _participant(request, plan_id, participant_id)
    participant_leave(participant=p, left_on=payload.left_on or dt.date.today())
    return {"id": p.pk}


class WorkIn(Schema):
    done_on: dt.date | None = None
    hours: float | None = None
    description: str = ""
    task_id: int | None = None


@router.post("/t/{slug}/project/plans/{plan_id}/participants/{participant_id}/work/",
             response=protected({201: Created}),
             summary="Работа участника (часы): действие в реестре")
def work_add(request, slug: str, plan_id: int, participant_id: int, payload: WorkIn):
    p = _participant(request, plan_id, participant_id)
    task = p.plan.tasks.filter(pk=payload.task_id).first() if payload.task_id else None
    if payload.done_on is None:
        raise ValidationError({"done_on": [ValidationError(_("Укажите день работы."),
                                                           code="date_invalid")]})
    work = participant_work_record(participant=p, done_on=payload.done_on,
                                   hours=payload.hours, description=payload.description,
                                   task=task, by=request.auth)
    return Status(201, {"id": work.pk})


# Bodies of endpoints with an object id in the path keep every field optional: another town's
# object is a 404 before the body is judged; the services say what is missing.
class CorrectionIn(Schema):
    what: str = Field("", description="resource_sources, legal_changes, starts_on, ends_on, "
                                       "или target / deadline показателя (с indicator_id)")
    value: str = ""
    indicator_id: int | None = None
    reason: str = ""


class CorrectionOut(Schema):
    id: int
    label: str
    before: str
    after: str
    reason: str
    created_at: dt.datetime


@router.get("/t/{slug}/project/plans/{plan_id}/corrections/",
            response=protected({200: list[CorrectionOut]}), summary="История корректировок")
def corrections(request, slug: str, plan_id: int):
    plan = access.access_plan(request.auth, request.territory, plan_id)
    return list(plan.corrections.all())


@router.post("/t/{slug}/project/plans/{plan_id}/corrections/",
             response=protected({201: CorrectionOut}), summary="Внести корректировку в план")
def correction_add(request, slug: str, plan_id: int, payload: CorrectionIn):
    plan = access.access_plan(request.auth, request.territory, plan_id)
    indicator = None
    if payload.indicator_id is not None:
        indicator = plan.indicators.filter(pk=payload.indicator_id).first()
        if indicator is None:
            raise ValidationError({"indicator_id": [ValidationError(
                _("Показатель не из этого плана."), code="correction_unknown")]})
    value: object = payload.value
    if payload.what in ("starts_on", "ends_on", "deadline"):
        try:
            value = dt.date.fromisoformat(payload.value) if payload.value else None
        except ValueError:
            raise ValidationError({"value": [ValidationError(
                _("Дата в виде ГГГГ-ММ-ДД."), code="date_invalid")]}) from None
    made = plan_correct(plan=plan, what=payload.what, value=value, reason=payload.reason,
                        by=request.auth, indicator=indicator)
    return Status(201, made)


class AssessmentIn(Schema):
    kind: str = ""
    conclusion: str = ""
    evidence: str = ""


@router.post("/t/{slug}/project/plans/{plan_id}/assessments/",
             response=protected({201: Created}),
             summary="Оценка этапов 6–7 (участники, НПА, вовлечение, эффективность)")
def assessment_add(request, slug: str, plan_id: int, payload: AssessmentIn):
    plan = access.access_plan(request.auth, request.territory, plan_id)
    made = plan_assess(plan=plan, kind=payload.kind, conclusion=payload.conclusion,
                       evidence=payload.evidence, by=request.auth)
    return Status(201, {"id": made.pk})


class ProposalOut(Schema):
    id: int
    kind: str
    text: str
    answer: str
    answered_at: dt.datetime | None
    created_at: dt.datetime


@router.get("/t/{slug}/project/plans/{plan_id}/proposals/",
            response=protected({200: list[ProposalOut]}), summary="Предложения жителей")
def proposals(request, slug: str, plan_id: int):
    plan = access.access_plan(request.auth, request.territory, plan_id)
    return list(plan.proposals.all())


class ProposalAnswerIn(Schema):
    answer: str = ""


@router.post("/t/{slug}/project/proposals/{proposal_id}/answer/",
             response=protected({200: ProposalOut}), summary="Ответить на предложение жителя")
def proposal_reply(request, slug: str, proposal_id: int, payload: ProposalAnswerIn):
    proposal = access.access_proposal(request.auth, request.territory, proposal_id)
    return proposal_answer(proposal=proposal, answer=payload.answer, by=request.auth)
