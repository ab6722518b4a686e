"""Rows of every events model for the tenancy walk (tests/test_tenancy_walk.py), made through
the services and carrying the walk's marker wherever a page or an endpoint would show text.

The feedback and initiatives parts of the capability add their rows by functions of their own
modules, called from here when they exist: `veche.events.services.feedback.feedback_walk` and
`veche.events.services.initiatives.initiatives_walk`, each `(*, territory, persons, marker,
event)` — `event` is the walk's held event (with a registration checked in)."""

from __future__ import annotations

import base64
import datetime as dt
import importlib

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from .lifecycle import EVENT
from .models import OrganiserKind, VenueKind
from .services.checkin import checkin_registration, registration_create
from .services.events import event_create, event_decision_add

# A 1×1 PNG: the walk's event photo.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==")

# Modules of the other parts of the capability and the walk function each may define.
PART_WALKS = (("veche.events.services.feedback", "feedback_walk"),
              ("veche.events.services.initiatives", "initiatives_walk"))


def walk_objects(*, territory, persons, marker: str) -> None:
    from .services.events import event_photo_add

    now = timezone.now()
    # The public event (its page is open to anyone) carries the marker only where no public
    # page shows it; a draft, never public, carries it everywhere.
    event = event_create(
        territory=territory, kind="meeting", title="Встреча с жителями",
        description="Открытая встреча", organiser_kind=OrganiserKind.ADMINISTRATION,
        organiser_name="Администрация", venue_kind=VenueKind.PUBLIC,
        venue_name="ДК", address="ул. Ленина, 1", starts_at=now - dt.timedelta(hours=1),
        ends_at=now + dt.timedelta(hours=2), registration_open=True, capacity=100,
        responsible_name=f"Ответственный {marker}")
    EVENT.run("announce", event, by=None)
    event_create(
        territory=territory, kind="hearing", title=f"Черновик {marker}",
        description=f"Описание {marker}", organiser_kind=OrganiserKind.CITIZENS,
        organiser_name=f"Группа {marker}", venue_kind=VenueKind.PUBLIC,
        address=f"ул. {marker}, 1", starts_at=now + dt.timedelta(days=5),
        ends_at=now + dt.timedelta(days=5, hours=2), responsible_name=marker)
    registration = registration_create(event=event, person=persons[0])
    checkin_registration(registration=registration, at=now)
    event_decision_add(event=event, text="Отремонтировать освещение во дворе",
                       responsible="Отдел ЖКХ")
    event_photo_add(event=event, image=SimpleUploadedFile("walk.png", PNG, "image/png"),
                    caption="Фото встречи")
    _walk_links(event)
    for module_name, function in PART_WALKS:
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError:
            continue
        walk = getattr(module, function, None)
        if walk is not None:
            walk(territory=territory, persons=persons, marker=marker, event=event)


def _walk_links(event) -> None:
    """An EventLink where the town has an object to link to (the walk's other capabilities
    made theirs first, or not: then the link row is made directly, as a link of an object
    that was deleted since)."""
    from django.apps import apps

    from .models import EventLink
    from .services.events import LINKABLE, event_link_add

    for object_type in LINKABLE:
        model = apps.get_model(object_type)
        obj = model._default_manager.filter(territory=event.territory).first()
        if obj is not None:
            event_link_add(event=event, object_type=object_type, object_id=obj.pk)
            return
    EventLink.objects.create(territory=event.territory, event=event, object_type="votes.vote",
                             object_id="0", title="—")
