"""The request's town (veche/territories/middleware.py): /t/<slug>/ and /api/v1/t/<slug>/ run
inside that town's scope, an unknown or inactive town is a 404, and every other URL runs with
no scope, so a town-owned query there fails instead of reading every town."""

import pytest
from django.http import Http404, HttpResponse
from django.test import RequestFactory
from django_scopes.exceptions import ScopeError

from veche.territories.factories import make_district
from veche.territories.middleware import TerritoryScopeMiddleware
from veche.territories.models import District, Territory
from veche.territories.scoping import town_scope

pytestmark = pytest.mark.django_db


@pytest.fixture
def districts(town, other_town):
    with town_scope(town):
        make_district(town, "Заречный район")
    with town_scope(other_town):
        make_district(other_town, "Озёрский район")


def _through(path: str) -> dict:
    """What a view behind the middleware sees: the request's town and the districts it reads
    (or the ScopeError a read without a scope raises)."""
    seen: dict = {}

    def view(request):
        seen["territory"] = request.territory
        try:
            seen["districts"] = sorted(d.name for d in District.objects.all())
        except ScopeError:
            seen["districts"] = ScopeError
        return HttpResponse("ok")

    TerritoryScopeMiddleware(view)(RequestFactory().get(path))
    return seen


@pytest.mark.parametrize("path", ["/t/zarechny/", "/t/zarechny/office/registry/",
                                  "/api/v1/t/zarechny/topics/"])
def test_a_town_path_runs_in_that_towns_scope(districts, town, path):
    assert _through(path) == {"territory": town, "districts": ["Заречный район"]}


def test_the_other_town_sees_its_own_rows(districts, other_town):
    assert _through("/t/ozersk/") == {"territory": other_town, "districts": ["Озёрский район"]}


@pytest.mark.parametrize("path", ["/", "/cabinet/", "/api/v1/towns/", "/tx/zarechny/",
                                  "/shop/t/zarechny/"])
def test_any_other_path_has_no_town_and_no_scope(districts, path):
    assert _through(path) == {"territory": None, "districts": ScopeError}


def test_the_admin_reads_every_town(districts):
    assert _through("/admin/") == {"territory": None,
                                   "districts": ["Заречный район", "Озёрский район"]}


@pytest.mark.parametrize("path", ["/t/nowhere/", "/api/v1/t/nowhere/topics/"])
def test_an_unknown_town_is_404(town, path):
    with pytest.raises(Http404):
        _through(path)


def test_an_inactive_town_is_404(districts, town, client):
    Territory.objects.filter(pk=town.pk).update(is_active=False)
    with pytest.raises(Http404):
        _through("/t/zarechny/")
    assert client.get("/t/zarechny/").status_code == 404
    assert client.get("/t/nowhere/").status_code == 404
    assert client.get("/t/ozersk/").status_code == 200
