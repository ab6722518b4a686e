"""Bodies of the project (working group, expert council, public council): members, sessions
with agenda, minutes and decisions; and the seed's warning sign «совет состоит из одних и тех
же людей, которые сидят во всех органах», computed from member overlap."""

import datetime as dt
from collections import defaultdict
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from veche.accounts.models import User
from veche.registry.models import Person
from veche.territories.models import Territory

from ..models import Body, BodyMember, BodySession, PassportSelection, Practice, TownProject
from .checks import check_same_town, clean_lines, clean_text
from .stages import MEETING_BY_CODE

# A body is flagged when at least this share of its members also sit in another body.
OVERLAP_SHARE_WARNING = 0.5


@transaction.atomic
def body_create(*, territory: Territory, kind: str, name: str, order_number: str = "",
                order_date: dt.date | None = None, tasks: str = "") -> Body:
    if kind not in Body.Kind.values:
        raise ValidationError({"kind": ValidationError(
            _("Выберите вид органа: рабочая группа, экспертный или общественный совет."),
            code="body_kind_unknown")})
    name = clean_text(name, "name", _("Название"), limit=300)
    order_number = clean_text(order_number, "order_number", _("Номер распоряжения"),
                              required=False, limit=60)
    if order_number and order_date is None:
        raise ValidationError({"order_date": ValidationError(
            _("Укажите дату распоряжения."), code="order_date_missing")})
    if Body.objects.filter(territory=territory, name__iexact=name).exists():
        raise ValidationError({"name": ValidationError(
            _("Орган с таким названием уже есть."), code="body_duplicate")})
    return Body.objects.create(territory=territory, kind=kind, name=name,
                               order_number=order_number, order_date=order_date,
                               tasks=clean_text(tasks, "tasks", _("Задачи"), required=False))


@transaction.atomic
def body_order_set(*, body: Body, order_number: str, order_date: dt.date | None,
                   tasks: str = "") -> Body:
    body.order_number = clean_text(order_number, "order_number", _("Номер распоряжения"),
                                   limit=60)
    if order_date is None:
        raise ValidationError({"order_date": ValidationError(
            _("Укажите дату распоряжения."), code="order_date_missing")})
    body.order_date = order_date
    body.tasks = clean_text(tasks, "tasks", _("Задачи"), required=False) or body.tasks
    body.save(update_fields=["order_number", "order_date", "tasks"])
    return body


@transaction.atomic
def body_member_add(*, body: Body, person: Person | None = None, user: User | None = None,
                    name: str = "", role: str = BodyMember.Role.MEMBER, position: str = "",
                    is_community_member: bool = False) -> BodyMember:
    """A member is a registry person, a user (an expert's login) or, failing both, a name."""
    check_same_town(body.territory, person, "person", _("Житель"))
    if role not in BodyMember.Role.values:
        raise ValidationError({"role": ValidationError(
            _("Выберите роль: председатель, секретарь или член."), code="role_unknown")})
    if person is None and user is not None:
        person = Person.objects.filter(territory=body.territory, user=user).first()
    name = clean_text(name, "name", _("ФИО"), required=False, limit=300) or (
        person.full_name if person else (user.full_name or str(user)) if user else "")
    if not name:
        raise ValidationError({"name": ValidationError(
            _("Укажите члена органа: выберите жителя из реестра, пользователя или впишите ФИО."),
            code="member_missing")})
    dup = BodyMember.objects.filter(body=body)
    if (person and dup.filter(person=person).exists()) or (
            user and dup.filter(user=user).exists()) or (
            not person and not user and dup.filter(name__iexact=name).exists()):
        raise ValidationError({"person": ValidationError(
            _("%(name)s уже в составе органа «%(body)s»."), code="member_duplicate",
            params={"name": name, "body": body.name})})
    try:
        with transaction.atomic():
            return BodyMember.objects.create(
                territory=body.territory, body=body, person=person, user=user, name=name,
                role=role, position=clean_text(position, "position", _("Должность"),
                                               required=False, limit=300),
                is_community_member=is_community_member)
    except IntegrityError:
        raise ValidationError({"person": ValidationError(
            _("%(name)s уже в составе органа."), code="member_duplicate",
            params={"name": name})}) from None


@transaction.atomic
def body_member_remove(*, member: BodyMember) -> None:
    member.delete()


