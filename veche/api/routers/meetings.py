"""Head meetings: the schedule, one meeting, its questions, participants and minutes.

Public: the schedule and one meeting (time, place, the results without personal data) and the
poster. Everything else — planning, recording questions (each becomes an appeal), the minutes
with names — is for the town's staff and head. Recurring questions, template solutions, where
to go next and the practice's figures are a child router, meetings_knowledge.py. A meeting of
a path comes through veche.appeals.access; its status moves through the lifecycle table."""

import datetime as dt
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from veche.accounts.models import Department, User
from veche.appeals import access
from veche.appeals.lifecycle import MEETING, perform
from veche.appeals.meetings import documents
from veche.appeals.meetings.questions import question_record
from veche.appeals.meetings.selectors import (
    meeting_questions,
    meetings_in_town,
    public_question_rows,
)
from veche.appeals.meetings.services import meeting_create, meeting_update, participant_add
from veche.appeals.models import HeadMeeting, MeetingStatus
from veche.territories.models import Building, CityTopic

from ..errors import protected, public
from ..pagination import PageParams, page_of, paginate
from . import meetings_knowledge
from .appeals_common import MEETINGS, of_town
from .schemas import IsoDateTime, Text

router = Router(tags=["Встречи Главы, типовые решения"])


class HeadMeetingOut(Schema):
    id: int
    starts_at: dt.datetime
    duration_minutes: int
    address: str
    place: str
    building_id: int | None
    head_name: str
    status: str
    status_label: Text
    participants_count: int
    questions_count: int
    results_summary: str
    poster_url: str = ""

    @staticmethod
    def resolve_status_label(obj):
        return obj.get_status_display()

    @staticmethod
    def resolve_questions_count(obj):
        return getattr(obj, "questions_total", 0)

    @staticmethod
    def resolve_poster_url(obj, context):
        if not obj.is_public:
            return ""
        return context["request"].build_absolute_uri(
            reverse("web:meetings_poster", args=[obj.territory.slug, obj.pk]))


class PublicQuestion(Schema):
    number: str
    text: str
    topic: str
    outcome: str
    done: bool


class MeetingDetail(Schema):
    meeting: HeadMeetingOut
    questions: list[PublicQuestion]


# Bodies of endpoints with an object in the path parse from `{}`: the object is looked up
# first (another town's id is a 404, not a 400), then the service says what is missing.
class MeetingIn(Schema):
    starts_at: IsoDateTime | None = None
    head_name: str = Field("", max_length=200)
    building_id: int | None = None
    place: str = Field("", max_length=300)
    duration_minutes: int = Field(60, ge=10, le=600)


class MeetingStatusIn(Schema):
    # The meeting's lifecycle actions (veche.appeals.lifecycle.MEETING); no default action.
    action: Literal[tuple(MEETING.actions())] | None = Field(  # type: ignore[valid-type]
        None, description=", ".join(MEETING.actions()))
    results_summary: str = Field("", max_length=5000)
    participants_count: int | None = Field(None, ge=0, le=5000)


class MeetingQuestionIn(Schema):
    text: str = Field("", max_length=100_000)
    surname: str = Field("", max_length=200)
    given_name: str = Field("", max_length=300)
    apartment: str = Field("", max_length=10)
    phone: str = Field("", max_length=40)
    email: str = Field("", max_length=300)
    topic: str = Field("", description="slug темы города")
    task: str = Field("", max_length=5000, description="Поручение, если дано сразу")
    deadline: dt.date | None = None
    department_id: int | None = None
    organisation: str = Field("", max_length=300)
    executor_id: int | None = None
    client_key: str = Field("", max_length=40, description="Повтор с тем же ключом не создаёт "
                                                            "второй вопрос")


class MeetingAssignmentOut(Schema):
    task: str
    addressee: str
    deadline: dt.date
    status: str


class MeetingQuestionOut(Schema):
    id: int
    appeal_id: int
    appeal_number: str
    appeal_status: str
    applicant: str
    text: str
    in_advance: bool
    assignments: list[MeetingAssignmentOut]


