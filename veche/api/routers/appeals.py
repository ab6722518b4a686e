"""Citizens' appeals and assignments (59-FZ), the same as the pages.

Residents (browser session, a registry person of the town): their own appeals only — list,
card with history, file a new one, answer the feedback question. Staff and the head (token or
session + TOTP): the appeals they may see (executors: their department's), registration,
status changes, extension, forwarding, answer, assignments, reports, control figures.
The request and response shapes are in appeals_schemas.py; assignments and files are child
routers (appeals_assignments.py, appeals_files.py). They share appeals_common.py and import
nothing from each other; objects come through veche.appeals.access, status moves through the
lifecycle table (veche.appeals.lifecycle).
"""

from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from veche.accounts.flow import client_ip
from veche.accounts.models import Department
from veche.appeals import access
from veche.appeals import selectors as sel
from veche.appeals import services as svc
from veche.appeals.letters import letter_print
from veche.appeals.lifecycle import APPEAL, APPEAL_STATUS_API, ASSIGNMENT, perform, step_to
from veche.appeals.models import AppealNotification
from veche.registry.models import Person
from veche.registry.services import person_card_open
from veche.territories.models import Building, CityTopic

from ..errors import protected
from ..pagination import PageParams, page_of, paginate
from . import appeals_assignments, appeals_files
from .appeals_common import RESIDENT, STAFF, TAGS, of_town
from .appeals_schemas import (
    AppealAnswerIn,
    AppealCard,
    AppealFilters,
    AppealIn,
    AppealOut,
    AppealStaffOut,
    AppealStatusIn,
    ExtendIn,
    FeedbackIn,
    ForwardIn,
    MyAppealCard,
    MyAssignmentOut,
    StaffAppealIn,
    VerdictIn,
)

router = Router(tags=TAGS)


def _places(payload: AppealIn, errors: dict) -> dict:
    return {"topic": of_town(CityTopic, payload.topic_id, "topic_id", errors),
            "building": of_town(Building, payload.building_id, "building_id", errors)}


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
    appeal = access.access_own_appeal(request.auth, request.territory, appeal_id)
    assignments = list(appeal.assignments.exclude(status="cancelled").select_related(
        "department"))
    for a in assignments:
        # Shown to the schema (MyAssignmentOut.verdict_open): may the applicant answer now.
        a.verdict_open = (  # type: ignore[attr-defined]
            a.status == "done" and not a.applicant_verdict)
    return {"appeal": appeal, "events": sel.appeal_history(appeal, public_only=True),
            "feedback_open": appeal.status == "answered"
            and svc.feedback_open(appeal=appeal) is not None, "assignments": assignments}


@router.post("/t/{slug}/my/assignments/{assignment_id}/verdict",
             response=protected({200: MyAssignmentOut}), auth=RESIDENT,
             summary="Подтвердить или оспорить исполнение поручения по своему обращению")
def my_assignment_verdict(request, slug: str, assignment_id: int, payload: VerdictIn):
    assignment = access.access_own_assignment(request.auth, request.territory, assignment_id)
    assignment = perform(ASSIGNMENT, payload.action, assignment, by=request.auth,
                         comment=payload.comment, via="api")
    assignment.verdict_open = False
    return assignment


@router.post("/t/{slug}/my/appeals/", response=protected({201: AppealOut, 200: AppealOut}),
             auth=RESIDENT, summary="Подать обращение (от своего имени)",
             description="Заголовок `Idempotency-Key` (8–64 знака, например UUID) называет одну "
                         "отправку: повтор с тем же ключом — или тот же текст в течение 10 минут "
                         "— возвращает уже принятое обращение с кодом 200 и заголовком "
                         "`Idempotent-Replayed: true`; новое обращение — 201.")
