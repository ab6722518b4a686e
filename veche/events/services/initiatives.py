"""Citizens' initiatives and city projects: a resident proposes one and leads its group, others
join, the leader or the office moves it through its lifecycle (lifecycle_initiatives.py) and
links it to what it meets elsewhere (a practice, a vote, an appeal).

Proposing is a ledger PROPOSAL of the author, joining the group a SUPPORT of the one who joins
(both about object "events.initiative"); a status change is the organisers' bookkeeping, not a
resident's action."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from veche.accounts.models import User
from veche.ledger.models import ActionKind
from veche.registry.models import Person
from veche.territories.models import CityTopic, District, Territory

from ..models import CitizenInitiative, Event, InitiativeLink, InitiativeMember
from .events import LINKABLE, link_target
from .ledger import EVENT_OBJECT, record_initiative_action

Status = CitizenInitiative.Status
# While the group still works, people may join it.
JOINABLE = frozenset({Status.PROPOSED, Status.RECRUITING, Status.IN_PROGRESS})
# What an initiative may link to: what an event may (events.LINKABLE), and an event.
LINK_TYPES = (*LINKABLE, EVENT_OBJECT)
_OBJECT_ID = re.compile(r"^[1-9][0-9]{0,18}$")


def _text(value: str | None) -> str:
    return (value or "").strip()


def _check_person(person: Person | None, territory: Territory) -> Person:
    if person is None or person.is_erased:
        raise ValidationError(
            _("Участвовать в инициативах могут жители из реестра города: присоединитесь к "
              "городу в личном кабинете."), code="not_resident")
    if person.territory_id != territory.pk:
        raise ValidationError(_("Участник относится к другому городу."), code="other_town")
    return person


@transaction.atomic
def initiative_propose(*, territory: Territory, person: Person | None, title: str,
                       goals: str = "", description: str = "", topic: CityTopic | None = None,
                       district: District | None = None,
                       kind: str = CitizenInitiative.Kind.INITIATIVE,
                       user: User | None = None, source: str = "web") -> CitizenInitiative:
    """A resident proposes an initiative and becomes the leader of its group."""
    person = _check_person(person, territory)
    title, goals = _text(title), _text(goals)
    errors: dict[str, list[ValidationError]] = {}
    if len(title) < 5:
        errors["title"] = [ValidationError(
            _("Назовите инициативу: не короче 5 знаков."), code="title_required")]
    elif len(title) > 300:
        errors["title"] = [ValidationError(
            _("Название длиннее 300 знаков: сократите его."), code="too_long")]
    if not goals:
        errors["goals"] = [ValidationError(
            _("Напишите, чего инициатива хочет добиться."), code="goals_required")]
    if kind not in CitizenInitiative.Kind.values:
        errors["kind"] = [ValidationError(_("Нет такого вида инициативы."), code="not_allowed")]
    for name, obj in (("topic", topic), ("district", district)):
        if obj is not None and obj.territory_id != territory.pk:
            errors[name] = [ValidationError(_("Выберите из списка этого города."),
                                            code="other_town")]
    if errors:
        raise ValidationError(errors)
    initiative = CitizenInitiative.objects.create(
        territory=territory, kind=kind, title=title, goals=goals,
        description=_text(description), topic=topic, district=district, created_by=user)
    InitiativeMember.objects.create(territory=territory, initiative=initiative, person=person,
                                    role=InitiativeMember.Role.LEADER)
    record_initiative_action(initiative=initiative, person=person, kind=ActionKind.PROPOSAL,
                             source=source)
    return initiative


def initiative_join(*, initiative: CitizenInitiative, person: Person | None,
                    source: str = "web") -> InitiativeMember:
    """`person` joins the initiative's group (a SUPPORT action). Twice is refused."""
    person = _check_person(person, initiative.territory)
    if initiative.status not in JOINABLE:
        raise ValidationError(_("Инициатива завершена: в группу больше не вступают."),
                              code="initiative_closed")
    try:
        with transaction.atomic():
            member = InitiativeMember.objects.create(
                territory_id=initiative.territory_id, initiative=initiative, person=person)
            record_initiative_action(initiative=initiative, person=person,
                                     kind=ActionKind.SUPPORT, source=source)
    except IntegrityError:
        raise ValidationError(_("Вы уже в инициативной группе."), code="already_member") from None
    return member


@transaction.atomic
def initiative_leave(*, initiative: CitizenInitiative, person: Person | None) -> None:
    """A member leaves the group; the leader cannot (the group would have none). The ledger's
    SUPPORT stays: it happened."""
    person = _check_person(person, initiative.territory)
    member = InitiativeMember.objects.filter(initiative=initiative, person=person).first()
    if member is None:
        raise ValidationError(_("Вы не в инициативной группе."), code="not_member")
    if member.role == InitiativeMember.Role.LEADER:
        raise ValidationError(_("Руководитель не может выйти из своей инициативы."),
                              code="leader_stays")
    member.delete()


