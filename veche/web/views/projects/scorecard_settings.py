"""The network's scorecard settings (issue 14, point 3): what seed 004 leaves open, changed by
a curator with a reason; every change is a new version, listed with who, when and why, and the
stored months are recomputed under it in the background."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from veche.accounts.otp import SecondFactorRequired
from veche.practices import access
from veche.practices.scorecard.params import (
    SETTING_INFO,
    current_params,
    legend,
    scorecard_settings_change,
    settings_history,
)

from ...forms import attach_errors


class SettingsForm(forms.Form):
    votes_held_points = forms.FloatField(label=SETTING_INFO["votes_held_points"][0],
                                         min_value=0, max_value=20)
    voters_share_percent = forms.FloatField(label=SETTING_INFO["voters_share_percent"][0],
                                            min_value=0.01, max_value=100)
    facts_full = forms.IntegerField(label=SETTING_INFO["facts_full"][0], min_value=1,
                                    max_value=31)
    speakers_window_months = forms.IntegerField(
        label=SETTING_INFO["speakers_window_months"][0], min_value=1, max_value=36)
    no_events_fails = forms.BooleanField(label=SETTING_INFO["no_events_fails"][0],
                                         required=False)
    reason = forms.CharField(label=gettext_lazy("Причина изменения (обязательно)"),
                             required=False, widget=forms.Textarea(attrs={"rows": 3}))


@login_required
def scorecard_settings(request):
    access.access_scorecard_settings(request.user)
    if not request.user.is_verified():
        raise SecondFactorRequired(_("Подтвердите вход вторым фактором (код из приложения)."))
    params = current_params()
    form = SettingsForm(request.POST or None, initial={
        name: getattr(params, name) for name in SETTING_INFO})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        reason = data.pop("reason")
        try:
            scorecard_settings_change(by=request.user, reason=reason, **data)
        except ValidationError as exc:  # the service's message goes back on its field
            attach_errors(form, exc)
        else:
            messages.success(request, _("Настройки сохранены; показатели всех городов "
                                        "пересчитываются с новыми настройками."))
            return redirect("web:projects_curator_settings")
    return render(request, "web/projects/scorecard_settings.html", {
        "form": form, "params": params, "legend": legend(params),
        "history": settings_history(), "info": SETTING_INFO,
    }, status=400 if form.errors else 200)
