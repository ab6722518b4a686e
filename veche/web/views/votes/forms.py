"""Forms of the staff votes pages. They parse what the browser sent, in Russian; the rules
(what a valid vote is) are the core's `check_*`, attached back to fields by `attach_errors`."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from veche.registry.models import VerificationLevel
from veche.territories.models import Building, CityTopic, Territory
from veche.votes.kinds import kind_choices, question_kind_choices
from veche.votes.models import (
    BudgetRule,
    InvitationChannel,
    Question,
    RankedMethod,
    Recurrence,
    ResultsVisibility,
    TieRule,
    Vote,
    VoteKind,
)
from veche.votes.validation import check_vote_settings

from ...forms import limit_choices

INT = {"invalid": _("Введите целое число, например 5."),
       "min_value": _("Число не может быть меньше %(limit_value)s."),
       "max_value": _("Число не может быть больше %(limit_value)s.")}
NUM = {"invalid": _("Введите число, например 56.78912.")}
WHEN = {"invalid": _("Укажите дату и время в виде ДД.ММ.ГГГГ ЧЧ:ММ, например 01.12.2026 09:00.")}
MAX_UPLOAD_MB = 10


class _When(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


WHEN_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d.%m.%Y %H:%M", "%d.%m.%Y"]


class VoteForm(forms.Form):
    title = forms.CharField(label=_("Название"), required=False, max_length=300,
                            error_messages={"max_length": _("Название — не больше 300 знаков.")})
    description = forms.CharField(label=_("Описание для жителей"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 4}))
    kind = forms.ChoiceField(label=_("Вид голосования"), choices=kind_choices,
                             initial=VoteKind.SINGLE)
    max_choices = forms.IntegerField(label=_("Не больше вариантов (k)"), required=False,
                                     min_value=1, max_value=200, error_messages=INT,
                                     help_text=_("Для голосования «несколько вариантов»."))
    score_min = forms.IntegerField(label=_("Оценка от"), initial=1, min_value=-10,
                                   max_value=100, error_messages=INT)
    score_max = forms.IntegerField(label=_("Оценка до"), initial=5, min_value=-10,
                                   max_value=100, error_messages=INT)
    ranked_method = forms.ChoiceField(label=_("Метод подсчёта рейтинга"),
                                      choices=RankedMethod.choices,
                                      initial=RankedMethod.SCHULZE)
    budget_amount = forms.IntegerField(label=_("Бюджет, ₽"), required=False, min_value=1,
                                       error_messages=INT)
    budget_rule = forms.ChoiceField(label=_("Правило бюджета"), choices=BudgetRule.choices,
                                    initial=BudgetRule.EQUAL_SHARES)
    budget_completion = forms.BooleanField(label=_("Дополнять остаток по числу голосов"),
                                           required=False, initial=True)
    min_age = forms.IntegerField(label=_("Минимальный возраст"), initial=14, min_value=0,
                                 max_value=120, error_messages=INT)
    min_verification = forms.TypedChoiceField(label=_("Подтверждение личности не ниже"),
                                              coerce=int, choices=VerificationLevel.choices,
                                              initial=VerificationLevel.NONE)
    allow_change = forms.BooleanField(label=_("Голос можно изменить до завершения"),
                                      required=False)
    results_visibility = forms.ChoiceField(label=_("Итоги видны"),
                                           choices=ResultsVisibility.choices,
                                           initial=ResultsVisibility.AFTER_CLOSE)
    tie_rule = forms.ChoiceField(label=_("Ничьи разрешаются"), choices=TieRule.choices,
                                 initial=TieRule.LEXICOGRAPHIC)
    tie_seed = forms.CharField(label=_("Затравка для ничьих"), required=False, max_length=100,
                               help_text=_("Например, номер тиража лотереи, объявленный "
                                           "заранее."))
    opens_at = forms.DateTimeField(label=_("Начало"), required=False, widget=_When(),
                                   input_formats=WHEN_FORMATS, error_messages=WHEN)
    closes_at = forms.DateTimeField(label=_("Завершение"), required=False, widget=_When(),
                                    input_formats=WHEN_FORMATS, error_messages=WHEN)
    topic = forms.ModelChoiceField(label=_("Городская проблема (тема)"),
                                   queryset=CityTopic.objects.none(), required=False,
                                   empty_label=_("— без темы —"))
    is_template = forms.BooleanField(label=_("Шаблон для ежемесячных голосований"),
                                     required=False)
    recurrence = forms.ChoiceField(label=_("Повтор"), choices=Recurrence.choices,
                                   required=False)
    building = forms.ModelChoiceField(
        label=_("Только жители дома"), queryset=Building.objects.none(), required=False,
        empty_label=_("— все жители города —"),
        help_text=_("Решение жителей одного многоквартирного дома: голосуют и считаются в "
                    "явке только жители этого дома по адресам реестра."))
    reason = forms.CharField(label=_("Причина изменения"), required=False, max_length=300,
                             help_text=_("Попадёт в журнал изменений: голосование уже "
                                         "опубликовано."))
    SETTINGS = ("title", "description", "kind", "max_choices", "score_min", "score_max",
                "ranked_method", "budget_amount", "budget_rule", "budget_completion", "min_age",
                "min_verification", "allow_change", "results_visibility", "tie_rule",
                "tie_seed", "opens_at", "closes_at", "topic", "is_template", "recurrence",
                "building")

    def __init__(self, *args, territory: Territory, **kwargs):
        super().__init__(*args, **kwargs)
        self.territory = territory
        limit_choices(self, topic=CityTopic.objects.filter(territory=territory),
                      building=Building.objects.filter(
                          territory=territory, kind=Building.Kind.APARTMENT
                      ).order_by("street", "house"))
        self.fields["title"].widget.attrs["aria-required"] = "true"

    # Which typed fields each of the core's settings errors depends on.
    CHECK_INPUTS = {"title": ("title",), "max_choices": ("kind", "max_choices"),
                    "score_max": ("kind", "score_min", "score_max"),
                    "budget_amount": ("kind", "budget_amount"),
                    "closes_at": ("opens_at", "closes_at"), "min_age": ("min_age",)}

    def clean(self):
        """The core's rules of a vote (title, scale, budget, dates), run here too so that a
        form with a typo shows every mistake at once, not one round after another. The service
        checks the same again when it saves."""
        data = super().clean()
        read = self.settings(read_only=True)
        title = " ".join((read.pop("title", "") or "").split())
        probe = Vote(territory=self.territory, title=title,
                     **{k: v for k, v in read.items() if k not in ("topic", "building")})
        try:
            check_vote_settings(probe)
        except ValidationError as exc:
            for field, msgs in exc.message_dict.items():
                inputs = self.CHECK_INPUTS.get(field, (field,))
                if field in self.fields and not any(self.has_error(f) for f in inputs):
                    self.add_error(field, msgs)
        return data

    def settings(self, *, read_only: bool = False) -> dict:
        """The vote's settings from the form. `read_only`: only the fields read without an
        error so far, the others left to the model's defaults (to check a form in error)."""
        data = self.cleaned_data
        out = {k: data.get(k) for k in self.SETTINGS if not read_only or k in data}
        for key in ("description", "tie_seed", "recurrence"):
            if key in out:
                out[key] = out[key] or ""
        for key in ("score_min", "score_max", "min_age"):
            if key in out and out[key] is None:
                out[key] = self.fields[key].initial
        return out


