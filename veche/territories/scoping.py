"""The tenancy mechanism, in one place.

django-scopes filters every `TerritoryScopedManager` query by the active scope and raises
ScopeError when none is active. Its one trap: `scope(territory=None)` means "no filter". Code
in Veche opens scopes only through these helpers, which refuse None, and reads past the scope
only through the named functions of crosstown.py.
"""

from collections.abc import Iterable
from contextlib import contextmanager

from django.utils import timezone
from django_scopes import scope

from .crosstown import all_towns
from .models import Territory


@contextmanager
def town_scope(territory: Territory | int):
    """The town's rows, and — given the town itself, not its id — the town's time zone, so that
    a worker's reminder or a demo's deadline counts days by the town's clock as its pages do."""
    if territory is None:
        raise ValueError("town_scope needs a territory; None would disable the filter.")
    zone = territory.time_zone if isinstance(territory, Territory) else None
    with scope(territory=territory), timezone.override(zone or timezone.get_current_timezone()):
        yield


@contextmanager
def towns_scope(territories: Iterable[Territory | int]):
    """Several towns at once (a curator's aggregated view). An empty list shows nothing."""
    with scope(territory=list(territories)):
        yield


# Reads past the scope (all_towns among them) live in crosstown.py; all_towns stays importable
# from here, where its callers found it.
__all__ = ["all_towns", "town_scope", "towns_scope"]
