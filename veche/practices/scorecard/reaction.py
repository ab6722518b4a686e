"""The figures behind cut-off 7 «Несоблюдение методических рекомендаций и технологии, скорость
реакции и корректировка» (seed 004), shown to the curator beside the judgement and stored with
it (issue 14, point 5).

Two sources. Appeals' timeliness (registration, answers, assignments) comes through the core's
figure registry (veche/ledger/figures.py, topic «reaction»), which the appeals app fills at
ready(): practices never imports appeals. The corrections of implementation plans are this
capability's own and are read here."""

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from veche.ledger.figures import Figure, figures_for
from veche.territories.models import Territory

from ..models import EvaluationDecision, MonitoringReport, PlanTask
from .compute import add_months

SOURCE = gettext_lazy("Планы реализации практик")
TOPIC = "reaction"


def _share(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def plan_figures(territory: Territory, month: dt.date) -> list[Figure]:
    after = add_months(month, 1)
    tz = timezone.get_current_timezone()
    tasks = list(PlanTask.objects.filter(territory=territory, deadline__gte=month,
                                         deadline__lt=after)
                 .values_list("deadline", "done_on"))
    in_time = sum(1 for due, done in tasks if done and done <= due)
    corrections = EvaluationDecision.objects.filter(
        territory=territory, decided_at__gte=dt.datetime.combine(month, dt.time(), tz),
        decided_at__lt=dt.datetime.combine(after, dt.time(), tz)).exclude(
        decision=EvaluationDecision.Decision.CONTINUE).count()
    reports = MonitoringReport.objects.filter(territory=territory, period_end__gte=month,
                                              period_end__lt=after).count()
    return [
        Figure("practices.plan_tasks_on_time", _("Задачи планов реализации выполнены в срок"),
               _share(in_time, len(tasks)),
               _("%(done)s из %(all)s со сроком в месяце") % {"done": in_time, "all": len(tasks)},
               str(SOURCE)),
        Figure("practices.plan_corrections", _("Корректировки планов (решения изменить или "
                                               "прекратить)"), corrections,
               _("решений за месяц"), str(SOURCE)),
        Figure("practices.monitoring_reports", _("Отчёты мониторинга планов"), reports,
               _("за периоды, закончившиеся в месяце"), str(SOURCE)),
    ]


def reaction_figures(*, territory: Territory, month: dt.date) -> list[dict]:
    """Every figure of the month's reaction and correction, as plain dicts (what is stored
    with a judgement). Runs in the town's scope."""
    found = figures_for(topic=TOPIC, territory=territory, month=month)
    return [f.as_dict() for f in [*found, *plan_figures(territory, month)]]
