"""How a capability names the objects that brought people to their first action, without the
ledger importing it (docs/architecture.md: capabilities import only the core).

Each person's activity rollup keeps the first action's object as "app.model" + id
(PersonActivity.first_object_type / first_object_id). A capability registers, in its
AppConfig.ready(), a label for its object type and a resolver that groups its ids: events map
each event id to its kind's label («публичное мероприятие», «субботник…»), so the engagement
figures can say which kinds of events bring new active residents.

A resolver runs inside the caller's town scope and returns plain strings."""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.functional import Promise

from veche.territories.models import Territory

Resolver = Callable[[Territory, list[str]], dict[str, str]]


@dataclass(frozen=True)
class Origin:
    object_type: str  # "app.model", as the ledger writes it
    label: str | Promise  # what such objects are called, for the page: «Мероприятия»
    resolve: Resolver | None = None  # ids → group label (event ids → their kinds' labels)


_ORIGINS: dict[str, Origin] = {}


def register_origin(*, object_type: str, label: str | Promise,
                    resolve: Resolver | None = None) -> None:
    """Called from AppConfig.ready(); registering the same type again replaces (autoreload)."""
    _ORIGINS[object_type] = Origin(object_type=object_type, label=label, resolve=resolve)


def origin_for(object_type: str) -> Origin | None:
    return _ORIGINS.get(object_type)


def object_type_label(object_type: str) -> str:
    """The registered label of an object type, else the type itself (or «без объекта»)."""
    origin = _ORIGINS.get(object_type)
    if origin is not None:
        return str(origin.label)
    return object_type or "—"


def resolvable_types() -> list[str]:
    return sorted(t for t, o in _ORIGINS.items() if o.resolve is not None)
