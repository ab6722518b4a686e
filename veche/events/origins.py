"""What the events capability tells the engagement figures, through the core's registries
(veche/ledger/origins.py, veche/ledger/figures.py), so the ledger never imports events:

* an event id → its kind's label, to count new active residents by event kind (a person's
  first action was about an event of that kind);
* the month's events: how many were held, and how many persons made their first action at one
  (Event.newcomers), for the monthly town report («engagement» figures)."""

import datetime as dt

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from veche.ledger.figures import Figure, register_figures
from veche.ledger.origins import register_origin
from veche.territories.models import Territory

from .kinds import KINDS
from .models import Event
from .models.events import EventStatus
from .services.ledger import EVENT_OBJECT, INITIATIVE_OBJECT

SOURCE = gettext_lazy("Мероприятия")


def event_kinds(territory: Territory, ids: list[str]) -> dict[str, str]:
    """{event id: its kind's label} for the town's events among `ids`."""
    numbers = [int(i) for i in ids if i.isdigit()]
    return {str(pk): str(KINDS[kind].label) if kind in KINDS else kind
            for pk, kind in Event.objects.filter(territory=territory, pk__in=numbers)
            .values_list("pk", "kind")}


def month_figures(territory: Territory, month: dt.date) -> list[Figure]:
    """The month's events (not cancelled, starting in it) and the newcomers they brought."""
    end = (month + dt.timedelta(days=32)).replace(day=1)
    events = Event.objects.filter(territory=territory, starts_at__date__gte=month,
                                  starts_at__date__lt=end).exclude(status=EventStatus.CANCELLED)
    totals = events.aggregate(n=Count("id"), held=Count("id", filter=Q(
        status__in=[EventStatus.HELD, EventStatus.REPORTED])), newcomers=Sum("newcomers"))
    return [
        Figure("events.count", _("Мероприятий в месяце"), totals["n"],
               _("%(held)s проведено") % {"held": totals["held"]}, str(SOURCE)),
        Figure("events.newcomers", _("Впервые проявили активность на мероприятиях"),
               totals["newcomers"] or 0, _("первое действие человека — на мероприятии"),
               str(SOURCE)),
    ]


def register() -> None:
    register_origin(object_type=EVENT_OBJECT, label=SOURCE, resolve=event_kinds)
    register_origin(object_type=INITIATIVE_OBJECT, label=gettext_lazy("Инициативы жителей"))
    register_figures(topic="engagement", name="events", provider=month_figures)
