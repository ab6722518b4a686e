"""Password login, logout, resident sign-up and the lockout page. Thin: forms validate,
services write, `flow.finish_login` decides where a fresh login goes."""

from axes.helpers import get_cool_off
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render, resolve_url
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters

from veche.territories.models import Territory
from veche.territories.scoping import town_scope

from . import esia
from .confirm import email_confirm_send, proof_of
from .flow import client_ip, finish_login, safe_next
from .forms import LoginForm, ResidentForm, SignupForm
from .models import Membership, Role
from .residents import resident_directory
from .services import resident_join, resident_signup

PASSWORD_BACKEND = "veche.accounts.backends.EmailPasswordBackend"
ESIA_CLAIMS_KEY = "veche_esia_claims"


def lockout_response(request, original_response=None, credentials=None, *args, **kwargs):
    """AXES_LOCKOUT_CALLABLE and the answer of every login path once a key is locked out."""
    cool_off = get_cool_off(request)  # a timedelta, or None for a lock that only staff lift
    minutes = max(1, round(cool_off.total_seconds() / 60)) if cool_off else 0
    return render(request, "accounts/lockout.html", {"minutes": minutes}, status=429)


@sensitive_post_parameters("password")
@csrf_protect
@never_cache
def login_view(request):
    next_url = safe_next(request)
    form = LoginForm(request, request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            return finish_login(request, form.user, backend=PASSWORD_BACKEND, next_url=next_url)
        if getattr(request, "axes_locked_out", False):
            return lockout_response(request)
    return render(request, "accounts/login.html", {
        "form": form, "next": next_url, "esia_enabled": esia.esia_enabled(),
    })


@csrf_protect
@never_cache
def logout_view(request):
    """Logging out is a POST (a link or an image cannot log anyone out); GET asks to confirm."""
    if request.method == "POST":
        logout(request)
        messages.info(request, "Вы вышли из «Вече».")
        return HttpResponseRedirect(resolve_url(settings.LOGIN_REDIRECT_URL))
    return render(request, "accounts/logout.html")


def _town_home(territory: Territory) -> str:
    return f"/t/{territory.slug}/"


@sensitive_post_parameters("password1", "password2")
@csrf_protect
@never_cache
def signup_view(request, slug):
    """Become a resident of a town. Anonymous visitors create a login at the same time; a user
    who is already logged in (e.g. through ESIA, or a resident of another town) only joins."""
    territory = get_object_or_404(Territory, slug=slug, is_active=True)
    joining = request.user.is_authenticated
    directory = resident_directory()
    with town_scope(territory):
        if joining and Membership.objects.filter(
            territory=territory, user=request.user, role=Role.RESIDENT
        ).exists():
            messages.info(request, f"Вы уже зарегистрированы в городе {territory.name}.")
            return HttpResponseRedirect(_town_home(territory))
        form_class = ResidentForm if joining else SignupForm
        if joining:
            initial = request.session.get(ESIA_CLAIMS_KEY) or directory.known_details(
                user=request.user)
        else:
            initial = {}
        form = form_class(request.POST or None, initial=initial)
        if request.method == "POST" and form.is_valid():
            try:
                with transaction.atomic():
                    user = _register(request, territory, form, joining)
            except ValidationError as exc:
                _show(form, exc)
            else:
                request.session.pop(ESIA_CLAIMS_KEY, None)
                messages.success(request, f"Добро пожаловать! Вы зарегистрированы в городе "
                                          f"{territory.name}.")
                if joining:
                    return HttpResponseRedirect(_town_home(territory))
                # A new account counts as unconfirmed until it proves its e-mail or phone: the
                # letter goes out now, the confirmation page says what to do next.
                confirm_letter(request, user)
                next_url = (f"{reverse('accounts:confirm')}?"
                            f"{urlencode({'next': _town_home(territory)})}")
                return finish_login(request, user, backend=PASSWORD_BACKEND, next_url=next_url)
    return render(request, "accounts/signup.html", {
        "form": form, "town": territory, "joining": joining,
        "consent_text": directory.consent_text(),
        "esia_enabled": esia.esia_enabled() and not joining,
    })


def confirm_letter(request, user) -> bool:
    """Send the e-mail confirmation link and say so; a mail server that is down is said too
    (the confirmation page can send it again). False when nothing went out."""
    try:
        sent = email_confirm_send(user=user)
    except OSError:  # smtplib's errors are OSErrors: the server refused or is unreachable
        messages.warning(request, _("Не удалось отправить письмо для подтверждения почты. "
                                    "Попробуйте отправить его ещё раз чуть позже."))
        return False
    if sent:
        messages.info(request, _("Мы отправили письмо на %(email)s: откройте ссылку из него, "
                                 "чтобы подтвердить адрес.") % {"email": user.email})
    return sent


def _register(request, territory, form, joining):
    details, ip = form.details(), client_ip(request)
    if joining:
        proved_by = proof_of(request.user)  # a confirmed contact or ESIA carries to a new town
        resident_join(user=request.user, territory=territory, details=details, ip=ip,
                      proved_by=proved_by)
        return request.user
    data = form.cleaned_data
    return resident_signup(territory=territory, email=data["email"], phone=data["phone"],
                           password=data["password1"], details=details, ip=ip)


def _show(form, exc: ValidationError) -> None:
    """Put a service's refusal next to the field it names, or above the form."""
    errors = exc.message_dict if hasattr(exc, "error_dict") else {None: exc.messages}
    for field, messages_ in errors.items():
        for message in messages_:
            form.add_error(field if field in form.fields else None, message)
