"""The events capability's manifest (veche.accounts.contract): events with registration,
check-in and feedback, countable criteria, citizens' initiatives, volunteers and speakers.
Registered from EventsConfig.ready()."""

from django.utils.translation import gettext_lazy as _

from veche.accounts.contract import Capability, Upload, register

from . import access, access_initiatives
from .kinds import KINDS
from .lifecycle import LIFECYCLES
from .personal_data import events_personal_data
from .signs import SIGNS as WARNING_SIGNS
from .tenancy import walk_objects

CAPABILITY = register(Capability(
    name="events",
    label=_("Мероприятия, инициативы и волонтёры"),
    roles={"manage": access.MANAGE, "personal": access.PERSONAL,
           "organise": access_initiatives.ORGANISE},
    lifecycles=LIFECYCLES,
    walk_objects=walk_objects,
    access=(access.access_event, access.access_public_event, access.access_registration,
            access.access_photo, access.access_people, access.access_decision,
            access.access_link, *access_initiatives.ACCESS),
    extras={"kinds": KINDS},
    # Photos of events: anyone's while the event is public (its page shows them), only the
    # town's event office's while it is a draft or cancelled — as access_photo says.
    uploads=(Upload("events/photos/", "events.EventPhoto", "image", roles=access.MANAGE,
                    public=access.photo_is_public),),
    personal_data=events_personal_data,  # the resident's own download (152-FZ art. 14)
    warning_signs=WARNING_SIGNS,  # seed 000's warning signs (signs.py)
))
