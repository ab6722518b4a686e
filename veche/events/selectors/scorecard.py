"""An event's scorecard (each chosen criterion's value against its target) and the comparison
of events and organisers over a period.

Figures for any number of events are counted in a fixed number of aggregate queries (one per
table, grouped by event) plus the counters the events services keep on Event
(`actions_recorded`, `newcomers`): the comparison of 50,000 events makes the same queries as
that of one (tests/events_feedback/test_events_feedback_comparison.py counts them)."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet, Sum
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from veche.registry.consent import Purpose, analysis_basis
from veche.territories.models import Territory

from ..criteria import CATALOGUE, EventFigures, is_met
from ..models import (
    Event,
    EventCriterion,
    EventDecision,
    EventStatus,
    FeedbackAnswer,
    FeedbackResponse,
    QuestionKind,
    Registration,
    VolunteerHours,
    VolunteerSignup,
)

HELD = (EventStatus.HELD, EventStatus.REPORTED)


def figures_of(events: QuerySet[Event]) -> dict[int, EventFigures]:
    """{event id: its figures} for every event of `events`, in seven queries whatever its size.
    Counts that name no one (statistics)."""
    analysis_basis(Purpose.STATISTICS)
    ids = events.order_by().values("pk")
    out = {pk: EventFigures(actual_participants=actual, newcomers=newcomers, actions=actions,
                            media_reach=reach)
           for pk, actual, newcomers, actions, reach in events.order_by().values_list(
               "pk", "actual_participants", "newcomers", "actions_recorded", "media_reach")}
    if not out:
        return out
    for pk, n in (Registration.objects.filter(event__in=ids, checked_in_at__isnull=False,
                                              cancelled_at__isnull=True)
                  .order_by().values("event_id").annotate(n=Count("id"))
                  .values_list("event_id", "n")):
        out[pk].checked_in = n
    for pk, n, helpers in (FeedbackResponse.objects.filter(questionnaire__event__in=ids)
                           .order_by().values("questionnaire__event_id")
                           .annotate(n=Count("id"), h=Count("id", filter=Q(wants_to_help=True)))
                           .values_list("questionnaire__event_id", "n", "h")):
        out[pk].responses, out[pk].wants_to_help = n, helpers
    for pk, n in (FeedbackAnswer.objects.filter(response__questionnaire__event__in=ids,
                                                question__kind=QuestionKind.PROPOSAL)
                  .exclude(text="").order_by().values("response__questionnaire__event_id")
                  .annotate(n=Count("id"))
                  .values_list("response__questionnaire__event_id", "n")):
        out[pk].proposals = n
    for pk, n in (VolunteerSignup.objects.filter(task__event__in=ids,
                                                 status=VolunteerSignup.Status.SIGNED)
                  .order_by().values("task__event_id")
                  .annotate(n=Count("person_id", distinct=True))
                  .values_list("task__event_id", "n")):
        out[pk].volunteers = n
    for pk, hours in (VolunteerHours.objects.filter(signup__task__event__in=ids,
                                                    status=VolunteerHours.Status.CONFIRMED)
                      .order_by().values("signup__task__event_id").annotate(h=Sum("hours"))
                      .values_list("signup__task__event_id", "h")):
        out[pk].volunteer_hours = float(hours or 0)
    for pk, n in (EventDecision.objects.filter(event__in=ids).order_by().values("event_id")
                  .annotate(n=Count("id")).values_list("event_id", "n")):
        out[pk].decisions = n
    return out


@dataclass
class CriterionRow:
    criterion: EventCriterion
    label: str
    unit: str
    how: str
    value: float | None
    target: float
    met: bool | None
    percent: bool = False
    entered: bool = False  # its value is typed in (own criterion, media reach)
    source: str = ""


def criterion_rows(criteria: list[EventCriterion], figures: EventFigures) -> list[CriterionRow]:
    rows = []
    for c in criteria:
        entry = CATALOGUE.get(c.code)
        if entry is None:  # the organisers' own criterion (or a code no longer in the catalogue)
            value, label = c.manual_value, c.name or c.code
            rows.append(CriterionRow(c, label, c.unit, _("значение внесено организатором"),
                                     value, c.target, is_met(value, c.target), entered=True,
                                     source=c.value_source))
            continue
        value = entry.value(figures)
        if entry.entered and c.manual_value is not None:
            value = c.manual_value
        rows.append(CriterionRow(c, str(entry.label), str(entry.unit), str(entry.how), value,
                                 c.target, is_met(value, c.target, entry.higher_is_better),
                                 percent=entry.percent, entered=entry.entered,
                                 source=c.value_source))
    return rows


def overall_text(met: int, total: int) -> str:
    if not total:
        return _("Критерии не выбраны.")
    return ngettext("%(met)s из %(total)s критерия выполнен",
                    "%(met)s из %(total)s критериев выполнены", total) % {
        "met": met, "total": total}


def scorecard(*, event: Event) -> dict:
    """The event's chosen criteria, each value against its target, and the overall line."""
    figures = figures_of(Event.objects.filter(pk=event.pk))[event.pk]
    rows = criterion_rows(list(event.criteria.order_by("id")), figures)
    met = sum(1 for r in rows if r.met)
    return {"event": event, "figures": figures, "rows": rows, "met": met, "total": len(rows),
            "overall": overall_text(met, len(rows)),
            "suggested": [CATALOGUE[c] for c in _suggested(event, rows)]}