def my_appeal_create(request, slug: str, payload: AppealIn, response: HttpResponse):
    errors: dict = {}
    places = _places(payload, errors)
    if errors:
        raise ValidationError(errors)
    appeal, created = svc.appeal_file_own(
        territory=request.territory, user=request.auth, applicant=request.person,
        submission_key=request.headers.get("Idempotency-Key", ""),
        text=payload.text, surname=payload.surname, given_name=payload.given_name,
        reply_email=payload.reply_email, reply_postal=payload.reply_postal,
        reply_phone=payload.reply_phone, address_text=payload.address_text,
        latitude=payload.latitude, longitude=payload.longitude, **places)
    if not created:
        response["Idempotent-Replayed"] = "true"
        return Status(200, appeal)
    return Status(201, appeal)


@router.post("/t/{slug}/my/appeals/{appeal_id}/feedback", response=protected({200: AppealOut}),
             auth=RESIDENT, summary="Оценить ответ: решена ли проблема, оценка 1–5")
def my_feedback(request, slug: str, appeal_id: int, payload: FeedbackIn):
    appeal = access.access_own_appeal(request.auth, request.territory, appeal_id)
    feedback = svc.feedback_open(appeal=appeal) if appeal.status == "answered" else None
    if feedback is None:
        raise ValidationError(_("По этому обращению сейчас не ждём оценки."),
                              code="feedback_not_expected")
    # An unanswered `solved` (None) is the service's to refuse, with its message.
    svc.feedback_submit(feedback=feedback, solved=payload.solved,  # type: ignore[arg-type]
                        satisfaction=payload.satisfaction, comment=payload.comment,
                        via="api", actor=request.auth)
    appeal.refresh_from_db()
    return appeal


# --- staff ----------------------------------------------------------------------------------

@router.get("/t/{slug}/appeals/", response=protected({200: page_of(AppealStaffOut)}),
            auth=STAFF, summary="Обращения (исполнителю — своего отдела)")
def appeal_list(request, slug: str, filters: Query[AppealFilters]):
    viewer = access.access_office(request.auth, request.territory)
    qs = sel.appeals_search(sel.appeals_visible(viewer), q=filters.q,
                            status=filters.status, channel=filters.channel,
                            topic_id=filters.topic, department_id=filters.department,
                            overdue=filters.overdue)
    return paginate(request, qs, filters)


@router.get("/t/{slug}/appeals/{appeal_id}", response=protected({200: AppealCard}),
            auth=STAFF, summary="Карточка обращения: история и поручения")
def appeal_card(request, slug: str, appeal_id: int):
    appeal = access.access_appeal(request.auth, request.territory, appeal_id)
    person_card_open(person=appeal.applicant, viewer=request.auth, ip=client_ip(request),
                     purpose=f"карточка обращения {appeal.number} (API)")
    notices = [{**{f: getattr(n, f) for f in ("id", "at", "kind", "channel", "outcome",
                                               "detail", "subject", "text")},
                "letter": (f"/api/v1/t/{slug}/appeals/{appeal.pk}/letters/{n.pk}.pdf"
                           if n.channel == AppealNotification.Channel.POST else None)}
               for n in appeal.notifications.all()]
    return {"appeal": appeal, "events": sel.appeal_history(appeal, public_only=False),
            "assignments": appeal.assignments.select_related("department", "appeal")
                                 .prefetch_related("reports"), "notices": notices}


@router.get("/t/{slug}/appeals/{appeal_id}/letters/{notification_id}.pdf",
            response=protected({200: None}), auth=STAFF,
            summary="Письмо заявителю для печати (PDF): ответ, продление, перенаправление")
def appeal_letter(request, slug: str, appeal_id: int, notification_id: int):
    appeal = access.access_appeal(request.auth, request.territory, appeal_id)
    pdf = letter_print(appeal=appeal, notification_id=notification_id, viewer=request.auth,
                       ip=client_ip(request), via=" (API)")
    if pdf is None:
        raise Http404(_("Письма с таким номером у этого обращения нет."))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="letter-{appeal.pk}-{notification_id}.pdf"'
    return response


@router.post("/t/{slug}/appeals/", response=protected({201: AppealStaffOut, 200: AppealStaffOut}),
             auth=STAFF, summary="Зарегистрировать обращение (звонок, письмо, email, встреча)",
             description="Заголовок `Idempotency-Key` (8–64 знака, например UUID): повтор с тем "
                         "же ключом возвращает уже внесённое обращение с кодом 200 и заголовком "
                         "`Idempotent-Replayed: true`.")
