"""Staff pages of head meetings: the list with a new-meeting form, one meeting (status,
questions with assignments, participants, public wording), the phone page for recording at the
meeting, and the minutes (DOCX, PDF)."""

import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from veche.appeals import access
from veche.appeals.lifecycle import MEETING, offered, perform
from veche.appeals.meetings import documents
from veche.appeals.meetings.questions import question_publish_set, question_record
from veche.appeals.meetings.selectors import meeting_questions, meetings_in_town, public_text
from veche.appeals.meetings.services import (
    meeting_create,
    meeting_headcount_set,
    participant_add,
)
from veche.appeals.models import MeetingStatus
from veche.territories.calendar import holiday_name

from ...forms import attach_errors
from .common import DOCX, PDF, file_response, meetings_staff
from .forms import (
    HeadcountForm,
    MeetingForm,
    ParticipantForm,
    PublishForm,
    QuestionForm,
    ResultsForm,
)

# What a done action of the meeting's lifecycle tells the staff.
DONE = {
    "announce": gettext_lazy("Встреча объявлена: она видна на странице города, жители могут "
                             "прислать "
                      "вопросы заранее."),
    "held": gettext_lazy("Встреча отмечена как проведённая."),
    "report": gettext_lazy("Итоги опубликованы на странице встречи."),
}


def _head_name(territory) -> str:
    last = meetings_in_town(territory=territory).values_list("head_name", flat=True).first()
    return last or ""


@meetings_staff
def meeting_list(request, slug):
    t = request.territory
    form = MeetingForm(request.POST if request.method == "POST" else None, territory=t,
                       initial={"head_name": _head_name(t), "duration_minutes": 60})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            meeting = meeting_create(
                territory=t, starts_at=form.starts_at(), building=data["building"],
                place=data["place"], head_name=data["head_name"],
                duration_minutes=data["duration_minutes"] or 60, series=data["series"],
                created_by=request.user)
        except ValidationError as exc:
            exc = _day_time_errors(exc)
            attach_errors(form, exc)
        else:
            messages.success(request, _("Встреча запланирована. Объявите её, когда дата "
                                        "станет окончательной."))
            holiday = holiday_name(timezone.localtime(meeting.starts_at).date())
            if holiday:
                messages.warning(request, _("%(day)s — нерабочий праздничный день (%(name)s): "
                                            "проверьте, придут ли жители и службы.") % {
                    "day": date_format(timezone.localtime(meeting.starts_at), "j E"),
                    "name": holiday})
            return redirect("web:meetings_detail", slug=t.slug, meeting_id=meeting.pk)
    status = request.GET.get("status") or ""
    qs = meetings_in_town(territory=t, status=status if status in MeetingStatus.values else None)
    return render(request, "web/meetings/office_list.html", {
        "form": form, "meetings": qs.order_by("-starts_at")[:200], "status": status,
        "statuses": MeetingStatus.choices,
    }, status=400 if form.errors else 200)


def _day_time_errors(exc: ValidationError) -> ValidationError:
    """The service speaks of starts_at; the form has day and time fields."""
    if hasattr(exc, "error_dict") and "starts_at" in exc.error_dict:
        errors = exc.message_dict
        errors["day"] = errors.pop("starts_at")
        return ValidationError(errors)
    return exc


@meetings_staff
def meeting_detail(request, slug, meeting_id):
    meeting = access.access_meeting(request.user, request.territory, meeting_id)
    questions = list(meeting_questions(meeting=meeting))
    for q in questions:
        q.public_form = PublishForm(prefix=f"q{q.pk}", initial={
            "public_text": q.public_text, "public_outcome": q.public_outcome})
        q.shown_text = public_text(q)
    return render(request, "web/meetings/office_detail.html", {
        "meeting": meeting, "questions": questions,
        "participants": meeting.participants.select_related("person")[:500],
        "results_form": ResultsForm(initial={"results_summary": meeting.results_summary}),
        "S": MeetingStatus, "actions": offered(MEETING, meeting),
        # the production calendar: residents and services are away on a public holiday
        "holiday": holiday_name(timezone.localtime(meeting.starts_at).date()),
    })


@meetings_staff
@require_POST
def meeting_status(request, slug, meeting_id):
    meeting = access.access_meeting(request.user, request.territory, meeting_id)
    action = request.POST.get("action")
    extra = {}
    if action == "report":
        form = ResultsForm(request.POST)
        form.is_valid()
        extra["results_summary"] = form.cleaned_data.get("results_summary", "")
    try:
        if action not in MEETING.actions():
            messages.error(request, _("Неизвестное действие."))
        else:
            perform(MEETING, action, meeting, by=request.user, **extra)
            messages.success(request, DONE[action])
    except ValidationError as exc:
        for text in exc.messages:
            messages.error(request, text)
    return redirect("web:meetings_detail", slug=slug, meeting_id=meeting.pk)


