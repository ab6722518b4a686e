"""What the routers of a town's project share (projects.py and its child routers
projects_expertise.py, projects_plans.py, projects_work.py, projects_scorecard.py): the auth of
the practices capability's role sets, the ?year= of the project, and the plan's write schemas
(a plan is made in projects_plans.py and approved in projects_work.py). A plain public module, so
that the child routers import nothing from each other or from their parent."""

import datetime as dt

from ninja import Field, Schema

from veche.practices import access
from veche.practices.models import ImplementationPlan

from ..security import auth_for, town_roles

# The project's back office (staff and head) and the expert council's members.
OFFICE = auth_for(town_roles(*access.MANAGE))
EXPERT = auth_for(town_roles(*access.EXPERTISE))
TAGS = ["Лучшие практики: проект и показатели"]


class YearQuery(Schema):
    year: int | None = Field(None, ge=2017, le=2100, description="Год проекта (по умолчанию "
                                                                  "последний)")


def town_project(request, year: int | None, *, expert: bool = False):
    """The town's project of `year` for the caller, or a 404 saying there is none: the same
    answer on every endpoint (veche.practices.access.access_project)."""
    return access.access_project(request.auth, request.territory, year=year, expert=expert)


# --- a plan: what is sent to make one, and what comes back after a write -------------------

class IndicatorIn(Schema):
    name: str
    unit: str = ""
    baseline: float = 0
    target: float
    deadline: dt.date | None = None


class TaskIn(Schema):
    title: str
    responsible: str
    deadline: dt.date | None = None


class PlanIn(Schema):
    title: str
    initiative_id: int | None = None
    practice_id: int | None = None
    resource_sources: str = ""
    legal_changes: str = ""
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None
    indicators: list[IndicatorIn] = Field([], description="ожидаемые результаты")
    tasks: list[TaskIn] = []
    year: int | None = None


class PlanCreated(Schema):
    id: int
    title: str
    status: str
    indicators: int
    tasks: int


def plan_out(plan: ImplementationPlan) -> dict:
    return {"id": plan.pk, "title": plan.title, "status": plan.status,
            "indicators": plan.indicators.count(), "tasks": plan.tasks.count()}
