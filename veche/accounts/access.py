"""Who may do what where. `access_*` functions check role and territory and raise
PermissionDenied; views and API handlers call them (or the decorator) before anything else."""

from collections.abc import Iterable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponseRedirect
from django.utils.translation import gettext as _

from veche.territories.crosstown import of_user
from veche.territories.models import Territory

from .models import BACK_OFFICE_ROLES, SECOND_FACTOR_ROLES, Membership, Role, User
from .otp import SecondFactorRequired, next_step_url


def roles_in(user: User, territory: Territory) -> set[str]:
    """The user's roles in one town. Must run inside that town's scope."""
    if not user.is_authenticated:
        return set()
    return set(
        Membership.objects.filter(user=user, territory=territory).values_list("role", flat=True)
    )


def curated_territory_ids(user: User) -> list[int]:
    """Towns a curator is assigned to; reads across towns on purpose, by user only."""
    if not user.is_authenticated:
        return []
    return list(
        of_user(Membership, user).filter(role=Role.CURATOR).values_list("territory_id", flat=True)
    )


def require_roles(user: User, territory: Territory, roles: Iterable[str]) -> set[str]:
    """The user's roles in `territory`, or PermissionDenied unless one of `roles` is among them.
    Request-free, so capabilities' access functions, the API and the demo share it; the second
    factor is checked where a request enters (see veche.accounts.contract)."""
    held = roles_in(user, territory)
    if not held & set(roles):
        raise PermissionDenied(_("У вас нет доступа к этому разделу."))
    return held


def needs_second_factor(user: User, roles: Iterable[str]) -> bool:
    """Staff, head, moderator and curator roles and platform admins (Django admin access)
    need TOTP (SECOND_FACTOR_ROLES)."""
    return bool(SECOND_FACTOR_ROLES & set(roles)) or bool(user.is_superuser or user.is_staff)


def access_town_roles(request: HttpRequest, roles: Iterable[str]) -> set[str]:
    """Raise PermissionDenied unless the user holds one of `roles` in request.territory and has
    passed the second factor where the role requires it. Returns the user's roles there."""
    territory = getattr(request, "territory", None)  # set by TerritoryScopeMiddleware
    if territory is None:
        raise PermissionDenied(_("Страница относится к городу."))
    user = request.user
    if not user.is_authenticated:  # as require_roles refuses a user without roles
        raise PermissionDenied(_("У вас нет доступа к этому разделу."))
    held = require_roles(user, territory, roles)
    if needs_second_factor(user, held) and not user.is_verified():
        # A PermissionDenied subclass: SecondFactorMiddleware turns it into a redirect to the
        # code page; anywhere else it is still a plain 403.
        raise SecondFactorRequired(_("Подтвердите вход вторым фактором (код из приложения)."))
    return held


def access_back_office(request: HttpRequest) -> set[str]:
    """The town's back office (its aggregate summary): staff, the head and moderators."""
    return access_town_roles(request, BACK_OFFICE_ROLES)


def town_role_required(*roles: str):
    """View decorator: anonymous users go to login, users who still owe the second factor go
    to the code page (or enrolment), others without the role get 403."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            try:
                request.town_roles = access_town_roles(request, roles)
            except SecondFactorRequired:
                back = request.get_full_path() if request.method in ("GET", "HEAD") else ""
                return HttpResponseRedirect(next_step_url(request.user, back))
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


# The one decorator for a capability's back office (staff and head): capabilities name their
# own role sets in their access.py (e.g. ``MANAGE = OFFICE``) and use `role_required(MANAGE)`.
def role_required(roles: Iterable[str]):
    return town_role_required(*roles)
