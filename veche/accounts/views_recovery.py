"""A forgotten password, recovered by e-mail (Django's reset views, Russian templates) or by a
code sent to the phone. Neither path says whether an account exists: the pages read the same,
and the letter or SMS goes out only when one does. Both are throttled per client and per
address or number; a successful reset also confirms the contact it went through (confirm.py).
"""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters

from . import throttle
from .confirm import contact_confirm
from .flow import client_ip
from .forms import CodeForm, NewPasswordForm, PhoneForm, RecoveryEmailForm
from .models import User
from .phone_codes import PhoneCodeError, phone_code_check
from .views import lockout_response
from .views_phone import issue_code

LETTERS_PER_ADDRESS_HOUR = 3  # reset letters to one address: more would be mail-bombing
REQUESTS_PER_IP_HOUR = 10  # reset requests from one client, letters or codes
PHONE_KEY = "veche_password_phone"  # {"phone": …} while the code is awaited
PROVED_KEY = "veche_password_phone_ok"  # {"user": pk, "until": ts} once the code matched
SET_WITHIN = 10 * 60  # seconds to choose a new password after the code


def _client_allowed(request) -> bool:
    return throttle.rate_allowed(f"reset-ip:{client_ip(request)}", REQUESTS_PER_IP_HOUR)


class RecoveryByEmail(auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/email/reset_body.txt"
    subject_template_name = "accounts/email/reset_subject.txt"
    form_class = RecoveryEmailForm
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form):
        request = self.request
        if throttle.address_locked(request):
            return lockout_response(request)
        if not _client_allowed(request):
            form.add_error(None, _("Слишком много запросов с этого устройства. Попробуйте через "
                                   "час."))
            return self.form_invalid(form)
        email = form.cleaned_data["email"].lower()
        if not throttle.rate_allowed(f"reset-mail:{email}", LETTERS_PER_ADDRESS_HOUR):
            # Said as if sent: a different page would tell who has an account.
            return HttpResponseRedirect(self.get_success_url())
        # Links in letters point to the public address, not to whatever Host the request had.
        self.extra_email_context = {"site_url": settings.VECHE_SITE_URL.rstrip("/")}
        return super().form_valid(form)


class RecoveryEmailSent(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class RecoveryNewPassword(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    form_class = NewPasswordForm
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form):
        response = super().form_valid(form)
        contact_confirm(user=form.user, channel="email")  # the letter reached its owner
        return response


class RecoveryDone(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


@csrf_protect
@never_cache
def recovery_phone(request):
    form = PhoneForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        phone = form.cleaned_data["phone"]
        if throttle.login_locked(request, f"phone:{phone}"):
            return lockout_response(request)
        problem = issue_code(request, phone, purpose="reset")
        if problem is None:
            request.session[PHONE_KEY] = {"phone": phone}
            return HttpResponseRedirect(reverse("accounts:password_phone_code"))
        form.add_error("phone", problem)
    return render(request, "accounts/password_phone.html", {"form": form})


@csrf_protect
@never_cache
def recovery_phone_code(request):
    state = request.session.get(PHONE_KEY)
    if not state:
        return HttpResponseRedirect(reverse("accounts:password_phone"))
    phone, key = state["phone"], f"phone:{state['phone']}"
    notice = ""
    resend = request.POST.get("action") == "resend"
    form = CodeForm(None if resend else (request.POST or None))
    if request.method == "POST":
        if throttle.login_locked(request, key):
            return lockout_response(request)
        if resend:
            notice = issue_code(request, phone, purpose="reset") or _(
                "Мы отправили новый код. Предыдущий больше не действует.")
        elif form.is_valid():
            try:
                user = phone_code_check(phone=phone, code=form.cleaned_data["code"])
            except PhoneCodeError as exc:
                if exc.reason in ("wrong", "used_up") and throttle.login_failed(request, key):
                    return lockout_response(request)
                form.add_error("code", exc.message)
            else:
                throttle.login_succeeded(request, key)
                del request.session[PHONE_KEY]
                request.session[PROVED_KEY] = {"user": user.pk, "until": time.time() + SET_WITHIN}
                return HttpResponseRedirect(reverse("accounts:password_phone_set"))
    return render(request, "accounts/password_phone_code.html", {
        "form": form, "phone": phone, "notice": notice,
    })


@sensitive_post_parameters("new_password1", "new_password2")
@csrf_protect
@never_cache
def recovery_phone_set(request):
    state = request.session.get(PROVED_KEY) or {}
    user = User.objects.filter(pk=state.get("user"), is_active=True).first()
    if user is None or state.get("until", 0) < time.time():
        request.session.pop(PROVED_KEY, None)
        messages.error(request, _("Время на смену пароля истекло. Запросите код ещё раз."))
        return HttpResponseRedirect(reverse("accounts:password_phone"))
    form = NewPasswordForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.save()
        contact_confirm(user=user, channel="phone")  # the code reached the phone's owner
        del request.session[PROVED_KEY]
        messages.success(request, _("Пароль изменён. Войдите с новым паролем."))
        return HttpResponseRedirect(reverse("accounts:login"))
    return render(request, "accounts/password_phone_set.html", {"form": form})
