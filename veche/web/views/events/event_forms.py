"""Forms of the events core pages. Fields are mostly not `required`: the services say what is
missing or wrong, in the same words for the page and the API."""

from django import forms
from django.utils.translation import gettext_lazy as _

from veche.accounts.models import Membership, Role, User
from veche.events.kinds import kind_choices
from veche.events.models import EventFormat, EventStatus, OrganiserKind, VenueKind
from veche.territories.models import CityTopic, District, Territory

from ...forms import limit_choices

DATE_FORMATS = ["%Y-%m-%d", "%d.%m.%Y"]
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d.%m.%Y %H:%M"]
DT_ERROR = _("Введите дату и время в виде ДД.ММ.ГГГГ ЧЧ:ММ.")


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def _dt(label):
    return forms.DateTimeField(label=label, required=False, input_formats=DATETIME_FORMATS,
                               widget=DateTimeInput(), error_messages={"invalid": DT_ERROR})


def _blank(choices):
    return [("", "—"), *choices]


def staff_users(territory: Territory):
    ids = Membership.objects.filter(
        territory=territory, role__in=(Role.STAFF, Role.HEAD, Role.ENTERPRISE)
    ).values_list("user_id", flat=True)
    return User.objects.filter(pk__in=ids).order_by("full_name")


class EventForm(forms.Form):
    kind = forms.ChoiceField(label=_("Вид мероприятия"), choices=kind_choices, required=False)
    title = forms.CharField(label=_("Название"), max_length=300, required=False)
    description = forms.CharField(label=_("Описание"), required=False, widget=forms.Textarea(
        attrs={"rows": 4}))
    organiser_kind = forms.ChoiceField(label=_("Организатор"), choices=OrganiserKind.choices,
                                       required=False)
    organiser_name = forms.CharField(label=_("Организатор (название)"), max_length=300,
                                     required=False)
    partner_kinds = forms.MultipleChoiceField(
        label=_("Соорганизаторы"), choices=OrganiserKind.choices, required=False,
        widget=forms.CheckboxSelectMultiple)
    format = forms.ChoiceField(label=_("Формат"), choices=EventFormat.choices, required=False)
    venue_kind = forms.ChoiceField(label=_("Место проведения"), choices=VenueKind.choices,
                                   required=False)
    venue_name = forms.CharField(label=_("Площадка"), max_length=300, required=False)
    address = forms.CharField(label=_("Адрес"), max_length=300, required=False)
    latitude = forms.FloatField(label=_("Широта"), required=False,
                                help_text=_("Точка на карте, например 56.79"))
    longitude = forms.FloatField(label=_("Долгота"), required=False,
                                 help_text=_("Например 61.32"))
    district = forms.ModelChoiceField(label=_("Район"), queryset=District.objects.none(),
                                      required=False)
    topic = forms.ModelChoiceField(label=_("Тема"), queryset=CityTopic.objects.none(),
                                   required=False)
    starts_at = _dt(_("Начало"))
    ends_at = _dt(_("Окончание"))
    expected_participants = forms.IntegerField(label=_("Ожидается участников"), min_value=0,
                                               required=False)
    actual_participants = forms.IntegerField(label=_("Пришло участников"), min_value=0,
                                             required=False)
    registration_open = forms.BooleanField(label=_("Нужна регистрация (билет с QR-кодом)"),
                                           required=False)
    capacity = forms.IntegerField(label=_("Мест"), min_value=0, required=False,
                                  help_text=_("Пусто — без ограничения"))
    announcement_url = forms.URLField(label=_("Ссылка на анонс"), required=False,
                                      max_length=500)
    press_release_url = forms.URLField(label=_("Ссылка на пресс-релиз"), required=False,
                                       max_length=500)
    media_reach = forms.IntegerField(label=_("Охват в СМИ и соцсетях"), min_value=0,
                                     required=False)
    responsible = forms.ModelChoiceField(label=_("Ответственный"), queryset=User.objects.none(),
                                         required=False)
    responsible_name = forms.CharField(label=_("Ответственный (ФИО, должность)"),
                                       max_length=300, required=False)

    def __init__(self, *args, territory: Territory, enterprise_only: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        limit_choices(self, district=District.objects.filter(territory=territory),
                      topic=CityTopic.objects.filter(territory=territory),
                      responsible=staff_users(territory))
        if enterprise_only:
            self.fields["organiser_kind"].choices = [  # type: ignore[attr-defined]
                (OrganiserKind.ENTERPRISE, OrganiserKind.ENTERPRISE.label)]

    def service_fields(self) -> dict:
        d = dict(self.cleaned_data)
        d["expected_participants"] = d.get("expected_participants") or 0
        d["partner_kinds"] = list(d.get("partner_kinds") or [])
        return d


class EventFilterForm(forms.Form):
    date_from = forms.DateField(label=_("С"), required=False, input_formats=DATE_FORMATS,
                                widget=DateInput())
    date_to = forms.DateField(label=_("По"), required=False, input_formats=DATE_FORMATS,
                              widget=DateInput())
    kind = forms.ChoiceField(label=_("Вид"), choices=lambda: _blank(kind_choices()),
                             required=False)
    organiser_kind = forms.ChoiceField(label=_("Организатор"),
                                       choices=_blank(OrganiserKind.choices), required=False)
    status = forms.ChoiceField(label=_("Статус"), choices=_blank(EventStatus.choices),
                               required=False)
    q = forms.CharField(label=_("Поиск"), required=False, max_length=100)

    def search_kwargs(self) -> dict:
        if not self.is_valid():
            return {}
        return {k: v for k, v in self.cleaned_data.items() if v}


class DecisionForm(forms.Form):
    text = forms.CharField(label=_("Решение"), required=False,
                           widget=forms.Textarea(attrs={"rows": 3}))
    responsible = forms.CharField(label=_("Ответственный"), required=False, max_length=300)
    due_on = forms.DateField(label=_("Срок"), required=False, input_formats=DATE_FORMATS,
                             widget=DateInput())


class LinkForm(forms.Form):
    url = forms.CharField(label=_("Ссылка на голосование, обращение, встречу Главы или "
                                  "практику"), required=False, max_length=500,
                          help_text=_("Скопируйте адрес страницы из браузера"))


class PhotoForm(forms.Form):
    image = forms.ImageField(label=_("Фотография"), required=False)
    caption = forms.CharField(label=_("Подпись"), required=False, max_length=300)


class HoldForm(forms.Form):
    actual_participants = forms.IntegerField(label=_("Пришло участников"), min_value=0,
                                             required=False)


class ScanForm(forms.Form):
    code = forms.CharField(label=_("Код билета"), required=False, max_length=2000,
                           widget=forms.TextInput(attrs={"autocomplete": "off",
                                                         "autocapitalize": "off",
                                                         "spellcheck": "false"}))


class PersonSearchForm(forms.Form):
    q = forms.CharField(label=_("Фамилия, имя или телефон"), required=False, max_length=100)
