"""Who may reach which initiative, volunteer task, hours claim and speaker (the access functions
of the events capability's initiatives part; veche.accounts.contract).

The town's office (staff and the head: they see residents' names, so PERSONAL_DATA_ROLES, past
the second factor where a request enters) runs initiatives, tasks and speakers. An initiative's
leader runs their own initiative too: `initiative_roles` adds the pseudo-role LEADER to the
user's roles for that one initiative, so the lifecycle table (lifecycle_initiatives.py) names
who may act as data. Each function returns the object or raises Http404 (not in this town, or
hidden) / PermissionDenied (a role the caller lacks), the same on every path.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from veche.accounts.access import roles_in
from veche.accounts.contract import one_or_404
from veche.accounts.models import PERSONAL_DATA_ROLES, User
from veche.registry.models import Person
from veche.territories.models import Territory

from .models import (
    CitizenInitiative,
    InitiativeMember,
    Speaker,
    VolunteerHours,
    VolunteerSignup,
    VolunteerTask,
)

# The office that runs initiatives, volunteer tasks and speakers, and sees the names.
ORGANISE = frozenset(PERSONAL_DATA_ROLES)
# Not a Membership role: held by the leader of one initiative, for that initiative only.
LEADER = "initiative_leader"
# Who moves an initiative through its lifecycle.
STEER = ORGANISE | {LEADER}


def person_of(user: User, territory: Territory) -> Person | None:
    """The user's own registry person in `territory` (None: not a resident there)."""
    if not user.is_authenticated:
        return None
    return Person.objects.filter(territory=territory, user=user, is_erased=False).first()


def require_resident(user: User, territory: Territory) -> Person:
    """The caller's registry person in the town, or PermissionDenied: joining, signing up and
    claiming hours are a resident's own acts."""
    person = person_of(user, territory)
    if person is None:
        raise PermissionDenied(_("Участвовать могут жители из реестра города: присоединитесь к "
                                 "городу в личном кабинете."))
    return person


def require_town_user(user: User, territory: Territory) -> set[str]:
    """The caller's roles in the town, or PermissionDenied for a caller who is neither a
    resident of the town nor holds a role there (their queue would be another town's)."""
    held = roles_in(user, territory)
    if not held and person_of(user, territory) is None:
        raise PermissionDenied(_("Этот раздел — для жителей и сотрудников города."))
    return held


def leads(user: User, initiative: CitizenInitiative) -> bool:
    if not user.is_authenticated:
        return False
    return InitiativeMember.objects.filter(
        initiative=initiative, role=InitiativeMember.Role.LEADER, person__user=user,
        person__is_erased=False).exists()


def initiative_roles(user: User, territory: Territory,
                     initiative: CitizenInitiative | None) -> set[str]:
    """The user's roles in the town, plus LEADER when they lead `initiative`."""
    held = roles_in(user, territory)
    if initiative is not None and leads(user, initiative):
        held.add(LEADER)
    return held


def access_initiative(user: User, town: Territory, initiative_id: Any, *,
                      steer: bool = False) -> CitizenInitiative:
    """An initiative of `town` (every status is public); with `steer`, only for its leader and
    the town's office."""
    initiative = one_or_404(
        CitizenInitiative.objects.filter(territory=town).select_related("topic", "district"),
        initiative_id, _("В городе нет такой инициативы."))
    if steer and not initiative_roles(user, town, initiative) & STEER:
        raise PermissionDenied(_("Инициативой управляют её руководитель и администрация."))
    return initiative


def may_organise(user: User, town: Territory, task: VolunteerTask) -> bool:
    """The office of the town, or the leader of the task's initiative."""
    if roles_in(user, town) & ORGANISE:
        return True
    return task.initiative is not None and leads(user, task.initiative)


def access_task(user: User, town: Territory, task_id: Any, *,
                organise: bool = False) -> VolunteerTask:
    """A volunteer task of `town` (its title and numbers are public); with `organise`, only for
    the office and the leader of its initiative (the page lists the volunteers)."""
    task = one_or_404(
        VolunteerTask.objects.filter(territory=town).select_related("initiative", "event"),
        task_id, _("В городе нет такой задачи для волонтёров."))
    if organise and not may_organise(user, town, task):
        raise PermissionDenied(_("Волонтёров задачи видят её организаторы."))
    return task


def access_own_signup(user: User, town: Territory, signup_id: Any) -> VolunteerSignup:
    """The caller's own sign-up (another's reads as missing)."""
    return one_or_404(
        VolunteerSignup.objects.filter(territory=town, person__user=user,
                                       person__is_erased=False)
        .select_related("task", "task__event", "task__initiative", "person"),
        signup_id, _("Нет такой вашей записи волонтёром."))


def access_signup(user: User, town: Territory, signup_id: Any) -> VolunteerSignup:
    """A sign-up to a task the caller organises (to log hours for the volunteer)."""
    signup = one_or_404(
        VolunteerSignup.objects.filter(territory=town)
        .select_related("task", "task__event", "task__initiative", "person"),
        signup_id, _("Нет такой записи волонтёра."))
    if not may_organise(user, town, signup.task):
        raise PermissionDenied(_("Часы за волонтёра отмечают организаторы задачи."))
    return signup


def access_hours(user: User, town: Territory, hours_id: Any) -> VolunteerHours:
    """An hours claim, for the organisers of its task (to confirm or reject it)."""
    hours = one_or_404(
        VolunteerHours.objects.filter(territory=town).select_related(
            "signup", "signup__person", "signup__task", "signup__task__event",
            "signup__task__initiative"),
        hours_id, _("Нет такой отметки часов."))
    if not may_organise(user, town, hours.signup.task):
        raise PermissionDenied(_("Часы подтверждает организатор задачи."))
    return hours


def access_speaker(user: User, town: Territory, speaker_id: Any) -> Speaker:
    """A speaker of the community, for the town's office."""
    if not roles_in(user, town) & ORGANISE:
        raise PermissionDenied(_("Спикеров ведёт администрация."))
    return one_or_404(Speaker.objects.filter(territory=town).select_related("person"),
                      speaker_id, _("В городе нет такого спикера."))


ACCESS = (access_initiative, access_task, access_own_signup, access_signup, access_hours,
          access_speaker)
