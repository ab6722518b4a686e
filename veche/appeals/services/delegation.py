"""An assignment handed down: the executor of an assignment passes part of its work to another
department or organisation (a sub-assignment). Each hand-down adds a level to the chain; seed
000 counts more than one level of «выдача поручений и сбор отчетов» as a warning sign
(appeals/signs.py reads `Assignment.parent`)."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from veche.accounts.models import Department, User

from ..models import Assignment, AssignmentStatus
from .assignments import ACTIVE, assignment_create


@transaction.atomic
def assignment_delegate(
    *, parent: Assignment, task: str, deadline: dt.date | None, actor: User | None,
    department: Department | None = None, organisation: str = "",
    executor: User | None = None, created_at: dt.datetime | None = None,
) -> Assignment:
    """A sub-assignment of `parent` on the same appeal, due no later than `parent`. The checks
    of `assignment_create` apply (addressee, executor, the appeal's state and answer date)."""
    if parent.status not in ACTIVE:
        raise ValidationError(
            _("Передать можно только поручение в работе; это поручение — «%(status)s»."),
            code="assignment_wrong_state",
            params={"status": AssignmentStatus(parent.status).label})
    if isinstance(deadline, dt.date) and deadline > parent.deadline:  # else: create says why
        raise ValidationError({"deadline": ValidationError(
            _("Срок не может быть позже срока исходного поручения (%(date)s)."),
            code="deadline_after_parent", params={"date": parent.deadline.strftime("%d.%m.%Y")})})
    # A missing deadline: assignment_create refuses it with the field's own message.
    child = assignment_create(appeal=parent.appeal, task=task,
                              deadline=deadline,  # type: ignore[arg-type]
                              actor=actor, department=department, organisation=organisation,
                              executor=executor, created_at=created_at)
    child.parent = parent
    child.save(update_fields=["parent"])
    return child
