"""The votes capability's contract (veche.accounts.contract): its role sets, per-object access
functions, lifecycle table, tenancy-walk rows and the registry of vote kinds. Registered when
the app is ready (apps.py)."""

from django.utils.translation import gettext_lazy as _

from veche.accounts.contract import Capability, Upload, register

from .access import (
    MANAGE,
    MODERATE,
    SEE,
    access_abuse_flag,
    access_invitation,
    access_option,
    access_tally,
    access_vote,
)
from .kinds import KINDS, QUESTION_KINDS
from .lifecycle import VOTE_LIFECYCLE
from .personal_data import votes_personal_data
from .tenancy import walk_objects

CAPABILITY = register(Capability(
    name="votes",
    label=_("Голосования"),
    roles={"manage": MANAGE, "moderate": MODERATE, "see": SEE},
    lifecycles=(VOTE_LIFECYCLE,),
    walk_objects=walk_objects,
    access=(access_vote, access_option, access_abuse_flag, access_tally, access_invitation),
    extras={"kinds": KINDS, "question_kinds": QUESTION_KINDS},
    personal_data=votes_personal_data,
    # An option's photo and sketch are shown to every voter: public.
    uploads=(Upload("votes/photos/", "votes.Option", "photo"),
             Upload("votes/sketches/", "votes.Option", "sketch")),
))
