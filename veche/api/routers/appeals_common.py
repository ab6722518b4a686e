"""What the routers of the appeals capability share (appeals.py with its child routers
appeals_assignments.py and appeals_files.py; meetings.py with meetings_knowledge.py): the auth of
the capability's role sets, the resident's auth, and the lookup of an id sent in a body. A plain
public module, so that the routers import nothing from each other's privates. Objects named in a
path come through veche.appeals.access."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from veche.appeals import access
from veche.appeals.selectors import my_person

from ..security import BrowserSession, auth_for, town_roles

# The appeals back office (the desk, the executors, the head): what each may see or do beyond
# the role is decided by veche.appeals.access (department, the appeals desk).
STAFF = auth_for(town_roles(*access.MANAGE))
# Head meetings, recurring questions and template solutions.
MEETINGS = auth_for(town_roles(*access.MEETINGS))
# The head's reception by appointment: the office's schedule and records (reception.py).
RECEPTION = auth_for(town_roles(*access.RECEPTION))
TAGS = ["Обращения и поручения"]


def _resident(request, user, token: bool) -> None:
    if token:
        raise PermissionDenied(_("Свои обращения житель видит, войдя на сайт."))
    person = my_person(user, request.territory)
    if person is None:
        raise PermissionDenied(_("Обращения через API доступны жителям из реестра города: "
                                 "присоединитесь к городу в личном кабинете."))
    request.person = person


# A resident's own appeals: the browser session of a registry person of the town (no token).
RESIDENT = [BrowserSession(_resident)]


def of_town(model, pk: int | None, field: str, errors: dict, **extra):
    """The row `pk` of `model` named in a body, or None with the field's error: the URL's
    town scope hides other towns' rows, so another town's id reads as missing."""
    if pk is None:
        return None
    obj = model.objects.filter(pk=pk, **extra).first() if 0 < pk < 2**63 else None
    if obj is None:
        errors[field] = [ValidationError(_("Нет записи с id %(id)s в этом городе."),
                                         code="not_in_town", params={"id": pk})]
    return obj