def _suggested(event: Event, rows: list[CriterionRow]) -> list[str]:
    from ..kinds import KINDS

    have = {r.criterion.code for r in rows}
    return [code for code in KINDS[event.kind].criteria if code not in have]


# --- comparison ------------------------------------------------------------------------------

@dataclass
class Filters:
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    kind: str = ""
    organiser_kind: str = ""
    organiser_name: str = ""


def events_compared(*, territory: Territory, filters: Filters) -> QuerySet[Event]:
    qs = Event.objects.filter(territory=territory, status__in=HELD)
    if filters.date_from:
        qs = qs.filter(starts_at__date__gte=filters.date_from)
    if filters.date_to:
        qs = qs.filter(starts_at__date__lte=filters.date_to)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.organiser_kind:
        qs = qs.filter(organiser_kind=filters.organiser_kind)
    if filters.organiser_name:
        qs = qs.filter(organiser_name__icontains=filters.organiser_name)
    return qs


@dataclass
class OrganiserSummary:
    organiser_kind: str
    organiser_name: str
    events: int = 0
    rates: list[float] = field(default_factory=list)
    proposals: int = 0
    participants: int = 0
    newcomers: int = 0
    criteria_met: int = 0
    criteria_total: int = 0

    @property
    def mean_feedback_rate(self) -> float | None:
        return sum(self.rates) / len(self.rates) if self.rates else None

    @property
    def proposals_per_participant(self) -> float | None:
        return self.proposals / self.participants if self.participants else None

    @property
    def criteria_met_share(self) -> float | None:
        return self.criteria_met / self.criteria_total if self.criteria_total else None


def comparison(*, territory: Territory, filters: Filters, limit: int | None = 200,
               offset: int = 0) -> dict:
    """Events × catalogue criteria (the first `limit` rows from `offset`, newest first; None:
    all, for the exports) and the per-organiser summary over every matching event. The
    queries are the same in number for ten events or fifty thousand."""
    events = events_compared(territory=territory, filters=filters)
    figures = figures_of(events)
    chosen: dict[int, list[EventCriterion]] = defaultdict(list)
    for c in EventCriterion.objects.filter(event__in=events.order_by().values("pk")).order_by(
            "event_id", "id"):
        chosen[c.event_id].append(c)
    meta = list(events.order_by("-starts_at", "-id").values_list(
        "pk", "title", "kind", "organiser_kind", "organiser_name", "starts_at"))
    summaries: dict[tuple[str, str], OrganiserSummary] = {}
    rows = []
    window = range(offset, len(meta) if limit is None else offset + limit)
    for n, (pk, title, kind, org_kind, org_name, starts_at) in enumerate(meta):
        f = figures[pk]
        crows = criterion_rows(chosen.get(pk, []), f)
        met = sum(1 for r in crows if r.met)
        s = summaries.setdefault((org_kind, org_name), OrganiserSummary(org_kind, org_name))
        s.events += 1
        rate = CATALOGUE["feedback_rate"].value(f)
        if rate is not None:
            s.rates.append(rate)
        s.proposals += f.proposals
        s.participants += f.participants
        s.newcomers += f.newcomers
        s.criteria_met += met
        s.criteria_total += len(crows)
        if n in window:
            rows.append({"pk": pk, "title": title, "kind": kind, "organiser_kind": org_kind,
                         "organiser_name": org_name, "starts_at": starts_at, "figures": f,
                         "values": {code: c.value(f) for code, c in CATALOGUE.items()},
                         "met": met, "chosen": len(crows),
                         "targets": {r.criterion.code: r for r in crows if r.criterion.code}})
    return {"rows": rows, "count": len(meta), "criteria": list(CATALOGUE.values()),
            "organisers": sorted(summaries.values(), key=lambda s: (-s.events,
                                                                    s.organiser_kind,
                                                                    s.organiser_name))}
