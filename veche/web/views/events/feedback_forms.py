"""Forms of the feedback and criteria pages. They only parse what the browser sent; the rules
(a rating is 1–5, a required question, a choice among the options, a number with its source)
are the services', whose messages come back onto the fields (web/forms.attach_errors)."""

from collections.abc import Callable

from django import forms
from django.utils.translation import gettext_lazy as _

from veche.events.criteria import criterion_choices
from veche.events.feedback import ADDABLE_KINDS, RATING_SCALE
from veche.events.models import FeedbackQuestion, QuestionKind

TEXT_ROWS = 3


def _text(label: str, required: bool) -> forms.CharField:
    return forms.CharField(label=label, required=False,
                           widget=forms.Textarea(attrs={"rows": TEXT_ROWS, "maxlength": 4000,
                                                        **({"aria-required": "true"}
                                                           if required else {})}))


def _rating(q: FeedbackQuestion, mark: dict) -> forms.Field:
    return forms.TypedChoiceField(label=q.text, required=False, coerce=int, empty_value=None,
                                  choices=[(v, str(v)) for v in RATING_SCALE],
                                  widget=forms.RadioSelect(attrs=mark))


def _choice(q: FeedbackQuestion, mark: dict) -> forms.Field:
    return forms.ChoiceField(label=q.text, required=False, choices=[(c, c) for c in q.choices],
                             widget=forms.RadioSelect(attrs=mark))


def _free_text(q: FeedbackQuestion, mark: dict) -> forms.Field:
    return _text(q.text, q.required)


# How each kind of question is asked (any other kind: free text), and which kinds carry a
# «да, хочу помочь» tick beside their text.
FIELDS: dict[str, Callable[[FeedbackQuestion, dict], forms.Field]] = {
    QuestionKind.RATING: _rating, QuestionKind.CHOICE: _choice}
WITH_TICK = frozenset({QuestionKind.HELP})


class AnswerForm(forms.Form):
    """One field per question, named q<id> (the service's error keys); «хочу помочь» has a
    tick q<id>_yes and what with, q<id>. Nothing is `required` here: the service says it."""

    def __init__(self, *args, questions: list[FeedbackQuestion], **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        for q in questions:
            name, mark = f"q{q.pk}", {"aria-required": "true"} if q.required else {}
            if q.kind in WITH_TICK:
                self.fields[f"{name}_yes"] = forms.BooleanField(
                    label=_("Да, хочу помочь"), required=False)
            self.fields[name] = FIELDS.get(q.kind, _free_text)(q, mark)

    def answers(self) -> dict[int, object]:
        data = self.cleaned_data
        out: dict[int, object] = {}
        for q in self.questions:
            value = data.get(f"q{q.pk}")
            out[q.pk] = ({"yes": data.get(f"q{q.pk}_yes"), "text": value or ""}
                         if q.kind in WITH_TICK else value)
        return out

    def rows(self) -> list[dict]:
        """The questions in order with their bound fields, for the template."""
        return [{"question": q, "field": self[f"q{q.pk}"],
                 "yes": self[f"q{q.pk}_yes"] if q.kind in WITH_TICK else None}
                for q in self.questions]


class QuestionnaireForm(forms.Form):
    title = forms.CharField(label=_("Заголовок анкеты"), max_length=300, required=False)
    intro = forms.CharField(label=_("Вступление"), required=False,
                            widget=forms.Textarea(attrs={"rows": 3}))
    closes_at = forms.DateTimeField(
        label=_("Принимает ответы до"), required=False,
        input_formats=["%Y-%m-%dT%H:%M", "%d.%m.%Y %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"))


class QuestionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Вид вопроса"),
                             choices=[(k.value, k.label) for k in ADDABLE_KINDS])
    text = forms.CharField(label=_("Вопрос"), max_length=500, required=False)
    required = forms.BooleanField(label=_("Обязательный"), required=False)
    choices = forms.CharField(label=_("Варианты ответа (по одному в строке)"), required=False,
                              widget=forms.Textarea(attrs={"rows": 3}))

    def choice_list(self) -> list[str]:
        return [c for c in self.cleaned_data.get("choices", "").splitlines() if c.strip()]


class CatalogueCriterionForm(forms.Form):
    code = forms.ChoiceField(label=_("Критерий из каталога"), choices=criterion_choices)
    target = forms.CharField(label=_("Цель"), max_length=30, required=False)


class OwnCriterionForm(forms.Form):
    name = forms.CharField(label=_("Свой критерий"), max_length=300, required=False)
    unit = forms.CharField(label=_("Единица"), max_length=40, required=False)
    target = forms.CharField(label=_("Цель"), max_length=30, required=False)
    manual_value = forms.CharField(label=_("Значение"), max_length=30, required=False)
    value_source = forms.CharField(label=_("Источник значения"), max_length=300,
                                   required=False)


class CriterionValueForm(forms.Form):
    manual_value = forms.CharField(label=_("Значение"), max_length=30, required=False)
    value_source = forms.CharField(label=_("Источник значения"), max_length=300,
                                   required=False)
    target = forms.CharField(label=_("Цель"), max_length=30, required=False)
