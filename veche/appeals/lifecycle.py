"""The lifecycle tables of the appeals capability: an appeal's path under 59-FZ, an
assignment's, a head meeting's. The card's forms and buttons, the API's status endpoints and the
demo read them, so an action has one name and is offered only where it can be done.

The services do the state change and validate it themselves (their refusal names the state and
what to do first); a table says which action there is, from which states, and which service
does it. An appeal's sources come from the services' own table of moves (`TRANSITIONS`), so the
two cannot disagree; tests/appeals/test_access.py checks the other two against their services.

The status form of the card and the API's ``/status`` endpoints name the status an appeal or an
assignment is moved *to* (``to_status``, a public field of the API); `step_to` finds the action
for it. A meeting's actions are named in both (``announce``, ``held``, ``report``).
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from veche.accounts.contract import Lifecycle, Step
from veche.accounts.models import Role

from . import services as svc
from .meetings import services as meeting_svc
from .models import AppealStatus, AssignmentStatus, BookingStatus, MeetingStatus, SlotStatus
from .reception import services as reception_svc

S, A, M = AppealStatus, AssignmentStatus, MeetingStatus


def _from(target: str) -> frozenset[str]:
    """The states an appeal may move to `target` from, as the services allow."""
    return frozenset(s for s, moves in svc.TRANSITIONS.items() if target in moves)


# Adapters: a table calls `service(<obj_arg>=obj, by=user, **extra)`; the appeals services
# name the user `actor`.

def _register(*, appeal, by, department=None):
    return svc.appeal_register(appeal=appeal, actor=by, department=department)


def _status(to_status: str):
    def move(*, appeal, by, comment: str = ""):
        return svc.appeal_status_change(appeal=appeal, to_status=to_status, actor=by,
                                        comment=comment)
    return move


def _answer(*, appeal, by, text: str):
    return svc.appeal_answer(appeal=appeal, text=text, actor=by)


def _forward(*, appeal, by, body: str, reason: str):
    return svc.appeal_forward(appeal=appeal, body=body, reason=reason, actor=by)


def _extend(*, appeal, by, new_due, reason: str):
    return svc.appeal_extend(appeal=appeal, new_due=new_due, reason=reason, actor=by)


def _assign(*, appeal, by, task: str, deadline, department=None, organisation: str = "",
            executor=None):
    return svc.assignment_create(appeal=appeal, task=task, deadline=deadline, actor=by,
                                 department=department, organisation=organisation,
                                 executor=executor)


def _assignment_status(to_status: str):
    def move(*, assignment, by, comment: str = ""):
        return svc.assignment_status_change(assignment=assignment, to_status=to_status,
                                            actor=by, comment=comment)
    return move


def _confirm(*, assignment, by, comment: str = "", via: str = "web", at=None):
    return svc.assignment_confirm(assignment=assignment, by=by, comment=comment, via=via, at=at)


def _dispute(*, assignment, by, comment: str = "", via: str = "web", at=None):
    return svc.assignment_dispute(assignment=assignment, by=by, comment=comment, via=via, at=at)


# The applicant's verdict on a done assignment: taken by the applicant whatever their role in
# the town (a resident, an activist, even a staff member filing as a resident) — which
# assignment is theirs is `access.access_own_assignment`'s to decide, not a role's.
APPLICANT = frozenset(Role.values)

# Registered appeals whose answer term can be extended (a received one has no term yet).
_HAS_TERM = frozenset({S.REGISTERED, S.IN_WORK, S.REOPENED})

APPEAL = Lifecycle(name="appeal", obj_arg="appeal", steps=(
    Step(action="register", label=gettext_lazy("Зарегистрировать"), sources=_from(S.REGISTERED),
         target=S.REGISTERED, service=_register,
         effect=gettext_lazy("Срок ответа — 30 дней со дня регистрации; заявитель получит номер.")),
    Step(action="assign", label=gettext_lazy("Дать поручение"), sources=_HAS_TERM, target=S.IN_WORK,
         service=_assign),
    Step(action="start_work", label=gettext_lazy("Взять в работу"), sources=_from(S.IN_WORK),
         target=S.IN_WORK, service=_status(S.IN_WORK)),
    Step(action="answer", label=gettext_lazy("Направить ответ"), sources=_from(S.ANSWERED),
         target=S.ANSWERED, service=_answer,
         effect=gettext_lazy("Ответ уходит заявителю, у него спросят, решена ли проблема.")),
    Step(action="extend", label=gettext_lazy("Продлить срок"), sources=_HAS_TERM, target=None,
         service=_extend, effect=gettext_lazy("Не более 30 дней, заявитель будет уведомлён.")),
    Step(action="forward", label=gettext_lazy("Перенаправить по компетенции"),
         sources=_from(S.FORWARDED), target=S.FORWARDED, service=_forward),
    Step(action="close", label=gettext_lazy("Закрыть"), sources=_from(S.CLOSED), target=S.CLOSED,
         service=_status(S.CLOSED)),
    Step(action="reopen", label=gettext_lazy("Открыть снова"), sources=_from(S.REOPENED),
         target=S.REOPENED, service=_status(S.REOPENED),
         effect=gettext_lazy("Обращение рассматривается заново: новый срок ответа — 30 дней.")),
))
# The card's «Сменить статус» form: plain moves (the others need more than a status and have
# forms of their own). The API's /status endpoint also registers (to_status «registered»).
APPEAL_STATUS_FORM = ("start_work", "close", "reopen")
APPEAL_STATUS_API = ("register", *APPEAL_STATUS_FORM)

ASSIGNMENT = Lifecycle(name="assignment", obj_arg="assignment", steps=(
    Step(action="start_work", label=gettext_lazy("В работу"),
         sources=frozenset({A.ASSIGNED, A.DONE}), target=A.IN_WORK,
         service=_assignment_status(A.IN_WORK)),
    Step(action="cancel", label=gettext_lazy("Отменить"),
         sources=frozenset({A.ASSIGNED, A.IN_WORK}), target=A.CANCELLED,
         service=_assignment_status(A.CANCELLED)),
    # Seed 002: residents control «качество выполнения работ»; the applicant's moves.
    Step(action="confirm", label=gettext_lazy("Подтвердить исполнение"),
         sources=frozenset({A.DONE}), target=None, service=_confirm, roles=APPLICANT,
         effect=gettext_lazy("Вы подтверждаете, что работа сделана и качество вас устраивает.")),
    Step(action="dispute", label=gettext_lazy("Оспорить исполнение"),
         sources=frozenset({A.DONE}), target=A.IN_WORK, service=_dispute, roles=APPLICANT,
         effect=gettext_lazy("Поручение вернётся исполнителю вместе с вашим замечанием.")),
))
# The applicant's moves (the cabinet's buttons, the API's verdict endpoint).
ASSIGNMENT_VERDICT = ("confirm", "dispute")
ASSIGNMENT_STATUS_FORM = ("start_work", "cancel")

MEETING = Lifecycle(name="meeting", obj_arg="meeting", steps=(
    Step(action="announce", label=gettext_lazy("Объявить встречу"),
         sources=frozenset({M.PLANNED}),
         target=M.ANNOUNCED, service=meeting_svc.meeting_announce,
         effect=gettext_lazy("Встреча появится на странице города, жители смогут прислать "
                             "вопросы.")),
    Step(action="held", label=gettext_lazy("Отметить проведённой"),
         sources=frozenset({M.PLANNED, M.ANNOUNCED}), target=M.HELD,
         service=meeting_svc.meeting_mark_held),
    Step(action="report", label=gettext_lazy("Опубликовать итоги"),
         sources=frozenset({M.HELD, M.REPORTED}), target=M.REPORTED,
         service=meeting_svc.meeting_report),
))

# The head's reception by appointment: the office's moves. A resident's booking and its
# cancellation are the resident's own (the reception pages), not staff actions.
SLOT = Lifecycle(name="reception_slot", obj_arg="slot", steps=(
    Step(action="cancel", label=gettext_lazy("Отменить время приёма"),
         sources=frozenset({SlotStatus.OPEN}), target=SlotStatus.CANCELLED,
         service=reception_svc.slot_cancel,
         effect=gettext_lazy("Время исчезнет из записи; отменить можно только свободное.")),
))
BOOKING = Lifecycle(name="reception_booking", obj_arg="booking", steps=(
    Step(action="record", label=gettext_lazy("Записать приём"),
         sources=frozenset({BookingStatus.BOOKED}), target=BookingStatus.HELD,
         service=reception_svc.reception_record,
         effect=gettext_lazy("Вопрос станет обращением («личный приём»), зарегистрированным "
                             "сразу: ответ — в течение 30 дней.")),
    Step(action="no_show", label=gettext_lazy("Не пришёл"),
         sources=frozenset({BookingStatus.BOOKED}), target=BookingStatus.NO_SHOW,
         service=reception_svc.booking_no_show),
))

LIFECYCLES = (APPEAL, ASSIGNMENT, MEETING, SLOT, BOOKING)


def step_to(lifecycle: Lifecycle, to_status: str | None, *,
            among: tuple[str, ...]) -> Step:
    """The action of `among` that moves an object to `to_status` (the status forms' and the
    API's ``to_status``); no status, or one no such action leads to, is the field's error."""
    if not to_status:
        raise ValidationError({"to_status": [ValidationError(
            _("Выберите новый статус."), code="status_required")]})
    for action in among:
        step = lifecycle.step(action)
        if step.target == to_status:
            return step
    raise ValidationError({"to_status": [ValidationError(
        _("В этот статус здесь перевести нельзя: выберите один из предложенных."),
        code="status_not_offered")]})


def targets(lifecycle: Lifecycle, among: tuple[str, ...]) -> tuple[str, ...]:
    """The statuses the actions of `among` lead to (the choices of a status form, the enum of
    the API's ``to_status``)."""
    return tuple(str(lifecycle.step(a).target) for a in among)


def perform(lifecycle: Lifecycle, action: str, obj, *, by, **extra):
    """Run `action` on `obj` through its service. The caller has checked access (the
    capability's `access_*`); the service checks the state and says in its own words what is
    wrong (e.g. «сначала отметьте встречу проведённой»), which the table's generic refusal
    could not."""
    step = lifecycle.step(action)
    return step.service(**{lifecycle.obj_arg: obj}, by=by, **extra)


def offered(lifecycle: Lifecycle, obj, among: tuple[str, ...] | None = None) -> list[str]:
    """The actions open to `obj` now (of `among`, when given), in the table's order."""
    return [s.action for s in lifecycle.allowed(obj)
            if among is None or s.action in among]