@meetings_staff
@require_POST
def question_publish(request, slug, meetingquestion_id):
    question = access.access_meeting_question(request.user, request.territory,
                                              meetingquestion_id)
    form = PublishForm(request.POST, prefix=f"q{question.pk}")
    form.is_valid()
    try:
        question_publish_set(question=question,
                             public_text=form.cleaned_data.get("public_text", ""),
                             public_outcome=form.cleaned_data.get("public_outcome", ""))
        messages.success(request, _("Формулировка для жителей сохранена."))
    except ValidationError as exc:
        for text in exc.messages:
            messages.error(request, text)
    return redirect("web:meetings_detail", slug=slug, meeting_id=question.meeting_id)


def _record_context(request, meeting, form=None, participant_form=None, headcount_form=None):
    return {
        "meeting": meeting,
        "form": form or QuestionForm(territory=request.territory,
                                     initial={"client_key": uuid.uuid4().hex}),
        "participant_form": participant_form or ParticipantForm(),
        "headcount_form": headcount_form or HeadcountForm(
            initial={"count": meeting.participants_count}),
        "recent": list(meeting_questions(meeting=meeting).order_by("-created_at", "-id")[:10]),
    }


@meetings_staff
def meeting_record(request, slug, meeting_id):
    """The phone page used at the meeting: one question at a time, a quick participant and
    the headcount. A question that fails keeps everything typed and says what to fix."""
    meeting = access.access_meeting(request.user, request.territory, meeting_id)
    if request.method != "POST":
        return render(request, "web/meetings/record.html", _record_context(request, meeting))
    what = request.POST.get("what", "question")
    if what == "participant":
        pform = ParticipantForm(request.POST)
        pform.is_valid()
        try:
            participant_add(meeting=meeting, name=pform.cleaned_data.get("name", ""),
                            apartment=pform.cleaned_data.get("apartment", ""),
                            recorded_by=request.user)
        except ValidationError as exc:
            attach_errors(pform, exc)
            return render(request, "web/meetings/record.html",
                          _record_context(request, meeting, participant_form=pform), status=400)
        messages.success(request, _("Участник записан."))
        return redirect("web:meetings_record", slug=slug, meeting_id=meeting.pk)
    if what == "headcount":
        hform = HeadcountForm(request.POST)
        if hform.is_valid():
            try:
                meeting_headcount_set(meeting=meeting, count=hform.cleaned_data["count"] or 0)
            except ValidationError as exc:
                attach_errors(hform, exc)
        if hform.errors:
            return render(request, "web/meetings/record.html",
                          _record_context(request, meeting, headcount_form=hform), status=400)
        messages.success(request, _("Число участников сохранено."))
        return redirect("web:meetings_record", slug=slug, meeting_id=meeting.pk)
    form = QuestionForm(request.POST, territory=request.territory)
    if form.is_valid():
        d = form.cleaned_data
        try:
            q = question_record(
                meeting=meeting, text=d["text"], surname=d["surname"],
                given_name=d["given_name"], apartment=d["apartment"], phone=d["phone"],
                email=d["email"], topic=d["topic"], recorded_by=request.user,
                client_key=d["client_key"], task=d["task"], deadline=d["deadline"],
                department=d["department"], organisation=d["organisation"],
                executor=d["executor"])
        except ValidationError as exc:
            attach_errors(form, _reply_errors(exc))
        else:
            messages.success(request, _("Вопрос записан: обращение %(n)s.") %
                             {"n": q.appeal.number})
            return redirect("web:meetings_record", slug=slug, meeting_id=meeting.pk)
    return render(request, "web/meetings/record.html",
                  _record_context(request, meeting, form=form), status=400)


def _reply_errors(exc: ValidationError) -> ValidationError:
    """The appeals service names the reply fields reply_email/reply_postal; here they are the
    email and the flat (the postal address is the meeting's building and the flat)."""
    if not hasattr(exc, "error_dict"):
        return exc
    errors = exc.message_dict
    for src, dst in (("reply_email", "email"), ("reply_postal", "apartment"),
                     ("__all__", None)):
        if src in errors and dst:
            errors.setdefault(dst, []).extend(errors.pop(src))
    return ValidationError(errors)


@meetings_staff
def minutes_docx(request, slug, meeting_id):
    meeting = access.access_meeting(request.user, request.territory, meeting_id)
    return file_response(documents.minutes_docx(meeting=meeting), content_type=DOCX,
                         filename=f"protocol-{meeting.pk}.docx")


@meetings_staff
def minutes_pdf(request, slug, meeting_id):
    meeting = access.access_meeting(request.user, request.territory, meeting_id)
    return file_response(documents.minutes_pdf(meeting=meeting), content_type=PDF,
                         filename=f"protocol-{meeting.pk}.pdf")
