"""Rows of the meetings area for tests (the tenancy walk's rows are in
veche/appeals/tenancy.py)."""

import datetime as dt

from django.utils import timezone

from veche.territories.models import Building, District

from .services import meeting_announce, meeting_create, meeting_mark_held


def make_building_with_coords(territory, *, street="ул. Мира", house="1", lat=53.2, lon=45.1):
    district = District.objects.filter(territory=territory).first() or \
        District.objects.create(territory=territory, name="Центральный")
    return Building.objects.create(territory=territory, district=district, street=street,
                                   house=house, latitude=lat, longitude=lon, apartments=60)


def make_meeting(territory, *, building=None, days: int = 7, status: str = "announced",
                 head_name: str = "Климанов Олег Владимирович", **extra):
    meeting = meeting_create(territory=territory, building=building,
                             place="" if building else "у детской площадки",
                             starts_at=timezone.now() + dt.timedelta(days=days),
                             head_name=head_name, **extra)
    if status in ("announced", "held", "reported"):
        meeting_announce(meeting=meeting)
    if status in ("held", "reported"):
        meeting_mark_held(meeting=meeting)
    return meeting
