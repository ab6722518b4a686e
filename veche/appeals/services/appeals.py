"""Writes that take appeals in: create (any channel), registration numbers, the applicant's
registry person and photo attachments (a resident's own form or API call: submission.py). What
happens to an appeal afterwards (register, status, extend, forward, answer) is in workflow.py.

Every function validates first and raises ValidationError (Russian, by field) before writing;
the received appeal leaves an AppealEvent and a ledger action."""

import datetime as dt
import uuid

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from veche.accounts.models import Department, User
from veche.ledger.models import ActionKind
from veche.ledger.services import action_record
from veche.registry.models import Person, SourceKind
from veche.registry.services import person_create
from veche.territories.models import Building, CityTopic, Territory

from .. import deadlines
from ..models import (
    Appeal,
    AppealAttachment,
    AppealChannel,
    AppealNumberCounter,
    AppealStatus,
)
from ..validation import (
    check_appeal_text,
    check_attachments,
    check_channel,
    check_coordinates,
    check_reply,
    check_text,
)
from .workflow import _same_town, appeal_register, event_add

S = AppealStatus
OBJECT_TYPE = "appeals.appeal"
DUPLICATE_WINDOW = dt.timedelta(minutes=10)


def appeal_sent_again(appeals, text) -> Appeal | None:
    """Of `appeals`, one received within DUPLICATE_WINDOW with the same words as `text`
    (spacing aside): the same appeal sent again by a second tap or a reload, not a new one."""
    same = " ".join(str(text or "").split())
    if not same:
        return None
    since = timezone.now() - DUPLICATE_WINDOW
    for recent in appeals.filter(created_at__gte=since).order_by("-created_at")[:5]:
        if " ".join(recent.text.split()) == same:
            return recent
    return None


def appeal_number_next(*, territory: Territory, year: int) -> str:
    """The next registration number of a town's year, e.g. «П-2026-000123». The counter row is
    incremented in one UPDATE, which locks it until the transaction ends: two concurrent
    registrations never get the same number."""
    counters = AppealNumberCounter.objects.filter(territory=territory, year=year)
    if not counters.update(last=F("last") + 1):
        try:
            with transaction.atomic():
                AppealNumberCounter.objects.create(territory=territory, year=year, last=1)
        except IntegrityError:  # another transaction created it first
            counters.update(last=F("last") + 1)
    last = counters.values_list("last", flat=True).get()
    return f"П-{year}-{last:06d}"


def applicant_find_or_create(
    *, territory: Territory, surname: str, given_name: str = "", patronymic: str = "",
    phone: str = "", email: str = "", user: User | None = None,
    recorded_by: User | None = None, source_kind: str = SourceKind.STAFF,
) -> Person:
    """The registry person an appeal is from: the user's own person, else one found by e-mail
    or phone with the same surname, else a new person (through the registry's service)."""
    people = Person.objects.filter(territory=territory, is_erased=False)
    if user is not None and user.is_authenticated:
        mine = people.filter(user=user).first()
        if mine:
            return mine
    surname_norm = " ".join((surname or "").split()).lower()
    for field, value in (("email", (email or "").strip().lower()), ("phone", phone)):
        if value:
            for person in people.filter(**{field: value})[:5]:
                if person.surname.lower() == surname_norm:
                    return person
    return person_create(
        territory=territory, surname=surname, given_name=given_name,
        patronymic=patronymic, phone=phone, email=email, recorded_by=recorded_by,
        source_kind=source_kind, user=user if user is not None and user.is_authenticated else None,
    )


def attachments_add(*, appeal: Appeal, files, by: User | None, report=None,
                    infos: list[dict] | None = None) -> list[AppealAttachment]:
    infos = infos if infos is not None else check_attachments(files)
    saved = []
    for upload, info in zip(files, infos, strict=True):
        ext = info["content_type"].split("/")[1].replace("jpeg", "jpg")
        attachment = AppealAttachment(
            territory_id=appeal.territory_id, appeal=appeal, report=report,
            original_name=info["name"], content_type=info["content_type"], size=info["size"],
            width=info["width"], height=info["height"],
            uploaded_by=by if by and by.is_authenticated else None,
        )
        upload.seek(0)
        attachment.file.save(f"{uuid.uuid4().hex}.{ext}", upload, save=False)
        attachment.save()
        saved.append(attachment)
    return saved


