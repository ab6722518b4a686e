"""The appeals capability's contract (veche/accounts/contract.py): its role sets, access
functions, lifecycle tables and tenancy-walk rows, registered when the app is ready."""

from django.utils.translation import gettext_lazy as _

from veche.accounts.contract import Capability, Upload, register

from . import access, lifecycle
from .personal_data import appeals_personal_data
from .signs import SIGNS as WARNING_SIGNS
from .tenancy import walk_objects

CAPABILITY = register(Capability(
    name="appeals",
    label=_("Обращения, поручения и встречи Главы"),
    roles={"manage": access.MANAGE, "desk": access.DESK, "meetings": access.MEETINGS,
           "reception": access.RECEPTION},
    lifecycles=lifecycle.LIFECYCLES,
    walk_objects=walk_objects,
    access=(
        access.access_office, access.access_desk, access.access_quality,
        access.access_appeal, access.access_own_appeal, access.access_assignment,
        access.access_own_assignment,
        access.access_attachment, access.access_feedback_by_link,
        access.access_meeting, access.access_meeting_question, access.access_recurring,
        access.access_solution, access.access_slot, access.access_booking,
        access.access_own_booking,
    ),
    extras={
        "appeal_status_form": lifecycle.APPEAL_STATUS_FORM,
        "appeal_status_api": lifecycle.APPEAL_STATUS_API,
        "assignment_status_form": lifecycle.ASSIGNMENT_STATUS_FORM,
        "assignment_verdict": lifecycle.ASSIGNMENT_VERDICT,
    },
    # A template solution's file: the back office of the town that wrote it, or of any town
    # for a solution the network shares. Appeal photos are not here: their own view checks
    # who may see the appeal (access_attachment).
    personal_data=appeals_personal_data,
    uploads=(Upload("solutions/", "appeals.SolutionDocument", "file", roles=access.MANAGE,
                    network_roles=access.MANAGE),),
    warning_signs=WARNING_SIGNS,  # seed 000's warning signs (signs.py)
))
