"""Reads of the recurring questions found by the latest run."""

from django.db.models import QuerySet

from veche.territories.models import Territory

from ..models import Appeal, RecurringQuestion, RecurringRun


def recurring_latest_run(*, territory: Territory) -> RecurringRun | None:
    return RecurringRun.objects.filter(territory=territory).first()


def recurring_questions(*, territory: Territory) -> QuerySet[RecurringQuestion]:
    """The groups of the latest finished run, biggest first."""
    return (RecurringQuestion.objects
            .filter(territory=territory, run__status=RecurringRun.Status.DONE)
            .select_related("solution").order_by("-size", "id"))


def recurring_question(*, territory: Territory, question_id: int) -> RecurringQuestion:
    return recurring_questions(territory=territory).get(pk=question_id)


def recurring_question_appeals(*, question: RecurringQuestion, limit: int = 50) -> list:
    ids = list(question.members.values_list("appeal_id", flat=True)[:limit])
    found = {a.pk: a for a in Appeal.objects.filter(pk__in=ids)
             .only("id", "number", "text", "received_at", "status", "channel", "source_ref")}
    return [found[i] for i in ids if i in found]


SPARK_W, SPARK_H = 96, 24


def trend_summary(trend: list[dict], *, today) -> dict:
    """A question's last 12 months for the list page: counts per month (zeros filled in), a
    sparkline's points, and whether it grows — the last three months against the three before
    (a change under a fifth, or under 3 appeals, counts as steady)."""
    months = []
    year, month = today.year, today.month
    for _ in range(12):
        months.append(f"{year:04d}-{month:02d}-01")
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    months.reverse()
    by_month = {p["month"]: p["count"] for p in trend}
    counts = [by_month.get(m, 0) for m in months]
    recent, before = sum(counts[-3:]), sum(counts[-6:-3])
    if abs(recent - before) < max(3, 0.2 * before):
        direction = "flat"
    else:
        direction = "up" if recent > before else "down"
    top = max(counts) or 1
    step = SPARK_W / (len(counts) - 1)
    points = " ".join(f"{i * step:.1f},{SPARK_H - 2 - (c / top) * (SPARK_H - 4):.1f}"
                      for i, c in enumerate(counts))
    return {"counts": counts, "recent": recent, "before": before, "direction": direction,
            "points": points, "width": SPARK_W, "height": SPARK_H}
