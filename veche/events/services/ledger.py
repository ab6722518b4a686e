"""The one way the events capability writes the ledger: an action of a person about an event or
a citizens' initiative. Each event action also bumps the event's counters (`actions_recorded`,
and `newcomers` when it was the person's very first action anywhere), so lists and the warning
signs read numbers instead of grouping the ledger. Check-in never comes here: presence is not
an action (seed 000)."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from veche.ledger.models import Action, PersonActivity
from veche.ledger.services import action_record
from veche.registry.models import Person
from veche.territories.crosstown import in_town

from ..models import CitizenInitiative, Event

EVENT_OBJECT = "events.event"
INITIATIVE_OBJECT = "events.initiative"


def _same_town(obj, person: Person) -> None:
    if person.territory_id != obj.territory_id:
        raise ValidationError(_("Участник относится к другому городу."), code="other_town")


def _is_newcomer(person: Person) -> bool:
    counted = person.merged_into_id or person.pk
    # The person is of the object's town (checked above): its rollup is read in that town,
    # whatever scope is active (the demo and the worker run without one).
    return not in_town(PersonActivity, person.territory_id).filter(person_id=counted).exists()


@transaction.atomic
def record_event_action(*, event: Event, person: Person, kind: str, source: str = "web",
                        weight: float = 1.0, occurred_at: dt.datetime | None = None) -> Action:
    """Append one ledger action of `person` about `event` and bump the event's counters."""
    _same_town(event, person)
    newcomer = _is_newcomer(person)
    action = action_record(person=person, kind=kind, object_type=EVENT_OBJECT,
                           object_id=str(event.pk), object_title=event.title,
                           topic=event.topic, occurred_at=occurred_at, weight=weight,
                           source=source)
    bump: dict = {"actions_recorded": F("actions_recorded") + 1}
    if newcomer:
        bump["newcomers"] = F("newcomers") + 1
    in_town(Event, event.territory_id).filter(pk=event.pk).update(**bump)
    return action


@transaction.atomic
def record_initiative_action(*, initiative: CitizenInitiative, person: Person, kind: str,
                             source: str = "web", weight: float = 1.0,
                             occurred_at: dt.datetime | None = None) -> Action:
    """Append one ledger action of `person` about a citizens' initiative."""
    _same_town(initiative, person)
    return action_record(person=person, kind=kind, object_type=INITIATIVE_OBJECT,
                         object_id=str(initiative.pk), object_title=initiative.title,
                         topic=initiative.topic, occurred_at=occurred_at, weight=weight,
                         source=source)
