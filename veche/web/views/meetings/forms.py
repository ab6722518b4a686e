"""Forms of the meetings pages. Fields are mostly not `required`: the services say what is
missing, in the same words for the page and the API (as web/forms.py does)."""

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from veche.accounts.models import Department, Membership, Role, User
from veche.appeals.models import MeetingSeries, TemplateSolution
from veche.territories.models import Building, CityTopic, Territory

from ...forms import limit_choices

DATE_FORMATS = ["%Y-%m-%d", "%d.%m.%Y"]
DATE_ERROR = _("Введите дату в виде ДД.ММ.ГГГГ.")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs):
        super().__init__(format="%H:%M", **kwargs)


def _date(label, **kw):
    return forms.DateField(label=label, required=False, input_formats=DATE_FORMATS,
                           widget=DateInput(), error_messages={"invalid": DATE_ERROR}, **kw)


def _time(label, **kw):
    return forms.TimeField(label=label, required=False, widget=TimeInput(),
                           error_messages={"invalid": _("Введите время в виде ЧЧ:ММ.")}, **kw)


def staff_users(territory: Territory):
    ids = Membership.objects.filter(territory=territory, role__in=(Role.STAFF, Role.HEAD)) \
        .values_list("user_id", flat=True)
    return User.objects.filter(pk__in=ids).order_by("full_name")


class MeetingForm(forms.Form):
    day = _date(_("Дата"))
    time = _time(_("Время"))
    building = forms.ModelChoiceField(label=_("Дом (двор)"), queryset=Building.objects.none(),
                                      required=False, empty_label=_("— выберите дом —"))
    place = forms.CharField(label=_("Место"), required=False, max_length=400,
                            help_text=_("Например: «во дворе, у детской площадки»"))
    head_name = forms.CharField(label=_("Кто проводит (ФИО Главы)"), required=False,
                                max_length=400)
    duration_minutes = forms.IntegerField(label=_("Продолжительность, минут"), required=False,
                                          initial=60, error_messages={
                                              "invalid": _("Введите число минут, например 60.")})
    series = forms.ModelChoiceField(label=_("Цикл встреч"), queryset=MeetingSeries.objects.none(),
                                    required=False, empty_label=_("— без цикла —"))

    def __init__(self, *args, territory: Territory, **kwargs):
        super().__init__(*args, **kwargs)
        limit_choices(self, building=Building.objects.filter(territory=territory),
                      series=MeetingSeries.objects.filter(territory=territory))
        for name in ("day", "time", "head_name"):
            self.fields[name].widget.attrs["aria-required"] = "true"

    def starts_at(self) -> dt.datetime | None:
        d, t = self.cleaned_data.get("day"), self.cleaned_data.get("time")
        if not d or not t:
            return None
        return dt.datetime.combine(d, t, timezone.get_current_timezone())


class QuestionForm(forms.Form):
    """The phone form at the meeting: who asks (surname is required by 59-FZ), the question,
    and optionally the assignment given on the spot."""

    surname = forms.CharField(label=_("Фамилия"), required=False, max_length=200)
    given_name = forms.CharField(label=_("Имя и отчество"), required=False, max_length=300)
    apartment = forms.CharField(label=_("Квартира"), required=False, max_length=20)
    phone = forms.CharField(label=_("Телефон"), required=False, max_length=40,
                            widget=forms.TextInput(attrs={"type": "tel", "inputmode": "tel"}))
    email = forms.CharField(label=_("Email"), required=False, max_length=300,
                            widget=forms.TextInput(attrs={"type": "email"}))
    text = forms.CharField(label=_("Вопрос"), required=False, max_length=200_000,
                           widget=forms.Textarea(attrs={"rows": 4}))
    topic = forms.ModelChoiceField(label=_("Тема"), queryset=CityTopic.objects.none(),
                                   required=False, empty_label=_("— без темы —"))
    task = forms.CharField(label=_("Поручение"), required=False, max_length=20_000,
                           widget=forms.Textarea(attrs={"rows": 2}))
    department = forms.ModelChoiceField(label=_("Ответственный отдел"),
                                        queryset=Department.objects.none(), required=False,
                                        empty_label=_("— не выбран —"))
    organisation = forms.CharField(label=_("или организация (УК, предприятие)"),
                                   required=False, max_length=400)
    executor = forms.ModelChoiceField(label=_("Исполнитель"), queryset=User.objects.none(),
                                      required=False, empty_label=_("— не выбран —"))
    deadline = _date(_("Срок исполнения"))
    client_key = forms.CharField(required=False, widget=forms.HiddenInput, max_length=40)

    def __init__(self, *args, territory: Territory, **kwargs):
        super().__init__(*args, **kwargs)
        limit_choices(self, topic=CityTopic.objects.filter(territory=territory, is_active=True),
                      department=Department.objects.filter(territory=territory),
                      executor=staff_users(territory))
        for name in ("surname", "given_name", "text"):
            self.fields[name].widget.attrs["aria-required"] = "true"
        self.fields["surname"].widget.attrs["autocomplete"] = "off"


