"""Login and sign-up forms. Every message is Russian and says what to fix; a rejected form keeps
what was typed (except passwords, which browsers must not echo back)."""

import re

from django import forms
from django.contrib.auth import authenticate
from django.contrib.auth.forms import PasswordResetForm, SetPasswordForm
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from . import validation as check
from .models import User
from .residents import resident_directory

DATE_FORMATS = ["%d.%m.%Y", "%Y-%m-%d", "%d/%m/%Y", "%d.%m.%y"]


class AccessibleForm(forms.Form):
    """Links each input to its help text and errors (aria-describedby, aria-invalid), so a screen
    reader reads the reason next to the field. Templates render fields with accounts/_field.html.
    `extra_descriptions` names further element ids per field (e.g. the consent wording)."""

    extra_descriptions: dict[str, list[str]] = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._describe()

    def full_clean(self):
        super().full_clean()
        self._describe()

    def _describe(self):
        errors = getattr(self, "_errors", None) or {}
        for name, field in self.fields.items():
            bound = self[name]
            ids = list(self.extra_descriptions.get(name, []))
            if field.help_text:
                ids.append(f"{bound.auto_id}_help")
            if name in errors:
                ids.append(f"{bound.auto_id}_error")
                field.widget.attrs["aria-invalid"] = "true"
            else:
                field.widget.attrs.pop("aria-invalid", None)
            if ids:
                field.widget.attrs["aria-describedby"] = " ".join(ids)
            else:
                field.widget.attrs.pop("aria-describedby", None)


def _text(label, *, required=True, max_length=None, help_text="", **attrs):
    return forms.CharField(
        label=label, required=required, max_length=max_length, help_text=help_text,
        widget=forms.TextInput(attrs=attrs),
        error_messages={"required": format_lazy(_("Заполните поле «{}»."), label),
                        "max_length": format_lazy(_("Поле «{}» слишком длинное."), label)},
    )


def normalise_login(value: str) -> str:
    """An email (lower-cased domain) or a phone in E.164; raises a Russian ValidationError."""
    value = (value or "").strip()
    if "@" in value:
        return check.check_email(value)
    try:
        phone = check.check_phone(value)
    except ValidationError:
        raise ValidationError(
            _("Введите адрес электронной почты (name@example.ru) или номер телефона "
              "(+7 912 345-67-89)."), code="login_unreadable",
        ) from None
    if not phone:
        raise ValidationError(_("Введите адрес электронной почты или номер телефона."),
                              code="login_missing")
    return phone


class LoginForm(AccessibleForm):
    username = _text(_("Электронная почта или телефон"), max_length=254,
                     autocomplete="username", autocapitalize="none", spellcheck="false")
    password = forms.CharField(
        label=_("Пароль"), strip=False, error_messages={"required": "Введите пароль."},
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, request, *args, **kwargs):
        self.request = request
        self.user = None
        super().__init__(*args, **kwargs)

    def clean_username(self):
        return normalise_login(self.cleaned_data["username"])

    def clean(self):
        username, password = self.cleaned_data.get("username"), self.cleaned_data.get("password")
        if username and password:
            self.user = authenticate(self.request, username=username, password=password)
            if self.user is None:
                raise ValidationError(
                    _("Неверная почта, телефон или пароль. Проверьте раскладку клавиатуры и "
                      "не включён ли Caps Lock."), code="login_failed",
                )
        return self.cleaned_data


class PhoneForm(AccessibleForm):
    phone = _text(_("Номер телефона"), max_length=30, type="tel", inputmode="tel",
                  autocomplete="tel", help_text=_("Например: +7 912 345-67-89"))

    def clean_phone(self):
        phone = check.check_phone(self.cleaned_data["phone"])
        if not phone:
            raise ValidationError(_("Введите номер телефона."), code="phone_missing")
        return phone


class CodeForm(AccessibleForm):
    code = _text(_("Код из 6 цифр"), max_length=12, inputmode="numeric",
                 autocomplete="one-time-code", pattern=r"[0-9 ]*")

    def clean_code(self):
        code = re.sub(r"\s", "", self.cleaned_data["code"])
        if not re.fullmatch(r"\d{6}", code):
            raise ValidationError(_("Код — это 6 цифр. Проверьте, что ввели все цифры."),
                                  code="code_format")
        return code


