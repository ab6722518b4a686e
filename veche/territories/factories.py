"""Test and demo factories for towns. Call them inside an open scope (or `all_towns()`)."""

import itertools

from .models import Territory
from .services import building_create, district_create, territory_create, topic_create

_seq = itertools.count(1)


def make_town(*, slug: str | None = None, name: str | None = None,
              population_14_plus: int = 20000, latitude: float | None = None,
              longitude: float | None = None) -> Territory:
    n = next(_seq)
    return territory_create(
        slug=slug or f"town-{n}", name=name or f"Город {n}", region="Пензенская область",
        kind=Territory.Kind.ZATO, population_total=int(population_14_plus * 1.2),
        population_14_plus=population_14_plus, latitude=latitude, longitude=longitude,
    )


def make_district(territory, name: str | None = None, population_14_plus: int = 5000):
    return district_create(territory=territory, name=name or f"Район {next(_seq)}",
                           population_14_plus=population_14_plus)


def make_building(territory, district, street: str = "ул. Ленина", house: str | None = None):
    return building_create(territory=territory, district=district, street=street,
                           house=house or str(next(_seq)), apartments=60)


def make_topic(territory, name: str | None = None):
    return topic_create(territory=territory, name=name or f"Тема {next(_seq)}")
