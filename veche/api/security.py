"""Who is calling the API, and may they call this endpoint.

Two ways in: `Authorization: Bearer <key>` for integrations, and the Django session (with CSRF
on unsafe methods) for the site's own pages. Authorisation runs inside the auth step, before
the request body is parsed, so a caller without the role gets 403 and never a validation
error that would tell them what the endpoint expects.

Second factor: a session of a staff, head, moderator or curator account must have passed TOTP,
as `veche.accounts.access` demands of pages. A token needs no second factor: only a verified
administrator issues one, and it is revoked, not re-verified.
"""

from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja.errors import AuthenticationError
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from veche.accounts.access import curated_territory_ids, needs_second_factor, roles_in
from veche.accounts.contract import OFFICE
from veche.accounts.models import PERSONAL_DATA_ROLES, User
from veche.accounts.otp import SecondFactorRequired
from veche.accounts.tokens import api_token_authenticate

# (request, user, via_token) -> None, raising PermissionDenied when the caller may not proceed.
Authorize = Callable[[HttpRequest, User, bool], None]

SECOND_FACTOR_MESSAGE = gettext_lazy(
    "Подтвердите вход вторым фактором (код из приложения) и повторите.")


class TokenRefused(AuthenticationError):
    code = "token_invalid"  # the API's error code (veche/api/errors.py)


class CsrfFailed(PermissionDenied):
    code = "csrf_failed"


def via_token(request: HttpRequest) -> bool:
    return getattr(request, "api_token_user", None) is not None


def town_roles(*roles: str) -> Authorize:
    """The caller must hold one of `roles` in the town of the URL (/api/v1/t/<slug>/…)."""
    wanted = set(roles)

    def authorize(request: HttpRequest, user: User, token: bool) -> None:
        territory = getattr(request, "territory", None)
        if territory is None:
            raise PermissionDenied(_("Этот раздел API относится к городу."))
        held = roles_in(user, territory)
        if not held & wanted:
            raise PermissionDenied(_("У вас нет доступа к этому разделу в этом городе."))
        if not token and needs_second_factor(user, held) and not user.is_verified():
            raise SecondFactorRequired(SECOND_FACTOR_MESSAGE)
        request.town_roles = held  # type: ignore[attr-defined]  # for the handlers

    return authorize


def curator() -> Authorize:
    """The caller curates at least one town; the towns are left on request.curated_ids."""

    def authorize(request: HttpRequest, user: User, token: bool) -> None:
        ids = curated_territory_ids(user)
        if not ids:
            raise PermissionDenied(_("Раздел доступен только кураторам территорий."))
        if not token and not user.is_verified():
            raise SecondFactorRequired(SECOND_FACTOR_MESSAGE)
        request.curated_ids = ids  # type: ignore[attr-defined]  # for the handlers

    return authorize


class BearerToken(HttpBearer):
    """`Authorization: Bearer <key>`; a key that is present but wrong is a 401 at once, so a
    broken integration is not silently served as the browser session it happens to carry."""

    def __init__(self, authorize: Authorize) -> None:
        self.authorize = authorize
        super().__init__()

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        user = api_token_authenticate(token)
        if user is None:
            raise TokenRefused(401, _("Ключ API не найден или отозван."))
        request.api_token_user = user  # type: ignore[attr-defined]  # read by via_token
        self.authorize(request, user, True)
        return user


class BrowserSession(APIKeyCookie):
    """The logged-in Django session. CSRF is checked for unsafe methods, after we know there is
    a session at all (an anonymous call is a 401, not a CSRF 403)."""

    param_name = settings.SESSION_COOKIE_NAME

    def __init__(self, authorize: Authorize) -> None:
        self.authorize = authorize
        super().__init__(csrf=True)

    def _get_key(self, request: HttpRequest) -> str | None:
        return request.COOKIES.get(self.param_name)

    def authenticate(self, request: HttpRequest, key: str | None) -> User | None:
        user = request.user
        if not user.is_authenticated:
            return None
        if not getattr(request, "_ninja_csrf_exempt", False) and check_csrf(request):
            raise CsrfFailed(
                _("Проверка CSRF не пройдена: обновите страницу и повторите действие.")
            )
        self.authorize(request, user, False)
        return user


def auth_for(authorize: Authorize) -> list:
    """The `auth=` of an endpoint: a token first, then the browser session."""
    return [BearerToken(authorize), BrowserSession(authorize)]


# Residents' personal data (the registry, the ledger's list): staff and the head, never a
# moderator (veche/accounts/models.py, PERSONAL_DATA_ROLES).
PERSONAL_DATA = auth_for(town_roles(*PERSONAL_DATA_ROLES))
# Writing for the town (topics, ledger integrations): administration staff and the head only.
TOWN_STAFF = auth_for(town_roles(*OFFICE))
CURATOR = auth_for(curator())


__all__ = ["PERSONAL_DATA", "TOWN_STAFF", "CURATOR", "auth_for", "town_roles", "curator",
           "via_token"]
