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
