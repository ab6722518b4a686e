"""Tables of the votes app, one module per area (votes.py: votes, options, questions, templates;
ballots.py: ballots, receipts and their hash chain, paper ballots, abuse flags, invitations)."""

from .ballots import *  # noqa: F401,F403
from .votes import *  # noqa: F401,F403