@transaction.atomic
def body_session_create(*, body: Body, held_on: dt.date, title: str, agenda=(),
                        minutes: str = "", decisions=(), attendees: int = 0,
                        project: TownProject | None = None, meeting_code: str = "",
                        minutes_file=None, by: User | None = None) -> BodySession:
    if not isinstance(held_on, dt.date):
        raise ValidationError({"held_on": ValidationError(
            _("Укажите дату заседания."), code="session_date_missing")})
    title = clean_text(title, "title", _("Тема заседания"), limit=300)
    check_same_town(body.territory, project, "project", _("Проект"))
    stage = None
    if meeting_code:
        if meeting_code not in MEETING_BY_CODE:
            raise ValidationError({"meeting_code": ValidationError(
                _("Нет такого мероприятия в этапах проекта."), code="stage_meeting_unknown")})
        stage = MEETING_BY_CODE[meeting_code][0]
    if not isinstance(attendees, int) or attendees < 0:
        raise ValidationError({"attendees": ValidationError(
            _("Число присутствовавших — целое, не меньше 0."), code="count_invalid")})
    return BodySession.objects.create(
        territory=body.territory, body=body, project=project, stage=stage,
        meeting_code=meeting_code, held_on=held_on, title=title,
        agenda=clean_lines(agenda, "agenda", _("Повестка")),
        minutes=clean_text(minutes, "minutes", _("Протокол"), required=False, limit=100_000),
        decisions=clean_lines(decisions, "decisions", _("Решения")),
        attendees=attendees, minutes_file=minutes_file or "", created_by=by)


# Seed 004, stage 3: the expert council's session (with the working group) approves «перечень
# собственных (реализованных) лучших практик (не менее трех), отобранных для паспортизации».
SELECTING_BODIES = (Body.Kind.EXPERT_COUNCIL, Body.Kind.WORKING_GROUP)
PASSPORT_SELECTION_MIN = 3


@transaction.atomic
def passport_selection_record(*, project: TownProject, session: BodySession,
                              practices: list[Practice], decision: str,
                              by: User | None) -> PassportSelection:
    """The body's recorded decision selecting the town's own practices for passports. Only a
    session of the expert council or the working group of this town can hold it, and only the
    town's own practices can be on it (drafts too: the passport is written at stage 4)."""
    check_same_town(project.territory, session, "session", _("Заседание"))
    if session.body.kind not in SELECTING_BODIES:
        raise ValidationError({"session": ValidationError(
            _("Перечень практик для паспортизации утверждает экспертный совет или рабочая "
              "группа: выберите их заседание."), code="selection_body_kind")})
    decision = clean_text(decision, "decision", _("Решение"), limit=5000)
    practices = list(dict.fromkeys(practices))
    if not practices:
        raise ValidationError({"practices": ValidationError(
            _("Выберите практики города, отобранные для паспортизации."),
            code="practices_missing")})
    for practice in practices:
        if practice.territory_id != project.territory_id:
            raise ValidationError({"practices": ValidationError(
                _("«%(title)s» — практика другого города: в перечень для паспортизации "
                  "входят только собственные практики."), code="practice_not_own",
                params={"title": practice.title})})
    selection = PassportSelection.objects.create(
        territory=project.territory, project=project, session=session, decision=decision,
        recorded_by=by)
    selection.practices.set(practices)
    return selection


def passport_selected_count(*, project: TownProject) -> int:
    """How many of the town's own practices a recorded decision selected for passports."""
    return (PassportSelection.practices.through.objects
            .filter(passportselection__project=project,
                    practice__territory_id=project.territory_id)
            .values("practice_id").distinct().count())


def _identity(member: BodyMember, person_of_user: dict[int, int]) -> str:
    """One key per human: the registry person, else the person of the user, else the name."""
    if member.person_id:
        return f"p{member.person_id}"
    if member.user_id and member.user_id in person_of_user:
        return f"p{person_of_user[member.user_id]}"
    if member.user_id:
        return f"u{member.user_id}"
    return "n" + " ".join(member.name.lower().replace("ё", "е").split())


def bodies_overlap(*, territory: Territory) -> dict:
    """Who sits in two or more bodies, and per body the share of its members who also sit
    elsewhere. Two queries whatever the number of bodies."""
    bodies = list(Body.objects.filter(territory=territory).order_by("kind", "name"))
    members = list(BodyMember.objects.filter(territory=territory).order_by("name"))
    user_ids = {m.user_id for m in members if m.user_id and not m.person_id}
    person_of_user = dict(
        Person.objects.filter(territory=territory, user_id__in=user_ids)
        .values_list("user_id", "id")) if user_ids else {}
    seats: dict[str, list[BodyMember]] = defaultdict(list)
    for m in members:
        seats[_identity(m, person_of_user)].append(m)
    names = {b.pk: b.name for b in bodies}
    multi = {k: v for k, v in seats.items() if len({m.body_id for m in v}) >= 2}
    people: list[dict[str, Any]] = sorted(
        ({"name": v[0].name, "bodies": sorted({names[m.body_id] for m in v}),
          "count": len({m.body_id for m in v})} for v in multi.values()),
        key=lambda r: (-r["count"], r["name"]))
    per_body = []
    for b in bodies:
        own = [m for m in members if m.body_id == b.pk]
        shared = [m for m in own if _identity(m, person_of_user) in multi]
        share = len(shared) / len(own) if own else 0.0
        per_body.append({"body": b, "members": len(own), "shared": len(shared),
                         "share": round(share, 3),
                         "warning": len(own) > 0 and share >= OVERLAP_SHARE_WARNING})
    return {"people": people, "bodies": per_body,
            "warning": any(r["warning"] for r in per_body)}