class MeetingParticipantIn(Schema):
    name: str = Field("", max_length=300)
    apartment: str = Field("", max_length=10)


class MeetingParticipantOut(Schema):
    id: int
    name: str
    participants_count: int


def _meeting(request, meeting_id: int, public_only: bool = False) -> HeadMeeting:
    # Public endpoints have no auth step (no request.auth): anyone sees a public meeting.
    return access.access_meeting(getattr(request, "auth", None), request.territory,
                                 meeting_id, public_only=public_only)


@router.get("/t/{slug}/meetings/", response=public({200: page_of(HeadMeetingOut)}),
            summary="Встречи Главы с жителями (объявленные и прошедшие)")
def meeting_list(request, slug: str, filters: Query[PageParams]):
    qs = meetings_in_town(territory=request.territory, public_only=True).order_by("-starts_at")
    return paginate(request, qs, filters)


@router.get("/t/{slug}/meetings/{meeting_id}", response=public({200: MeetingDetail}),
            summary="Встреча и что сделано по вопросам (без персональных данных)")
def meeting_detail(request, slug: str, meeting_id: int):
    m = _meeting(request, meeting_id, public_only=True)
    rows = [] if m.status == MeetingStatus.ANNOUNCED else public_question_rows(meeting=m)
    return {"meeting": m, "questions": rows}


@router.get("/t/{slug}/meetings/{meeting_id}/poster.pdf", response=public({200: None}),
            summary="Афиша встречи A4 (PDF) с QR-кодом для вопроса заранее")
def meeting_poster(request, slug: str, meeting_id: int):
    m = _meeting(request, meeting_id, public_only=True)
    ask = request.build_absolute_uri(reverse("web:meetings_ask", args=[slug, m.pk]))
    resp = HttpResponse(documents.poster_pdf(meeting=m, ask_url=ask),
                        content_type="application/pdf")
    resp["Content-Disposition"] = f'inline; filename="afisha-{m.pk}.pdf"'
    return resp


@router.post("/t/{slug}/meetings/", response=protected({201: HeadMeetingOut}), auth=MEETINGS,
             summary="Запланировать встречу")
def meeting_add(request, slug: str, payload: MeetingIn):
    errors: dict = {}
    building = of_town(Building, payload.building_id, "building_id", errors)
    if errors:
        raise ValidationError(errors)
    # A missing starts_at (None) is the service's to refuse, with its message.
    m = meeting_create(territory=request.territory,
                       starts_at=payload.starts_at,  # type: ignore[arg-type]
                       head_name=payload.head_name, building=building, place=payload.place,
                       duration_minutes=payload.duration_minutes, created_by=request.auth)
    return Status(201, _meeting(request, m.pk))


@router.put("/t/{slug}/meetings/{meeting_id}", response=protected({200: HeadMeetingOut}),
            auth=MEETINGS, summary="Изменить встречу")
def meeting_change(request, slug: str, meeting_id: int, payload: MeetingIn):
    m = _meeting(request, meeting_id)
    errors: dict = {}
    building = of_town(Building, payload.building_id, "building_id", errors)
    if errors:
        raise ValidationError(errors)
    meeting_update(meeting=m, starts_at=payload.starts_at,  # type: ignore[arg-type]
                   head_name=payload.head_name,
                   building=building, place=payload.place,
                   duration_minutes=payload.duration_minutes, series=m.series)
    return _meeting(request, m.pk)


@router.post("/t/{slug}/meetings/{meeting_id}/status", response=protected({200: HeadMeetingOut}),
             auth=MEETINGS, summary="Объявить, отметить проведённой, опубликовать итоги")
def meeting_status(request, slug: str, meeting_id: int, payload: MeetingStatusIn):
    m = _meeting(request, meeting_id)
    extra: dict[str, dict[str, Any]] = {
        "held": {"participants_count": payload.participants_count},
        "report": {"results_summary": payload.results_summary}}
    if payload.action not in MEETING.actions():
        raise ValidationError({"action": [ValidationError(
            _("Действие — одно из: %(actions)s.") % {"actions": ", ".join(MEETING.actions())},
            code="action_required")]})
    perform(MEETING, payload.action, m, by=request.auth, **extra.get(payload.action, {}))
    return _meeting(request, m.pk)


