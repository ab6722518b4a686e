"""Forms of the appeals pages. They parse; the services validate (59-FZ rules, sizes, images)
and their ValidationError is put back on the fields with `attach_errors`."""

import datetime as dt
import uuid

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from veche.accounts.models import Department, Membership, Role
from veche.appeals.lifecycle import (
    APPEAL,
    APPEAL_STATUS_FORM,
    ASSIGNMENT,
    ASSIGNMENT_STATUS_FORM,
    targets,
)
from veche.appeals.models import AppealChannel, AppealStatus, AssignmentStatus
from veche.appeals.validation import SUBMISSION_KEY
from veche.territories.models import Building, CityTopic, Territory

from ...forms import limit_choices


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Several photos in one input; the service checks each (Pillow, 10 MB)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/*"}))
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        items = data if isinstance(data, (list, tuple)) else ([data] if data else [])
        return [item for item in items if item]


def _date(**attrs):
    return forms.DateInput(attrs={"type": "date", **attrs}, format="%Y-%m-%d")


TEXT_HELP = _("До 10 000 знаков. Опишите, что случилось и где.")


class ResidentAppealForm(forms.Form):
    topic = forms.ModelChoiceField(label=_("Тема"), queryset=CityTopic.objects.none(),
                                   required=False, empty_label=_("выберите тему"))
    text = forms.CharField(label=_("Текст обращения"), help_text=TEXT_HELP, required=False,
                           widget=forms.Textarea(attrs={"rows": 6, "aria-required": "true"}))
    address_text = forms.CharField(label=_("Адрес проблемы"), required=False,
                                   widget=forms.TextInput(attrs={"autocomplete": "off"}))
    photos = PhotosField(label=_("Фотографии"),
                         help_text=_("До 10 фотографий, каждая не больше 10 МБ."))
    surname = forms.CharField(label=_("Фамилия"), required=False,
                              widget=forms.TextInput(attrs={"autocomplete": "family-name",
                                                            "aria-required": "true"}))
    given_name = forms.CharField(label=_("Имя и отчество"), required=False,
                                 widget=forms.TextInput(attrs={"autocomplete": "given-name",
                                                               "aria-required": "true"}))
    reply_email = forms.CharField(
        label=_("Email для ответа"), required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "inputmode": "email"}))
    reply_postal = forms.CharField(
        label=_("Почтовый адрес для ответа"), required=False,
        help_text=_("Укажите email или почтовый адрес: по закону ответ направляется по нему."),
        widget=forms.TextInput(attrs={"autocomplete": "street-address"}))
    reply_phone = forms.CharField(label=_("Телефон"), required=False,
                                  widget=forms.TextInput(attrs={"type": "tel",
                                                                "autocomplete": "tel"}))
    latitude = forms.FloatField(label=_("Широта"), required=False,
                                widget=forms.NumberInput(attrs={"step": "any"}))
    longitude = forms.FloatField(label=_("Долгота"), required=False,
                                 widget=forms.NumberInput(attrs={"step": "any"}))
    # Names this one filling-in of the form (made when it is drawn, kept when it comes back with
    # errors): the same key sent twice is one appeal (veche/appeals/services/submission.py).
    submission_key = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)

    def __init__(self, *args, territory: Territory, **kwargs):
        super().__init__(*args, **kwargs)
        limit_choices(self, topic=CityTopic.objects.filter(territory=territory, is_active=True))
        if not self.is_bound:
            self.initial["submission_key"] = new_submission_key()

    def clean_submission_key(self) -> str:
        # A page cached from before the key existed, or an altered one: no key; the service's
        # guard on the same words still holds.
        key = self.cleaned_data.get("submission_key") or ""
        return key if SUBMISSION_KEY.fullmatch(key) else ""


def new_submission_key() -> str:
    return uuid.uuid4().hex


class StaffAppealForm(ResidentAppealForm):
    CHANNELS = [(c.value, c.label) for c in AppealChannel if c != AppealChannel.WEB]
    channel = forms.ChoiceField(label=_("Как поступило"), choices=CHANNELS,
                                initial=AppealChannel.PHONE)
    received_at = forms.DateTimeField(
        label=_("Когда поступило"), required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%d.%m.%Y %H:%M"])
    applicant = forms.IntegerField(required=False, widget=forms.HiddenInput)
    patronymic = forms.CharField(label=_("Отчество"), required=False)
    building = forms.ModelChoiceField(label=_("Дом из адресного реестра"), required=False,
                                      queryset=Building.objects.none(),
                                      empty_label=_("не выбран"))
    department = forms.ModelChoiceField(label=_("Ответственный отдел"), required=False,
                                        queryset=Department.objects.none(),
                                        empty_label=_("определить позже"))

    field_order = ["channel", "received_at"]

    def __init__(self, *args, territory: Territory, **kwargs):
        super().__init__(*args, territory=territory, **kwargs)
        limit_choices(self, building=Building.objects.filter(territory=territory),
                      department=Department.objects.filter(territory=territory))
        self.fields["given_name"].label = _("Имя")
        if not self.is_bound:
            self.initial.setdefault("received_at", timezone.localtime().replace(
                second=0, microsecond=0))


class AppealFilterForm(forms.Form):
    q = forms.CharField(label=_("Номер, фамилия, текст или адрес"), required=False,
                        widget=forms.TextInput(attrs={"type": "search"}))
    status = forms.ChoiceField(label=_("Статус"), required=False,
                               choices=[("", _("все"))] + list(AppealStatus.choices))
    channel = forms.ChoiceField(label=_("Канал"), required=False,
                                choices=[("", _("все"))] + list(AppealChannel.choices))
    topic = forms.ModelChoiceField(label=_("Тема"), required=False,
                                   queryset=CityTopic.objects.none(), empty_label=_("все"))
    department = forms.ModelChoiceField(label=_("Отдел"), required=False,
                                        queryset=Department.objects.none(),
                                        empty_label=_("все"))
    overdue = forms.BooleanField(label=_("Только просроченные"), required=False)
    since = forms.DateField(label=_("С"), required=False, widget=_date())
    until = forms.DateField(label=_("По"), required=False, widget=_date())

    def __init__(self, *args, territory: Territory, **kwargs):
        super().__init__(*args, **kwargs)
        limit_choices(self, topic=CityTopic.objects.filter(territory=territory),
                      department=Department.objects.filter(territory=territory))

    def search_kwargs(self) -> dict:
        self.is_valid()
        d = getattr(self, "cleaned_data", {})
        return {"q": d.get("q") or "", "status": d.get("status") or "",
                "channel": d.get("channel") or "",
                "topic_id": d["topic"].pk if d.get("topic") else None,
                "department_id": d["department"].pk if d.get("department") else None,
                "overdue": bool(d.get("overdue")), "since": d.get("since"),
                "until": d.get("until")}


class StatusForm(forms.Form):
    # The plain moves of the appeal's lifecycle (the card shows those open to this appeal).
    to_status = forms.ChoiceField(label=_("Новый статус"), choices=[
        (s, AppealStatus(s).label) for s in targets(APPEAL, APPEAL_STATUS_FORM)])
    comment = forms.CharField(label=_("Комментарий"), required=False,
                              widget=forms.Textarea(attrs={"rows": 2}))


class RegisterForm(forms.Form):
    department = forms.ModelChoiceField(label=_("Ответственный отдел"), required=False,
                                        queryset=Department.objects.none(),
                                        empty_label=_("определить позже"))

    def __init__(self, *args, territory: Territory, **kwargs):
        super().__init__(*args, **kwargs)
        limit_choices(self, department=Department.objects.filter(territory=territory))


class ExtendForm(forms.Form):
    new_due = forms.DateField(label=_("Новый срок ответа"), widget=_date())
    reason = forms.CharField(label=_("Причина продления"), required=False,
                             widget=forms.Textarea(attrs={"rows": 2}))


class ForwardForm(forms.Form):
    body = forms.CharField(label=_("Куда перенаправлено (орган)"), required=False)
    reason = forms.CharField(label=_("Причина"), required=False,
                             widget=forms.Textarea(attrs={"rows": 2}))


class AnswerForm(forms.Form):
    text = forms.CharField(label=_("Ответ заявителю"), required=False,
                           widget=forms.Textarea(attrs={"rows": 6}))


class _ExecutorField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Membership) -> str:
        return f"{obj.user} — {obj.department or obj.get_role_display()}"


class AssignmentForm(forms.Form):
    department = forms.ModelChoiceField(label=_("Отдел"), required=False,
                                        queryset=Department.objects.none(),
                                        empty_label=_("внешняя организация"))
    organisation = forms.CharField(label=_("Организация (УК, МУП)"), required=False)
    executor = _ExecutorField(label=_("Исполнитель"), required=False,
                              queryset=Membership.objects.none(), empty_label=_("не назначен"))
    # The same names the service's messages use («Поручение: …», «Срок исполнения …»).
    task = forms.CharField(label=_("Поручение"), required=False,
                           help_text=_("Что сделать: одно конкретное действие."),
                           widget=forms.Textarea(attrs={"rows": 3}))
    deadline = forms.DateField(label=_("Срок исполнения"), widget=_date())

    def __init__(self, *args, territory: Territory, **kwargs):
        super().__init__(*args, **kwargs)
        staff = Membership.objects.filter(territory=territory, role__in=(Role.STAFF, Role.HEAD))
        limit_choices(self, department=Department.objects.filter(territory=territory),
                      executor=staff.select_related("user", "department"))
        if not self.is_bound:
            self.initial.setdefault("deadline", timezone.localdate() + dt.timedelta(days=10))


class ReportForm(forms.Form):
    text = forms.CharField(label=_("Отчёт о выполнении"), required=False,
                           widget=forms.Textarea(attrs={"rows": 4}))
    marks_done = forms.BooleanField(label=_("Поручение исполнено"), required=False)
    photos = PhotosField(label=_("Фотографии"))


class AssignmentStatusForm(forms.Form):
    to_status = forms.ChoiceField(label=_("Статус поручения"), choices=[
        (s, AssignmentStatus(s).label) for s in targets(ASSIGNMENT, ASSIGNMENT_STATUS_FORM)])
    comment = forms.CharField(label=_("Комментарий"), required=False)


class FeedbackForm(forms.Form):
    SOLVED = [("yes", _("Да, решена")), ("no", _("Нет, не решена"))]
    SCORES = [(str(i), str(i)) for i in range(1, 6)]
    solved = forms.ChoiceField(label=_("Проблема решена?"), choices=SOLVED,
                               widget=forms.RadioSelect)
    satisfaction = forms.ChoiceField(label=_("Насколько вы довольны ответом (1 — совсем нет, "
                                             "5 — полностью)?"),
                                     choices=SCORES, widget=forms.RadioSelect)
    comment = forms.CharField(label=_("Комментарий"), required=False,
                              widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["solved"].error_messages["required"] = _("Ответьте, решена ли проблема.")
        self.fields["satisfaction"].error_messages["required"] = _("Оцените от 1 до 5.")


class VerdictForm(forms.Form):
    """The applicant's word on a done assignment: confirm, or dispute with what is wrong."""

    action = forms.ChoiceField(choices=[("confirm", _("Подтвердить исполнение")),
                                        ("dispute", _("Оспорить исполнение"))],
                               widget=forms.HiddenInput)
    comment = forms.CharField(label=_("Что не сделано или сделано плохо"), required=False,
                              max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class ControlFilterForm(forms.Form):
    department = forms.ModelChoiceField(label=_("Отдел"), required=False,
                                        queryset=Department.objects.none(), empty_label=_("все"))
    bucket = forms.ChoiceField(label=_("Показать"), required=False, choices=[
        ("active", _("все в работе")), ("overdue", _("просроченные")),
        ("due_soon", _("срок в ближайшие 3 дня")),
        ("in_time", _("в работе, срок позже")), ("done", _("исполненные за 30 дней"))])

    def __init__(self, *args, territory: Territory, **kwargs):
        super().__init__(*args, **kwargs)
        limit_choices(self, department=Department.objects.filter(territory=territory))
