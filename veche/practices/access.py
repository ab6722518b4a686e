"""Who may reach which object of the practices capability: the bank, a town's project and the
KPI scorecard. The web pages, the API and the demo call these functions and nothing else to
fetch an object by an id from a URL, so each case has one answer everywhere (veche.accounts
.contract): ``Http404`` with a message saying what is missing for an object that is not in this
town (or not published, for the bank), ``PermissionDenied`` for a role the caller lacks.

Each runs inside the town's scope (the request's, or one the caller opened) and takes the acting
user, not a request: an API token's user and the demo's staff go through the same checks.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from veche.accounts.access import curated_territory_ids, require_roles
from veche.accounts.contract import OFFICE, object_pk, one_or_404
from veche.accounts.models import Role, User
from veche.territories.models import Territory
from veche.territories.selectors import active_towns

from .models import (
    Body,
    BodyMember,
    BodySession,
    CityProblem,
    ImplementationPlan,
    ImprovementFact,
    Initiative,
    PassportVersion,
    Practice,
    Replication,
    ResidentProposal,
    Shortlist,
    TownProject,
)

# The town's back office: its own practices, the project, the scorecard's entries.
MANAGE = OFFICE
# Members of the expert council score the project's items.
EXPERTISE = frozenset({Role.EXPERT})
# A territory curator judges one town's month (assessment, cut-offs).
CURATE = frozenset({Role.CURATOR})
# An improvement fact counts once someone other than its author recognises it.
RECOGNIZE = frozenset({Role.HEAD, Role.CURATOR})



# --- the bank -----------------------------------------------------------------------------

def access_practice(user: User, town: Territory | None, practice_id: Any, *,
                    manage: bool = False) -> Practice:
    """A published practice of any town (the bank is the network's); with `manage`, a practice
    of `town` in any state, for its staff and head only — a draft never leaves its office."""
    if not manage:
        from .bank.selectors import published_practice

        missing = _("В банке нет такой опубликованной практики.")
        try:
            return published_practice(practice_id=object_pk(practice_id, missing))
        except Practice.DoesNotExist:
            raise Http404(missing) from None
    if town is None:
        raise PermissionDenied(_("Практиками города управляют из его кабинета."))
    require_roles(user, town, MANAGE)
    missing = _("В банке города нет такой практики.")
    try:
        return (Practice.objects.select_related("current_version", "territory")
                .get(territory=town, pk=object_pk(practice_id, missing)))
    except Practice.DoesNotExist:
        raise Http404(missing) from None


def access_passport_version(user: User, town: Territory, practice_id: Any,
                            version_id: Any) -> PassportVersion:
    """One saved version of a town's practice passport (its office only)."""
    practice = access_practice(user, town, practice_id, manage=True)
    missing = _("Нет такой версии паспорта.")
    version = (PassportVersion.objects.filter(pk=object_pk(version_id, missing),
                                              practice=practice).first())
    if version is None:
        raise Http404(missing)
    version.practice = practice
    return version


def access_replication(user: User, town: Territory, replication_id: Any) -> Replication:
    """The town's record of adopting another town's practice (its office only)."""
    require_roles(user, town, MANAGE)
    missing = _("Нет такой записи о тиражировании в этом городе.")
    found = (Replication.objects.select_related("practice", "practice__territory")
             .filter(territory=town, pk=object_pk(replication_id, missing)).first())
    if found is None:
        raise Http404(missing)
    return found


# --- a town's project ---------------------------------------------------------------------

def access_project(user: User, town: Territory, *, year: int | None = None,
                   expert: bool = False) -> TownProject:
    """The town's project of `year` (the latest when None), for its office or, with `expert`,
    its experts. No such project is Http404 — on every page and API endpoint alike."""
    require_roles(user, town, EXPERTISE if expert else MANAGE)
    from .projects.selectors import project_current

    project = project_current(territory=town, year=year)
    if project is None:
        raise Http404(_("В городе нет проекта %(year)s года.") % {"year": year} if year
                      else _("В городе ещё нет проекта."))
    return project


def access_initiative(user: User, town: Territory, initiative_id: Any, *,
                      project: TownProject | None = None, expert: bool = False) -> Initiative:
    """An initiative of the town (of `project`, when given), for its office or its experts."""
    require_roles(user, town, EXPERTISE if expert else MANAGE)
    missing = _("Нет такой инициативы в этом городе.")
    found = Initiative.objects.filter(territory=town, pk=object_pk(initiative_id, missing))
    if project is not None:
        found = found.filter(project=project)
    initiative = found.first()
    if initiative is None:
        raise Http404(missing)
    return initiative


def access_expertise_item(user: User, town: Territory, key: str, *,
                          project: TownProject) -> dict:
    """An item the project's experts score: "initiative:<id>" (any initiative of the project)
    or "practice:<id>" (one put before the experts), as the dict `scoring_items` gives."""
    from .projects.selectors import scoring_items

    kind, _sep, pk = str(key).partition(":")
    if kind == "initiative":
        initiative = access_initiative(user, town, pk, project=project, expert=True)
        return {"key": f"initiative:{initiative.pk}", "kind": "initiative",
                "title": initiative.title, "description": initiative.description,
                "obj": initiative}
    require_roles(user, town, EXPERTISE)
    missing = _("Эта практика не вынесена на экспертизу.")
    item = {i["key"]: i for i in scoring_items(project=project)}.get(
        f"practice:{object_pk(pk, missing)}") if kind == "practice" else None
    if item is None:
        raise Http404(missing)
    return item


def _town_object(model, user: User, town: Territory, pk: Any, missing: str, *,
                 roles: frozenset[str] | None = MANAGE, related: tuple[str, ...] = ()):
    if roles is not None:  # None: the caller has checked the role with its own message
        require_roles(user, town, roles)
    rows = model.objects.filter(territory=town)
    return one_or_404(rows.select_related(*related) if related else rows, pk, missing)


def access_body(user: User, town: Territory, body_id: Any) -> Body:
    """A working group or council of the town's project (its office only)."""
    return _town_object(Body, user, town, body_id, _("Нет такого органа проекта в этом городе."))


def access_body_member(user: User, town: Territory, member_id: Any) -> BodyMember:
    return _town_object(BodyMember, user, town, member_id,
                        _("Нет такого члена органа в этом городе."))


def access_body_session(user: User, town: Territory, session_id: Any) -> BodySession:
    """A meeting of one of the town's bodies, with its body."""
    return _town_object(BodySession, user, town, session_id,
                        _("Нет такого заседания в этом городе."), related=("body",))


def access_shortlist(user: User, town: Territory, shortlist_id: Any) -> Shortlist:
    """The expert council's approved list for the resident vote (the office only)."""
    return _town_object(Shortlist, user, town, shortlist_id,
                        _("Нет такого перечня для голосования в этом городе."),
                        related=("project",))


def access_plan(user: User, town: Territory, plan_id: Any) -> ImplementationPlan:
    """An implementation plan of the town (its office only)."""
    return _town_object(ImplementationPlan, user, town, plan_id,
                        _("Нет такого плана реализации в этом городе."))


def access_proposal(user: User, town: Territory, proposal_id: Any) -> ResidentProposal:
    """A resident's proposal on a running practice, for the office that answers it."""
    return _town_object(ResidentProposal, user, town, proposal_id,
                        _("Нет такого предложения жителя в этом городе."),
                        related=("plan", "person"))


# --- residents: supports of problems, proposals on running practices -----------------------

def resident_of(user: User, town: Territory):
    """The registry person through whom `user` acts in `town`: a resident supports problems
    and makes proposals as that person. PermissionDenied for anyone else (another town's
    people included), so a town's lists of problems and practices stay its residents'."""
    from veche.registry.models import Person

    if not user.is_authenticated:
        raise PermissionDenied(_("Войдите на сайт как житель города."))
    person = Person.objects.filter(territory=town, user=user, is_erased=False).first()
    if person is None:
        raise PermissionDenied(_("Поддерживать проблемы и вносить предложения могут жители "
                                 "этого города: присоединитесь к городу в личном кабинете."))
    return person


def access_city_problem(user: User, town: Territory, problem_id: Any) -> CityProblem:
    """A city problem of the town's project, for one of its residents (or its office)."""
    resident_of(user, town)
    return _town_object(CityProblem, user, town, problem_id,
                        _("Нет такой городской проблемы в этом городе."), roles=None)


def running_plans(town: Territory):
    """Plans residents may speak about: approved, not stopped (seed 004, stage 7)."""
    return ImplementationPlan.objects.filter(territory=town,
                                             status=ImplementationPlan.Status.APPROVED)


def access_running_plan(user: User, town: Territory, plan_id: Any) -> ImplementationPlan:
    """An approved practice being implemented, for one of the town's residents."""
    resident_of(user, town)
    return one_or_404(running_plans(town), plan_id,
                      _("Нет такой реализуемой практики в этом городе."))


# --- the scorecard ------------------------------------------------------------------------

def access_fact(user: User, town: Territory, fact_id: Any, *,
                recognize: bool = False) -> ImprovementFact:
    """An improvement fact of the town; to `recognize` it the caller must be its head or a
    curator (the fact's author is refused by the service)."""
    if recognize:
        try:
            require_roles(user, town, RECOGNIZE)
        except PermissionDenied:
            raise PermissionDenied(_("Признать факт может глава города или куратор.")) from None
    return _town_object(ImprovementFact, user, town, fact_id,
                        _("Нет такого факта улучшения в этом городе."),
                        roles=None if recognize else MANAGE)


def curated_towns(user: User) -> list[Territory]:
    """The active towns `user` curates, or PermissionDenied when none: the curator's ranking
    and export read across them (the caller opens their scope)."""
    ids = curated_territory_ids(user)
    if not ids:
        raise PermissionDenied(_("Этот раздел — для кураторов территорий."))
    return list(active_towns().filter(pk__in=ids))


def access_scorecard_settings(user: User) -> User:
    """The network's scorecard settings (issue 14): a territory curator (of any town) or a
    platform admin changes them; anyone else is PermissionDenied."""
    if not (getattr(user, "is_superuser", False) or curated_territory_ids(user)):
        raise PermissionDenied(_("Настройки показателей меняет куратор территории."))
    return user


def access_curated_town(user: User, slug: str) -> Territory:
    """One active town `user` curates, by its slug; another town is Http404 (the curator must
    not learn which towns exist outside their own)."""
    found = Territory.objects.filter(slug=str(slug), pk__in=curated_territory_ids(user),
                                     is_active=True).first()
    if found is None:
        raise Http404(_("Этот город вы не курируете."))
    return found
