"""The demo towns' geography: the town, its districts, streets of apartment buildings with
coordinates, city topics and the administration's departments."""

import datetime as dt
import math
import random

from django.utils import timezone

from veche.accounts.models import Department
from veche.territories.geo import centre, outline
from veche.territories.models import Building, CityTopic, District, EngagementBase, Territory
from veche.territories.services import (
    territory_create,
    territory_place,
    territory_population_set,
)

from .spec import TOPICS, TownSpec

# A Russian household of a small town: ~2.3 people per flat, ~85% of them 14+.
PEOPLE_14_PLUS_PER_FLAT = 2.0
# All residents per resident aged 14+ (children under 14 are about 15% of a town).
TOTAL_PER_14_PLUS = 1.18
# Typical series: five-storey «хрущёвки» (4 entrances × 5 floors × 4 flats), nine-storey panels.
APARTMENT_SERIES = ((60, 0.30), (80, 0.25), (100, 0.10), (108, 0.15), (144, 0.12), (216, 0.08))


def town_create(spec: TownSpec, scale: float) -> Territory:
    population = max(200, round(spec.population_14_plus * scale))
    latitude, longitude = centre([d.centre for d in spec.districts])
    town = territory_create(
        slug=spec.slug, name=spec.name, region=spec.region, kind=Territory.Kind.ZATO,
        population_total=round(population * TOTAL_PER_14_PLUS), population_14_plus=population,
        latitude=latitude, longitude=longitude, time_zone=spec.time_zone,
    )
    # The 10% goal is counted against the town's residents (seed 000), and the figure names
    # its source and date, as staff set it on the office page.
    return territory_population_set(
        territory=town, population_total=town.population_total,
        population_14_plus=population, engagement_base=EngagementBase.POPULATION,
        population_source="Оценка численности постоянного населения (вымышленный город демо)",
        population_as_of=dt.date(timezone.localdate().year, 1, 1))


def districts_create(town: Territory, spec: TownSpec) -> list[District]:
    """Districts whose populations 14+ add up exactly to the town's."""
    sizes = [round(town.population_14_plus * d.share) for d in spec.districts]
    sizes[0] += town.population_14_plus - sum(sizes)
    return District.objects.bulk_create([
        District(territory=town, name=d.name, population_14_plus=n)
        for d, n in zip(spec.districts, sizes, strict=True)
    ])


def buildings_create(rng: random.Random, town: Territory, spec: TownSpec,
                     districts: list[District]) -> list[Building]:
    """Enough flats for each district's population; houses numbered along each street, which
    runs from the district centre in its own direction (so the map looks like streets)."""
    rows: list[Building] = []
    for dspec, district in zip(spec.districts, districts, strict=True):
        flats_needed = district.population_14_plus / PEOPLE_14_PLUS_PER_FLAT
        lat0, lon0 = dspec.centre
        streets = list(dspec.streets)
        angles = {s: rng.uniform(0, math.pi) for s in streets}
        counters = dict.fromkeys(streets, 0)
        flats: float = 0
        while flats < flats_needed:
            street = streets[len(rows) % len(streets)]
            counters[street] += 1
            n = counters[street]
            if dspec.private_houses:
                kind, apartments = Building.Kind.PRIVATE, 1
            else:
                kind = Building.Kind.APARTMENT
                apartments = rng.choices(*zip(*APARTMENT_SERIES, strict=True))[0]
            # Odd numbers on one side of the street, even on the other, ~70 m apart.
            along = (n - 1) // 2 * 0.0007 + rng.uniform(-0.0001, 0.0001)
            side = 0.00025 if n % 2 else -0.00025
            angle = angles[street]
            rows.append(Building(
                territory=town, district=district, street=street,
                house=str(n) + (rng.choice(("", "", "", "", "а", "/1")) if n > 3 else ""),
                kind=kind, apartments=apartments,
                latitude=round(lat0 + along * math.sin(angle) + side * math.cos(angle), 6),
                longitude=round(lon0 + (along * math.cos(angle) - side * math.sin(angle)) * 1.8,
                                6),
            ))
            # A private house holds a whole family, not a flat's share.
            flats += apartments if not dspec.private_houses else 1.5
    # The town's boundary: around its houses, a few hundred metres out.
    territory_place(territory=town, latitude=town.latitude, longitude=town.longitude,
                    boundary=outline([(b.latitude, b.longitude) for b in rows
                                      if b.latitude is not None and b.longitude is not None]))
    return Building.objects.bulk_create(rows)


def topics_create(town: Territory) -> list[CityTopic]:
    return CityTopic.objects.bulk_create([
        CityTopic(territory=town, slug=slug, name=name, description=text, order=i)
        for i, (slug, name, text) in enumerate(TOPICS)
    ])


def departments_create(town: Territory, spec: TownSpec) -> list[Department]:
    return Department.objects.bulk_create(
        [Department(territory=town, name=name) for name in spec.departments]
    )
