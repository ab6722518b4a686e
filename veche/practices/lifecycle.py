"""The lifecycle tables of the practices capability (veche.accounts.contract.Lifecycle): which
staff action moves a practice, an initiative or an implementation plan, under one name that the
web's forms, the API's payloads and the demo share. The services still make each change and
check it (a skipped stage needs a comment, a plan needs results before approval…).

A town's project has no table: its current stage (1–7) is set by number, the same number in the
web form and in the API, and it moves in no fixed order.

Actions of the practice's stage and the initiative's status are named after the state they lead
to (the stage or status code); a plan's evaluation decisions after the decision.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from veche.accounts.contract import Lifecycle, Step

from .access import MANAGE
from .bank.services import practice_move, practice_publish
from .models import EvaluationDecision, ImplementationPlan, Initiative, Practice, Stage
from .projects.plans import decision_record, plan_approve
from .projects.services import initiative_status_set

# --- a practice: its stage in the seed's lifecycle, and publication in the bank -------------

def _move_to(stage: str):
    def move(*, practice: Practice, by=None, comment: str = ""):
        return practice_move(practice=practice, to_stage=stage, user=by, comment=comment)

    move.__name__ = f"practice_move_to_{stage}"
    return move


def _publish(*, practice: Practice, by=None) -> Practice:
    return practice_publish(practice=practice, user=by, publish=True)


def _unpublish(*, practice: Practice, by=None) -> Practice:
    return practice_publish(practice=practice, user=by, publish=False)


# Every stage may be the target: the service refuses staying put, and asks a comment for a
# skip or a return, with a message for the form's field.
PRACTICE_STAGE = Lifecycle(
    name="practice_stage", state_field="stage", obj_arg="practice",
    steps=tuple(Step(action=stage.value, label=stage.label, sources=frozenset(Stage.values),
                     target=stage.value, service=_move_to(stage.value), roles=MANAGE)
                for stage in Stage),
)

_ANY_STATUS = frozenset(Practice.Status.values)
PRACTICE_PUBLICATION = Lifecycle(
    name="practice_publication", obj_arg="practice",
    steps=(
        Step(action="publish", label=_("Опубликовать в банке сети"), sources=_ANY_STATUS,
             target=Practice.Status.PUBLISHED, service=_publish, roles=MANAGE,
             effect=_("Практику увидят все города сети.")),
        Step(action="unpublish", label=_("Снять с публикации"), sources=_ANY_STATUS,
             target=Practice.Status.DRAFT, service=_unpublish, roles=MANAGE,
             effect=_("Практика останется только в банке вашего города.")),
    ),
)


def practice_stage_move(*, practice: Practice, to_stage: str, by=None, comment: str = "",
                        roles=None):
    """Move `practice` to `to_stage` through the table. An unknown stage goes to the service,
    which refuses it with its message for the `to_stage` field (not a 404 of an action)."""
    if to_stage not in PRACTICE_STAGE.actions():
        return practice_move(practice=practice, to_stage=to_stage, user=by, comment=comment)
    return PRACTICE_STAGE.run(to_stage, practice, by=by, roles=roles, comment=comment)


# --- an initiative of the project -------------------------------------------------------------

def _status_to(status: str):
    def set_status(*, initiative: Initiative, by=None):
        return initiative_status_set(initiative=initiative, status=status)

    set_status.__name__ = f"initiative_status_to_{status}"
    return set_status


INITIATIVE_STATUS = Lifecycle(
    name="initiative_status", obj_arg="initiative",
    steps=tuple(Step(action=status.value, label=status.label,
                     sources=frozenset(Initiative.Status.values), target=status.value,
                     service=_status_to(status.value), roles=MANAGE)
                for status in Initiative.Status),
)


# --- an implementation plan: approval and the evaluation decisions ---------------------------

def _approve(*, plan: ImplementationPlan, by=None, legal_act: str = "") -> ImplementationPlan:
    return plan_approve(plan=plan, legal_act=legal_act)


def _decide(decision: str):
    def decide(*, plan: ImplementationPlan, by=None, reason: str = ""):
        return decision_record(plan=plan, decision=decision, reason=reason, by=by)

    decide.__name__ = f"plan_decide_{decision}"
    return decide


_ANY_PLAN = frozenset(ImplementationPlan.Status.values)
_DECISION_TARGET = {EvaluationDecision.Decision.STOP: ImplementationPlan.Status.STOPPED}
# A stopped plan may be approved again by a new act: the town resumes it.
PLAN = Lifecycle(
    name="implementation_plan", obj_arg="plan",
    steps=(Step(action="approve", label=_("Утвердить план актом"), sources=_ANY_PLAN,
                target=ImplementationPlan.Status.APPROVED, service=_approve, roles=MANAGE),)
    + tuple(Step(action=d.value, label=d.label, sources=_ANY_PLAN,
                 target=_DECISION_TARGET.get(d), service=_decide(d.value), roles=MANAGE)
            for d in EvaluationDecision.Decision),
)
PLAN_DECISIONS = [d.value for d in EvaluationDecision.Decision]


def plan_decide(*, plan: ImplementationPlan, decision: str, reason: str = "", by=None,
                roles=None) -> Any:
    """Record the evaluation `decision` through the table; an unknown one goes to the service,
    which refuses it with its message for the `decision` field."""
    if decision not in PLAN_DECISIONS:
        return decision_record(plan=plan, decision=decision, reason=reason, by=by)
    return PLAN.run(decision, plan, by=by, roles=roles, reason=reason)


LIFECYCLES = (PRACTICE_STAGE, PRACTICE_PUBLICATION, INITIATIVE_STATUS, PLAN)
