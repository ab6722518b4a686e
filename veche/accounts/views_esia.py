"""Login through ESIA (Gosuslugi): send the browser to the provider, take it back, verify.

Every refusal on the way back (unknown state, missing code, a token the provider did not sign,
a nonce from another login) counts as a failed login for this client under the key "esia", so
replaying or forging callbacks hits the same lockout as guessing passwords.
"""

import datetime as dt
import logging
import time

from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from veche.territories.crosstown import of_user
from veche.territories.models import Territory

from . import esia, throttle
from .flow import finish_login, safe_next
from .models import Membership, Role
from .services import EsiaLinkError, esia_user_resolve
from .validation import check_email, check_phone
from .views import ESIA_CLAIMS_KEY, lockout_response

log = logging.getLogger(__name__)
ESIA_BACKEND = "veche.accounts.backends.EsiaBackend"
FLOW_KEY = "veche_esia_flow"
FLOW_TTL = 600  # seconds a user may spend on the Gosuslugi pages
THROTTLE_KEY = "esia"


def _callback_uri(request) -> str:
    return request.build_absolute_uri(reverse("accounts:esia_callback"))


@never_cache
def esia_start(request):
    if not esia.esia_enabled():
        raise Http404(_("Вход через Госуслуги не включён."))
    town = request.GET.get("town", "")
    if town and not Territory.objects.filter(slug=town, is_active=True).exists():
        town = ""
    try:
        auth = esia.authorization_request(_callback_uri(request))
    except esia.EsiaError:
        log.exception("ESIA discovery failed")
        return _refused(request, "Госуслуги сейчас не отвечают. Попробуйте позже или войдите "
                                 "по паролю.", status=503)
    request.session[FLOW_KEY] = {
        "state": auth.state, "nonce": auth.nonce, "verifier": auth.code_verifier,
        "next": safe_next(request), "town": town, "at": time.time(),
    }
    return HttpResponseRedirect(auth.url)


def _refused(request, message: str, status: int = 400):
    return render(request, "accounts/esia_error.html", {"message": message}, status=status)


def _misuse(request, message: str):
    """A callback we cannot trust: count it, then refuse."""
    if throttle.login_failed(request, THROTTLE_KEY):
        return lockout_response(request)
    return _refused(request, message)


@never_cache
def esia_callback(request):
    if not esia.esia_enabled():
        raise Http404(_("Вход через Госуслуги не включён."))
    if throttle.login_locked(request, THROTTLE_KEY):
        return lockout_response(request)
    flow = request.session.pop(FLOW_KEY, None)
    if request.GET.get("error") and flow and request.GET.get("state") == flow["state"]:
        return _refused(request, "Вход через Госуслуги отменён. Можно войти по паролю или "
                                 "по коду из SMS.", status=200)
    stale = ("Ссылка входа через Госуслуги устарела или открыта не в том браузере. "
             "Начните вход заново.")
    if not flow or time.time() - flow["at"] > FLOW_TTL:
        return _misuse(request, stale)
    if request.GET.get("state") != flow["state"] or not request.GET.get("code"):
        return _misuse(request, stale)
    try:
        token = esia.exchange_code(code=request.GET["code"], redirect_uri=_callback_uri(request),
                                   code_verifier=flow["verifier"])
        claims = esia.verify_id_token(token["id_token"], nonce=flow["nonce"])
        info = {**claims, **esia.fetch_userinfo(token["access_token"], subject=claims["sub"])}
    except esia.EsiaError as exc:
        log.warning("ESIA login refused: %s", exc)
        return _misuse(request, "Госуслуги не подтвердили вход. Начните вход заново.")
    try:
        user = esia_user_resolve(
            subject=claims["sub"], email=_email(info.get("email")),
            phone=_phone(info.get("phone_number")), full_name=_full_name(info),
            email_verified=bool(info.get("email_verified")),
            phone_verified=bool(info.get("phone_number_verified")),
        )
    except EsiaLinkError as exc:
        return _refused(request, str(exc), status=409)
    throttle.login_succeeded(request, THROTTLE_KEY)
    town = flow["town"]
    joins = bool(town) and not of_user(Membership, user).filter(
        territory__slug=town, role=Role.RESIDENT).exists()
    # Signing up in a town through ESIA: the sign-up form comes next, pre-filled from ESIA.
    next_url = reverse("accounts:signup", args=[town]) if joins else flow["next"]
    response = finish_login(request, user, backend=ESIA_BACKEND, next_url=next_url)
    if joins:
        request.session[ESIA_CLAIMS_KEY] = _prefill(info)  # after login(): it may flush
    return response


def _email(value) -> str:
    try:
        return check_email(str(value or ""))
    except ValidationError:  # likewise a malformed address
        return ""


def _phone(value) -> str:
    try:
        return check_phone(str(value or ""))
    except ValidationError:  # a malformed phone from the provider is simply not used
        return ""


def _full_name(info: dict) -> str:
    return " ".join(p for p in (info.get("family_name"), info.get("given_name"),
                                info.get("middle_name")) if p)


def _prefill(info: dict) -> dict:
    birth = ""
    try:
        birth = dt.date.fromisoformat(info.get("birthdate", "")).strftime("%d.%m.%Y")
    except (TypeError, ValueError):
        pass
    return {"surname": info.get("family_name", ""), "given_name": info.get("given_name", ""),
            "patronymic": info.get("middle_name", ""), "birth_date": birth}
