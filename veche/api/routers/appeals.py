"""Citizens' appeals and assignments (59-FZ), the same as the pages.

Residents (browser session, a registry person of the town): their own appeals only — list,
card with history, file a new one, answer the feedback question. Staff and the head (token or
session + TOTP): the appeals they may see (executors: their department's), registration,
status changes, extension, forwarding, answer, assignments, reports, control figures.
"""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from ninja import Field, Query, Router, Schema, Status

from veche.accounts.models import Department
from veche.appeals import selectors as sel
from veche.appeals import services as svc
from veche.appeals.models import Appeal, AppealChannel
from veche.registry.models import Person
from veche.territories.models import Building, CityTopic

from ..errors import protected
from ..pagination import PageParams, page_of, paginate
from ..security import TOWN_STAFF, BrowserSession
from .schemas import Ref, Text

router = Router(tags=["Обращения и поручения"])


def _resident(request, user, token: bool) -> None:
    if token:
        raise PermissionDenied("Свои обращения житель видит, войдя на сайт.")
    person = sel.my_person(user, request.territory)
    if person is None:
        raise PermissionDenied("Обращения через API доступны жителям из реестра города: "
                               "присоединитесь к городу в личном кабинете.")
    request.person = person


RESIDENT = [BrowserSession(_resident)]


class EventOut(Schema):
    at: dt.datetime
    kind: str
    from_status: str
    to_status: str
    comment: Text


class AppealOut(Schema):
    id: int
    number: str
    channel: str
    status: str
    received_at: dt.datetime
    registration_due: dt.date
    registered_at: dt.datetime | None
    answer_due: dt.date | None
    topic: Ref | None
    department: Ref | None
    address_text: Text
    latitude: float | None
    longitude: float | None
    text: Text
    answer_text: Text
    answered_at: dt.datetime | None
    closed_at: dt.datetime | None
    reopened_count: int


class AppealStaffOut(AppealOut):
    applicant_id: int
    applicant_surname: Text
    applicant_name: Text
    reply_email: str
    reply_postal: Text
    reply_phone: str
    source_ref: str


class ReportOut(Schema):
    id: int
    text: Text
    marks_done: bool
    author_id: int
    at: dt.datetime


class AssignmentOut(Schema):
    id: int
    appeal_id: int
    appeal_number: str
    department: Ref | None
    organisation: Text
    executor_id: int | None
    task: Text
    deadline: dt.date
    status: str
    done_at: dt.datetime | None
    reports: list[ReportOut] = []

    @staticmethod
    def resolve_appeal_number(obj):
        return obj.appeal.number

    @staticmethod
    def resolve_reports(obj):
        return list(obj.reports.all())


class AppealCard(Schema):
    appeal: AppealStaffOut
    events: list[EventOut]
    assignments: list[AssignmentOut]


class MyAppealCard(Schema):
    appeal: AppealOut
    events: list[EventOut]
    feedback_open: bool


class AppealIn(Schema):
    text: str = Field("", description="До 10 000 знаков")
    topic_id: int | None = None
    address_text: str = ""
    building_id: int | None = None
    latitude: float | None = None
    longitude: float | None = None
    surname: str = Field("", description="Фамилия (59-ФЗ), по умолчанию — из реестра")
    given_name: str = ""
    reply_email: str = Field("", description="Email для ответа — или почтовый адрес")
    reply_postal: str = ""
    reply_phone: str = ""


class StaffAppealIn(AppealIn):
    channel: str = Field(AppealChannel.PHONE, description="head_meeting, phone, letter, email, "
                                                          "web, other")
    applicant_id: int | None = Field(None, description="Заявитель из реестра; иначе — создать "
                                                       "по фамилии, имени, телефону, email")
    patronymic: str = ""
    received_at: dt.datetime | None = None
    department_id: int | None = None
    register_now: bool = Field(True, description="Зарегистрировать сразу")


class AppealFilters(PageParams):
    q: str = Field("", max_length=100)
    status: str = ""
    channel: str = ""
    topic: int | None = None
    department: int | None = None
    overdue: bool = False


# Bodies default every field, so a call about another town's or department's record is
# refused (404/403) before its body is judged, and empty fields get the services' Russian
# messages by field.
class StatusIn(Schema):
    to_status: str = Field("", description="registered, in_work, closed, reopened")
    comment: str = ""
    department_id: int | None = None


class AnswerIn(Schema):
    text: str = ""


class ExtendIn(Schema):
    new_due: dt.date | None = None
    reason: str = ""


class ForwardIn(Schema):
    body: str = ""
    reason: str = ""


