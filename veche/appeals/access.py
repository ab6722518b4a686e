"""Who may see and do what in the appeals capability: appeals, assignments, head meetings,
recurring questions and template solutions. Web pages, API handlers and the demo call these
functions; none of them looks an object up by id itself (veche/accounts/contract.py).

Roles name who works in the back office; within it, what an appeal's staff member sees is
narrowed by department (`selectors.viewer_for`): the head and the appeals desk (AppealDesk: the
head's office, the general department) see and manage every appeal of the town, other staff
are executors who see their department's appeals and assignments only. So:

* an object of another town, of another department, or an id that is not a number gives
  Http404 — an id that exists but is not yours is not confirmed;
* an executor asking to manage an appeal they do see (register, answer, assign…), or a
  resident asking for the back office, gives PermissionDenied.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from veche.accounts.access import require_roles
from veche.accounts.contract import OFFICE, object_pk, one_or_404
from veche.accounts.models import User
from veche.territories.models import Territory

from . import selectors as sel
from .meetings.selectors import meeting_get
from .models import (
    Appeal,
    AppealAttachment,
    AppealFeedback,
    Assignment,
    HeadMeeting,
    MeetingQuestion,
    ReceptionBooking,
    ReceptionSlot,
    RecurringQuestion,
    TemplateSolution,
)
from .notifications import feedback_token_read
from .reception.selectors import bookings_of_resident, slots_free
from .recurring.selectors import recurring_question

# The appeals back office: staff (the desk and the executors) and the head of town.
MANAGE = OFFICE
# Register, answer, forward, extend, assign, the quality figures: the same roles, and among the
# staff only the appeals desk's department (a department, not a role: see the module doc).
DESK = MANAGE
# Head meetings, recurring questions and template solutions: the head's and the
# administration's work (moderators have no part in them).
MEETINGS = OFFICE
# The head's reception by appointment: the head's office publishes slots and records receptions.
RECEPTION = OFFICE

def _desk_only() -> PermissionDenied:
    return PermissionDenied(_("Действие доступно приёмной (отделу по обращениям) и Главе."))


# --- appeals and assignments ---------------------------------------------------------------

def access_office(user: User, town: Territory) -> sel.Viewer:
    """The caller as a back-office viewer of the town's appeals, or PermissionDenied for
    anyone without a staff or head role there. The roles are read once, with the department
    (`viewer_for`), and checked against MANAGE as `require_roles` would."""
    viewer = sel.viewer_for(user, town)
    if not viewer.roles & MANAGE:
        raise PermissionDenied(_("У вас нет доступа к этому разделу."))
    return viewer


def access_desk(user: User, town: Territory) -> sel.Viewer:
    """The desk's work over the whole town (register an appeal, take a letter in):
    PermissionDenied for an executor and for anyone outside the back office."""
    viewer = access_office(user, town)
    if not sel.may_manage(viewer):
        raise _desk_only()
    return viewer


def access_quality(user: User, town: Territory) -> sel.Viewer:
    """Satisfaction and time to answer of every department: the desk's and the head's. To an
    executor these are other departments' figures, not found (404) as their appeals are."""
    viewer = access_office(user, town)
    if not sel.may_manage(viewer):
        raise Http404(_("Раздел доступен приёмной и Главе."))
    return viewer


def _viewer(user: User, town: Territory, viewer: sel.Viewer | None) -> sel.Viewer:
    # A caller that has just built the viewer passes it on (the roles are not read twice).
    if viewer is not None and viewer.user.pk == user.pk and viewer.territory.pk == town.pk:
        return viewer
    return access_office(user, town)


def access_appeal(user: User, town: Territory, appeal_id, *, manage: bool = False,
                  viewer: sel.Viewer | None = None) -> Appeal:
    """An appeal the back-office caller sees (all of the town for the desk and the head, their
    department's for an executor). `manage`: the caller is to register, answer, forward,
    extend or assign it — the desk and the head only."""
    missing = _("Нет такого обращения или оно адресовано другому отделу.")
    viewer = _viewer(user, town, viewer)
    pk = object_pk(appeal_id, missing)
    try:
        appeal = sel.appeal_visible_get(viewer, pk)
    except Appeal.DoesNotExist:
        raise Http404(missing) from None
    if manage and not sel.may_manage(viewer):
        raise _desk_only()
    return appeal


def access_own_appeal(user: User, town: Territory, appeal_id) -> Appeal:
    """An appeal of the caller as a resident (its applicant is the registry person linked to
    their login); anyone else's is not found."""
    missing = _("Нет такого обращения среди ваших.")
    pk = object_pk(appeal_id, missing)
    try:
        return sel.appeals_of_resident(user, town).select_related(
            "topic", "department", "territory").get(pk=pk)
    except Appeal.DoesNotExist:
        raise Http404(missing) from None


def access_assignment(user: User, town: Territory, assignment_id, *, manage: bool = False,
                      viewer: sel.Viewer | None = None) -> Assignment:
    """An assignment the caller sees (an executor: their department's or their own) and may
    report on; `manage` (change its status): the desk and the head only."""
    missing = _("Нет такого поручения среди доступных вам.")
    viewer = _viewer(user, town, viewer)
    pk = object_pk(assignment_id, missing)
    try:
        assignment = sel.assignments_visible(viewer).select_related(
            "appeal", "department", "executor").get(pk=pk)
    except Assignment.DoesNotExist:
        raise Http404(missing) from None
    if not sel.may_report(viewer, assignment):
        raise PermissionDenied(_("Отчитывается исполнитель или его отдел."))
    if manage and not sel.may_manage(viewer):
        raise _desk_only()
    return assignment


