"""Confirming the e-mail or phone of one's account (confirm.py): the page that says what is and
is not confirmed, the link from the letter, the SMS code."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect

from . import throttle
from .confirm import contact_confirm, phone_attach, proof_of, user_from_link
from .flow import safe_next
from .forms import CodeForm, PhoneForm
from .landing import landing_url
from .models import User
from .phone_codes import PhoneCodeError, phone_code_prove
from .views import confirm_letter, lockout_response
from .views_phone import issue_code

SESSION_KEY = "veche_confirm_phone"
LETTERS_PER_HOUR = 3  # confirmation letters to one account: enough for a lost letter, no spam


def _with_next(url: str, next_url: str) -> str:
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


@login_required
@csrf_protect
@never_cache
def confirm(request):
    """What of the account is confirmed; send the letter again, or a code to the phone."""
    user = request.user
    next_url = safe_next(request)
    # A login without a phone types the number it wants to add; one with a phone confirms it.
    phone_form = PhoneForm(request.POST if request.POST.get("action") == "phone" else None)
    phone_problem = None
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "email":
            if not throttle.rate_allowed(f"confirm-mail:{user.pk}", LETTERS_PER_HOUR):
                messages.error(request, _("Письмо уже отправлено несколько раз. Проверьте папку "
                                          "«Спам» или попробуйте через час."))
            else:
                confirm_letter(request, user)
            return HttpResponseRedirect(_with_next(reverse("accounts:confirm"), next_url))
        if action == "phone" and (user.phone or phone_form.is_valid()):
            phone = user.phone or phone_form.cleaned_data["phone"]
            if User.objects.filter(phone=phone).exclude(pk=user.pk).exists():
                problem = _("Этот номер уже привязан к другой учётной записи.")
            elif throttle.login_locked(request, f"phone:{phone}"):
                return lockout_response(request)
            else:
                problem = issue_code(request, phone, purpose="confirm", to_anyone=True)
                if problem is None:
                    request.session[SESSION_KEY] = {"phone": phone, "next": next_url}
                    return HttpResponseRedirect(reverse("accounts:confirm_phone"))
            if user.phone:
                phone_problem = problem
            else:
                phone_form.add_error("phone", problem)
    return render(request, "accounts/confirm.html", {
        "phone_form": phone_form, "phone_problem": phone_problem, "next": next_url,
        "proof": proof_of(user),
        "continue_url": next_url or landing_url(user),
    })


@login_required
@csrf_protect
@never_cache
def confirm_phone(request):
    """The code sent by `confirm`: a right one confirms (or adds) the phone."""
    state = request.session.get(SESSION_KEY)
    if not state:
        return HttpResponseRedirect(reverse("accounts:confirm"))
    phone, key = state["phone"], f"phone:{state['phone']}"
    form = CodeForm(request.POST or None)
    if request.method == "POST":
        if throttle.login_locked(request, key):
            return lockout_response(request)
        if form.is_valid():
            try:
                phone_code_prove(phone=phone, code=form.cleaned_data["code"])
                if request.user.phone == phone:
                    contact_confirm(user=request.user, channel="phone")
                else:
                    phone_attach(user=request.user, phone=phone)
            except PhoneCodeError as exc:
                if exc.reason in ("wrong", "used_up") and throttle.login_failed(request, key):
                    return lockout_response(request)
                form.add_error("code", exc.message)
            except ValidationError as exc:
                form.add_error("code", exc.messages[0])
            else:
                throttle.login_succeeded(request, key)
                del request.session[SESSION_KEY]
                messages.success(request, _("Телефон подтверждён."))
                return HttpResponseRedirect(state.get("next") or landing_url(request.user))
    return render(request, "accounts/confirm_phone.html", {"form": form, "phone": phone})


@csrf_protect
@never_cache
def confirm_email_link(request, uidb64: str, token: str):
    """The link from the letter. Opening it asks for one press: mail scanners open links too,
    and must not confirm an address for someone who typed in another person's e-mail."""
    user = user_from_link(uidb64, token)
    if user is None:
        return render(request, "accounts/confirm_email.html", {"invalid": True}, status=400)
    if request.method == "POST":
        contact_confirm(user=user, channel="email")
        mine = request.user.is_authenticated and request.user.pk == user.pk
        messages.success(request, _("Адрес %(email)s подтверждён.") % {"email": user.email})
        return HttpResponseRedirect(landing_url(user) if mine else reverse("accounts:login"))
    return render(request, "accounts/confirm_email.html", {"email": user.email})