class OptionForm(forms.Form):
    text = forms.CharField(label=_("Текст варианта"), required=False, max_length=300,
                           error_messages={"max_length": _("Текст — не больше 300 знаков.")})
    description = forms.CharField(label=_("Описание"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 3}))
    cost = forms.IntegerField(label=_("Стоимость, ₽"), required=False, min_value=1,
                              error_messages=INT)
    photo = forms.ImageField(label=_("Фото"), required=False, error_messages={
        "invalid_image": _("Это не изображение: загрузите фото в формате JPEG или PNG.")})
    sketch = forms.FileField(label=_("Эскиз (PDF или изображение)"), required=False)
    latitude = forms.FloatField(label=_("Широта"), required=False, min_value=-90,
                                max_value=90, error_messages=NUM)
    longitude = forms.FloatField(label=_("Долгота"), required=False, min_value=-180,
                                 max_value=180, error_messages=NUM)
    topic = forms.ModelChoiceField(label=_("Тема"), queryset=CityTopic.objects.none(),
                                   required=False, empty_label=_("— без темы —"))
    practice_ref = forms.CharField(label=_("Практика (номер в банке)"), required=False,
                                   max_length=60)
    initiative_ref = forms.CharField(label=_("Инициатива (номер)"), required=False,
                                     max_length=60)

    def __init__(self, *args, territory: Territory, **kwargs):
        super().__init__(*args, **kwargs)
        limit_choices(self, topic=CityTopic.objects.filter(territory=territory))
        self.fields["text"].widget.attrs["aria-required"] = "true"

    def _file(self, name: str, kinds: tuple[str, ...]):
        f = self.cleaned_data.get(name)
        if f and f.size > MAX_UPLOAD_MB * 1024 * 1024:
            raise forms.ValidationError(_("Файл больше %(n)s МБ: уменьшите его."),
                                        code="file_too_large", params={"n": MAX_UPLOAD_MB})
        if f and not f.name.lower().endswith(kinds):
            raise forms.ValidationError(_("Подходят файлы %(k)s."), code="file_kind",
                                        params={"k": ", ".join(kinds)})
        return f

    def clean_photo(self):
        return self._file("photo", (".jpg", ".jpeg", ".png", ".webp"))

    def clean_sketch(self):
        return self._file("sketch", (".pdf", ".jpg", ".jpeg", ".png", ".svg"))

    def clean(self):
        data = super().clean()
        if (data.get("latitude") is None) != (data.get("longitude") is None) and not (
                self.has_error("latitude") or self.has_error("longitude")):
            self.add_error("longitude", _("Укажите и широту, и долготу места (или ни одну)."))
        if not " ".join((data.get("text") or "").split()) and not self.has_error("text"):
            # The service says the same; said here too so that every mistake shows at once.
            self.add_error("text", _("Напишите текст варианта."))
        return data

    def fields_for_service(self) -> dict:
        data = self.cleaned_data
        out = {k: data.get(k) for k in ("description", "cost", "latitude", "longitude",
                                         "topic", "practice_ref", "initiative_ref")}
        out["description"] = out["description"] or ""
        out["practice_ref"] = out["practice_ref"] or ""
        out["initiative_ref"] = out["initiative_ref"] or ""
        for name in ("photo", "sketch"):
            if data.get(name):
                out[name] = data[name]
        return out


