"""The tenancy mechanism, in one place.

django-scopes filters every `TerritoryScopedManager` query by the active scope and raises
ScopeError when none is active. Its one trap: `scope(territory=None)` means "no filter". Code
in Veche opens scopes only through these helpers, which refuse None.
"""

from collections.abc import Iterable
from contextlib import contextmanager

from django_scopes import scope, scopes_disabled

from .models import Territory


@contextmanager
def town_scope(territory: Territory | int):
    if territory is None:
        raise ValueError("town_scope needs a territory; None would disable the filter.")
    with scope(territory=territory):
        yield


@contextmanager
def towns_scope(territories: Iterable[Territory | int]):
    """Several towns at once (a curator's aggregated view). An empty list shows nothing."""
    with scope(territory=list(territories)):
        yield


@contextmanager
def all_towns():
    """Platform-wide work only: migrations, the demo builder, benchmarks, platform admin."""
    with scopes_disabled():
        yield
