"""Forms of the projects pages. They only parse what the browser sent; the services check the
rules and their Russian messages are put back on the fields (attach_errors)."""

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from veche.accounts.models import User
from veche.practices.lifecycle import INITIATIVE_STATUS, PLAN, PLAN_DECISIONS
from veche.practices.models import (
    Body,
    BodyMember,
    CityProblem,
    ExternalResourceCase,
    Initiative,
)
from veche.practices.scorecard.rules import CUTOFFS
from veche.territories.models import CityTopic

from ...forms import DATE_ERROR, DATE_FORMATS, _DateInput


def _date(label, required=False):
    return forms.DateField(label=label, required=required, input_formats=DATE_FORMATS,
                           widget=_DateInput(), error_messages={"invalid": DATE_ERROR})


def _text(label, rows=3, **kw):
    return forms.CharField(label=label, required=False, widget=forms.Textarea(
        attrs={"rows": rows}), **kw)


class ProjectForm(forms.Form):
    year = forms.IntegerField(label=_("Год проекта"), min_value=2017, max_value=2100)
    title = forms.CharField(label=_("Название"), required=False)


class MarkForm(forms.Form):
    result_code = forms.CharField(widget=forms.HiddenInput)
    done = forms.BooleanField(label=_("Выполнено"), required=False, initial=True)
    evidence_text = forms.CharField(label=_("Подтверждение (номер, дата документа)"),
                                    required=False)
    evidence_url = forms.CharField(label=_("Ссылка на документ"), required=False)
    evidence_file = forms.FileField(label=_("Файл"), required=False)


class ProblemForm(forms.Form):
    text = _text(_("Проблема"))
    topic = forms.ModelChoiceField(label=_("Тема города"), queryset=CityTopic.objects.none(),
                                   required=False,
                                   empty_label=_("— без темы —"))
    source = forms.ChoiceField(label=_("Источник"), choices=CityProblem.Source.choices)

    def __init__(self, *args, topics=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topic"].queryset = topics


class InitiativeForm(forms.Form):
    title = forms.CharField(label=_("Инициатива"), required=False)
    description = _text(_("Описание"))
    problem = forms.ModelChoiceField(label=_("Решает проблему"),
                                     queryset=CityProblem.objects.none(), required=False,
                                     empty_label=_("— не выбрана —"))
    author_names = _text(_("Авторы (по одному в строке)"), rows=2)

    def __init__(self, *args, problems=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["problem"].queryset = problems


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Состояние"), choices=[
        (step.action, step.label) for step in INITIATIVE_STATUS.steps])


class BodyForm(forms.Form):
    kind = forms.ChoiceField(label=_("Вид органа"), choices=Body.Kind.choices)
    name = forms.CharField(label=_("Название"), required=False)
    order_number = forms.CharField(label=_("Номер распоряжения"), required=False)
    order_date = _date(_("Дата распоряжения"))
    tasks = _text(_("Задачи (по распоряжению)"), rows=2)