@transaction.atomic
def appeal_create(
    *,
    territory: Territory,
    channel: str,
    applicant: Person,
    text: str,
    surname: str = "",
    given_name: str = "",
    reply_email: str = "",
    reply_postal: str = "",
    reply_phone: str = "",
    topic: CityTopic | None = None,
    building: Building | None = None,
    address_text: str = "",
    latitude=None,
    longitude=None,
    photos=(),
    received_at: dt.datetime | None = None,
    created_by: User | None = None,
    register: bool = False,
    department: Department | None = None,
    source_ref: str = "",
    submission_key: str = "",
) -> Appeal:
    """Record an appeal from any channel. `surname` defaults to the applicant's. Staff-entered
    appeals are usually registered at once (`register=True`); web ones wait for registration."""
    errors: dict[str, list[ValidationError]] = {}
    clean: dict = {}
    checks = [
        ("text", lambda: check_appeal_text(text)),
        ("channel", lambda: check_channel(channel)),
        ("reply", lambda: check_reply(surname=surname or applicant.surname,
                                      given_name=given_name, email=reply_email,
                                      postal=reply_postal)),
        ("address_text", lambda: check_text(address_text, label=_("Адрес"), limit=500,
                                            required=False)),
        ("coords", lambda: check_coordinates(latitude, longitude)),
        ("photos", lambda: check_attachments(photos)),
        ("same_town", lambda: _same_town(territory, topic=topic, building=building,
                                         department=department, applicant=applicant)),
    ]
    for key, check in checks:
        try:
            clean[key] = check()
        except ValidationError as exc:
            for field, messages in (exc.error_dict if hasattr(exc, "error_dict")
                                    else {key: exc.error_list}).items():
                errors.setdefault(field, []).extend(messages)
    if applicant.is_erased:
        errors.setdefault("applicant", []).append(ValidationError(
            _("Данные этого человека удалены из реестра."), code="person_erased"))
    if errors:
        raise ValidationError(errors)
    received_at = received_at or timezone.now()
    reply = clean["reply"]
    latitude, longitude = clean["coords"]
    if building is not None and latitude is None and building.latitude is not None:
        latitude, longitude = building.latitude, building.longitude
    appeal = Appeal.objects.create(
        territory=territory, number=appeal_number_next(
            territory=territory, year=timezone.localtime(received_at).year),
        channel=channel, applicant=applicant, applicant_surname=reply["surname"],
        applicant_name=reply["given_name"] or " ".join(
            p for p in (applicant.given_name, applicant.patronymic) if p),
        reply_email=reply["email"], reply_postal=reply["postal"],
        reply_phone=(reply_phone or "")[:16], address_text=clean["address_text"],
        building=building, latitude=latitude, longitude=longitude, topic=topic,
        text=clean["text"], department=department, received_at=received_at,
        registration_due=deadlines.registration_due(received_at), source_ref=source_ref[:60],
        created_by=created_by if created_by and created_by.is_authenticated else None,
        submission_key=submission_key,
    )
    event_add(appeal, actor=created_by, to_status=S.RECEIVED, at=received_at,
              comment=f"Канал: {AppealChannel(channel).label}")
    if photos:
        attachments_add(appeal=appeal, files=list(photos), by=created_by,
                        infos=clean["photos"])
    action_record(person=applicant, kind=ActionKind.APPEAL, object_type=OBJECT_TYPE,
                  object_id=appeal.pk, object_title=f"{appeal.number}: {appeal.title}",
                  topic=topic, occurred_at=received_at, source=channel[:20])
    if register:
        appeal_register(appeal=appeal, actor=created_by, at=received_at)
    return appeal


def appeal_check_only(*, territory: Territory, surname: str, given_name: str = "",
                      text: str = "", reply_email: str = "", reply_postal: str = "",
                      address_text: str = "", latitude=None, longitude=None, photos=(),
                      name_required: bool = False, **_ignored) -> None:
    """Every problem of an appeal's fields at once, as appeal_create would report them
    (`name_required`: the applicant will be a new registry person, who needs a given name)."""
    errors: dict[str, list[ValidationError]] = {}
    for key, check in [
        ("text", lambda: check_appeal_text(text)),
        ("reply", lambda: check_reply(surname=surname, given_name=given_name,
                                      email=reply_email, postal=reply_postal,
                                      name_required=name_required)),
        ("address_text", lambda: check_text(address_text, label=_("Адрес"), limit=500,
                                            required=False)),
        ("latitude", lambda: check_coordinates(latitude, longitude)),
        ("photos", lambda: check_attachments(photos)),
    ]:
        try:
            check()
        except ValidationError as exc:
            for field, messages in (exc.error_dict if hasattr(exc, "error_dict")
                                    else {key: exc.error_list}).items():
                errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)
