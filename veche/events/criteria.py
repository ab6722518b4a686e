"""The catalogue of countable criteria of an event's effectiveness (seed 000: «четкие, счетные
критерии эффективности»), as data: each criterion says its label, unit, whether more is better,
and how its value comes from the records — a small function of the event's figures
(`EventFigures`, counted for many events at once by selectors/scorecard.py in a fixed number of
aggregate queries). A criterion the organisers define themselves is not here: it has a name,
a unit, a target and a value they enter with its source (EventCriterion without a code)."""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass
class EventFigures:
    """What the records say about one event (all counts; None where nothing is known)."""

    checked_in: int = 0
    actual_participants: int | None = None  # counted by the organiser
    responses: int = 0  # feedback forms answered
    proposals: int = 0  # non-empty «что бы вы предложили» answers
    wants_to_help: int = 0
    newcomers: int = 0  # Event.newcomers: persons whose very first action was here
    actions: int = 0  # Event.actions_recorded
    volunteers: int = 0  # persons signed up (not withdrawn) to the event's volunteer tasks
    volunteer_hours: float = 0.0  # confirmed hours on those tasks
    decisions: int = 0  # EventDecision rows
    media_reach: int | None = None  # Event.media_reach

    @property
    def participants(self) -> int:
        """Checked-in persons; where nobody was checked in, the organiser's count."""
        return self.checked_in or (self.actual_participants or 0)


@dataclass(frozen=True)
class Criterion:
    code: str
    label: str | Promise
    unit: str | Promise
    how: str | Promise  # how the value is computed, shown next to it
    value: Callable[[EventFigures], float | None]
    higher_is_better: bool = True
    percent: bool = False  # a share in per cent (0..100), its target too
    entered: bool = False  # the value may be entered (with its source) over the computed one


def _share(part: float, whole: int) -> float | None:
    return part / whole if whole else None


def _percent(part: float, whole: int) -> float | None:
    return 100 * part / whole if whole else None


CATALOGUE: dict[str, Criterion] = {c.code: c for c in (
    Criterion("feedback_rate", _("доля ответивших на анкету"), "%",
              _("ответы на анкету / отмеченные на входе (или пришедшие по подсчёту "
                "организатора, если отметки не было)"),
              lambda f: _percent(f.responses, f.participants), percent=True),
    Criterion("proposals_per_participant", _("предложений на участника"), _("предл./чел."),
              _("предложения в анкете / участники"),
              lambda f: _share(f.proposals, f.participants)),
    Criterion("new_active", _("новые активные жители"), _("чел."),
              _("жители, чьё первое действие в реестре действий было на этом мероприятии"),
              lambda f: float(f.newcomers)),
    Criterion("volunteers_recruited", _("привлечено волонтёров"), _("чел."),
              _("записавшиеся на задачи мероприятия"),
              lambda f: float(f.volunteers)),
    Criterion("volunteer_hours", _("волонтёрские часы"), _("ч"),
              _("подтверждённые организатором часы по задачам мероприятия"),
              lambda f: float(f.volunteer_hours)),
    Criterion("decisions_taken", _("принятые решения"), _("шт."),
              _("решения, записанные по итогам мероприятия"),
              lambda f: float(f.decisions)),
    Criterion("media_reach", _("охват в СМИ и соцсетях"), _("чел."),
              _("значение, внесённое организатором, с источником"),
              lambda f: None if f.media_reach is None else float(f.media_reach),
              entered=True),
)}


def criterion_choices() -> list[tuple[str, str | Promise]]:
    return [(c.code, c.label) for c in CATALOGUE.values()]


def is_met(value: float | None, target: float, higher_is_better: bool = True) -> bool | None:
    """Whether `value` reaches `target`; None when there is no value to judge."""
    if value is None:
        return None
    return value >= target if higher_is_better else value <= target
