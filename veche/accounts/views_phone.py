"""Login by phone with a one-time SMS code: ask for the number, then for the code."""

from django.core.cache import cache
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect

from . import throttle
from .confirm import contact_confirm
from .flow import client_ip, finish_login, safe_next
from .forms import CodeForm, PhoneForm
from .phone_codes import PhoneCodeError, phone_code_check, phone_code_issue
from .sms import SmsError
from .views import lockout_response

PHONE_BACKEND = "veche.accounts.backends.PhoneCodeBackend"
SESSION_KEY = "veche_phone_login"
# One client may ask for codes to this many different numbers an hour (SMS cost, harassment).
SENDS_PER_IP_HOUR = 10


def _ip_allowed(request) -> bool:
    key = f"veche:sms-ip:{client_ip(request)}"
    cache.add(key, 0, 3600)
    try:
        return cache.incr(key) <= SENDS_PER_IP_HOUR
    except ValueError:  # expired between add and incr
        return True


def _mask(phone: str) -> str:
    return f"{phone[:2]} {phone[2:5]} ***-**-{phone[-2:]}" if len(phone) >= 8 else phone


def issue_code(request, phone: str, *, purpose: str = "login", to_anyone: bool = False
               ) -> str | None:
    """Send a code (phone_codes.phone_code_issue); returns why it was refused, or None when it
    went out. Shared by login, password recovery and phone confirmation: one budget per client."""
    try:
        if not _ip_allowed(request):
            raise PhoneCodeError("throttled", _("Слишком много запросов кода с этого "
                                                "устройства. Попробуйте через час или войдите "
                                                "по паролю."))
        phone_code_issue(phone=phone, purpose=purpose, to_anyone=to_anyone)
    except (PhoneCodeError, SmsError) as exc:
        if isinstance(exc, PhoneCodeError):
            return exc.message
        return _("Не удалось отправить SMS. Попробуйте позже или войдите по паролю.")
    return None


@csrf_protect
@never_cache
def phone_login(request):
    next_url = safe_next(request)
    form = PhoneForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        phone = form.cleaned_data["phone"]
        if throttle.login_locked(request, f"phone:{phone}"):
            return lockout_response(request)
        problem = issue_code(request, phone)
        if problem is None:
            request.session[SESSION_KEY] = {"phone": phone, "next": next_url}
            return HttpResponseRedirect(reverse("accounts:phone_login_code"))
        form.add_error("phone", problem)
    return render(request, "accounts/phone_login.html", {"form": form, "next": next_url})


@csrf_protect
@never_cache
def phone_login_code(request):
    state = request.session.get(SESSION_KEY)
    if not state:
        return HttpResponseRedirect(reverse("accounts:phone_login"))
    phone, key = state["phone"], f"phone:{state['phone']}"
    notice = ""
    resend = request.POST.get("action") == "resend"
    form = CodeForm(None if resend else (request.POST or None))
    if request.method == "POST":
        if throttle.login_locked(request, key):
            return lockout_response(request)
        if resend:
            problem = issue_code(request, phone)
            notice = problem or _("Мы отправили новый код. Предыдущий больше не действует.")
        elif form.is_valid():
            try:
                user = phone_code_check(phone=phone, code=form.cleaned_data["code"])
            except PhoneCodeError as exc:
                if exc.reason in ("wrong", "used_up") and throttle.login_failed(request, key):
                    return lockout_response(request)
                form.add_error("code", exc.message)
            else:
                throttle.login_succeeded(request, key)
                del request.session[SESSION_KEY]
                # Whoever has the code has the phone: the login's phone is confirmed and its
                # registry records are phone-verified.
                contact_confirm(user=user, channel="phone")
                return finish_login(request, user, backend=PHONE_BACKEND,
                                    next_url=state.get("next", ""))
    return render(request, "accounts/phone_code.html", {
        "form": form, "phone_masked": _mask(phone), "notice": notice,
    })