def appeal_create(request, slug: str, payload: StaffAppealIn, response: HttpResponse):
    access.access_desk(request.auth, request.territory)
    errors: dict = {}
    places = _places(payload, errors)
    department = of_town(Department, payload.department_id, "department_id", errors)
    chosen = of_town(Person, payload.applicant_id, "applicant_id", errors, is_erased=False)
    if errors:
        raise ValidationError(errors)

    def enter(key: str):
        applicant = chosen or svc.applicant_find_or_create(
            territory=request.territory, surname=payload.surname,
            given_name=payload.given_name, patronymic=payload.patronymic,
            phone=payload.reply_phone, email=payload.reply_email, recorded_by=request.auth)
        return svc.appeal_create(
            territory=request.territory, channel=payload.channel, applicant=applicant,
            text=payload.text, surname=payload.surname, given_name=payload.given_name,
            reply_email=payload.reply_email, reply_postal=payload.reply_postal,
            reply_phone=payload.reply_phone, address_text=payload.address_text,
            latitude=payload.latitude, longitude=payload.longitude,
            received_at=payload.received_at, created_by=request.auth,
            register=payload.register_now, department=department, submission_key=key,
            **places)

    appeal, created = svc.appeal_enter_once(
        territory=request.territory, user=request.auth, text=payload.text, enter=enter,
        submission_key=request.headers.get("Idempotency-Key", ""))
    if not created:
        response["Idempotent-Replayed"] = "true"
        return Status(200, appeal)
    return Status(201, appeal)


@router.post("/t/{slug}/appeals/{appeal_id}/status", response=protected({200: AppealStaffOut}),
             auth=STAFF, summary="Сменить статус (регистрация, в работу, закрыть…)")
def appeal_status(request, slug: str, appeal_id: int, payload: AppealStatusIn):
    appeal = access.access_appeal(request.auth, request.territory, appeal_id, manage=True)
    step = step_to(APPEAL, payload.to_status, among=APPEAL_STATUS_API)
    if step.action == "register":
        errors: dict = {}
        department = of_town(Department, payload.department_id, "department_id", errors)
        if errors:
            raise ValidationError(errors)
        return perform(APPEAL, "register", appeal, by=request.auth, department=department)
    return perform(APPEAL, step.action, appeal, by=request.auth, comment=payload.comment)


@router.post("/t/{slug}/appeals/{appeal_id}/answer", response=protected({200: AppealStaffOut}),
             auth=STAFF, summary="Ответить заявителю (и запросить оценку)")
def appeal_answer(request, slug: str, appeal_id: int, payload: AppealAnswerIn):
    appeal = access.access_appeal(request.auth, request.territory, appeal_id, manage=True)
    return perform(APPEAL, "answer", appeal, by=request.auth, text=payload.text)


@router.post("/t/{slug}/appeals/{appeal_id}/extend", response=protected({200: AppealStaffOut}),
             auth=STAFF, summary="Продлить срок ответа (причина, уведомление заявителя)")
def appeal_extend(request, slug: str, appeal_id: int, payload: ExtendIn):
    appeal = access.access_appeal(request.auth, request.territory, appeal_id, manage=True)
    return perform(APPEAL, "extend", appeal, by=request.auth, new_due=payload.new_due,
                   reason=payload.reason)


@router.post("/t/{slug}/appeals/{appeal_id}/forward", response=protected({200: AppealStaffOut}),
             auth=STAFF, summary="Перенаправить по компетенции")
def appeal_forward(request, slug: str, appeal_id: int, payload: ForwardIn):
    appeal = access.access_appeal(request.auth, request.territory, appeal_id, manage=True)
    return perform(APPEAL, "forward", appeal, by=request.auth, body=payload.body,
                   reason=payload.reason)


for child in (appeals_assignments, appeals_files):
    router.add_router("", child.router)
