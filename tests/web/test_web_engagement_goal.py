"""The 10% goal on the town home and in the office. Seed 000: «ориентир 10% жителей». The page
says how many of the town's residents took part against the goal's base, names that base with
its source and date, shows the share of residents 14+ beside it, and does not state the goal as
if it were the result. Staff and the head set the base; moderators only see it."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.urls import reverse

from tests.web.helpers import login
from veche.accounts.factories import grant_role, make_user
from veche.territories.models import Territory
from veche.territories.scoping import town_scope
from veche.territories.services import territory_population_set

pytestmark = pytest.mark.django_db
HOME = reverse("web:town_home", args=["zarechny"])
OFFICE = reverse("web:office", args=["zarechny"])
POPULATION = reverse("web:office_population", args=["zarechny"])


def _set(town, **change):
    figures = {"population_total": 40, "population_14_plus": 30, "engagement_base": "population",
               "population_source": "Росстат, оценка", "population_as_of": dt.date(2026, 1, 1),
               **change}
    with town_scope(town):
        territory_population_set(territory=town, **figures)
    cache.clear()


def test_town_home_counts_the_goal_against_the_towns_residents(client, world):
    """«ориентир 10% жителей»: 3 active in a year of 40 residents; the goal is 4 of them."""
    _set(world["town"])
    html = client.get(HOME).content.decode()
    assert "Участие жителей: ориентир — 10,0 % жителей" in html
    assert "За последний год участвовали 3 из 40 жителей (7,5 %)" in html
    assert "75,0 % от ориентира в 10,0 % (4 жителей)" in html
    assert "База ориентира: все жители города; источник численности — Росстат, оценка, " \
           "на 01.01.2026." in html
    assert "Среди жителей 14 лет и старше (30) участвовали 10,0 %." in html
    assert "Путь к цели" not in html and "обсужд" not in html


def test_a_town_counting_residents_14_plus_says_so(client, world):
    _set(world["town"], engagement_base="population_14_plus")
    html = client.get(HOME).content.decode()
    assert "За последний год участвовали 3 из 30 жителей (10,0 %)" in html
    assert "База ориентира: жители 14 лет и старше;" in html


def test_staff_set_the_base_on_the_office_page(staff_client, world):
    assert "Изменить численность и базу ориентира" in staff_client.get(OFFICE).content.decode()
    response = staff_client.post(POPULATION, {
        "population_total": "24000", "population_14_plus": "20000",
        "engagement_base": "population_14_plus", "population_source": "Перепись 2021",
        "population_as_of": "2021-10-01"})
    assert response.status_code == 302
    town = Territory.objects.get(pk=world["town"].pk)
    assert (town.population_total, town.engagement_base, town.population_source,
            town.population_as_of) == (24000, "population_14_plus", "Перепись 2021",
                                       dt.date(2021, 10, 1))


def test_bad_figures_are_refused_in_russian_and_nothing_changes(staff_client, world):
    response = staff_client.post(POPULATION, {
        "population_total": "100", "population_14_plus": "200", "engagement_base": "population",
        "population_source": "", "population_as_of": ""})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Жителей 14 лет и старше не может быть больше, чем всех жителей города." in html
    assert "Укажите источник численности" in html
    assert Territory.objects.get(pk=world["town"].pk).population_total == 24000


def test_moderators_see_the_goal_but_do_not_set_its_base(client, world):
    user = make_user(email="moderator@zarechny.ru")
    grant_role(user, world["town"], "moderator")
    login(client, user)
    assert "Изменить численность" not in client.get(OFFICE).content.decode()
    assert client.get(POPULATION).status_code == 403
