"""Residents prioritise the city problems themselves (seed 004, «Правила игры»: «Концентрировать
ресурсы нужно на самой важной проблеме»): each resident supports a problem once, the support is
a ledger action («поддержка»), and the problems rank by the count of supports in force.

The count on the problem (`CityProblem.supports`) is kept by these services in the same
transaction as the support row, so the ranking is one ordered query. Staff cannot type it.
A withdrawal keeps the row and its ledger action (the support was given on that day: the
ledger is append-only); a renewed support reuses the row without a second ledger action, so
toggling cannot inflate the engagement figures."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from veche.ledger.models import ActionKind
from veche.ledger.services import action_record
from veche.registry.models import Person

from ..models import CityProblem, ProblemSupport, TownProject

OBJECT_TYPE = "practices.cityproblem"


def _check(problem: CityProblem, person: Person) -> None:
    if person.territory_id != problem.territory_id or person.is_erased:
        raise ValidationError({"person": ValidationError(
            _("Поддержать проблему может житель этого города."), code="other_town")})


@transaction.atomic
def problem_support(*, problem: CityProblem, person: Person) -> ProblemSupport:
    """The person supports the problem (again, after a withdrawal). Supporting twice is
    refused with a message: one support per person (a unique constraint holds it)."""
    _check(problem, person)
    CityProblem.objects.select_for_update().filter(pk=problem.pk).first()
    row = ProblemSupport.objects.filter(problem=problem, person=person).first()
    if row is not None and row.withdrawn_at is None:
        raise ValidationError({"problem": ValidationError(
            _("Вы уже поддержали эту проблему."), code="support_duplicate")})
    if row is not None:
        row.withdrawn_at = None
        row.save(update_fields=["withdrawn_at"])
    else:
        try:
            with transaction.atomic():
                row = ProblemSupport.objects.create(territory=problem.territory,
                                                    problem=problem, person=person)
        except IntegrityError:  # a double tap: the first one counted
            raise ValidationError({"problem": ValidationError(
                _("Вы уже поддержали эту проблему."), code="support_duplicate")}) from None
        action_record(person=person, kind=ActionKind.SUPPORT, object_type=OBJECT_TYPE,
                      object_id=problem.pk, object_title=problem.text[:300],
                      topic=problem.topic, source="web")
    CityProblem.objects.filter(pk=problem.pk).update(supports=F("supports") + 1)
    problem.refresh_from_db(fields=["supports"])
    return row


@transaction.atomic
def problem_support_withdraw(*, problem: CityProblem, person: Person) -> ProblemSupport:
    """The person takes their support back: the problem's count drops at once."""
    _check(problem, person)
    CityProblem.objects.select_for_update().filter(pk=problem.pk).first()
    row = ProblemSupport.objects.filter(problem=problem, person=person,
                                        withdrawn_at__isnull=True).first()
    if row is None:
        raise ValidationError({"problem": ValidationError(
            _("Вы не поддерживали эту проблему."), code="support_missing")})
    row.withdrawn_at = timezone.now()
    row.save(update_fields=["withdrawn_at"])
    CityProblem.objects.filter(pk=problem.pk, supports__gt=0).update(
        supports=F("supports") - 1)
    problem.refresh_from_db(fields=["supports"])
    return row


def problems_ranked(*, project: TownProject):
    """The project's problems, most supported first (ties: the newer first)."""
    return (CityProblem.objects.filter(project=project).select_related("topic")
            .order_by("-supports", "-created_at", "-id"))


def supported_by(*, project: TownProject, person: Person | None) -> set[int]:
    """Ids of the project's problems the person supports now (one query)."""
    if person is None:
        return set()
    return set(ProblemSupport.objects.filter(problem__project=project, person=person,
                                             withdrawn_at__isnull=True)
               .values_list("problem_id", flat=True))
