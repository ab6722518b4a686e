"""The kinds of events (seed 000: «мероприятия ОМСУ и Предприятия — публичные, массовые,
официальные, благотворительные…»), as data: each kind says how it is labelled, whether it is a
dialogue (a meeting meant to end in decisions: the warning sign «диалог без решений» looks at
these), which feedback form it starts with and which countable criteria are suggested for it.
Code reads `KINDS[event.kind]`; no `if kind == …` elsewhere."""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class EventKind:
    code: str
    label: str | Promise
    is_dialogue: bool = False  # a discussion, hearing or meeting: it should record decisions
    # Question templates (codes of feedback.QUESTION_TEMPLATES) a new questionnaire starts with.
    questions: tuple[str, ...] = ("rating", "liked", "propose", "help")
    # Criteria codes (criteria.CATALOGUE) suggested when the event is planned.
    criteria: tuple[str, ...] = ("feedback_rate", "proposals_per_participant")


KINDS: dict[str, EventKind] = {k.code: k for k in (
    EventKind("public", _("публичное мероприятие"),
              criteria=("feedback_rate", "proposals_per_participant", "new_active")),
    EventKind("mass", _("массовое мероприятие"),
              questions=("rating", "liked", "help"),
              criteria=("feedback_rate", "new_active", "volunteers_recruited")),
    EventKind("official", _("официальное мероприятие"), questions=("rating", "propose"),
              criteria=("feedback_rate",)),
    EventKind("charity", _("благотворительная акция"), questions=("rating", "help"),
              criteria=("volunteers_recruited", "volunteer_hours")),
    EventKind("discussion", _("дискуссионная площадка"), is_dialogue=True,
              criteria=("proposals_per_participant", "decisions_taken", "feedback_rate")),
    EventKind("hearing", _("публичные слушания"), is_dialogue=True,
              questions=("rating", "propose"),
              criteria=("proposals_per_participant", "decisions_taken")),
    EventKind("meeting", _("встреча с жителями"), is_dialogue=True,
              criteria=("decisions_taken", "proposals_per_participant", "feedback_rate")),
    EventKind("subbotnik", _("субботник, добровольческая акция"),
              questions=("rating", "help"),
              criteria=("volunteers_recruited", "volunteer_hours", "new_active")),
    EventKind("sport_culture", _("спортивное или культурное событие"),
              questions=("rating", "liked", "help"),
              criteria=("feedback_rate", "media_reach")),
    EventKind("education", _("обучение, лекция, семинар"),
              criteria=("feedback_rate", "proposals_per_participant")),
)}


def kind_choices() -> list[tuple[str, str | Promise]]:
    return [(k.code, k.label) for k in KINDS.values()]