class AssignmentIn(Schema):
    task: str = ""
    deadline: dt.date | None = None
    department_id: int | None = None
    organisation: str = ""
    executor_id: int | None = None


class ReportIn(Schema):
    text: str = ""
    marks_done: bool = False


class FeedbackIn(Schema):
    solved: bool | None = None
    satisfaction: int | None = Field(None, description="1–5")
    comment: str = ""


class AssignmentFilters(PageParams):
    bucket: str = Field("", description="overdue, due_soon, in_time, done; пусто — все")
    department: int | None = None


class Buckets(Schema):
    overdue: int
    due_soon: int
    in_time: int
    done: int


class GroupRow(Buckets):
    label: Text


class ControlOut(Schema):
    today: dt.date
    total: Buckets
    by_department: list[GroupRow]
    by_executor: list[GroupRow]


class QualityRow(Schema):
    label: Text
    answered: int
    days: float
    feedback: int
    solved_share: float
    satisfaction: float


class QualityOut(Schema):
    by_department: list[QualityRow]
    by_topic: list[QualityRow]


def _of_town(model, pk, field, errors, **extra):
    if pk is None:
        return None
    obj = model.objects.filter(pk=pk, **extra).first()  # scoped to the URL's town
    if obj is None:
        errors[field] = [f"Нет записи с id {pk} в этом городе."]
    return obj


def _places(payload: AppealIn, errors: dict) -> dict:
    return {"topic": _of_town(CityTopic, payload.topic_id, "topic_id", errors),
            "building": _of_town(Building, payload.building_id, "building_id", errors)}


# --- residents ------------------------------------------------------------------------------

@router.get("/t/{slug}/my/appeals/", response=protected({200: page_of(AppealOut)}),
            auth=RESIDENT, summary="Мои обращения")
def my_appeals(request, slug: str, params: Query[PageParams]):
    qs = sel.appeals_of_resident(request.auth, request.territory).select_related(
        "topic", "department")
    return paginate(request, qs, params)


@router.get("/t/{slug}/my/appeals/{appeal_id}", response=protected({200: MyAppealCard}),
            auth=RESIDENT, summary="Моё обращение и его история")
def my_appeal(request, slug: str, appeal_id: int):
    appeal = sel.appeals_of_resident(request.auth, request.territory).get(pk=appeal_id)
    return {"appeal": appeal, "events": sel.appeal_history(appeal, public_only=True),
            "feedback_open": appeal.status == "answered"
            and svc.feedback_open(appeal=appeal) is not None}


@router.post("/t/{slug}/my/appeals/", response=protected({201: AppealOut}), auth=RESIDENT,
             summary="Подать обращение (от своего имени)")
def my_appeal_create(request, slug: str, payload: AppealIn):
    errors: dict = {}
    places = _places(payload, errors)
    if errors:
        raise ValidationError(errors)
    appeal = svc.appeal_create(
        territory=request.territory, channel=AppealChannel.WEB, applicant=request.person,
        text=payload.text, surname=payload.surname, given_name=payload.given_name,
        reply_email=payload.reply_email, reply_postal=payload.reply_postal,
        reply_phone=payload.reply_phone, address_text=payload.address_text,
        latitude=payload.latitude, longitude=payload.longitude, created_by=request.auth,
        **places)
    return Status(201, appeal)


@router.post("/t/{slug}/my/appeals/{appeal_id}/feedback", response=protected({200: AppealOut}),
             auth=RESIDENT, summary="Оценить ответ: решена ли проблема, оценка 1–5")
def my_feedback(request, slug: str, appeal_id: int, payload: FeedbackIn):
    appeal = sel.appeals_of_resident(request.auth, request.territory).get(pk=appeal_id)
    feedback = svc.feedback_open(appeal=appeal) if appeal.status == "answered" else None
    if feedback is None:
        raise ValidationError("По этому обращению сейчас не ждём оценки.")
    svc.feedback_submit(feedback=feedback, solved=payload.solved,
                        satisfaction=payload.satisfaction, comment=payload.comment,
                        via="api", actor=request.auth)
    appeal.refresh_from_db()
    return appeal


# --- staff ----------------------------------------------------------------------------------

def _viewer(request) -> sel.Viewer:
    return sel.viewer_for(request.auth, request.territory)


def _manager(request) -> sel.Viewer:
    viewer = _viewer(request)
    if not sel.may_manage(viewer):
        raise PermissionDenied("Действие доступно приёмной (отделу по обращениям) и Главе.")
    return viewer


def _appeal(viewer, appeal_id) -> Appeal:
    try:
        return sel.appeal_visible_get(viewer, appeal_id)
    except Appeal.DoesNotExist:
        raise Http404("Нет такого обращения среди доступных вам.") from None


