"""Tables of the practices app, one module per area (bank.py: practices, passport versions,
classifier, lifecycle, replication; projects.py: a town's project stages, problems,
initiatives, bodies, expert evaluation and shortlists; implementation.py: implementation
plans, monitoring and evaluation; scorecard.py: the monthly KPI scorecard)."""

from .bank import *  # noqa: F401,F403
from .implementation import *  # noqa: F401,F403
from .projects import *  # noqa: F401,F403
from .scorecard import *  # noqa: F401,F403
