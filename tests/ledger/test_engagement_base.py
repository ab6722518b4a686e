"""The 10% goal's base. Seed 000: «Миссия проекта — создание городского политического активного
класса (ориентир 10% жителей)». The goal is counted against the town's residents (its whole
population) unless the town's setting says residents 14+; the share of residents 14+ is shown
beside it, and the base names its source and date."""

import datetime as dt

import pytest
from django.utils import timezone

from veche.ledger.selectors import engagement_summary
from veche.ledger.services import action_record
from veche.registry.factories import make_person
from veche.territories.models import EngagementBase
from veche.territories.services import territory_population_set

pytestmark = pytest.mark.django_db


def _twelve_active(town):
    now = timezone.now()
    for name in ("Анна", "Борис", "Вера", "Глеб", "Дарья", "Егор", "Жанна", "Зоя", "Иван",
                 "Кира", "Лев", "Мария"):
        person = make_person(town, given_name=name)
        action_record(person=person, kind="ballot", occurred_at=now - dt.timedelta(days=3))


def test_goal_is_ten_percent_of_the_towns_residents_by_default(in_town):
    """«ориентир 10% жителей»: the residents of the town, not only those aged 14+."""
    assert in_town.engagement_base == EngagementBase.POPULATION
    territory_population_set(territory=in_town, population_total=200, population_14_plus=160,
                             engagement_base=EngagementBase.POPULATION,
                             population_source="Росстат, оценка на 1 января",
                             population_as_of=dt.date(2026, 1, 1))
    _twelve_active(in_town)
    s = engagement_summary(territory=in_town)
    assert s["base"] == {"kind": "population", "label": "все жители города", "population": 200,
                         "source": "Росстат, оценка на 1 января",
                         "as_of": dt.date(2026, 1, 1)}
    assert s["goal_share"] == 0.1 and s["goal_count"] == 20
    assert s["share_of_base"] == 0.06  # 12 of 200
    assert s["share_14_plus"] == 0.075  # 12 of 160, shown beside
    assert s["progress_to_goal"] == 0.6  # 12 of the 20 the goal asks
    assert s["windows"][-1] == {"days": 365, "active": 12, "share": 0.06,
                                "share_14_plus": 0.075}


def test_a_town_may_count_its_goal_against_residents_14_plus(in_town):
    territory_population_set(territory=in_town, population_total=200, population_14_plus=160,
                             engagement_base=EngagementBase.POPULATION_14_PLUS,
                             population_source="Перепись 2021",
                             population_as_of=dt.date(2021, 10, 1))
    _twelve_active(in_town)
    s = engagement_summary(territory=in_town)
    assert s["base"]["kind"] == "population_14_plus" and s["base"]["population"] == 160
    assert s["goal_count"] == 16 and s["share_of_base"] == 0.075
    assert s["progress_to_goal"] == 0.75