def access_own_assignment(user: User, town: Territory, assignment_id) -> Assignment:
    """An assignment answering one of the caller's own appeals (as a resident): the applicant
    confirms or disputes its work. Anyone else's is not found."""
    missing = _("Нет такого поручения по вашим обращениям.")
    return one_or_404(Assignment.objects.filter(
        territory=town, appeal__in=sel.appeals_of_resident(user, town).values("pk"),
    ).select_related("appeal", "department", "appeal__topic"), assignment_id, missing)


def access_attachment(user: User, town: Territory, attachment_id) -> AppealAttachment:
    """A photo of an appeal: to the staff who see the appeal and to its applicant."""
    missing = _("Нет такого файла.")
    pk = object_pk(attachment_id, missing)
    viewer = sel.viewer_for(user, town)
    visible = sel.appeals_visible(viewer) if viewer.is_staff else \
        sel.appeals_of_resident(user, town)
    try:
        return AppealAttachment.objects.get(territory=town, pk=pk,
                                            appeal__in=visible.values("pk"))
    except AppealAttachment.DoesNotExist:
        raise Http404(missing) from None


def access_feedback_by_link(town: Territory, appeal_id, key: str) -> AppealFeedback:
    """The feedback round named by the signed link of the answer (no login: the signature is
    the key); a damaged, foreign or outdated link is not found."""
    missing = _("Ссылка для оценки повреждена или устарела.")
    pk = object_pk(appeal_id, missing)
    parsed = feedback_token_read(key or "")
    if parsed is None or parsed[0] != pk:
        raise Http404(missing)
    try:
        return AppealFeedback.objects.select_related("appeal").get(
            territory=town, appeal_id=pk, round=parsed[1])
    except AppealFeedback.DoesNotExist:
        raise Http404(missing) from None


# --- the head's reception by appointment --------------------------------------------------

def access_slot(user: User | None, town: Territory, slot_id, *,
                manage: bool = False) -> ReceptionSlot:
    """A reception slot. For a resident (booking): an open future slot nobody holds — a taken,
    past or withdrawn one is not found. `manage` (the office's schedule): any slot of the
    town, to a RECEPTION role."""
    missing = _("Такого времени приёма нет или оно уже занято.")
    if manage:
        if user is None:
            raise PermissionDenied(_("У вас нет доступа к этому разделу."))
        require_roles(user, town, RECEPTION)
        return one_or_404(ReceptionSlot.objects.filter(territory=town), slot_id, missing)
    return one_or_404(slots_free(territory=town), slot_id, missing)


def access_booking(user: User, town: Territory, booking_id) -> ReceptionBooking:
    """A booking of the town, for the office recording the reception (RECEPTION roles)."""
    missing = _("Такой записи на приём нет.")
    require_roles(user, town, RECEPTION)
    return one_or_404(ReceptionBooking.objects.filter(territory=town).select_related(
        "slot", "person", "appeal"), booking_id, missing)


def access_own_booking(user: User, town: Territory, booking_id) -> ReceptionBooking:
    """A booking the caller made as a resident; anyone else's is not found."""
    missing = _("Такой записи среди ваших нет.")
    return one_or_404(bookings_of_resident(user, town), booking_id, missing)


# --- head meetings, recurring questions, template solutions --------------------------------

def access_meeting(user: User | None, town: Territory, meeting_id, *,
                   public_only: bool = False) -> HeadMeeting:
    """A head meeting of the town. `public_only` (the public pages, anyone): announced, held
    or reported ones only — a planned meeting is an internal draft and is not found. Otherwise
    the caller must hold a MEETINGS role."""
    missing = _("Такой встречи нет.")
    if not public_only:
        if user is None:
            raise PermissionDenied(_("У вас нет доступа к этому разделу."))
        require_roles(user, town, MEETINGS)
    pk = object_pk(meeting_id, missing)
    try:
        return meeting_get(territory=town, meeting_id=pk, public_only=public_only)
    except HeadMeeting.DoesNotExist:
        raise Http404(missing) from None


def access_meeting_question(user: User, town: Territory, question_id) -> MeetingQuestion:
    """A question recorded at one of the town's meetings (its public wording is edited)."""
    missing = _("Такого вопроса нет.")
    require_roles(user, town, MEETINGS)
    return one_or_404(MeetingQuestion.objects.select_related("meeting").filter(territory=town),
                      question_id, missing)


def access_recurring(user: User, town: Territory, question_id) -> RecurringQuestion:
    """A group of similar appeals found by the town's latest finished run."""
    missing = _("Такой группы вопросов нет.")
    require_roles(user, town, MEETINGS)
    pk = object_pk(question_id, missing)
    try:
        return recurring_question(territory=town, question_id=pk)
    except RecurringQuestion.DoesNotExist:
        raise Http404(missing) from None


def access_solution(user: User, town: Territory, solution_id, *,
                    edit: bool = False) -> TemplateSolution:
    """A template solution the town may use: its own or the network's. `edit`: the town's own
    only — a network-wide solution is changed by the platform's administrator."""
    # knowledge/__init__ loads the suggestion model (numpy): imported when first needed, not
    # when the app registers its contract.
    from .knowledge.selectors import solution_for

    missing = _("Такого решения нет.")
    require_roles(user, town, MEETINGS)
    pk = object_pk(solution_id, missing)
    try:
        solution = solution_for(territory=town, solution_id=pk)
    except TemplateSolution.DoesNotExist:
        raise Http404(missing) from None
    if edit and solution.territory_id != town.pk:
        raise Http404(_("Общее решение сети городов меняет администратор платформы."))
    return solution
