"""Writes of the appeals area (keyword-only, atomic, validated first). Import from here."""

from .appeals import (  # noqa: F401
    OBJECT_TYPE,
    TRANSITIONS,
    appeal_answer,
    appeal_check_only,
    appeal_create,
    appeal_extend,
    appeal_file_by_resident,
    appeal_forward,
    appeal_number_next,
    appeal_register,
    appeal_status_change,
    applicant_find_or_create,
    attachments_add,
)
from .assignments import (  # noqa: F401
    assignment_create,
    assignment_report,
    assignment_status_change,
)
from .feedback import feedback_open, feedback_request, feedback_submit  # noqa: F401
from .reminders import appeals_remind  # noqa: F401
