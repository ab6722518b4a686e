"""Fixtures of the meetings tests, on top of the appeals world (`aw`, tests/appeals/conftest.py):
buildings with coordinates, a meeting announced at one of them."""

import pytest

from veche.accounts.models import Department
from veche.appeals.meetings.factories import make_building_with_coords, make_meeting
from veche.territories.scoping import town_scope

HEAD = "Климанов Олег Владимирович"


@pytest.fixture
def mw(aw):
    """The meetings world: two courtyards with coordinates and an announced meeting."""
    town = aw["town"]
    with town_scope(town):
        yard = make_building_with_coords(town, street="ул. Победы", house="12", lat=53.195,
                                         lon=45.17)
        far = make_building_with_coords(town, street="ул. Конституции", house="5", lat=53.2,
                                        lon=45.19)
        meeting = make_meeting(town, building=yard, days=3, head_name=HEAD)
        # aw's "roads" and "zhkh" keys are the staff users; the departments are looked up.
        depts = {d.name: d for d in Department.objects.filter(territory=town)}
    return {**aw, "yard": yard, "far": far, "meeting": meeting,
            "dept_roads": depts["Отдел дорожного хозяйства"],
            "dept_zhkh": depts["Отдел ЖКХ и благоустройства"]}
