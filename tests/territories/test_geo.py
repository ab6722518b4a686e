"""The core's geography: one projection for every map, distances and neighbours, and the
town's own point and boundary (set by the demo builder, by migration for existing towns)."""

import importlib
import math
import random

import pytest
from django.core.exceptions import ValidationError

from veche.territories.factories import make_town
from veche.territories.geo import (
    are_neighbours,
    check_place,
    distance_km,
    outline,
    projection,
    town_point,
)
from veche.territories.scoping import all_towns
from veche.territories.services import territory_create, territory_place

W, H, PAD = 400, 300, 20


def _inside(point, ring) -> bool:
    """Ray casting: is (lat, lon) inside the closed ring?"""
    lat, lon = point
    inside = False
    for (a_lat, a_lon), (b_lat, b_lon) in zip(ring, ring[1:], strict=False):
        if (a_lon > lon) != (b_lon > lon):
            cross = a_lat + (lon - a_lon) * (b_lat - a_lat) / (b_lon - a_lon)
            inside ^= lat < cross
    return inside


def test_projection_keeps_north_up_east_right_and_stays_in_the_box():
    pts = [(55.74, 60.70), (55.76, 60.70), (55.74, 60.74), (55.75, 60.72)]
    to_xy = projection(pts, width=W, height=H, pad=PAD)
    xy = [to_xy(*p) for p in pts]
    assert xy[1][1] < xy[0][1]  # further north: higher on the page
    assert xy[2][0] > xy[0][0]  # further east: to the right
    for x, y in xy:
        assert PAD - 0.1 <= x <= W - PAD + 0.1 and PAD - 0.1 <= y <= H - PAD + 0.1


def test_projection_keeps_the_aspect_one_km_is_one_length_both_ways():
    lat0, lon0 = 56.0, 93.5
    north = (lat0 + 0.01, lon0)  # ~1.11 km north
    east = (lat0, lon0 + 0.01 / math.cos(math.radians(lat0)))  # as far east
    to_xy = projection([(lat0, lon0), north, east], width=W, height=H, pad=PAD)
    (x0, y0), (_, yn), (xe, _) = to_xy(lat0, lon0), to_xy(*north), to_xy(*east)
    assert distance_km((lat0, lon0), north) == pytest.approx(distance_km((lat0, lon0), east),
                                                             rel=0.01)
    assert abs(y0 - yn) == pytest.approx(abs(xe - x0), rel=0.01)


def test_projection_fills_the_box_on_its_long_side_and_centres_the_rest():
    pts = [(55.0, 60.0), (55.01, 60.2)]  # far wider than tall
    to_xy = projection(pts, width=W, height=H, pad=PAD)
    (x1, y1), (x2, y2) = to_xy(*pts[0]), to_xy(*pts[1])
    assert x1 == pytest.approx(PAD, abs=0.1) and x2 == pytest.approx(W - PAD, abs=0.1)
    assert (y1 + y2) / 2 == pytest.approx(H / 2, abs=0.1)


def test_one_street_is_not_stretched_and_one_point_is_in_the_middle():
    street = [(55.70 + i * 0.001, 60.70) for i in range(5)]  # due north, one line
    to_xy = projection(street, width=W, height=H, pad=PAD)
    xs = {to_xy(*p)[0] for p in street}
    assert xs == {W / 2}
    one = projection([(55.7, 60.7)], width=W, height=H, pad=PAD)
    assert one(55.7, 60.7) == (W / 2, H / 2)


def test_distance_and_neighbours():
    moscow, petersburg = (55.7558, 37.6173), (59.9386, 30.3141)
    assert distance_km(moscow, petersburg) == pytest.approx(634, abs=5)

    class Town:
        def __init__(self, pk, region, lat=None, lon=None):
            self.pk, self.region, self.latitude, self.longitude = pk, region, lat, lon

    ozersk, snezhinsk = Town(1, "Челябинская", 55.76, 60.71), Town(2, "Другая", 56.08, 60.73)
    seversk, nowhere = Town(3, "Томская", 56.60, 84.88), Town(4, "Томская")
    assert are_neighbours(ozersk, snezhinsk, within_km=500)
    assert not are_neighbours(ozersk, seversk, within_km=500)
    assert are_neighbours(seversk, nowhere, within_km=500)  # same region, no point needed
    assert not are_neighbours(ozersk, ozersk, within_km=500)
    assert town_point(nowhere) is None and town_point(ozersk) == (55.76, 60.71)


def test_outline_is_a_closed_ring_around_its_points():
    rng = random.Random(3)
    pts = [(55.74 + rng.uniform(0, 0.02), 60.70 + rng.uniform(0, 0.04)) for _ in range(40)]
    ring = outline(pts, margin_km=0.3)
    assert ring[0] == ring[-1] and len(ring) >= 4
    assert all(_inside(p, ring) for p in pts)
    assert len(outline([(55.7, 60.7)])) == 5  # one point: a small square
    check_place(55.7, 60.7, ring)


def test_check_place_refuses_half_points_and_bad_rings():
    for bad in ((55.7, None, None), (95.0, 60.0, None), (55.7, 60.7, [[55.7, 60.7]]),
                (55.7, 60.7, [[55.7, 60.7], [55.8], [55.9, 60.8]])):
        with pytest.raises(ValidationError):
            check_place(*bad)
    check_place(None, None, [])


@pytest.mark.django_db
def test_a_town_carries_its_point_and_boundary():
    with all_towns():
        town = make_town(latitude=55.76, longitude=60.71)
        assert town_point(town) == (55.76, 60.71) and town.boundary == []
        ring = outline([(55.75, 60.70), (55.77, 60.72), (55.75, 60.72)])
        territory_place(territory=town, latitude=55.76, longitude=60.71, boundary=ring)
        town.refresh_from_db()
        assert town.boundary == ring
        with pytest.raises(ValidationError):
            territory_create(slug="half", name="Половина", latitude=55.0)


@pytest.mark.django_db
def test_demo_towns_get_their_coordinates_and_boundary_when_built():
    from veche.demo.builder.geography import buildings_create, districts_create, town_create
    from veche.demo.builder.spec import DEMO_TOWNS

    with all_towns():
        for spec in DEMO_TOWNS:
            town = town_create(spec, 0.05)
            assert town.latitude is not None and town.longitude is not None
            for lat, lon in (d.centre for d in spec.districts):
                assert distance_km(town_point(town), (lat, lon)) < 10
            buildings = buildings_create(random.Random(1), town, spec,
                                         districts_create(town, spec))
            town.refresh_from_db()
            assert town.boundary and town.boundary[0] == town.boundary[-1]
            assert all(_inside((b.latitude, b.longitude), town.boundary) for b in buildings)


def test_existing_towns_are_placed_from_the_former_table():
    fill = importlib.import_module("veche.territories.migrations.0003_territory_coordinates_fill")
    assert fill._point("Озёрск", "Челябинская область") == (55.76, 60.71)
    assert fill._point("ЗАТО Заречный", "Пензенская область") == (53.20, 45.17)
    near = fill._point("Новый город", "Пензенская область")
    assert distance_km(near, (53.2, 44.6)) < 200  # around its region's centre
    assert fill._point("Город", "") is None
