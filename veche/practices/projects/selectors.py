"""Reads of the project area. Practices of the bank are read through the few functions at the
top: a town's own practices in its scope, other towns' only when published (the bank is
shared by the network on purpose)."""

from django.db.models import Count, Prefetch
from django.utils.translation import gettext as _

from veche.territories.crosstown import published_anywhere
from veche.territories.models import Territory

from ..models import (
    Body,
    BodyMember,
    BodySession,
    CityProblem,
    ImplementationPlan,
    Initiative,
    MonitoringReport,
    Practice,
    Shortlist,
    TownProject,
)


def practices_by_ids(ids) -> dict[int, Practice]:
    """Practices the project may put before experts: its own town's and published ones."""
    if not ids:
        return {}
    from django_scopes import get_scope

    town = get_scope().get("territory")  # the open town (or towns); None: published only
    qs = published_anywhere(Practice, town=town, status=Practice.Status.PUBLISHED)
    return {p.pk: p for p in qs.filter(pk__in=list(ids))}


def review_item(*, project, item: str) -> tuple[Initiative | None, Practice | None]:
    """An expertise item named "initiative:<id>" or "practice:<id>" of this project's town;
    a Russian ValidationError when there is none."""
    from django.core.exceptions import ValidationError

    kind, _sep, pk = item.partition(":")
    initiative = practice = None
    if kind == "initiative" and pk.isdigit():
        initiative = Initiative.objects.filter(pk=int(pk), project=project).first()
    elif kind == "practice" and pk.isdigit():
        practice = practices_by_ids([int(pk)]).get(int(pk))
    if initiative is None and practice is None:
        raise ValidationError({"item": ValidationError(
            _("Нет такого пункта экспертизы в этом городе."), code="review_item_unknown")})
    return initiative, practice


def practice_text(practice: Practice) -> tuple[str, str]:
    return practice.title, practice.summary


def town_practices(*, territory: Territory):
    return Practice.objects.filter(territory=territory).order_by("title")


def published_practices_elsewhere(*, territory: Territory):
    return (published_anywhere(Practice, status=Practice.Status.PUBLISHED)
            .exclude(territory=territory)
            .select_related("territory").order_by("territory__name", "title"))


def project_current(*, territory: Territory, year: int | None = None) -> TownProject | None:
    qs = TownProject.objects.filter(territory=territory)
    if year:
        return qs.filter(year=year).first()
    return qs.order_by("-year").first()


def projects_of(*, territory: Territory):
    return TownProject.objects.filter(territory=territory).order_by("-year")


def problems_of(*, project: TownProject):
    return (CityProblem.objects.filter(project=project).select_related("topic")
            .annotate(initiatives_count=Count("initiatives")))


def initiatives_of(*, project: TownProject):
    return (Initiative.objects.filter(project=project).select_related("problem")
            .prefetch_related("authors"))


def bodies_of(*, territory: Territory):
    return (Body.objects.filter(territory=territory)
            .prefetch_related(Prefetch("members", BodyMember.objects.order_by("role", "name")))
            .annotate(sessions_count=Count("sessions", distinct=True)))


def sessions_of(*, body: Body):
    return BodySession.objects.filter(body=body)


def project_sessions(*, project: TownProject):
    return BodySession.objects.filter(project=project).select_related("body")


def scoring_items(*, project: TownProject) -> list[dict]:
    """What experts score: the project's initiatives (not rejected), the town's own practices
    and the other towns' practices put before the experts."""
    items = [{"key": f"initiative:{i.pk}", "kind": "initiative", "title": i.title,
              "description": i.description, "obj": i}
             for i in Initiative.objects.filter(project=project)
             .exclude(status=Initiative.Status.REJECTED).order_by("title")]
    own = list(town_practices(territory=project.territory))
    ids = list(project.candidates.through.objects.filter(townproject_id=project.pk)
               .values_list("practice_id", flat=True))
    external = [p for p in practices_by_ids(ids).values() if p.territory_id != project.territory_id]
    for p in own + sorted(external, key=lambda p: p.title):
        items.append({"key": f"practice:{p.pk}", "kind": "practice", "title": p.title,
                      "description": p.summary, "obj": p,
                      "external": p.territory_id != project.territory_id})
    return items


def shortlists_of(*, project: TownProject):
    return Shortlist.objects.filter(project=project).prefetch_related(
        "items__initiative", "items__practice")


def plans_of(*, territory: Territory, project: TownProject | None = None):
    qs = (ImplementationPlan.objects.filter(territory=territory)
          .select_related("initiative", "practice")
          .annotate(reports_count=Count("reports", distinct=True),
                    tasks_count=Count("tasks", distinct=True)))
    return qs.filter(project=project) if project is not None else qs


def reports_of(*, plan: ImplementationPlan):
    return MonitoringReport.objects.filter(plan=plan)
