"""Reads past the town scope, in one place.

Every town-owned query is filtered by the open scope (scoping.py). A few reads must go past
it, and these functions are the only ways to: nothing else in `veche/` calls django-scopes'
`scopes_disabled` or a manager's `with_scopes_disabled` (tests/territories/test_crosstown.py
fails the build otherwise). Each says why it may read outside the open scope and what bounds
what it returns; tests/territories/test_crosstown.py shows that, asked from or for town A, none
returns another town's rows beyond that bound.

They take the model as an argument because the core may not import the capabilities (the
dependency tree in docs/architecture.md): `in_town(Ballot, vote.territory_id)`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any, cast

from django.db.models import Model, Q, QuerySet
from django_scopes import scopes_disabled

from .models import Territory, TerritoryManager

TownRef = Territory | int


def _id(town: TownRef) -> int:
    if town is None:
        # django-scopes reads a None scope as "no filter": never let it through.
        raise ValueError("A town is needed here; None would read every town.")
    return town.pk if isinstance(town, Territory) else int(town)


def _ids(towns: TownRef | Iterable[TownRef] | None) -> list[int]:
    if towns is None:
        return []
    if isinstance(towns, (Territory, int)):
        return [_id(towns)]
    return [_id(t) for t in towns]


def _manager(model: type[Model]) -> TerritoryManager:
    return cast(TerritoryManager, model._default_manager)


def in_town[M: Model](model: type[M], town: TownRef) -> QuerySet[M]:
    """The rows of one named town, whatever scope is open (another town's, or none).

    Why: the caller already holds an object of that town that it was allowed to see and reads
    the rows that hang off it, which live in the same town. The public hash chain and the
    count of a vote read its ballots (sealed by a background task with no scope; checked from
    the public receipt page); the network's bank shows a published practice's versions and
    lifecycle to every town; the bank's services lock and reindex the practice they were given.
    Returns a queryset of `model` filtered to that town: never another town's rows.
    """
    return _manager(model).with_scope(territory=_id(town)).all()


def in_towns[M: Model](model: type[M], towns: Iterable[TownRef]) -> QuerySet[M]:
    """The rows of several named towns, whatever scope is open.

    Why: work that spans towns it was handed explicitly, such as a bulk load of the ledger whose
    rows belong to several towns (each row names its town). A curator's aggregates open
    `scoping.towns_scope(curated towns)` instead, which bounds every query inside it the same
    way. Returns a queryset filtered to those towns; an empty list returns nothing.
    """
    ids = _ids(towns)
    if not ids:
        return model._default_manager.none()
    return _manager(model).with_scope(territory=ids).all()


def of_user[M: Model](model: type[M], user: Any) -> QuerySet[M]:
    """A login's own rows in every town (its memberships, its registry persons).

    Why: one login may belong to several towns, and the login and auth checks run before any
    town is chosen: whether the second factor is due (a staff role anywhere), the towns a
    curator curates, the towns where a staff member may adopt a practice, whether an ESIA
    login joins a town, what a resident already told another town, whether an erased person's
    login is still known elsewhere. Returns the rows of `model` whose `user` is this user, in
    any town; an anonymous user gets none. Other people's rows never: a user of town A only
    gets rows of the towns where they themselves are.
    """
    if user is None or not getattr(user, "is_authenticated", False) or user.pk is None:
        return model._default_manager.none()
    return _manager(model).with_scopes_disabled().filter(user=user)


def town_and_network[M: Model](model: type[M], town: TownRef) -> QuerySet[M]:
    """A town's own rows and the rows the network shares (`territory` empty).

    Why: template solutions for recurring questions are written once for the whole network;
    a row without a town is invisible to every town scope, so a town reads them here together
    with its own. Returns that town's rows and the shared ones; another town's rows never.
    """
    return _manager(model).with_scopes_disabled().filter(
        Q(territory=_id(town)) | Q(territory__isnull=True))


def published_anywhere[M: Model](
    model: type[M], *, town: TownRef | Iterable[TownRef] | None = None, **public: Any,
) -> QuerySet[M]:
    """Rows that their own town published to the whole network, plus, with `town`, all of
    that town's (or those towns') rows, published or not.

    Why: the bank of practices is shared by the network on purpose: a town's staff choose
    published practices of other towns for their project and adopt them. `public` names the
    published state (``status=Practice.Status.PUBLISHED``) and is required, so this can never
    read unfiltered. Returns the published rows of every town and the given towns' own rows;
    another town's unpublished rows never.
    """
    if not public:
        raise TypeError("published_anywhere needs the published state, e.g. status=...")
    visible = Q(**public)
    ids = _ids(town)
    if ids:
        visible |= Q(territory__in=ids)
    return _manager(model).with_scopes_disabled().filter(visible)


def file_owner(model: type[Model], field: str, name: str) -> Model | None:
    """The row whose file field `field` holds the stored file `name`, whatever its town.

    Why: /media/<name> carries no town in its URL; the row found tells which town owns the
    file, and the caller then checks the reader's roles there before serving it. Returns one
    row (the one that stored that exact file name) or None; never a list of a town's rows.
    """
    if not name:
        return None
    return _manager(model).with_scopes_disabled().filter(**{field: name}).first()


@contextmanager
def all_towns() -> Iterator[None]:
    """Every town at once, for platform-wide work only: migrations, the demo's builder and its
    list of logins, benchmarks, the Django admin (platform admins, who see every town), and
    the public reads of the practices bank, which filter to published practices themselves.

    Why: such work is not done for one town. Nothing is filtered inside, so a town's page
    must not open it for its own rows; tests/territories/test_crosstown.py names the packages
    that may. (Also importable from veche.territories.scoping, where it used to live.)
    """
    with scopes_disabled():
        yield