class ParticipantForm(forms.Form):
    name = forms.CharField(label=_("ФИО участника"), required=False, max_length=400)
    apartment = forms.CharField(label=_("Квартира"), required=False, max_length=20)


class HeadcountForm(forms.Form):
    count = forms.IntegerField(label=_("Всего участников"), required=False, error_messages={
        "invalid": _("Введите число участников, например 40.")})


class AskForm(forms.Form):
    """A resident's question before the meeting (the poster's QR code)."""

    surname = forms.CharField(label=_("Фамилия"), required=False, max_length=200)
    given_name = forms.CharField(label=_("Имя и отчество"), required=False, max_length=300)
    email = forms.CharField(label=_("Email для ответа"), required=False, max_length=300,
                            widget=forms.TextInput(attrs={"type": "email",
                                                          "autocomplete": "email"}))
    apartment = forms.CharField(label=_("или номер квартиры в этом доме"), required=False,
                                max_length=20, help_text=_("Ответ придёт по почте на этот "
                                                           "адрес."))
    text = forms.CharField(label=_("Ваш вопрос"), required=False, max_length=200_000,
                           widget=forms.Textarea(attrs={"rows": 6}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("surname", "given_name", "text"):
            self.fields[name].widget.attrs["aria-required"] = "true"


class ResultsForm(forms.Form):
    results_summary = forms.CharField(label=_("Итоги для жителей"), required=False,
                                      max_length=20_000, widget=forms.Textarea(attrs={"rows": 5}))


class PublishForm(forms.Form):
    public_text = forms.CharField(label=_("Вопрос (для жителей, без имён)"), required=False,
                                  max_length=2000)
    public_outcome = forms.CharField(label=_("Что сделано"), required=False, max_length=5000)


class PeriodForm(forms.Form):
    date_from = _date(_("С даты"))
    date_to = _date(_("По дату"))

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", _("Дата «по» раньше даты «с». Поменяйте их местами."))
        return data


class SeriesPlanForm(forms.Form):
    title = forms.CharField(label=_("Название цикла"), required=False, max_length=400)
    buildings = forms.ModelMultipleChoiceField(label=_("Дома"), queryset=Building.objects.none(),
                                               required=False,
                                               widget=forms.CheckboxSelectMultiple)
    first_day = _date(_("Первая встреча"))
    every_days = forms.IntegerField(label=_("Каждые, дней"), required=False, initial=7,
                                    error_messages={"invalid": _("Введите число дней.")})
    at_time = _time(_("Время встреч"), initial=dt.time(18, 30))
    head_name = forms.CharField(label=_("Кто проводит (ФИО Главы)"), required=False,
                                max_length=400)

    def __init__(self, *args, buildings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["buildings"].queryset = buildings


class SolutionForm(forms.Form):
    title = forms.CharField(label=_("Название"), required=False, max_length=2000)
    problem = forms.CharField(label=_("Описание проблемы"), required=False, max_length=50_000,
                              widget=forms.Textarea(attrs={"rows": 4}))
    steps = forms.CharField(label=_("Шаги (каждый с новой строки)"), required=False,
                            max_length=50_000, widget=forms.Textarea(attrs={"rows": 8}))
    keywords = forms.CharField(label=_("Ключевые слова"), required=False, max_length=2000)
    topic = forms.ModelChoiceField(label=_("Тема"), queryset=CityTopic.objects.none(),
                                   required=False, empty_label=_("— без темы —"))
    is_published = forms.BooleanField(label=_("Предлагать сотрудникам"), required=False,
                                      initial=True)
    doc_title = forms.CharField(label=_("Шаблон документа: название"), required=False,
                                max_length=2000)
    doc_body = forms.CharField(label=_("Шаблон документа: текст"), required=False,
                               max_length=100_000, widget=forms.Textarea(attrs={"rows": 6}))

    def __init__(self, *args, territory: Territory, **kwargs):
        super().__init__(*args, **kwargs)
        limit_choices(self, topic=CityTopic.objects.filter(territory=territory))
        for name in ("title", "problem", "steps"):
            self.fields[name].widget.attrs["aria-required"] = "true"


class LinkSolutionForm(forms.Form):
    solution = forms.ModelChoiceField(label=_("Типовое решение"),
                                      queryset=TemplateSolution.objects.none(), required=False,
                                      empty_label=_("— не связано —"))

    def __init__(self, *args, solutions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["solution"].queryset = solutions
