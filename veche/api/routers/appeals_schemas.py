"""Request and response shapes of the appeals API (appeals.py, appeals_assignments.py,
appeals_files.py), kept in their own module as votes_schemas.py is for votes: the routers stay
about who may do what, and the shapes are shared by all three."""

import datetime as dt
from typing import Literal

from ninja import Field, Schema
from pydantic import StrictBool

from veche.appeals.lifecycle import APPEAL, APPEAL_STATUS_API, ASSIGNMENT_VERDICT, targets
from veche.appeals.models import AppealChannel

from ..pagination import PageParams
from .schemas import Ref, Text


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


class AssignmentReportOut(Schema):
    id: int
    text: Text
    marks_done: bool
    author_id: int
    at: dt.datetime


class AssignmentOut(Schema):
    id: int
    appeal_id: int
    parent_id: int | None = Field(None, description="поручение, из которого передано это")
    appeal_number: str
    department: Ref | None
    organisation: Text
    executor_id: int | None
    task: Text
    deadline: dt.date
    status: str
    done_at: dt.datetime | None
    applicant_verdict: str = Field("", description="confirmed, disputed или пусто")
    applicant_comment: Text = ""
    disputes: int = 0
    reports: list[AssignmentReportOut] = []

    @staticmethod
    def resolve_appeal_number(obj):
        return obj.appeal.number

    @staticmethod
    def resolve_reports(obj):
        return list(obj.reports.all())


class NoticeOut(Schema):
    """A message to the applicant as recorded; `letter` is set for one to print and post."""
    id: int
    at: dt.datetime
    kind: str
    channel: str
    outcome: str
    detail: str
    subject: str
    text: str
    letter: str | None = Field(None, description="Путь к письму для печати (PDF)")


class AppealCard(Schema):
    appeal: AppealStaffOut
    events: list[EventOut]
    assignments: list[AssignmentOut]
    notices: list[NoticeOut]


class MyAssignmentOut(Schema):
    """An assignment answering the resident's appeal: who does the work and by when (seed 002:
    the applicant is told the term), and their verdict on it."""
    id: int
    addressee: str
    task: Text
    deadline: dt.date
    status: str
    done_at: dt.datetime | None
    applicant_verdict: str
    applicant_comment: Text
    verdict_open: bool = Field(False, description="Можно подтвердить или оспорить исполнение")


class MyAppealCard(Schema):
    appeal: AppealOut
    events: list[EventOut]
    feedback_open: bool
    assignments: list[MyAssignmentOut] = []


class VerdictIn(Schema):
    action: Literal[tuple(ASSIGNMENT_VERDICT)] = Field(  # type: ignore[valid-type]
        ..., description="confirm — подтвердить исполнение; dispute — оспорить (нужен comment)")
    comment: str = ""


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
    register_now: StrictBool = Field(True, description="Зарегистрировать сразу")


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
# The statuses /status moves an appeal to: the lifecycle table's (veche.appeals.lifecycle).
STATUS_MOVES = targets(APPEAL, APPEAL_STATUS_API)


class AppealStatusIn(Schema):
    # The default is no move: the appeal is looked up first, then the missing status is said.
    to_status: Literal[STATUS_MOVES] | None = Field(  # type: ignore[valid-type]
        None, description=", ".join(STATUS_MOVES))
    comment: str = ""
    department_id: int | None = None


class AppealAnswerIn(Schema):
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


class AssignmentReportIn(Schema):
    text: str = ""
    marks_done: StrictBool = False


class FeedbackIn(Schema):
    solved: StrictBool | None = None
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
