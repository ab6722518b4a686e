"""The town's population figures and the base of its 10% goal, and the town's time zone, set by
staff and the head in the back office. Seed 000: «ориентир 10% жителей» — the town's residents
by default; a town may count its target against residents 14+. The figures name their source
and date, since the public page quotes them («N из M жителей; источник, на дату»)."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from veche.accounts.access import role_required
from veche.accounts.contract import OFFICE
from veche.territories.models import EngagementBase
from veche.territories.services import territory_population_set, territory_time_zone_set
from veche.territories.timezones import ZONES, moscow_offset

from ..forms import attach_errors

# Staff and the head: the same set the API's TOWN_STAFF uses for the goal's base.
population_staff = role_required(OFFICE)

_NUMBER = {"invalid": gettext_lazy("Впишите целое число, например 23400."),
           "min_value": gettext_lazy("Численность не может быть отрицательной.")}


class PopulationForm(forms.Form):
    population_total = forms.IntegerField(label=gettext_lazy("Все жители города"), min_value=0,
                                          error_messages=_NUMBER)
    population_14_plus = forms.IntegerField(label=gettext_lazy("Жители 14 лет и старше"),
                                            min_value=0, error_messages=_NUMBER)
    engagement_base = forms.ChoiceField(
        label=gettext_lazy("От какой численности считать ориентир 10 %"),
        choices=EngagementBase.choices, widget=forms.RadioSelect,
        help_text=gettext_lazy("В семени проекта ориентир — 10 % жителей города."))
    population_source = forms.CharField(
        label=gettext_lazy("Источник численности"), max_length=200, required=False,
        help_text=gettext_lazy("Например: «Росстат, оценка на 1 января» или «Перепись 2021»."))
    population_as_of = forms.DateField(
        label=gettext_lazy("На какую дату"), required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": gettext_lazy("Дата в виде ДД.ММ.ГГГГ.")})


@population_staff
def population(request, slug):
    town = request.territory
    initial = {"population_total": town.population_total,
               "population_14_plus": town.population_14_plus,
               "engagement_base": town.engagement_base,
               "population_source": town.population_source,
               "population_as_of": town.population_as_of}
    form = PopulationForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            territory_population_set(territory=town, **form.cleaned_data)
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("Численность и база ориентира сохранены."))
            return redirect("web:office", slug=town.slug)
    return render(request, "web/office/population.html", {"form": form},
                  status=400 if form.errors else 200)


class TimeZoneForm(forms.Form):
    time_zone = forms.ChoiceField(
        label=gettext_lazy("Часовой пояс города"), choices=ZONES,
        help_text=gettext_lazy("По нему показываются время встреч, сроки голосований и "
                               "обращений, афиши и напоминания."))


@population_staff
def time_zone(request, slug):
    town = request.territory
    form = TimeZoneForm(request.POST if request.method == "POST" else None,
                        initial={"time_zone": town.time_zone})
    if request.method == "POST" and form.is_valid():
        try:
            territory_time_zone_set(territory=town, time_zone=form.cleaned_data["time_zone"])
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("Часовой пояс сохранён: %(zone)s.") % {
                "zone": dict(ZONES)[town.time_zone]})
            return redirect("web:office", slug=town.slug)
    return render(request, "web/office/time_zone.html", {
        "form": form, "offset": moscow_offset(town.time_zone)},
        status=400 if form.errors else 200)
