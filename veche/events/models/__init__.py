"""The events capability's tables: events with their registrations and check-ins (events.py),
feedback questionnaires and countable criteria (feedback.py), citizens' initiatives, volunteer
tasks and hours, speakers (initiatives.py)."""

from .events import (  # noqa: F401
    Event,
    EventDecision,
    EventFormat,
    EventLink,
    EventPhoto,
    EventStatus,
    OrganiserKind,
    Registration,
    VenueKind,
)
from .feedback import (  # noqa: F401
    EventCriterion,
    FeedbackAnswer,
    FeedbackQuestion,
    FeedbackResponse,
    QuestionKind,
    Questionnaire,
    QuestionnairePurpose,
)
from .initiatives import (  # noqa: F401
    CitizenInitiative,
    InitiativeLink,
    InitiativeMember,
    Speaker,
    SpeakerAppearance,
    VolunteerHours,
    VolunteerSignup,
    VolunteerTask,
)
