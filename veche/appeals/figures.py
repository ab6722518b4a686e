"""The appeals' figures of a town's month for the core's figure registry (veche/ledger/
figures.py, topic «reaction»): how fast the administration reacts (seed 004, cut-off 7:
«скорость реакции и корректировка»). Registered in AppealsConfig.ready(); read by the practices
scorecard, which does not import appeals.

Terms are 59-FZ's (deadlines.py): registration within 3 days, an answer by `answer_due`; an
assignment by its deadline. A month's figures count what fell due in it."""

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from veche.ledger.figures import Figure, register_figures
from veche.territories.models import Territory

from .models import Appeal, Assignment, AssignmentStatus

SOURCE = gettext_lazy("Обращения и поручения")


def _bounds(month: dt.date) -> tuple[dt.date, dt.date]:
    k = month.year * 12 + month.month
    return month, dt.date(k // 12, k % 12 + 1, 1)


def _day(moment: dt.datetime) -> dt.date:
    return timezone.localtime(moment).date()


def _by(moment: dt.datetime | None, due: dt.date | None) -> bool:
    """Done (registered, answered) by the end of its due day."""
    return moment is not None and due is not None and _day(moment) <= due


def _share(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def reaction_figures(territory: Territory, month: dt.date) -> list[Figure]:
    first, after = _bounds(month)
    tz = timezone.get_current_timezone()
    since = dt.datetime.combine(first, dt.time(), tz)
    until = dt.datetime.combine(after, dt.time(), tz)
    received = list(Appeal.objects.filter(territory=territory, received_at__gte=since,
                                          received_at__lt=until)
                    .values_list("registration_due", "registered_at"))
    registered_in_time = sum(1 for due, at in received if _by(at, due))
    due = list(Appeal.objects.filter(territory=territory, answer_due__gte=first,
                                     answer_due__lt=after)
               .values_list("answer_due", "answered_at", "registered_at"))
    answered_in_time = sum(1 for d, at, _reg in due if _by(at, d))
    days = [(_day(at) - _day(reg)).days for _d, at, reg in due
            if at is not None and reg is not None]
    tasks = list(Assignment.objects.filter(territory=territory, deadline__gte=first,
                                           deadline__lt=after)
                 .exclude(status=AssignmentStatus.CANCELLED)
                 .values_list("deadline", "done_at"))
    tasks_in_time = sum(1 for d, at in tasks if _by(at, d))
    return [
        Figure("appeals.registered_on_time", _("Обращения зарегистрированы в срок (3 дня)"),
               _share(registered_in_time, len(received)),
               _("%(done)s из %(all)s поступивших за месяц") % {
                   "done": registered_in_time, "all": len(received)}, str(SOURCE)),
        Figure("appeals.answered_on_time", _("Ответы на обращения в срок (59-ФЗ)"),
               _share(answered_in_time, len(due)),
               _("%(done)s из %(all)s со сроком ответа в месяце") % {
                   "done": answered_in_time, "all": len(due)}, str(SOURCE)),
        Figure("appeals.answer_days", _("Средний срок ответа, дней"),
               round(sum(days) / len(days), 1) if days else None,
               _("по %(n)s ответам") % {"n": len(days)}, str(SOURCE)),
        Figure("appeals.assignments_on_time", _("Поручения исполнены в срок"),
               _share(tasks_in_time, len(tasks)),
               _("%(done)s из %(all)s со сроком в месяце") % {
                   "done": tasks_in_time, "all": len(tasks)}, str(SOURCE)),
    ]


def register() -> None:
    register_figures(topic="reaction", name="appeals", provider=reaction_figures)
