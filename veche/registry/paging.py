"""Paging for big registries. An exact count of a common fragment ("ова" matches a third of a
million persons) costs more than the search itself; staff need "more than 1,000, refine the
query", not the exact number. The count stops at `cap` (bench/registry_search.py)."""

from collections.abc import Callable

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property

COUNT_CAP = 1000


class CappedPaginator(Paginator):
    """A Paginator whose count stops at `cap`: `count` is then `cap` and `capped` is True
    (show "более 1 000"). Pages past the cap are not offered. A search may say how its rows
    are counted (`count_upto(limit)`) and how a page's ids are read (`page_ids(start, size)`):
    selectors.PersonListing."""

    def __init__(self, object_list, per_page, *, cap: int = COUNT_CAP,
                 count_upto: Callable[[int], int] | None = None,
                 page_ids: Callable[[int, int], list[int]] | None = None, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.cap = cap
        self.count_upto = count_upto
        self.page_ids = page_ids

    @cached_property
    def _capped_count(self) -> int:
        # COUNT over a LIMIT subquery of ids: the database stops after cap + 1 rows, and with
        # no order to keep it counts on whichever index finds them first.
        if self.count_upto is not None:
            return self.count_upto(self.cap + 1)
        qs = self.object_list
        if not isinstance(qs, QuerySet):  # a list knows its length
            return min(len(qs), self.cap + 1)
        return qs.order_by().values("id")[: self.cap + 1].count()

    def page(self, number):
        """The page's ids first (on the order index alone, no table rows for the misses), then
        those rows with everything the listing selects and prefetches."""
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        # No more than there are: a walk for matches that do not exist would read to the end.
        size = min(self.per_page, self.count - bottom)
        if self.page_ids is not None:
            ids = self.page_ids(bottom, size)
        else:
            ids = list(self.object_list.values_list("id", flat=True)[bottom:bottom + size])
        rows = {p.pk: p for p in self.object_list.order_by().filter(pk__in=ids)}
        return self._get_page([rows[i] for i in ids if i in rows], number, self)

    @cached_property
    def count(self) -> int:
        return min(self._capped_count, self.cap)

    @property
    def capped(self) -> bool:
        return self._capped_count > self.cap
