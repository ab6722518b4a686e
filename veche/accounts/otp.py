"""The second factor (TOTP through django-otp) for staff, heads, moderators, curators and
platform admins (models.SECOND_FACTOR_ROLES).

After the first factor (password, phone code or ESIA) such a user is logged in but not verified.
`SecondFactorMiddleware` sends them to the code page (or to enrolment, if they have no confirmed
device) before any other page, so no view can forget the check; `access.py` checks it again
because a role can be granted while a session is already open.
"""

import base64
import io
import re
from urllib.parse import urlencode

import segno
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponseRedirect, JsonResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy
from django_otp.plugins.otp_totp.models import TOTPDevice

from veche.territories.crosstown import of_user

from .models import SECOND_FACTOR_ROLES, Membership

SESSION_KEY = "veche_second_factor"
# Pages an unverified user must still reach: the factor pages themselves, logout, static files,
# and the links from letters (password reset, e-mail confirmation), which act by their token.
_EXEMPT = re.compile(r"^/(?:accounts/(?:otp|logout|login|password|confirm/email)/|static/|media/"
                     r"|language/|favicon)")


API_MESSAGE = gettext_lazy("Подтвердите вход кодом из приложения: откройте сайт и введите код.")


class SecondFactorRequired(PermissionDenied):
    """Raised by access checks for a user who must still pass the second factor."""

    code = "second_factor_required"  # the API's error code (veche/api/errors.py)


def second_factor_required(user) -> bool:
    """Platform admins and holders of a SECOND_FACTOR_ROLES role in any town."""
    if not user.is_authenticated:
        return False
    if user.is_superuser or user.is_staff:
        return True
    return of_user(Membership, user).filter(role__in=SECOND_FACTOR_ROLES).exists()


def has_confirmed_device(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def next_step_url(user, next_url: str = "") -> str:
    """Where a half-logged-in user goes: the code page, or enrolment without a device."""
    name = "accounts:otp_verify" if has_confirmed_device(user) else "accounts:otp_setup"
    url = reverse(name)
    return f"{url}?{urlencode({REDIRECT_FIELD_NAME: next_url})}" if next_url else url


def remember_requirement(request: HttpRequest) -> bool:
    """Work out once per session whether this user needs the second factor."""
    required = second_factor_required(request.user)
    request.session[SESSION_KEY] = required
    return required


def pending_device(user) -> TOTPDevice:
    """The unconfirmed device being enrolled; one per user, kept until confirmed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-id").first()
    return device or TOTPDevice.objects.create(user=user, name="Приложение", confirmed=False)


def secret_text(device: TOTPDevice) -> str:
    """The key in base32, in groups of four, for typing into an app by hand."""
    b32 = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(b32[i:i + 4] for i in range(0, len(b32), 4))


def qr_svg(data: str) -> str:
    """An inline SVG QR code (no image file, no external service); the page's CSS sizes it."""
    out = io.BytesIO()
    segno.make(data, error="m").save(out, kind="svg", border=4, xmldecl=False, svgns=True,
                                     nl=False, omitsize=True)
    return out.getvalue().decode()


class SecondFactorMiddleware:
    """Keeps a user who still owes the second factor on the factor pages."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None and user.is_authenticated and not user.is_verified()
            and not _EXEMPT.match(request.path_info)
        ):
            required = request.session.get(SESSION_KEY)
            if required is None:
                required = remember_requirement(request)
            if required:
                return self._redirect(request)
        return self.get_response(request)

    def process_exception(self, request, exception):
        # access_* raised it for a role granted after login: friendlier than a bare 403.
        if isinstance(exception, SecondFactorRequired):
            request.session[SESSION_KEY] = True
            return self._redirect(request)
        return None

    @staticmethod
    def _redirect(request):
        if request.path_info.startswith("/api/"):
            return JsonResponse({"detail": str(API_MESSAGE), "code": SecondFactorRequired.code,
                                 "errors": {}, "codes": {}}, status=403)
        back = request.get_full_path() if request.method in ("GET", "HEAD") else ""
        return HttpResponseRedirect(next_step_url(request.user, back))
