"""The second factor: enter the code from the authenticator app, or enrol an app first."""

import django_otp
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import otp, throttle
from .flow import safe_next
from .forms import CodeForm
from .landing import landing_url
from .views import lockout_response

WRONG_CODE = gettext_lazy(
    "Код не подошёл. Введите код, который приложение показывает сейчас; если не подходит и он, "
    "проверьте, что время на телефоне установлено автоматически.")


def _key(user) -> str:
    return f"otp:{user.pk}"


def _done(request, next_url: str):
    return HttpResponseRedirect(next_url or landing_url(request.user))


@login_required
@csrf_protect
@never_cache
def otp_verify(request):
    next_url = safe_next(request)
    if request.user.is_verified():
        return _done(request, next_url)
    devices = list(TOTPDevice.objects.filter(user=request.user, confirmed=True))
    if not devices:
        return HttpResponseRedirect(otp.next_step_url(request.user, next_url))
    form = CodeForm(request.POST or None)
    if request.method == "POST":
        if throttle.login_locked(request, _key(request.user)):
            return lockout_response(request)
        if form.is_valid():
            code = form.cleaned_data["code"]
            device = next((d for d in devices if d.verify_token(code)), None)
            if device is not None:
                django_otp.login(request, device)
                throttle.login_succeeded(request, _key(request.user))
                return _done(request, next_url)
            if throttle.login_failed(request, _key(request.user)):
                return lockout_response(request)
            form.add_error("code", WRONG_CODE)
    return render(request, "accounts/otp_verify.html", {"form": form, "next": next_url})


@login_required
@csrf_protect
@never_cache
def otp_setup(request):
    """Enrol an authenticator app. Only for a user with no confirmed device yet: otherwise
    whoever stole a password could add their own phone and skip the second factor."""
    next_url = safe_next(request)
    if otp.has_confirmed_device(request.user):
        if request.user.is_verified():
            return _done(request, next_url)
        return HttpResponseRedirect(otp.next_step_url(request.user, next_url))
    device = otp.pending_device(request.user)
    form = CodeForm(request.POST or None)
    if request.method == "POST":
        if throttle.login_locked(request, _key(request.user)):
            return lockout_response(request)
        if form.is_valid():
            if device.verify_token(form.cleaned_data["code"]):
                device.confirmed = True
                device.save(update_fields=["confirmed"])
                TOTPDevice.objects.filter(user=request.user, confirmed=False).delete()
                django_otp.login(request, device)
                throttle.login_succeeded(request, _key(request.user))
                return _done(request, next_url)
            if throttle.login_failed(request, _key(request.user)):
                return lockout_response(request)
            form.add_error("code", WRONG_CODE)
    return render(request, "accounts/otp_setup.html", {
        "form": form, "next": next_url, "qr_svg": otp.qr_svg(device.config_url),
        "secret": otp.secret_text(device),
    })
