"""The shape every capability declares once, and the web, the API and the demo all use.

A capability app (votes, appeals, practices, and the ones to come) has, at its package root:

* ``access.py`` — its role sets (``MANAGE = OFFICE``…) and per-object access functions
  ``access_<entity>(user, town, <entity>_id, *, manage=False)`` in the Zulip manner: they return
  the object or raise the same error on every path (``Http404`` with a translatable message for
  an object the caller may not see or that is not in this town, ``PermissionDenied`` for a role
  the caller lacks). Web views and API handlers call them; neither looks objects up itself.
* ``lifecycle.py`` — its lifecycle tables (`Lifecycle` below): which action moves an object from
  which states to which, who may do it, and the service that does it. The web's buttons, the
  API's action endpoint (its enum of action names) and the demo all read the same table, so an
  action has one name everywhere.
* ``tenancy.py`` — ``walk_objects(*, territory, persons, marker)``: rows of every town-owned model
  of the capability, made through its services, that the tenancy walk
  (tests/test_tenancy_walk.py) requests as users of another town.
* ``contract.py`` — the manifest (`Capability` below) naming those parts, registered in the app's
  ``AppConfig.ready``; `capabilities()` lists them for the tenancy walk and the architecture test.

The second factor is checked where a request enters (the web decorator, the API's auth classes:
an integration token has none), not in the access functions, which take a user and a town so
the demo and the worker can call them too.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from .models import Role
from .signs import EnterpriseParts, WarningSign

# Primary keys are 64-bit (BigAutoField): a larger number names no row (and would overflow).
_ID_MAX = 2**63 - 1


def object_pk(value: Any, missing: str | Promise) -> int:
    """An id from a URL or a payload as a number, or Http404(`missing`) when it cannot be one
    (text, "1.5", zero, past bigint): the API answers 404 for it, as for an id naming nothing."""
    if isinstance(value, bool):
        raise Http404(missing)
    try:
        pk = int(str(value).strip())
    except (TypeError, ValueError):
        raise Http404(missing) from None
    if not 0 < pk <= _ID_MAX:
        raise Http404(missing)
    return pk


def one_or_404(rows: Any, value: Any, missing: str | Promise) -> Any:
    """The row of queryset `rows` whose id is `value`, or Http404(`missing`): the one lookup
    under every `access_*` function (the queryset already limits it to the town and the
    parent object)."""
    found = rows.filter(pk=object_pk(value, missing)).first()
    if found is None:
        raise Http404(missing)
    return found


# The administration's back office for a capability's work: staff and the head of town.
OFFICE = frozenset({Role.STAFF, Role.HEAD})


@dataclass(frozen=True)
class Step:
    """One row of a lifecycle table: `action` moves an object in one of `sources` by calling
    `service(<obj_arg>=obj, by=user, **extra)`; the service sets the new state itself."""

    action: str  # the one name used by web forms, API payloads and the demo
    label: str | Promise  # the button's words
    sources: frozenset[str]  # states the action may start from
    target: str | None  # the state after it (None: the state stays)
    service: Callable[..., Any]
    effect: str | Promise = ""  # what will happen, said on the confirmation page
    roles: frozenset[str] = OFFICE
    done: str | Promise = ""  # what happened, said after it («Голосование опубликовано.»)


@dataclass(frozen=True)
class Lifecycle:
    """A capability's table of actions over one model's `state_field`."""

    name: str
    steps: tuple[Step, ...]
    state_field: str = "status"
    obj_arg: str = "obj"  # the keyword the services take the object by ("vote", "appeal"…)

    def actions(self) -> list[str]:
        return [s.action for s in self.steps]

    def step(self, action: str) -> Step:
        for s in self.steps:
            if s.action == action:
                return s
        raise Http404(_("Нет такого действия."))

    def state_of(self, obj: Any) -> str:
        return str(getattr(obj, self.state_field))

    def allowed(self, obj: Any, roles: Iterable[str] | None = None) -> list[Step]:
        """The steps open to `obj` now (and to a holder of `roles`, when given)."""
        state, held = self.state_of(obj), set(roles) if roles is not None else None
        return [s for s in self.steps
                if state in s.sources and (held is None or held & s.roles)]

    def check(self, action: str, obj: Any, roles: Iterable[str] | None = None) -> Step:
        """The step for `action`, or the error a user can read: wrong role, wrong state."""
        step = self.step(action)
        if roles is not None and not set(roles) & step.roles:
            raise PermissionDenied(_("У вас нет права на это действие."))
        if self.state_of(obj) not in step.sources:
            raise ValidationError(
                _("Действие «%(action)s» сейчас недоступно."),
                code="wrong_state", params={"action": str(step.label).lower()})
        return step

    def run(self, action: str, obj: Any, *, by: Any, roles: Iterable[str] | None = None,
            **extra: Any) -> Any:
        step = self.check(action, obj, roles)
        return step.service(**{self.obj_arg: obj}, by=by, **extra)


WalkObjects = Callable[..., None]


@dataclass(frozen=True)
class Upload:
    """Files a capability keeps under MEDIA_ROOT in one folder (a FileField's `upload_to`), and
    who may download them through /media/: `roles` None means anyone (a vote option's photo on
    a public page); otherwise a holder of one of `roles` in the owning object's town, past the
    second factor where the role needs it; `public(row)` may open a row's file to anyone. A
    folder no capability declares is never served by
    /media/ (registry imports, appeal photos: those have their own access-checked views)."""

    folder: str  # "votes/photos/": the upload_to up to its date part
    model: str  # "votes.VoteOption"
    field: str  # "photo"
    roles: frozenset[str] | None = None
    # For rows shared by the network (territory None, e.g. a template solution): who may read.
    network_roles: frozenset[str] = frozenset()
    # Anyone may read the file while this says its row is public (an announced event's photo);
    # otherwise `roles` decide (the same photo while the event is a draft).
    public: Callable[[Any], bool] | None = None


@dataclass(frozen=True)
class Capability:
    """A capability's manifest: everything the assembly layers and the tests need to know."""

    name: str  # the app label
    label: str | Promise
    roles: Mapping[str, frozenset[str]]  # named role sets: {"manage": OFFICE, ...}
    lifecycles: tuple[Lifecycle, ...] = ()
    walk_objects: WalkObjects | None = None
    access: tuple[Callable[..., Any], ...] = ()  # the access_* functions, for the docs/tests
    extras: Mapping[str, Any] = field(default_factory=dict)  # e.g. {"kinds": VOTE_KINDS}
    uploads: tuple[Upload, ...] = ()  # the files /media/ serves, and to whom
    # What the capability holds about one registry person, for their own download (152-FZ
    # art. 14): person → JSON-able data; the cabinet's export gathers every capability's.
    personal_data: Callable[[Any], Any] | None = None
    # The seed's warning signs this capability's data show (veche/accounts/signs.py); the
    # ledger's health check (veche/ledger/health.py) evaluates every capability's.
    warning_signs: tuple[WarningSign, ...] = ()
    # What the town's enterprise did with the town in this capability's records (signs.py,
    # EnterpriseParts): the sign «the enterprise takes no part» reads every capability's.
    enterprise_parts: EnterpriseParts | None = None


def upload_for(path: str) -> Upload | None:
    """The declared upload folder a /media/ path lies in, or None (then it is not served)."""
    for capability_ in _REGISTRY.values():
        for upload in capability_.uploads:
            if path.startswith(upload.folder):
                return upload
    return None


_REGISTRY: dict[str, Capability] = {}


def register(capability: Capability) -> Capability:
    """Called from the app's AppConfig.ready(); registering twice replaces (autoreload)."""
    _REGISTRY[capability.name] = capability
    return capability


def capabilities() -> list[Capability]:
    return [_REGISTRY[k] for k in sorted(_REGISTRY)]


def capability(name: str) -> Capability:
    return _REGISTRY[name]
