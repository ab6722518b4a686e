"""Residents' own part in the town's project (seed 004): supporting city problems (one support
each, a ledger action; the ranking follows) and proposing to continue, change or stop a
running practice (a ledger action; staff answer). A browser session of a registry person of
the town; another town's people are refused (veche.practices.access.resident_of)."""

import datetime as dt

from ninja import Router, Schema, Status

from veche.practices import access
from veche.practices.models import ResidentProposal
from veche.practices.projects.running import proposal_submit
from veche.practices.projects.selectors import project_current
from veche.practices.projects.supports import (
    problem_support,
    problem_support_withdraw,
    problems_ranked,
    supported_by,
)

from ..errors import protected
from ..security import BrowserSession


def _resident(request, user, token: bool) -> None:
    request.person = access.resident_of(user, request.territory)


RESIDENT = [BrowserSession(_resident)]
router = Router(auth=RESIDENT)  # tags come from the parent, projects.py


class ProblemRow(Schema):
    id: int
    text: str
    supports: int
    supported_by_me: bool


@router.get("/t/{slug}/problems/", response=protected({200: list[ProblemRow]}),
            summary="Городские проблемы по числу поддержавших жителей")
def problems(request, slug: str):
    project = project_current(territory=request.territory)
    if project is None:
        return []
    mine = supported_by(project=project, person=request.person)
    return [{"id": p.pk, "text": p.text, "supports": p.supports,
             "supported_by_me": p.pk in mine} for p in problems_ranked(project=project)]


class SupportOut(Schema):
    id: int
    supports: int


@router.post("/t/{slug}/problems/{problem_id}/support/", response=protected({200: SupportOut}),
             summary="Поддержать проблему (один раз)")
def support(request, slug: str, problem_id: int):
    problem = access.access_city_problem(request.auth, request.territory, problem_id)
    problem_support(problem=problem, person=request.person)
    return {"id": problem.pk, "supports": problem.supports}


@router.delete("/t/{slug}/problems/{problem_id}/support/",
               response=protected({200: SupportOut}), summary="Отозвать поддержку")
def support_withdraw(request, slug: str, problem_id: int):
    problem = access.access_city_problem(request.auth, request.territory, problem_id)
    problem_support_withdraw(problem=problem, person=request.person)
    return {"id": problem.pk, "supports": problem.supports}


class ProposalIn(Schema):
    kind: str = ""
    text: str = ""


class MyProposal(Schema):
    id: int
    plan_id: int
    kind: str
    text: str
    answer: str
    answered_at: dt.datetime | None


@router.post("/t/{slug}/practices-running/{plan_id}/proposals/",
             response=protected({201: MyProposal}),
             summary="Предложение жителя: продолжить, изменить или прекратить практику")
def propose(request, slug: str, plan_id: int, payload: ProposalIn):
    plan = access.access_running_plan(request.auth, request.territory, plan_id)
    made = proposal_submit(plan=plan, person=request.person, kind=payload.kind,
                           text=payload.text)
    return Status(201, made)


@router.get("/t/{slug}/practices-running/proposals/", response=protected({200: list[MyProposal]}),
            summary="Мои предложения и ответы на них")
def my_proposals(request, slug: str):
    return list(ResidentProposal.objects.filter(person=request.person)
                .order_by("-created_at")[:200])
