"""Forms of the initiatives, volunteers and speakers pages. Most fields are not `required`: the
services say what is missing or wrong, in the same words for the page and the API."""

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from veche.events.models import CitizenInitiative, Event, VolunteerSignup
from veche.events.services.initiatives import LINK_TYPES
from veche.territories.models import CityTopic, District, Territory

from ...forms import limit_choices
from .event_forms import DATE_FORMATS, DateInput, _dt

DATE_ERROR = _("Введите дату в виде ДД.ММ.ГГГГ.")
LINK_LABELS = {
    "votes.vote": _("голосование"),
    "appeals.appeal": _("обращение"),
    "appeals.headmeeting": _("встреча Главы с жителями"),
    "practices.practice": _("практика из банка"),
    "events.event": _("мероприятие"),
}


def _date(label, required=False):
    return forms.DateField(label=label, required=required, input_formats=DATE_FORMATS,
                           widget=DateInput(), error_messages={"invalid": DATE_ERROR})


class InitiativeForm(forms.Form):
    kind = forms.ChoiceField(label=_("Что это"), choices=CitizenInitiative.Kind.choices,
                             initial=CitizenInitiative.Kind.INITIATIVE)
    title = forms.CharField(label=_("Название"), max_length=300, required=False)
    goals = forms.CharField(label=_("Цели: чего хотите добиться"), required=False,
                            widget=forms.Textarea(attrs={"rows": 3}))
    description = forms.CharField(label=_("Описание: что и как будете делать"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 5}))
    topic = forms.ModelChoiceField(label=_("Тема"), queryset=CityTopic.objects.none(),
                                   required=False, empty_label=_("— не выбрана —"))
    district = forms.ModelChoiceField(label=_("Район"), queryset=District.objects.none(),
                                      required=False, empty_label=_("— весь город —"))

    def __init__(self, *args, territory: Territory, **kwargs):
        super().__init__(*args, **kwargs)
        limit_choices(self, topic=CityTopic.objects.filter(territory=territory),
                      district=District.objects.filter(territory=territory))
        for name in ("title", "goals"):
            self.fields[name].widget.attrs["aria-required"] = "true"


class InitiativeFilterForm(forms.Form):
    q = forms.CharField(label=_("Поиск"), required=False,
                        widget=forms.TextInput(attrs={"type": "search"}))
    status = forms.ChoiceField(label=_("Состояние"), required=False,
                               choices=[("", _("все")), *CitizenInitiative.Status.choices])
    kind = forms.ChoiceField(label=_("Вид"), required=False,
                             choices=[("", _("все")), *CitizenInitiative.Kind.choices])
    topic = forms.ModelChoiceField(label=_("Тема"), queryset=CityTopic.objects.none(),
                                   required=False, empty_label=_("все темы"))
    district = forms.ModelChoiceField(label=_("Район"), queryset=District.objects.none(),
                                      required=False, empty_label=_("все районы"))

    def __init__(self, *args, territory: Territory, **kwargs):
        super().__init__(*args, **kwargs)
        limit_choices(self, topic=CityTopic.objects.filter(territory=territory),
                      district=District.objects.filter(territory=territory))

    def search_kwargs(self) -> dict:
        if not self.is_valid():
            return {}
        d = self.cleaned_data
        return {"status": d["status"], "kind": d["kind"], "q": d["q"].strip(),
                "topic_id": d["topic"].pk if d["topic"] else None,
                "district_id": d["district"].pk if d["district"] else None}


class ResultsForm(forms.Form):
    results = forms.CharField(label=_("Результаты или причина"), required=False,
                              widget=forms.Textarea(attrs={"rows": 3}))


class InitiativeLinkForm(forms.Form):
    object_type = forms.ChoiceField(label=_("С чем связать"),
                                    choices=[(t, LINK_LABELS[t]) for t in LINK_TYPES])
    object_id = forms.CharField(label=_("Номер записи (id)"), max_length=20)
    title = forms.CharField(label=_("Подпись (необязательно)"), max_length=300, required=False)


class TaskForm(forms.Form):
    title = forms.CharField(label=_("Что нужно сделать"), max_length=300, required=False)
    description = forms.CharField(label=_("Подробности"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 3}))
    volunteers_needed = forms.IntegerField(label=_("Сколько нужно волонтёров"), initial=1,
                                           min_value=1, max_value=10000)
    hours_planned = forms.CharField(label=_("Часов на человека"), initial="2", max_length=8)
    starts_at = _dt(_("Начало (необязательно)"))
    ends_at = _dt(_("Окончание (необязательно)"))


class HoursForm(forms.Form):
    done_on = _date(_("Когда работали"), required=True)
    hours = forms.CharField(label=_("Сколько часов"), max_length=8,
                            help_text=_("Например, 2 или 2,5"))
    description = forms.CharField(label=_("Что сделано"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 2}))


class LogHoursForm(HoursForm):
    signup = forms.ModelChoiceField(label=_("Волонтёр"), queryset=VolunteerSignup.objects.none(),
                                    empty_label=None)
    field_order = ["signup", "done_on", "hours", "description"]

    def __init__(self, *args, signups, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["signup"].queryset = signups
        self.fields["signup"].label_from_instance = lambda s: (  # type: ignore[attr-defined]
            f"{s.person.surname} {s.person.given_name}")


class RejectForm(forms.Form):
    reason = forms.CharField(label=_("Почему не подтверждаете"), required=False,
                             widget=forms.Textarea(attrs={"rows": 2}))


class SpeakerSearchForm(forms.Form):
    q = forms.CharField(label=_("Найти жителя в реестре (фамилия)"), required=False,
                        widget=forms.TextInput(attrs={"type": "search"}))


class SpeakerMarkForm(forms.Form):
    person_id = forms.IntegerField(widget=forms.HiddenInput)
    topics = forms.CharField(label=_("Темы выступлений"), max_length=500, required=False)


class AppearanceForm(forms.Form):
    on_date = _date(_("Дата"), required=True)
    title = forms.CharField(label=_("Тема выступления"), max_length=300, required=False)
    event = forms.ModelChoiceField(label=_("На мероприятии"), queryset=Event.objects.none(),
                                   required=False, empty_label=_("— не на мероприятии —"))
    channel = forms.CharField(label=_("Где (площадка, СМИ)"), max_length=300, required=False)
    url = forms.CharField(label=_("Ссылка"), max_length=500, required=False)
    audience = forms.IntegerField(label=_("Аудитория, человек"), required=False, min_value=0)

    def __init__(self, *args, territory: Territory, **kwargs):
        super().__init__(*args, **kwargs)
        # The last year's events (the list stays short enough for a select).
        since = timezone.now() - dt.timedelta(days=366)
        limit_choices(self, event=Event.objects.filter(territory=territory, starts_at__gte=since)
                      .exclude(status__in=["draft", "cancelled"]).order_by("-starts_at"))