class QuestionForm(forms.Form):
    text = forms.CharField(label=_("Вопрос"), required=False, max_length=300,
                           error_messages={"max_length": _("Вопрос — не больше 300 знаков.")})
    kind = forms.ChoiceField(label=_("Вид ответа"), choices=question_kind_choices,
                             initial=Question.Kind.ONE)
    choices = forms.CharField(label=_("Ответы, по одному на строке"), required=False,
                              widget=forms.Textarea(attrs={"rows": 4}))
    required = forms.BooleanField(label=_("Обязательный вопрос"), required=False)

    def choice_list(self) -> list[str]:
        return [line.strip() for line in (self.cleaned_data.get("choices") or "").splitlines()
                if line.strip()]


class InvitationForm(forms.Form):
    channel = forms.ChoiceField(label=_("Канал"), choices=InvitationChannel.choices)
    campaign = forms.CharField(label=_("Кампания"), required=False, max_length=100,
                               help_text=_("Например, «Рассылка декабрь» или «Плакаты у школ»."))
    inviter_name = forms.CharField(label=_("Кто приглашает"), required=False, max_length=200,
                                   help_text=_("Лидер мнений или организация; необязательно."))


class NextMonthForm(forms.Form):
    period = forms.DateField(label=_("Месяц"), input_formats=["%Y-%m", "%m.%Y", "%Y-%m-%d"],
                             widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
                             error_messages={"invalid": _("Укажите месяц в виде ГГГГ-ММ, "
                                                          "например 2026-12."),
                                             "required": _("Укажите месяц.")})

    @staticmethod
    def next_month() -> dt.date:
        today = timezone.localdate()
        return (today.replace(day=1) + dt.timedelta(days=32)).replace(day=1)


class FlagReviewForm(forms.Form):
    status = forms.ChoiceField(label=_("Решение"), choices=[
        ("cleared", _("снять: нарушения нет")), ("confirmed", _("подтвердить нарушение"))],
        error_messages={"required": _("Выберите решение."),
                        "invalid_choice": _("Выберите «снять» или «подтвердить».")})
    note = forms.CharField(label=_("Комментарий"), required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 2}))
