"""Forms of the web shell. They only parse what the browser sent; the rules (what a valid name,
phone or birth date is) live in the services, whose Russian messages are attached back to the
fields by `attach_errors`, so the web and the API reject the same input with the same words."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from veche.ledger.models import ActionKind
from veche.registry.models import Segment, SourceKind, SourceList, VerificationLevel
from veche.territories.models import Building, CityTopic, District, Territory

DATE_FORMATS = ["%Y-%m-%d", "%d.%m.%Y"]
DATE_ERROR = _("Укажите дату в виде ДД.ММ.ГГГГ, например 17.05.1980.")


def attach_errors(form: forms.Form, exc: ValidationError) -> None:
    """Put a service's ValidationError on the matching fields (or on top of the form)."""
    if hasattr(exc, "error_dict"):
        for field, messages in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, exc.messages)


def limit_choices(form: forms.BaseForm, **querysets: QuerySet[Any]) -> None:
    """Give a form's model choice fields the town's rows: the fields are declared with
    `.none()`, because the town is known only when the form is made."""
    for name, queryset in querysets.items():
        field = form.fields[name]
        if not isinstance(field, forms.ModelChoiceField):
            raise TypeError(f"{name} is not a model choice field")
        field.queryset = queryset


class _DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class PersonForm(forms.Form):
    """A person entered by staff. Fields are not `required` here on purpose: the service says
    what is missing in the same words for the web form, list imports and the API."""

    surname = forms.CharField(label=_("Фамилия"), required=False, strip=False)
    given_name = forms.CharField(label=_("Имя"), required=False, strip=False)
    patronymic = forms.CharField(label=_("Отчество"), required=False, strip=False)
    birth_date = forms.DateField(
        label=_("Дата рождения"), required=False, input_formats=DATE_FORMATS, widget=_DateInput(),
        error_messages={"invalid": DATE_ERROR},
    )
    phone = forms.CharField(label=_("Телефон"), required=False,
                            widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
                            help_text=_("Например, +7 912 345-67-89"))
    email = forms.CharField(label=_("Email"), required=False,
                            widget=forms.TextInput(attrs={"type": "email", "autocomplete": "off"}))
    district = forms.ModelChoiceField(label=_("Район"), queryset=District.objects.none(),
                                      required=False, empty_label=_("— не указан —"))
    building = forms.ModelChoiceField(label=_("Дом"), queryset=Building.objects.none(),
                                      required=False, empty_label=_("— не указан —"))
    apartment = forms.CharField(label=_("Квартира"), required=False)
    segments = forms.ModelMultipleChoiceField(
        label=_("Сегменты"), queryset=Segment.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    verification = forms.TypedChoiceField(label=_("Подтверждение личности"), coerce=int,
                                          choices=VerificationLevel.choices,
                                          initial=VerificationLevel.NONE)
    source_kind = forms.ChoiceField(label=_("Откуда сведения"), choices=SourceKind.choices,
                                    initial=SourceKind.STAFF)
    source_list = forms.ModelChoiceField(label=_("Список"), queryset=SourceList.objects.none(),
                                         required=False, empty_label=_("— без списка —"))

    REQUIRED = ("surname", "given_name")

    def __init__(self, *args, territory: Territory, **kwargs):
        super().__init__(*args, **kwargs)
        limit_choices(self, district=District.objects.filter(territory=territory),
                      building=Building.objects.filter(territory=territory),
                      segments=Segment.objects.filter(territory=territory),
                      source_list=SourceList.objects.filter(territory=territory))
        for name in self.REQUIRED:
            self.fields[name].widget.attrs["aria-required"] = "true"

    def clean(self):
        data = super().clean()
        building, district = data.get("building"), data.get("district")
        if building and district and building.district_id != district.pk:
            self.add_error("building", _("Этот дом находится в другом районе. Выберите район "
                                         "дома или оставьте район пустым."))
        if data.get("source_kind") == SourceKind.LIST and not data.get("source_list"):
            self.add_error("source_list", _("Выберите список, из которого взяты сведения."))
        return data


class RegistryFilterForm(forms.Form):
    ACTIVITY = [
        ("", _("любая")),
        ("30", _("участвовали за 30 дней")),
        ("90", _("участвовали за 90 дней")),
        ("365", _("участвовали за год")),
        ("never", _("ни разу не участвовали")),
    ]
    q = forms.CharField(label=_("Имя, телефон или email"), required=False,
                        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}))
    district = forms.ModelChoiceField(label=_("Район"), queryset=District.objects.none(),
                                      required=False, empty_label=_("все районы"))
    segment = forms.ModelChoiceField(label=_("Сегмент"), queryset=Segment.objects.none(),
                                     required=False, empty_label=_("все сегменты"))
    activity = forms.ChoiceField(label=_("Активность"), choices=ACTIVITY, required=False)

    def __init__(self, *args, territory: Territory, **kwargs):
        super().__init__(*args, **kwargs)
        limit_choices(self, district=District.objects.filter(territory=territory),
                      segment=Segment.objects.filter(territory=territory))

    def search_kwargs(self) -> dict:
        """Arguments for persons_search from whatever parsed; a bad filter is dropped, not fatal."""
        self.is_valid()
        data = self.cleaned_data
        activity = data.get("activity") or ""
        return {
            "q": data.get("q") or "",
            "district_id": data["district"].pk if data.get("district") else None,
            "segment_id": data["segment"].pk if data.get("segment") else None,
            "active_days": int(activity) if activity.isdigit() else None,
            "never_active": activity == "never",
        }


class LedgerFilterForm(forms.Form):
    PERIODS = [("", _("всё время")), ("30", _("30 дней")), ("90", _("90 дней")),
               ("365", _("год"))]
    kind = forms.ChoiceField(label=_("Вид действия"), required=False,
                             choices=[("", _("все виды")), *ActionKind.choices])
    topic = forms.ModelChoiceField(label=_("Тема"), queryset=CityTopic.objects.none(),
                                   required=False, empty_label=_("все темы"))
    period = forms.ChoiceField(label=_("Период"), choices=PERIODS, required=False)
    date_from = forms.DateField(label=_("С даты"), required=False, input_formats=DATE_FORMATS,
                                widget=_DateInput(), error_messages={"invalid": DATE_ERROR})
    date_to = forms.DateField(label=_("По дату"), required=False, input_formats=DATE_FORMATS,
                              widget=_DateInput(), error_messages={"invalid": DATE_ERROR})

    def __init__(self, *args, territory: Territory, **kwargs):
        super().__init__(*args, **kwargs)
        limit_choices(self, topic=CityTopic.objects.filter(territory=territory))

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", _("Дата «по» раньше даты «с». Поменяйте их местами."))
        return data


class TopicForm(forms.Form):
    name = forms.CharField(label=_("Название темы"), required=False)
    description = forms.CharField(label=_("Описание"), required=False, widget=forms.Textarea(
        attrs={"rows": 3}))
    order = forms.IntegerField(label=_("Порядок в списке"), required=False, min_value=0,
                               initial=0, error_messages={
                                   "invalid": _("Порядок — целое число, например 10."),
                                   "min_value": _("Порядок не может быть отрицательным.")})


class EraseForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Я понимаю: мои имя, контакты и адрес будут удалены без возможности "
                "восстановления, а вход в учётную запись станет невозможен."),
        error_messages={"required": _("Отметьте, что вы понимаете последствия удаления.")},
    )