class MemberForm(forms.Form):
    person = forms.IntegerField(label=_("Житель из реестра (id)"), required=False,
                                widget=forms.HiddenInput)
    user = forms.ModelChoiceField(label=_("Пользователь (эксперт, сотрудник)"),
                                  queryset=User.objects.none(),
                                  required=False, empty_label=_("— не выбран —"))
    name = forms.CharField(label=_("ФИО (если нет в реестре)"), required=False)
    role = forms.ChoiceField(label=_("Роль"), choices=BodyMember.Role.choices,
                             initial=BodyMember.Role.MEMBER)
    position = forms.CharField(label=_("Должность, организация"), required=False)
    is_community_member = forms.BooleanField(
        label=_("Участник сообщества «Гражданин страны Росатом»"), required=False)

    def __init__(self, *args, users=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = users


class SessionForm(forms.Form):
    held_on = _date(_("Дата заседания"), required=True)
    title = forms.CharField(label=_("Тема заседания"), required=False)
    meeting_code = forms.ChoiceField(label=_("Мероприятие этапа проекта"), required=False)
    agenda = _text(_("Повестка (пункт на строку)"))
    minutes = _text(_("Протокол"), rows=5)
    decisions = _text(_("Решения (одно на строку)"))
    attendees = forms.IntegerField(label=_("Присутствовали"), min_value=0, required=False)
    minutes_file = forms.FileField(label=_("Файл протокола"), required=False)

    def __init__(self, *args, meetings=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting_code"].choices = [("", _("— не относится —")), *meetings]


class ScoreForm(forms.Form):
    effect = forms.TypedChoiceField(label=_("Эффективность"), coerce=int,
                                    choices=[(i, i) for i in range(1, 6)],
                                    widget=forms.RadioSelect)
    resources = forms.TypedChoiceField(label=_("Ресурсоёмкость (5 — ресурсы доступны)"),
                                       coerce=int, choices=[(i, i) for i in range(1, 6)],
                                       widget=forms.RadioSelect)
    timeframe = forms.TypedChoiceField(label=_("Сроки реализации (5 — быстро)"), coerce=int,
                                       choices=[(i, i) for i in range(1, 6)],
                                       widget=forms.RadioSelect)
    fit = forms.TypedChoiceField(label=_("Соответствие городским потребностям"), coerce=int,
                                 choices=[(i, i) for i in range(1, 6)],
                                 widget=forms.RadioSelect)
    comment = _text(_("Комментарий"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("effect", "resources", "timeframe", "fit"):
            self.fields[name].error_messages["required"] = _("Выберите оценку от 1 до 5.")


class ConflictForm(forms.Form):
    reason = _text(_("Причина конфликта интересов"), rows=2)


class WeightsForm(forms.Form):
    effect = forms.FloatField(label=_("Эффективность"), min_value=0, max_value=10)
    resources = forms.FloatField(label=_("Ресурсоёмкость"), min_value=0, max_value=10)
    timeframe = forms.FloatField(label=_("Сроки"), min_value=0, max_value=10)
    fit = forms.FloatField(label=_("Соответствие потребностям"), min_value=0, max_value=10)


class ShortlistForm(forms.Form):
    items = forms.MultipleChoiceField(label=_("Пункты для голосования"), required=False,
                                      widget=forms.CheckboxSelectMultiple)
    decision = _text(_("Решение экспертного совета (протокол)"), rows=2)

    def __init__(self, *args, items=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["items"].choices = items


class PlanForm(forms.Form):
    title = forms.CharField(label=_("Что внедряем"), required=False)
    initiative = forms.ModelChoiceField(label=_("Инициатива"),
                                        queryset=Initiative.objects.none(), required=False,
                                        empty_label=_("— не выбрана —"))
    resource_sources = _text(_("Источники ресурсов"), rows=2)
    legal_changes = _text(_("Изменения в НПА и регламенты"), rows=2)
    starts_on = _date(_("Начало"))
    ends_on = _date(_("Окончание"))

    def __init__(self, *args, initiatives=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["initiative"].queryset = initiatives


class IndicatorForm(forms.Form):
    name = forms.CharField(label=_("Ожидаемый результат (показатель)"), required=False)
    unit = forms.CharField(label=_("Единица"), required=False)
    baseline = forms.CharField(label=_("Исходное значение"), required=False)
    target = forms.CharField(label=_("Целевое значение"), required=False)
    deadline = _date(_("Срок"))


class TaskForm(forms.Form):
    title = forms.CharField(label=_("Задача"), required=False)
    responsible = forms.CharField(label=_("Ответственный"), required=False)
    deadline = _date(_("Срок"))


class ApproveForm(forms.Form):
    legal_act = forms.CharField(label=_("Утверждён актом (номер, дата)"), required=False)


class ReportForm(forms.Form):
    period_start = _date(_("Период с"), required=True)
    period_end = _date(_("Период по"), required=True)
    comment = _text(_("Комментарий"))
    participants = _text(_("Список жителей-участников"))
    links = _text(_("Ссылки на фото и материалы (по одной в строке)"), rows=2)
    photo = forms.FileField(label=_("Фото"), required=False)


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(label=_("Решение"), choices=[
        (step.action, step.label) for step in PLAN.steps if step.action in PLAN_DECISIONS],
        widget=forms.RadioSelect)
    reason = _text(_("Обоснование"))


class FactForm(forms.Form):
    month = forms.CharField(label=_("Месяц (ГГГГ-ММ)"), widget=forms.TextInput(
        attrs={"type": "month"}))
    title = forms.CharField(label=_("Что улучшилось"), required=False)
    area = forms.CharField(label=_("Направление деятельности"), required=False)
    description = _text(_("Было → стало"))
    evidence_url = forms.CharField(label=_("Подтверждение (ссылка)"), required=False)
    evidence_file = forms.FileField(label=_("Подтверждение (файл)"), required=False)


class ExternalForm(forms.Form):
    month = forms.CharField(label=_("Месяц (ГГГГ-ММ)"), widget=forms.TextInput(
        attrs={"type": "month"}))
    task = forms.CharField(label=_("Городская задача"), required=False)
    kind = forms.ChoiceField(label=_("Вид ресурса"), choices=ExternalResourceCase.Kind.choices)
    source = forms.CharField(label=_("Кто дал ресурс"), required=False)
    amount = forms.CharField(label=_("Сумма, руб."), required=False)
    with_enterprise = forms.BooleanField(label=_("Совместно с предприятием"), required=False)
    evidence_url = forms.CharField(label=_("Подтверждение (ссылка)"), required=False)


class EventForm(forms.Form):
    held_on = _date(_("Дата"), required=True)
    title = forms.CharField(label=_("Мероприятие"), required=False)
    announcement_url = forms.CharField(label=_("Анонс (ссылка)"), required=False)
    release_url = forms.CharField(label=_("Пресс-релиз (ссылка)"), required=False)
    speakers = _text(_("Спикеры (по одному в строке)"), rows=2)
    participants_count = forms.IntegerField(label=_("Участников"), min_value=0, required=False)
    participants_list = _text(_("Список участников"), rows=2)
    photo_urls = _text(_("Фото (ссылки, по одной в строке)"), rows=2)
    with_enterprise = forms.BooleanField(label=_("Совместно с предприятием"), required=False)


class AssessmentForm(forms.Form):
    score = forms.IntegerField(label=_("Оценка проекта, % (0–100)"), min_value=0,
                               max_value=100, required=False)
    conclusion = _text(_("Заключение куратора"), rows=4)


class CutoffForm(forms.Form):
    code = forms.TypedChoiceField(label=_("Отсекающий показатель"), coerce=int,
                                  choices=[(c.code, format_lazy("{}. {}", c.code, c.title))
                                           for c in CUTOFFS])
    failed = forms.TypedChoiceField(label=_("Оценка"), coerce=lambda v: v == "1",
                                    choices=[("1", _("сработал (нарушение)")),
                                             ("0", _("не сработал"))],
                                    widget=forms.RadioSelect)
    comment = _text(_("Комментарий"), rows=2)
