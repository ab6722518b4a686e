"""Reads of the template solutions a town may use: its own and the network-wide ones."""

from django.db.models import Q, QuerySet

from veche.territories.crosstown import town_and_network
from veche.territories.models import Territory

from ..models import TemplateSolution


def solutions_for(*, territory: Territory, published_only: bool = False,
                  q: str = "") -> QuerySet[TemplateSolution]:
    """The town's solutions and the network's (territory empty). Network rows have no town, so
    the town scope cannot see them: crosstown.town_and_network reads both."""
    qs = town_and_network(TemplateSolution, territory)
    if published_only:
        qs = qs.filter(is_published=True)
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(keywords__icontains=q)
                       | Q(problem__icontains=q))
    return qs.select_related("topic").order_by("title", "id")


def solution_for(*, territory: Territory, solution_id: int) -> TemplateSolution:
    return solutions_for(territory=territory).prefetch_related("documents").get(pk=solution_id)