@router.get("/t/{slug}/appeals/", response=protected({200: page_of(AppealStaffOut)}),
            auth=TOWN_STAFF, summary="Обращения (исполнителю — своего отдела)")
def appeal_list(request, slug: str, filters: Query[AppealFilters]):
    qs = sel.appeals_search(sel.appeals_visible(_viewer(request)), q=filters.q,
                            status=filters.status, channel=filters.channel,
                            topic_id=filters.topic, department_id=filters.department,
                            overdue=filters.overdue)
    return paginate(request, qs, filters)


@router.get("/t/{slug}/appeals/{appeal_id}", response=protected({200: AppealCard}),
            auth=TOWN_STAFF, summary="Карточка обращения: история и поручения")
def appeal_card(request, slug: str, appeal_id: int):
    appeal = _appeal(_viewer(request), appeal_id)
    return {"appeal": appeal, "events": sel.appeal_history(appeal, public_only=False),
            "assignments": appeal.assignments.select_related("department", "appeal")
                                 .prefetch_related("reports")}


@router.post("/t/{slug}/appeals/", response=protected({201: AppealStaffOut}), auth=TOWN_STAFF,
             summary="Зарегистрировать обращение (звонок, письмо, email, встреча)")
def appeal_create(request, slug: str, payload: StaffAppealIn):
    _manager(request)
    errors: dict = {}
    places = _places(payload, errors)
    department = _of_town(Department, payload.department_id, "department_id", errors)
    applicant = _of_town(Person, payload.applicant_id, "applicant_id", errors, is_erased=False)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        if applicant is None:
            applicant = svc.applicant_find_or_create(
                territory=request.territory, surname=payload.surname,
                given_name=payload.given_name, patronymic=payload.patronymic,
                phone=payload.reply_phone, email=payload.reply_email, recorded_by=request.auth)
        appeal = svc.appeal_create(
            territory=request.territory, channel=payload.channel, applicant=applicant,
            text=payload.text, surname=payload.surname, given_name=payload.given_name,
            reply_email=payload.reply_email, reply_postal=payload.reply_postal,
            reply_phone=payload.reply_phone, address_text=payload.address_text,
            latitude=payload.latitude, longitude=payload.longitude,
            received_at=payload.received_at, created_by=request.auth,
            register=payload.register_now, department=department, **places)
    return Status(201, appeal)


@router.post("/t/{slug}/appeals/{appeal_id}/status", response=protected({200: AppealStaffOut}),
             auth=TOWN_STAFF, summary="Сменить статус (регистрация, в работу, закрыть…)")
def appeal_status(request, slug: str, appeal_id: int, payload: StatusIn):
    appeal = _appeal(_manager(request), appeal_id)
    if payload.to_status == "registered":
        errors: dict = {}
        department = _of_town(Department, payload.department_id, "department_id", errors)
        if errors:
            raise ValidationError(errors)
        return svc.appeal_register(appeal=appeal, actor=request.auth, department=department)
    return svc.appeal_status_change(appeal=appeal, to_status=payload.to_status,
                                    actor=request.auth, comment=payload.comment)


@router.post("/t/{slug}/appeals/{appeal_id}/answer", response=protected({200: AppealStaffOut}),
             auth=TOWN_STAFF, summary="Ответить заявителю (и запросить оценку)")
def appeal_answer(request, slug: str, appeal_id: int, payload: AnswerIn):
    appeal = _appeal(_manager(request), appeal_id)
    return svc.appeal_answer(appeal=appeal, text=payload.text, actor=request.auth)


@router.post("/t/{slug}/appeals/{appeal_id}/extend", response=protected({200: AppealStaffOut}),
             auth=TOWN_STAFF, summary="Продлить срок ответа (причина, уведомление заявителя)")
def appeal_extend(request, slug: str, appeal_id: int, payload: ExtendIn):
    appeal = _appeal(_manager(request), appeal_id)
    return svc.appeal_extend(appeal=appeal, new_due=payload.new_due, reason=payload.reason,
                             actor=request.auth)


@router.post("/t/{slug}/appeals/{appeal_id}/forward", response=protected({200: AppealStaffOut}),
             auth=TOWN_STAFF, summary="Перенаправить по компетенции")
def appeal_forward(request, slug: str, appeal_id: int, payload: ForwardIn):
    appeal = _appeal(_manager(request), appeal_id)
    return svc.appeal_forward(appeal=appeal, body=payload.body, reason=payload.reason,
                              actor=request.auth)


from . import appeals_assignments, appeals_files  # noqa: E402, F401
