"""Writes of the appeals area (keyword-only, atomic, validated first). Import from here."""

from .appeals import (  # noqa: F401
    OBJECT_TYPE,
    appeal_check_only,
    appeal_create,
    appeal_number_next,
    applicant_find_or_create,
    attachments_add,
)
from .assignments import (  # noqa: F401
    assignment_create,
    assignment_report,
    assignment_status_change,
)
from .delegation import assignment_delegate  # noqa: F401
from .feedback import feedback_open, feedback_request, feedback_submit  # noqa: F401
from .reminders import appeals_remind  # noqa: F401
from .submission import (  # noqa: F401
    Filed,
    appeal_enter_once,
    appeal_file_by_resident,
    appeal_file_own,
    appeal_received_already,
)
from .verdicts import assignment_confirm, assignment_dispute  # noqa: F401
from .workflow import (  # noqa: F401
    TRANSITIONS,
    appeal_answer,
    appeal_extend,
    appeal_forward,
    appeal_register,
    appeal_status_change,
)
