"""Forms of the reception pages. They parse what the browser sent; the services say what is
wrong, in the same words for the page and the API."""

from django import forms
from django.utils.translation import gettext_lazy as _

from veche.territories.models import CityTopic, Territory

from ...forms import limit_choices
from ..meetings.forms import DATE_ERROR, DATE_FORMATS, DateInput, TimeInput


class SlotForm(forms.Form):
    day = forms.DateField(label=_("Дата"), required=False, input_formats=DATE_FORMATS,
                          widget=DateInput(), error_messages={"invalid": DATE_ERROR})
    time = forms.TimeField(label=_("Время"), required=False, widget=TimeInput(),
                           error_messages={"invalid": _("Введите время в виде ЧЧ:ММ.")})
    minutes = forms.IntegerField(label=_("Длительность, минут"), required=False, initial=20)
    place = forms.CharField(label=_("Место"), required=False, max_length=400,
                            help_text=_("Например: «Администрация, каб. 12»"))
    host = forms.CharField(label=_("Кто ведёт приём"), required=False, max_length=400)


class BookingForm(forms.Form):
    question = forms.CharField(label=_("С каким вопросом вы придёте"), required=False,
                               max_length=2100, widget=forms.Textarea(attrs={"rows": 4}))
    phone = forms.CharField(label=_("Телефон для связи"), required=False, max_length=20)
    surname = forms.CharField(label=_("Фамилия"), required=False, max_length=100)
    given_name = forms.CharField(label=_("Имя и отчество"), required=False, max_length=200)


class RecordForm(forms.Form):
    text = forms.CharField(label=_("Вопрос заявителя, как он прозвучал на приёме"),
                           required=False, max_length=10_100,
                           widget=forms.Textarea(attrs={"rows": 6}))
    topic = forms.ModelChoiceField(label=_("Тема"), queryset=CityTopic.objects.none(),
                                   required=False, empty_label=_("— без темы —"))
    reply_email = forms.CharField(label=_("E-mail для ответа"), required=False, max_length=254)
    reply_postal = forms.CharField(label=_("Почтовый адрес для ответа"), required=False,
                                   max_length=600)

    def __init__(self, *args, territory: Territory, **kwargs):
        super().__init__(*args, **kwargs)
        limit_choices(self, topic=CityTopic.objects.filter(territory=territory, is_active=True))
