"""The curator's overview: aggregated figures for every curated town, no personal data."""

import pytest
from django.urls import reverse

from tests.web.helpers import login
from veche.accounts.factories import grant_role, make_user
from veche.registry.factories import make_person
from veche.territories.factories import make_town
from veche.territories.scoping import all_towns, town_scope

pytestmark = pytest.mark.django_db
CURATOR = reverse("web:curator")


def test_curator_sees_curated_towns_side_by_side(client, world, curator_user, other_town):
    with town_scope(other_town):
        make_person(other_town, surname="Озёрский")
    with all_towns():
        make_town(slug="sarov", name="Саров")        # not curated: not shown
    html = login(client, curator_user).get(CURATOR).content.decode()
    assert "Заречный" in html and "Озёрск" in html and "Саров" not in html
    assert 'id="share-compare"' in html and 'id="trend-zarechny"' in html
    assert "20\xa0000" in html                        # population 14+, Russian grouping
    for private in ("Петров", "Сидорова", "Жителева", "Озёрский", "+79123456789"):
        assert private not in html


def test_curator_page_runs_a_constant_number_of_queries(client, world, curator_user,
                                                        django_assert_max_num_queries):
    login(client, curator_user)
    with django_assert_max_num_queries(9):
        assert client.get(CURATOR).status_code == 200


def test_non_curator_gets_403(staff_client, world):
    response = staff_client.get(CURATOR)
    assert response.status_code == 403
    assert "Этот раздел — для кураторов территорий." in response.content.decode()


def test_unverified_curator_is_sent_to_the_code_page(client, world, curator_user):
    response = login(client, curator_user, verified=False).get(CURATOR)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:otp_verify"))


def test_curator_does_not_get_the_registry(client, world, curator_user):
    login(client, curator_user)
    assert client.get(reverse("web:office_registry", args=["zarechny"])).status_code == 403
    response = client.get(reverse("web:office_person", args=["zarechny", world["petrov"].pk]))
    assert response.status_code == 403


def test_menu_shows_the_curator_link_only_to_curators(client, world, curator_user):
    assert CURATOR not in client.get("/").content.decode()
    resident = make_user(email="r@zarechny.ru")
    grant_role(resident, world["town"], "resident")
    assert CURATOR not in login(client, resident).get("/").content.decode()
    assert CURATOR in login(client, curator_user).get("/").content.decode()
