"""Paging for big registries. An exact count of a common fragment ("ова" matches a third of a
million persons) costs more than the search itself; staff need "more than 1,000, refine the
query", not the exact number. The count stops at `cap` (bench/registry_search.py)."""

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property

from .selectors import walks_order_index

COUNT_CAP = 1000


class CappedPaginator(Paginator):
    """A Paginator whose count stops at `cap`: `count` is then `cap` and `capped` is True
    (show "более 1 000"). Pages past the cap are not offered."""

    def __init__(self, object_list, per_page, *, cap: int = COUNT_CAP, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.cap = cap

    @cached_property
    def _capped_count(self) -> int:
        # COUNT over a LIMIT subquery: the database stops after cap + 1 rows. When the listing
        # walks the registry's covering order index, counting along it reads the index alone;
        # otherwise the order is dropped and the database counts the cheapest way it knows.
        qs = self.object_list
        if not isinstance(qs, QuerySet):  # a list knows its length
            return min(len(qs), self.cap + 1)
        if not walks_order_index(qs):
            qs = qs.order_by()
        # Only the id in the subquery: the count then needs no table rows either.
        return qs.values("id")[: self.cap + 1].count()

    def page(self, number):
        """The page's ids first (on the order index alone, no table rows for the misses), then
        those rows with everything the listing selects and prefetches."""
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        ids = list(self.object_list.values_list("id", flat=True)[bottom:bottom + self.per_page])
        rows = {p.pk: p for p in self.object_list.order_by().filter(pk__in=ids)}
        return self._get_page([rows[i] for i in ids if i in rows], number, self)

    @cached_property
    def count(self) -> int:
        return min(self._capped_count, self.cap)

    @property
    def capped(self) -> bool:
        return self._capped_count > self.cap
