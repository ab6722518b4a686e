import pytest
from veche.demo.builder import build_demo
from veche.ledger import selectors
from veche.territories.models import Territory
from veche.territories.scoping import all_towns, town_scope
from veche.registry.models import Person

pytestmark = pytest.mark.django_db


def test_debug():
    build_demo(scale=0.05)
    with all_towns():
        towns = list(Territory.objects.all())
    for town in towns:
        with town_scope(town):
            print(town.slug, [(d["district"] if "district" in d else d, d["share"]) for d in selectors.engagement_by_district(territory=town)])
            print("nobirth", list(Person.objects.filter(birth_date__isnull=True).values_list("surname", "given_name", "created_at")[:5]))
    assert False