def _set_status(initiative: CitizenInitiative, status: str, **fields) -> CitizenInitiative:
    initiative.status = status
    for name, value in fields.items():
        setattr(initiative, name, value)
    initiative.save(update_fields=["status", "updated_at", *fields])
    return initiative


def initiative_recruit(*, initiative: CitizenInitiative, by: User | None = None
                       ) -> CitizenInitiative:
    """Open recruitment of participants and volunteers."""
    return _set_status(initiative, Status.RECRUITING)


def initiative_start(*, initiative: CitizenInitiative, by: User | None = None
                     ) -> CitizenInitiative:
    return _set_status(initiative, Status.IN_PROGRESS,
                       started_on=initiative.started_on or timezone.localdate())


def _results(results: str, message: str, code: str) -> str:
    text = _text(results)
    if not text:
        raise ValidationError({"results": [ValidationError(message, code=code)]})
    return text


def initiative_finish(*, initiative: CitizenInitiative, by: User | None = None,
                      results: str = "") -> CitizenInitiative:
    """Done: the results are required (what changed in the town)."""
    text = _results(results, _("Опишите результаты: что сделано и что изменилось."),
                    "results_required")
    return _set_status(initiative, Status.DONE, results=text,
                       finished_on=timezone.localdate())


def initiative_stop(*, initiative: CitizenInitiative, by: User | None = None,
                    results: str = "") -> CitizenInitiative:
    """Stopped: say why (kept as its results)."""
    text = _results(results, _("Напишите, почему инициатива остановлена."), "reason_required")
    return _set_status(initiative, Status.STOPPED, results=text,
                       finished_on=timezone.localdate())


def initiative_link_add(*, initiative: CitizenInitiative, object_type: str | None,
                        object_id: str,
                        title: str = "", by: User | None = None) -> InitiativeLink:
    """Link the initiative to another capability's object of its town ("app.model" + id: a
    vote, an appeal, a head meeting, a practice — as events link — or an event). The other
    side finds it by the same pair (selectors.initiatives.initiatives_linked_to)."""
    object_type = _text(object_type)
    if object_type == EVENT_OBJECT:
        obj = Event.objects.filter(territory_id=initiative.territory_id,
                                   pk=int(object_id) if _OBJECT_ID.match(_text(str(object_id)))
                                   else 0).first()
        if obj is None:
            raise ValidationError({"object_id": [ValidationError(
                _("Такой объект в этом городе не найден."), code="link_not_found")]})
        name = obj.title
    else:
        obj = link_target(territory=initiative.territory, object_type=object_type,
                          object_id=object_id)
        name = str(getattr(obj, LINKABLE[object_type][1], "") or obj)
    try:
        with transaction.atomic():
            return InitiativeLink.objects.create(
                territory_id=initiative.territory_id, initiative=initiative,
                object_type=object_type, object_id=str(obj.pk),
                title=(_text(title) or name)[:300])
    except IntegrityError:
        raise ValidationError(_("Эта связь уже есть."), code="link_exists") from None


def initiative_link_remove(*, link: InitiativeLink, by: User | None = None) -> None:
    link.delete()


def initiatives_walk(*, territory: Territory, persons, marker: str, event) -> None:
    """Town A's rows of initiatives, volunteers and speakers for the tenancy walk
    (veche/events/tenancy.py calls it): the marker goes where only the town's own organisers
    read it (the group's names, a claim's description, a speaker's topics), never in what
    public pages show."""
    from .speakers import appearance_record, speaker_mark
    from .volunteers import hours_claim, signup_create, task_create

    leader, helper = persons[0], persons[-1]
    initiative = initiative_propose(territory=territory, person=leader,
                                    title="Сквер у дома культуры", goals="Озеленение")
    if helper.pk != leader.pk:
        initiative_join(initiative=initiative, person=helper)
    initiative_link_add(initiative=initiative, object_type=EVENT_OBJECT, object_id=str(event.pk))
    for task in (task_create(territory=territory, initiative=initiative, title="Посадка",
                             hours_planned=2, volunteers_needed=5),
                 task_create(territory=territory, event=event, title="Встреча гостей",
                             hours_planned=1, volunteers_needed=5)):
        signup = signup_create(task=task, person=helper)
        hours_claim(signup=signup, done_on=timezone.localdate(), hours=1,
                    description=f"Работа {marker}")
    speaker = speaker_mark(territory=territory, person=leader, topics=f"Темы {marker}")
    appearance_record(speaker=speaker, on_date=timezone.localdate(), title=f"Доклад {marker}",
                      event=event, audience=10)
