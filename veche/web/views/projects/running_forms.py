"""Forms of a running practice's records (seed 004, stages 6–7): participants, their work,
plan corrections, assessments, answers to residents' proposals, and the resident's own
proposal. They parse only; the services (veche.practices.projects.running) check the rules."""

from django import forms
from django.utils.translation import gettext_lazy as _

from veche.practices.models import PlanAssessment, PlanParticipant, ResidentProposal

from ...forms import DATE_ERROR, DATE_FORMATS, _DateInput


def _date(label, required=False):
    return forms.DateField(label=label, required=required, input_formats=DATE_FORMATS,
                           widget=_DateInput(), error_messages={"invalid": DATE_ERROR})


def _text(label, rows=3):
    return forms.CharField(label=label, required=False,
                           widget=forms.Textarea(attrs={"rows": rows}))


class ParticipantForm(forms.Form):
    person = forms.IntegerField(label=_("Житель из реестра"), required=False,
                                widget=forms.HiddenInput)
    role = forms.ChoiceField(label=_("Роль"), choices=PlanParticipant.Role.choices)
    joined_on = _date(_("С какого дня участвует"))


class WorkForm(forms.Form):
    participant = forms.TypedChoiceField(label=_("Участник"), coerce=int)
    done_on = _date(_("Когда"), required=True)
    hours = forms.CharField(label=_("Часы"), widget=forms.TextInput(attrs={"inputmode":
                                                                        "decimal"}))
    task = forms.TypedChoiceField(label=_("Задача плана"), coerce=int, required=False,
                                  empty_value=None)
    description = _text(_("Что сделано"), rows=2)

    def __init__(self, *args, participants=(), tasks=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participant"].choices = [(p.pk, p.person.full_name) for p in participants]
        self.fields["task"].choices = [("", _("— без задачи —")),
                                       *[(t.pk, t.title) for t in tasks]]


class LeaveForm(forms.Form):
    participant = forms.IntegerField(widget=forms.HiddenInput)
    left_on = _date(_("Вышел из состава"), required=True)


class CorrectionForm(forms.Form):
    what = forms.ChoiceField(label=_("Что корректируем"))
    value = forms.CharField(label=_("Новое значение (дата — ДД.ММ.ГГГГ)"), required=False)
    reason = _text(_("Причина корректировки"), rows=2)

    def __init__(self, *args, choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["what"].choices = choices


class PlanAssessmentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Что оценено"), choices=PlanAssessment.Kind.choices)
    conclusion = _text(_("Вывод"), rows=3)
    evidence = forms.CharField(label=_("Документ (номер, дата) или ссылка"), required=False)


class AnswerForm(forms.Form):
    proposal = forms.IntegerField(widget=forms.HiddenInput)
    answer = _text(_("Ответ жителю"), rows=2)


class ProposalForm(forms.Form):
    kind = forms.ChoiceField(label=_("Ваше предложение"), choices=ResidentProposal.Kind.choices,
                             widget=forms.RadioSelect)
    text = _text(_("Почему и что именно"), rows=3)
