"""Finding recurring questions in a town's appeals and storing them (RecurringQuestion rows
with their member appeals). Runs as a background task (tasks.py); `recurring_find` is the
whole job and may also be called directly (tests, the demo, the benchmark)."""

import datetime as dt
import time

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from veche.territories.models import Territory

from ..models import (
    Appeal,
    RecurringMember,
    RecurringQuestion,
    RecurringRun,
    TemplateSolution,
)
from .cluster import clusters_of, monthly_trend

MAX_TEXTS = 200_000
MEETING_PREFIX = "meeting:"


def check_recurring_since(since: dt.date | None) -> None:
    if since is not None and since > timezone.localdate():
        raise ValidationError({"since": ValidationError(
            _("Дата начала периода не может быть в будущем."), code="date_in_future")})


@transaction.atomic
def recurring_run_request(*, territory: Territory, since: dt.date | None = None,
                          requested_by=None) -> RecurringRun:
    """A queued run; the caller enqueues `run_recurring_find` after commit."""
    check_recurring_since(since)
    return RecurringRun.objects.create(territory=territory, since=since,
                                       requested_by=requested_by)


def _texts(territory: Territory, since: dt.date | None) -> list[tuple]:
    qs = Appeal.objects.filter(territory=territory)
    if since:
        qs = qs.filter(received_at__date__gte=since)
    return list(qs.order_by("id").values_list("id", "text", "received_at", "source_ref")
                [:MAX_TEXTS])


def _carry_solutions(territory: Territory, new: list[RecurringQuestion]) -> None:
    """Keep the solution a person linked to a question when the next run finds it again: a
    new group takes the link of the old group that shares most of its appeals."""
    previous = (RecurringRun.objects.filter(territory=territory, status=RecurringRun.Status.DONE)
                .exclude(pk=new[0].run_id).first() if new else None)
    if previous is None:
        return
    linked = {q.pk: q.solution_id for q in previous.questions.filter(solution__isnull=False)}
    if not linked:
        return
    owner: dict[int, int] = dict(RecurringMember.objects.filter(question_id__in=linked)
                                 .values_list("appeal_id", "question_id"))
    changed = []
    for q in new:
        votes: dict[int, int] = {}
        for appeal_id in q._member_ids:
            if (old := owner.get(appeal_id)) is not None:
                votes[old] = votes.get(old, 0) + 1
        if votes:
            best, count = max(votes.items(), key=lambda kv: kv[1])
            if count * 2 >= len(q._member_ids):
                q.solution_id = linked[best]
                changed.append(q)
    RecurringQuestion.objects.bulk_update(changed, ["solution"])


def _suggest_links(territory: Territory, questions: list[RecurringQuestion]) -> None:
    """Groups with no solution yet get the best-matching one, when it matches well."""
    from ..knowledge import suggest_solutions

    changed = []
    for q in questions:
        if q.solution_id:
            continue
        best = suggest_solutions(territory=territory, text=" ".join(q.terms) + " " + q.example,
                                 limit=1, min_score=0.25)
        if best:
            q.solution_id = best[0].pk
            changed.append(q)
    RecurringQuestion.objects.bulk_update(changed, ["solution"])


def recurring_find(*, run: RecurringRun, min_size: int = 3) -> RecurringRun:
    """Cluster the town's appeal texts and replace the stored recurring questions.
    Must run inside the town's scope."""
    territory = run.territory
    started = time.perf_counter()
    RecurringRun.objects.filter(pk=run.pk).update(status=RecurringRun.Status.RUNNING)
    try:
        rows = _texts(territory, run.since)
        clusters = clusters_of([r[1] for r in rows], min_size=min_size)
    except Exception as exc:  # the run records why it failed; the worker log has the trace
        run.status, run.error = RecurringRun.Status.FAILED, str(exc)[:2000]
        run.finished_at = timezone.now()
        run.save(update_fields=["status", "error", "finished_at"])
        raise
    with transaction.atomic():
        questions, members = [], []
        for c in clusters:
            picked = [rows[i] for i in c.members]
            dates = [r[2] for r in picked]
            q = RecurringQuestion(
                territory=territory, run=run, label=c.label[:300], terms=c.terms,
                size=len(picked),
                meetings_count=len({r[3] for r in picked if r[3].startswith(MEETING_PREFIX)}),
                trend=monthly_trend(dates), first_at=min(dates), last_at=max(dates),
                example=" ".join(picked[0][1].split())[:300],
            )
            q._member_ids = [r[0] for r in picked]
            q._sims = c.similarities
            questions.append(q)
        RecurringQuestion.objects.bulk_create(questions, batch_size=1000)
        for q in questions:
            members += [RecurringMember(territory=territory, question=q, appeal_id=a,
                                        similarity=s)
                        for a, s in zip(q._member_ids, q._sims, strict=True)]
        RecurringMember.objects.bulk_create(members, batch_size=5000)
        _carry_solutions(territory, questions)
        _suggest_links(territory, questions)
        # Older runs go: the page shows one current picture, not a history of them.
        RecurringRun.objects.filter(territory=territory).exclude(pk=run.pk).delete()
        run.status = RecurringRun.Status.DONE
        run.documents_count, run.clusters_count = len(rows), len(questions)
        run.seconds = round(time.perf_counter() - started, 2)
        run.finished_at = timezone.now()
        run.save(update_fields=["status", "documents_count", "clusters_count", "seconds",
                                "finished_at"])
    return run


@transaction.atomic
def recurring_link_solution(*, question: RecurringQuestion,
                            solution: TemplateSolution | None) -> RecurringQuestion:
    if solution is not None and solution.territory_id not in (None, question.territory_id):
        raise ValidationError({"solution": ValidationError(
            _("Это типовое решение другого города."), code="other_town")})
    question.solution = solution
    question.save(update_fields=["solution"])
    return question
