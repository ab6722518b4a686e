"""Writes and reads of the core's geography (veche/territories/services.py, selectors.py):
a town, its districts and buildings, its topic catalogue."""

import pytest
from django.core.exceptions import ValidationError

from veche.territories.factories import make_district
from veche.territories.models import CityTopic, Territory
from veche.territories.scoping import town_scope
from veche.territories.selectors import active_towns, town_topics
from veche.territories.services import (
    building_create,
    district_create,
    territory_create,
    topic_create,
    topic_set_active,
)

pytestmark = pytest.mark.django_db


def _code(exc: pytest.ExceptionInfo, field: str) -> str:
    return exc.value.error_dict[field][0].code


def test_a_town_is_created_once_per_address():
    town = territory_create(slug="lesnoy", name="Лесной", region="Свердловская область",
                            kind=Territory.Kind.ZATO, population_total=49000,
                            population_14_plus=42000)
    assert Territory.objects.get(slug="lesnoy") == town
    assert (town.name, town.kind, town.is_active, town.boundary) == ("Лесной", "zato", True, [])
    with pytest.raises(ValidationError) as exc:
        territory_create(slug="lesnoy", name="Другой Лесной")
    assert _code(exc, "slug") == "town_slug_taken"
    assert Territory.objects.filter(slug="lesnoy").count() == 1


def test_only_active_towns_are_listed(town, other_town):
    Territory.objects.filter(pk=other_town.pk).update(is_active=False)
    assert list(active_towns()) == [town]


def test_districts_and_buildings_belong_to_one_town(town, other_town):
    with town_scope(town):
        centre = district_create(territory=town, name="Центральный", population_14_plus=3000)
        house = building_create(territory=town, district=centre, street="ул. Ленина", house="7",
                                apartments=60, latitude=53.2, longitude=45.17)
        assert list(town.districts.all()) == [centre]
        assert (house.district, str(house), house.apartments) == (centre, "ул. Ленина, 7", 60)
    with town_scope(other_town):
        elsewhere = make_district(other_town, "Северный")
    with town_scope(town), pytest.raises(ValidationError) as exc:
        building_create(territory=town, district=elsewhere, street="ул. Мира", house="1")
    assert _code(exc, "district") == "other_town"


def test_a_topic_name_is_tidied_and_its_slug_made_unique(in_town):
    roads = topic_create(territory=in_town, name="  Ремонт   дорог ")
    assert roads.name == "Ремонт дорог"
    assert roads.slug  # a Cyrillic name slugifies to nothing: a numbered slug instead
    parks = topic_create(territory=in_town, name="Parks!")
    again = topic_create(territory=in_town, name="Parks?")
    assert (parks.slug, again.slug) == ("parks", "parks-2")
    assert CityTopic.objects.filter(territory=in_town).count() == 3


@pytest.mark.parametrize(("name", "code"), [
    ("   ", "topic_name_missing"),
    ("Я" * 201, "topic_name_too_long"),
    ("дороги", "topic_duplicate"),  # the same name in another case, Cyrillic included
])
def test_a_bad_topic_name_is_refused(in_town, name, code):
    topic_create(territory=in_town, name="Дороги")
    with pytest.raises(ValidationError) as exc:
        topic_create(territory=in_town, name=name)
    assert _code(exc, "name") == code
    assert CityTopic.objects.filter(territory=in_town).count() == 1


def test_the_same_topic_name_is_fine_in_another_town(town, other_town):
    with town_scope(town):
        topic_create(territory=town, name="Дороги")
    with town_scope(other_town):
        assert topic_create(territory=other_town, name="Дороги").territory == other_town


def test_an_inactive_topic_leaves_the_catalogue_but_not_the_town(in_town):
    roads = topic_create(territory=in_town, name="Дороги", order=2)
    parks = topic_create(territory=in_town, name="Парки", order=1)
    assert list(town_topics(territory=in_town)) == [parks, roads]
    topic_set_active(topic=roads, is_active=False)
    assert list(town_topics(territory=in_town)) == [parks]
    assert list(town_topics(territory=in_town, only_active=False)) == [parks, roads]
    topic_set_active(topic=roads, is_active=True)
    assert roads in town_topics(territory=in_town)
