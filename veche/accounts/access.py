"""Who may do what where. `access_*` functions check role and territory and raise
PermissionDenied; views and API handlers call them (or the decorator) before anything else."""

from collections.abc import Iterable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponseRedirect

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
        Membership.objects.with_scopes_disabled()
        .filter(user=user, role=Role.CURATOR)
        .values_list("territory_id", flat=True)
    )


def needs_second_factor(user: User, roles: Iterable[str]) -> bool:
    """Staff, head and curator roles and platform admins (Django admin access) need TOTP."""
    return bool(SECOND_FACTOR_ROLES & set(roles)) or bool(user.is_superuser or user.is_staff)


def access_town_roles(request: HttpRequest, roles: Iterable[str]) -> set[str]:
    """Raise PermissionDenied unless the user holds one of `roles` in request.territory and has
    passed the second factor where the role requires it. Returns the user's roles there."""
    territory = request.territory
    if territory is None:
        raise PermissionDenied("Страница относится к городу.")
    held = roles_in(request.user, territory)
    if not held & set(roles):
        raise PermissionDenied("У вас нет доступа к этому разделу.")
    if needs_second_factor(request.user, held) and not request.user.is_verified():
        # A PermissionDenied subclass: SecondFactorMiddleware turns it into a redirect to the
        # code page; anywhere else it is still a plain 403.
        raise SecondFactorRequired("Подтвердите вход вторым фактором (код из приложения).")
    return held


def access_back_office(request: HttpRequest) -> set[str]:
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
