"""Tables of the practices app, one module per area (bank.py: practices, passport versions,
classifier, lifecycle, replication; projects.py: a town's project stages, bodies, expert
evaluation, implementation and monitoring; scorecard.py: the monthly KPI scorecard)."""

from .bank import *  # noqa: F401,F403
from .projects import *  # noqa: F401,F403
from .scorecard import *  # noqa: F401,F403
