"""Geography written once for every capability: where a town is, how far apart two places are,
and the one projection every map in Veche draws with (inline SVG: no tiles, nothing fetched).

Points are (latitude, longitude) in WGS 84 degrees, the order a phone's map shows them in.
A town carries its point and boundary (`Territory.latitude`, `.longitude`, `.boundary`).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

Point = tuple[float, float]
EARTH_RADIUS_KM = 6371.0


class Placed(Protocol):
    """A town, or anything with a region and a point (a Territory row in practice)."""

    @property
    def pk(self) -> object: ...
    @property
    def region(self) -> str: ...
    @property
    def latitude(self) -> float | None: ...
    @property
    def longitude(self) -> float | None: ...


def town_point(town: Placed) -> Point | None:
    """The town's centre, or None where it was never placed."""
    if town.latitude is None or town.longitude is None:
        return None
    return town.latitude, town.longitude


def distance_km(a: Point, b: Point) -> float:
    """Great-circle distance (haversine): exact enough for «which towns are near»."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    d = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin(
        (lon2 - lon1) / 2) ** 2
    return EARTH_RADIUS_KM * 2 * math.asin(math.sqrt(min(1.0, d)))


def are_neighbours(a: Placed, b: Placed, *, within_km: float) -> bool:
    """Two different towns of one region, or whose centres are closer than `within_km`."""
    if a.pk == b.pk:
        return False
    if a.region and a.region.strip().lower() == (b.region or "").strip().lower():
        return True
    pa, pb = town_point(a), town_point(b)
    return bool(pa and pb and distance_km(pa, pb) <= within_km)


@dataclass(frozen=True)
class Projection:
    """lat/lon → SVG x/y (y grows downwards, so north is up), rounded to 0.1 px."""

    kx: float  # cos(middle latitude): a degree of longitude is that much shorter
    west: float
    north: float
    scale: float  # px per degree of latitude
    left: float  # where `west` lands
    top: float  # where `north` lands

    def __call__(self, lat: float, lon: float) -> tuple[float, float]:
        x = self.left + (lon - self.west) * self.kx * self.scale
        y = self.top + (self.north - lat) * self.scale
        return round(x, 1), round(y, 1)


def projection(points: Iterable[Point], *, width: float, height: float, pad: float,
               min_span: float = 0.2) -> Projection:
    """The projection that fits `points` into a width × height box with `pad` px around.

    Equirectangular with longitudes shortened by the cosine of the middle latitude, one scale
    on both axes (a square courtyard stays square, east-west distances read true), the drawing
    centred in the box. A spread much narrower one way than the other (houses along one street)
    is drawn as if it were at least `min_span` of its long side wide, not stretched across the
    whole box. One point (or none) lands in the middle."""
    pts = list(points)
    if not pts:
        pts = [(0.0, 0.0)]
    south, north = min(p[0] for p in pts), max(p[0] for p in pts)
    west, east = min(p[1] for p in pts), max(p[1] for p in pts)
    kx = math.cos(math.radians((south + north) / 2))
    dx, dy = (east - west) * kx, north - south
    span = max(dx, dy, 1e-6)
    scale = min((width - 2 * pad) / max(dx, span * min_span),
                (height - 2 * pad) / max(dy, span * min_span))
    return Projection(kx=kx, west=west, north=north, scale=scale,
                      left=(width - dx * scale) / 2, top=(height - dy * scale) / 2)


def centre(points: Sequence[Point]) -> Point:
    """The mean point (fine for a town's few kilometres, not across the date line)."""
    return (round(sum(p[0] for p in points) / len(points), 6),
            round(sum(p[1] for p in points) / len(points), 6))


def outline(points: Sequence[Point], *, margin_km: float = 0.3) -> list[list[float]]:
    """A boundary around `points`: their convex hull, each corner pushed `margin_km` further
    out from the centre; a closed ring of [latitude, longitude] (first point repeated)."""
    hull = _hull(sorted(set(points)))
    if len(hull) < 3:  # one point or one straight street: a small square around it
        d = 0.0001
        hull = _hull(sorted({(lat + a, lon + b) for lat, lon in points
                             for a in (-d, d) for b in (-d, d)}))
    mid = centre(hull)
    kx = math.cos(math.radians(mid[0]))
    ring = []
    for lat, lon in hull:
        dy, dx = (lat - mid[0]) * 111.2, (lon - mid[1]) * 111.2 * kx  # km
        length = math.hypot(dx, dy) or 1.0
        grow = (length + margin_km) / length
        ring.append([round(mid[0] + dy * grow / 111.2, 6),
                     round(mid[1] + dx * grow / (111.2 * kx), 6)])
    return [*ring, ring[0]]


def _hull(pts: list[Point]) -> list[Point]:
    """Andrew's monotone chain: the convex hull of sorted points, counter-clockwise."""
    if len(pts) < 3:
        return pts

    def cross(o: Point, a: Point, b: Point) -> float:
        return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])

    lower: list[Point] = []
    upper: list[Point] = []
    for p in pts:
        while len(lower) >= 2 and cross(lower[-2], lower[-1], p) <= 0:
            lower.pop()
        lower.append(p)
    for p in reversed(pts):
        while len(upper) >= 2 and cross(upper[-2], upper[-1], p) <= 0:
            upper.pop()
        upper.append(p)
    return lower[:-1] + upper[:-1]


def check_place(latitude: float | None, longitude: float | None,
                boundary: list | None = None) -> None:
    """A town's point is both coordinates or neither, each within its range; a boundary is a
    ring of at least three [latitude, longitude] pairs."""
    if latitude is None or longitude is None:
        if latitude is not None or longitude is not None:
            raise ValidationError(_("Укажите и широту, и долготу — или ни то, ни другое."),
                                  code="point_incomplete")
    elif not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        raise ValidationError(_("Широта — от −90 до 90, долгота — от −180 до 180."),
                              code="point_out_of_range")
    if boundary:
        pairs_ok = all(isinstance(p, list | tuple) and len(p) == 2
                       and all(isinstance(v, int | float) for v in p)
                       and -90 <= p[0] <= 90 and -180 <= p[1] <= 180 for p in boundary)
        if len(boundary) < 3 or not pairs_ok:
            raise ValidationError(_("Граница — не меньше трёх точек [широта, долгота]."),
                                  code="boundary_invalid")


def inside(point: Point, ring: Sequence[Sequence[float]]) -> bool:
    """Whether `point` lies within the closed ring of [latitude, longitude] (even-odd rule)."""
    lat, lon = point
    found = False
    n = len(ring)
    for i in range(n):
        (lat1, lon1), (lat2, lon2) = ring[i], ring[(i + 1) % n]
        if (lon1 > lon) != (lon2 > lon):
            cross_lat = lat1 + (lon - lon1) * (lat2 - lat1) / (lon2 - lon1)
            if lat < cross_lat:
                found = not found
    return found


def in_town(town: Placed, point: Point, *, radius_km: float = 25.0) -> bool | None:
    """Whether `point` is in `town`: within its boundary where it has one, else within
    `radius_km` of its centre; None where the town was never placed (nothing to check)."""
    ring = getattr(town, "boundary", None)
    if ring and len(ring) >= 3:
        return inside(point, ring)
    centre_ = town_point(town)
    if centre_ is None:
        return None
    return distance_km(centre_, point) <= radius_km
