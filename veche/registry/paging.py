"""Paging for big registries. An exact count of a common fragment ("ова" matches a third of a
million persons) costs more than the search itself; staff need "more than 1,000, refine the
query", not the exact number. The count stops at `cap` (bench/registry_search.py)."""

from django.core.paginator import Paginator
from django.utils.functional import cached_property

COUNT_CAP = 1000


class CappedPaginator(Paginator):
    """A Paginator whose count stops at `cap`: `count` is then `cap` and `capped` is True
    (show "более 1 000"). Pages past the cap are not offered."""

    def __init__(self, object_list, per_page, *, cap: int = COUNT_CAP, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.cap = cap

    @cached_property
    def _capped_count(self) -> int:
        # COUNT over a LIMIT subquery: the database stops after cap + 1 rows.
        return self.object_list.order_by()[: self.cap + 1].count()

    @cached_property
    def count(self) -> int:
        return min(self._capped_count, self.cap)

    @property
    def capped(self) -> bool:
        return self._capped_count > self.cap