def _question_out(q) -> dict:
    a = q.appeal
    return {"id": q.pk, "appeal_id": a.pk, "appeal_number": a.number, "appeal_status": a.status,
            "applicant": f"{a.applicant_surname} {a.applicant_name}".strip(), "text": a.text,
            "in_advance": q.in_advance,
            "assignments": [{"task": x.task, "addressee": x.addressee, "deadline": x.deadline,
                             "status": x.status} for x in a.assignments.all()]}


@router.get("/t/{slug}/meetings/{meeting_id}/questions", response=protected(
    {200: list[MeetingQuestionOut]}), auth=MEETINGS, summary="Вопросы встречи с заявителями")
def question_list(request, slug: str, meeting_id: int):
    m = _meeting(request, meeting_id)
    return [_question_out(q) for q in meeting_questions(meeting=m)]


@router.post("/t/{slug}/meetings/{meeting_id}/questions", response=protected(
    {201: MeetingQuestionOut}), auth=MEETINGS, summary="Записать вопрос (станет обращением)")
def question_add(request, slug: str, meeting_id: int, payload: MeetingQuestionIn):
    m = _meeting(request, meeting_id)
    errors: dict = {}
    topic = CityTopic.objects.filter(slug=payload.topic).first() if payload.topic else None
    if payload.topic and topic is None:
        errors["topic"] = [ValidationError(_("Нет темы «%(topic)s» в этом городе."),
                                           code="not_in_town", params={"topic": payload.topic})]
    department = of_town(Department, payload.department_id, "department_id", errors)
    executor = None
    if payload.executor_id is not None:
        executor = User.objects.filter(pk=payload.executor_id).first()
        if executor is None:
            errors["executor_id"] = [ValidationError(_("Нет такого сотрудника."),
                                                     code="not_staff")]
    if errors:
        raise ValidationError(errors)
    q = question_record(meeting=m, text=payload.text, surname=payload.surname,
                        given_name=payload.given_name, apartment=payload.apartment,
                        phone=payload.phone, email=payload.email, topic=topic,
                        recorded_by=request.auth, client_key=payload.client_key,
                        task=payload.task, deadline=payload.deadline, department=department,
                        organisation=payload.organisation, executor=executor)
    return Status(201, _question_out(meeting_questions(meeting=m).get(pk=q.pk)))


@router.post("/t/{slug}/meetings/{meeting_id}/participants", response=protected(
    {201: MeetingParticipantOut}), auth=MEETINGS, summary="Записать участника")
def participant_new(request, slug: str, meeting_id: int, payload: MeetingParticipantIn):
    m = _meeting(request, meeting_id)
    p = participant_add(meeting=m, name=payload.name, apartment=payload.apartment,
                        recorded_by=request.auth)
    return Status(201, {"id": p.pk, "name": p.name, "participants_count": m.participants_count})


@router.get("/t/{slug}/meetings/{meeting_id}/minutes.docx", response=protected({200: None}),
            auth=MEETINGS, summary="Протокол с поручениями (DOCX)")
def minutes_docx(request, slug: str, meeting_id: int):
    m = _meeting(request, meeting_id)
    resp = HttpResponse(documents.minutes_docx(meeting=m), content_type=(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"))
    resp["Content-Disposition"] = f'attachment; filename="protocol-{m.pk}.docx"'
    return resp


@router.get("/t/{slug}/meetings/{meeting_id}/minutes.pdf", response=protected({200: None}),
            auth=MEETINGS, summary="Протокол с поручениями (PDF)")
def minutes_pdf(request, slug: str, meeting_id: int):
    m = _meeting(request, meeting_id)
    resp = HttpResponse(documents.minutes_pdf(meeting=m), content_type="application/pdf")
    resp["Content-Disposition"] = f'attachment; filename="protocol-{m.pk}.pdf"'
    return resp


# Where to go next, recurring questions, template solutions, figures: a child router.
router.add_router("", meetings_knowledge.router)
