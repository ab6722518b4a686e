"""Questions of head meetings. Every question becomes an appeal with channel head_meeting
through the appeals services (appeal_create, assignment_create), so it gets a registration
number, 59-FZ deadlines, assignments and the applicant's feedback like any other appeal; the
MeetingQuestion row only links the appeal to its meeting."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from veche.accounts.models import Department, User
from veche.registry.models import Person, SourceKind
from veche.territories.models import Building, CityTopic

from ..models import Appeal, AppealChannel, HeadMeeting, MeetingQuestion, MeetingStatus
from ..services import appeal_create, applicant_find_or_create, assignment_create
from ..services.appeals import appeal_sent_again
from ..validation import check_appeal_text, check_deadline, check_reply
from .services import _actor, _check_open_for_recording, participant_add

S = MeetingStatus
OUTCOME_MAX = 1000


def postal_address(meeting: HeadMeeting, building: Building | None, apartment: str) -> str:
    """Where to send the answer when a resident gave only their flat (59-FZ needs an address)."""
    building = building or meeting.building
    if building is None:
        return ""
    flat = f", кв. {apartment.strip()}" if (apartment or "").strip() else ""
    return f"{meeting.territory.name}, {building}{flat}"


def _check_question(*, text: str, surname: str, given_name: str, email: str,
                    postal: str, name_required: bool = True) -> dict:
    errors: dict[str, list[ValidationError]] = {}
    try:
        check_appeal_text(text)
    except ValidationError as exc:
        errors["text"] = exc.error_list
    try:
        reply = check_reply(surname=surname, given_name=given_name, email=email, postal=postal,
                            name_required=name_required)
    except ValidationError as exc:
        errors.update(exc.error_dict)
        reply = {}
    if errors:
        raise ValidationError(errors)
    return reply


@transaction.atomic
def question_record(*, meeting: HeadMeeting, text: str, surname: str, given_name: str = "",
                    apartment: str = "", phone: str = "", email: str = "",
                    building: Building | None = None, topic: CityTopic | None = None,
                    person: Person | None = None, recorded_by: User | None = None,
                    client_key: str = "", task: str = "", deadline: dt.date | None = None,
                    department: Department | None = None, organisation: str = "",
                    executor: User | None = None,
                    at: dt.datetime | None = None) -> MeetingQuestion:
    """A question asked at the meeting, written down by staff (usually on a phone).

    The asker becomes (or is found as) a registry person and a participant; the appeal is
    registered at once (staff entered it). With `task` and `deadline` an assignment is made in
    the same step — the minutes' «поручение, ответственный, срок». `client_key` makes a resend
    of the same form return the question already recorded."""
    _check_open_for_recording(meeting)
    client_key = (client_key or "")[:40]
    if client_key:
        done = meeting.questions.filter(client_key=client_key).select_related("appeal").first()
        if done is not None:
            return done
    postal = postal_address(meeting, building, apartment)
    # Every problem of the form at once (the asker is still standing there): the question,
    # who asks — a new registry person needs a name — and the assignment's deadline.
    errors: dict[str, list[ValidationError]] = {}
    try:
        reply = _check_question(text=text, surname=surname, given_name=given_name, email=email,
                                postal=postal, name_required=person is None)
    except ValidationError as exc:
        errors.update(exc.error_dict)
    if task.strip():
        try:
            check_deadline(deadline, label=_("Срок исполнения"),
                           not_before=timezone.localdate(at) if at else None)
        except ValidationError as exc:
            errors.update(exc.error_dict)
        if department is None and not (organisation or "").strip():
            errors["department"] = [ValidationError(
                _("Выберите отдел или впишите организацию (управляющую компанию, предприятие)."),
                code="executor_missing")]
    if errors:
        raise ValidationError(errors)
    if building is not None and building.territory_id != meeting.territory_id:
        raise ValidationError({"building": ValidationError(
            _("Этот дом относится к другому городу."), code="other_town")})
    applicant = person or applicant_find_or_create(
        territory=meeting.territory, surname=reply["surname"], given_name=reply["given_name"],
        phone=phone, email=reply["email"], recorded_by=_actor(recorded_by),
        source_kind=SourceKind.STAFF)
    # Asked at the meeting: received then, even when typed in later from paper notes.
    now = timezone.now()
    ends = meeting.starts_at + dt.timedelta(minutes=meeting.duration_minutes)
    received_at = at or (min(now, ends) if meeting.starts_at <= now else now)
    appeal = appeal_create(
        territory=meeting.territory, channel=AppealChannel.HEAD_MEETING, applicant=applicant,
        text=text, surname=reply["surname"], given_name=reply["given_name"],
        reply_email=reply["email"], reply_postal=reply["postal"], reply_phone=phone,
        topic=topic, building=building or meeting.building, received_at=received_at,
        created_by=_actor(recorded_by), register=True, department=department,
        source_ref=meeting.source_ref, address_text=str(building or meeting.building or ""))
    try:
        with transaction.atomic():
            question = MeetingQuestion.objects.create(
                territory_id=meeting.territory_id, meeting=meeting, appeal=appeal,
                client_key=client_key, recorded_by=_actor(recorded_by))
    except IntegrityError:  # the same form arrived twice at once: the first one wins
        raise ValidationError(_("Этот вопрос уже записан — обновите страницу."),
                              code="question_duplicate") from None
    if task.strip():
        assert deadline is not None  # checked with the task above
        assignment_create(appeal=appeal, task=task, deadline=deadline,
                          actor=_actor(recorded_by), department=department,
                          organisation=organisation, executor=executor,
                          created_at=received_at if at else None)
    if not meeting.participants.filter(person=applicant).exists():
        participant_add(meeting=meeting, person=applicant, apartment=apartment,
                        building=building, recorded_by=recorded_by)
    return question


def check_ask_open(meeting: HeadMeeting) -> None:
    if meeting.status != S.ANNOUNCED or meeting.starts_at <= timezone.now():
        raise ValidationError(_("Вопросы к этой встрече уже не принимаются: она прошла или ещё "
                                "не объявлена. Задайте вопрос через обычное обращение."),
                              code="meeting_questions_closed")


@transaction.atomic
def question_ask_in_advance(*, meeting: HeadMeeting, text: str, surname: str,
                            given_name: str = "", email: str = "", apartment: str = "",
                            postal: str = "", phone: str = "",
                            user: User | None = None) -> MeetingQuestion:
    """A resident sends a question before the meeting (the QR code on the poster). It becomes
    an appeal (channel head_meeting) waiting for registration like any web appeal."""
    check_ask_open(meeting)
    postal = (postal or "").strip() or (postal_address(meeting, None, apartment)
                                        if (apartment or "").strip() else "")
    known = user is not None and user.is_authenticated and Person.objects.filter(
        territory=meeting.territory, user=user, is_erased=False).exists()
    reply = _check_question(text=text, surname=surname, given_name=given_name, email=email,
                            postal=postal, name_required=not known)
    # The thank-you page is the answer to the POST: a reload or a second tap sends the same
    # question again — it is the one already received, not a new appeal.
    again = appeal_sent_again(Appeal.objects.filter(
        meeting_question__meeting=meeting, meeting_question__in_advance=True,
        applicant_surname=reply["surname"]), text)
    if again is not None:
        return again.meeting_question
    applicant = applicant_find_or_create(
        territory=meeting.territory, surname=reply["surname"], given_name=reply["given_name"],
        phone=phone, email=reply["email"], user=user, source_kind=SourceKind.SELF)
    appeal = appeal_create(
        territory=meeting.territory, channel=AppealChannel.HEAD_MEETING, applicant=applicant,
        text=text, surname=reply["surname"], given_name=reply["given_name"],
        reply_email=reply["email"], reply_postal=reply["postal"], reply_phone=phone,
        building=meeting.building, created_by=_actor(user), register=False,
        source_ref=meeting.source_ref, address_text=str(meeting.building or meeting.place))
    return MeetingQuestion.objects.create(territory_id=meeting.territory_id, meeting=meeting,
                                          appeal=appeal, in_advance=True)


@transaction.atomic
def question_publish_set(*, question: MeetingQuestion, public_text: str,
                         public_outcome: str) -> MeetingQuestion:
    """The question and what was done, in words for the public results page (no names)."""
    text = " ".join((public_text or "").split())
    outcome = " ".join((public_outcome or "").split())
    errors = {}
    if len(text) > 300:
        errors["public_text"] = [ValidationError(
            _("Формулировка вопроса — не больше 300 знаков."), code="text_too_long")]
    if len(outcome) > OUTCOME_MAX:
        errors["public_outcome"] = [ValidationError(
            _("Не больше %(limit)s знаков."), code="text_too_long",
            params={"limit": OUTCOME_MAX})]
    if errors:
        raise ValidationError(errors)
    question.public_text, question.public_outcome = text, outcome
    question.save(update_fields=["public_text", "public_outcome"])
    return question