class ResidentForm(AccessibleForm):
    """What a resident tells the town about themselves; shared by sign-up and joining a town."""

    extra_descriptions = {"consent": ["consent-text"]}  # the wording shown above the checkbox

    surname = _text(_("Фамилия"), autocomplete="family-name")
    given_name = _text(_("Имя"), autocomplete="given-name")
    patronymic = _text(_("Отчество"), required=False,
                       autocomplete="additional-name", help_text=_("Если есть"))
    birth_date = forms.DateField(
        label=_("Дата рождения"), input_formats=DATE_FORMATS,
        help_text=_("В виде ДД.ММ.ГГГГ, например 17.05.1960. Участвовать можно с 14 лет."),
        widget=forms.DateInput(format="%d.%m.%Y", attrs={
            "inputmode": "numeric", "autocomplete": "bday", "placeholder": "ДД.ММ.ГГГГ"}),
        error_messages={
            "invalid": _("Введите дату рождения в виде ДД.ММ.ГГГГ, например 17.05.1960."),
            "required": _("Укажите дату рождения.")},
    )
    consent = forms.BooleanField(
        label=_("Я даю согласие на обработку персональных данных для участия в жизни города"),
        error_messages={"required": _("Без согласия на обработку данных зарегистрироваться "
                                      "нельзя: отметьте его, чтобы продолжить.")},
    )

    def details(self) -> dict:
        return {k: self.cleaned_data.get(k) for k in
                ("surname", "given_name", "patronymic", "birth_date")}

    def clean(self):
        data = super().clean()
        # The registry owns the rules for a person's details (names, 14+); ask it, so the form
        # shows its messages next to the right fields together with everything else.
        present = {k: v for k, v in self.details().items() if k not in self.errors}
        for name, messages in resident_directory().validate(present).items():
            for message in messages:
                self.add_error(name, message)
        return data


class SignupForm(ResidentForm):
    email = forms.CharField(
        label=_("Электронная почта"), required=False, max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autocapitalize": "none"}),
    )
    phone = _text(_("Телефон"), required=False, max_length=30, type="tel", inputmode="tel",
                  autocomplete="tel",
                  help_text=_("Укажите почту, телефон или и то и другое. По телефону можно "
                              "входить с кодом из SMS."))
    password1 = forms.CharField(
        label=_("Пароль"), strip=False, error_messages={"required": _("Придумайте пароль.")},
        help_text=_("Не короче 8 знаков, не только из цифр."),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("Пароль ещё раз"), strip=False,
        error_messages={"required": _("Повторите пароль.")},
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    field_order = ["email", "phone", "password1", "password2", "surname", "given_name",
                   "patronymic", "birth_date", "consent"]

    def clean_email(self):
        email = check.check_email(self.cleaned_data["email"])
        if email and User.objects.filter(email__iexact=email).exists():
            raise ValidationError(
                _("Этот адрес уже зарегистрирован. Войдите с ним на странице входа."),
                code="email_taken",
            )
        return email

    def clean_phone(self):
        phone = check.check_phone(self.cleaned_data["phone"])
        if phone and User.objects.filter(phone=phone).exists():
            raise ValidationError(
                _("Этот номер уже зарегистрирован. Войдите по коду из SMS на странице входа."),
                code="phone_taken",
            )
        return phone

    def clean(self):
        data = super().clean()
        if not self.has_error("email") and not self.has_error("phone") and not (
            data.get("email") or data.get("phone")
        ):
            self.add_error("email", ValidationError(
                _("Укажите электронную почту или телефон — иначе не войти."),
                code="login_missing"))
        p1, p2 = data.get("password1"), data.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", ValidationError(
                _("Пароли не совпадают. Введите один и тот же пароль дважды."),
                code="password_mismatch"))
        elif p1:
            probe = User(email=data.get("email") or None, phone=data.get("phone") or None,
                         full_name=" ".join(filter(None, [data.get("surname"),
                                                          data.get("given_name")])))
            try:
                validate_password(p1, probe)
            except ValidationError as exc:
                self.add_error("password1", exc)
        return data


class RecoveryEmailForm(AccessibleForm, PasswordResetForm):
    """Django's reset form (it finds active logins with a usable password by this address and
    mails each a one-time link) with Russian wording; it never says whether one was found."""

    email = forms.EmailField(
        label=_("Электронная почта"), max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autocapitalize": "none"}),
        error_messages={"required": _("Введите адрес электронной почты."),
                        "invalid": _("Адрес не похож на email. Нужен адрес вида "
                                     "name@example.ru.")},
    )


class NewPasswordForm(AccessibleForm, SetPasswordForm):
    """A new password, twice, checked by the same rules as at sign-up."""

    error_messages = {
        "password_mismatch": _("Пароли не совпадают. Введите один и тот же пароль дважды."),
    }
    new_password1 = forms.CharField(
        label=_("Новый пароль"), strip=False,
        error_messages={"required": _("Придумайте пароль.")},
        help_text=_("Не короче 8 знаков, не только из цифр."),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    new_password2 = forms.CharField(
        label=_("Новый пароль ещё раз"), strip=False,
        error_messages={"required": _("Повторите пароль.")},
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
