"""Tables of the appeals app, one module per area (appeals.py: appeals, their history and
attachments; assignments.py: assignments, reports, feedback; meetings.py: head meetings,
participants; knowledge.py: recurring questions and template solutions; reception.py: the head's
reception by appointment)."""

from .appeals import *  # noqa: F401,F403
from .assignments import *  # noqa: F401,F403
from .knowledge import *  # noqa: F401,F403
from .meetings import *  # noqa: F401,F403
from .reception import *  # noqa: F401,F403
