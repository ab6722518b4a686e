"""The practices capability's access functions (veche/practices/access.py): the same answer for
the web, the API and the demo — Http404 for an object that is not this town's (or not published,
in the bank), PermissionDenied for a missing role, Http404 for an id that is no id at all.
(Named test_practices_access.py: test basenames must be unique, tests/ has no packages.)"""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from tests.api.conftest import login_client
from veche.accounts.factories import add_totp, grant_role, make_user
from veche.accounts.models import Role
from veche.practices import access
from veche.practices.factories import make_practice
from veche.practices.lifecycle import PLAN, PRACTICE_STAGE, practice_stage_move
from veche.practices.models import ImprovementFact
from veche.practices.projects.factories import make_project
from veche.practices.tenancy import walk_project_objects
from veche.registry.factories import make_person
from veche.territories.scoping import all_towns, town_scope

pytestmark = pytest.mark.django_db


@pytest.fixture
def practices(town):
    with all_towns():
        return {"draft": make_practice(territory=town, name="Черновик города", publish=False),
                "published": make_practice(territory=town, name="Встречи Главы с жителями")}


@pytest.fixture
def staff_b(other_town):
    user = make_user(email="staff@ozersk.ru")
    grant_role(user, other_town, Role.STAFF)
    return user


def test_another_towns_draft_is_404_for_its_office_and_for_the_bank(practices, other_town,
                                                                    staff_b):
    draft = practices["draft"]
    with town_scope(other_town), pytest.raises(Http404):
        access.access_practice(staff_b, other_town, draft.pk, manage=True)
    with pytest.raises(Http404):
        access.access_practice(AnonymousUser(), None, draft.pk)


def test_a_published_practice_is_visible_network_wide_but_managed_at_home(practices,
                                                                          other_town, staff_b):
    published = practices["published"]
    assert access.access_practice(AnonymousUser(), None, published.pk) == published
    assert access.access_practice(staff_b, other_town, published.pk) == published
    with town_scope(other_town), pytest.raises(Http404):
        access.access_practice(staff_b, other_town, published.pk, manage=True)


def test_own_office_sees_its_draft_and_a_resident_is_refused(practices, town, staff_user,
                                                             resident_user):
    with town_scope(town):
        draft = access.access_practice(staff_user, town, practices["draft"].pk, manage=True)
        assert draft == practices["draft"]
        with pytest.raises(PermissionDenied):
            access.access_practice(resident_user, town, practices["draft"].pk, manage=True)
        with pytest.raises(PermissionDenied):
            access.access_plan(resident_user, town, 1)


@pytest.mark.parametrize("bad", ["abc", "", None, "0", "-3", "1.5", str(2**63), "9" * 40])
def test_an_id_that_is_no_id_is_404(practices, town, staff_user, bad):
    with town_scope(town):
        with pytest.raises(Http404):
            access.access_practice(staff_user, town, bad, manage=True)
        with pytest.raises(Http404):
            access.access_shortlist(staff_user, town, bad)
    with pytest.raises(Http404):
        access.access_practice(AnonymousUser(), None, bad)


def test_no_project_this_year_is_the_same_404_everywhere(in_town, staff_user):
    with pytest.raises(Http404, match="ещё нет проекта"):
        access.access_project(staff_user, in_town)
    make_project(in_town, 2026)
    assert access.access_project(staff_user, in_town).year == 2026
    with pytest.raises(Http404, match="нет проекта 2030 года"):
        access.access_project(staff_user, in_town, year=2030)
    api = login_client(staff_user, verified=True)
    base = "/api/v1/t/zarechny/project/"
    # A read of projects.py and writes of projects_work.py: once a 404 and a 400, now one 404.
    assert api.get(base + "stages/", {"year": 2030}).status_code == 404
    for path, body in (("stage/", {"stage": 2, "year": 2030}),
                       ("marks/", {"result_code": "2-ready", "year": 2030})):
        response = api.post(base + path, body, content_type="application/json")
        assert response.status_code == 404, path
        assert "нет проекта 2030 года" in response.json()["detail"]


def test_project_objects_of_another_town_are_404(in_town, other_town, staff_b):
    people = [make_person(in_town, surname="Петров", given_name="Пётр")]
    made = walk_project_objects(territory=in_town, persons=people, marker="Марк")
    with town_scope(other_town):
        for fetch, pk in ((access.access_plan, made["plan"].pk),
                          (access.access_initiative, made["initiative"].pk)):
            with pytest.raises(Http404):
                fetch(staff_b, other_town, pk)


def test_recognising_a_fact_needs_the_head_or_a_curator(in_town, staff_user):
    people = [make_person(in_town, surname="Петров", given_name="Пётр")]
    walk_project_objects(territory=in_town, persons=people, marker="Марк")
    fact_id = ImprovementFact.objects.get().pk
    with pytest.raises(PermissionDenied, match="глава города или куратор"):
        access.access_fact(staff_user, in_town, fact_id, recognize=True)
    assert access.access_fact(staff_user, in_town, fact_id).pk == fact_id
    head = make_user(email="head@zarechny.ru")
    grant_role(head, in_town, Role.HEAD)
    assert access.access_fact(head, in_town, fact_id, recognize=True).pk == fact_id


def test_a_curator_reaches_only_curated_towns(town, other_town):
    curator = make_user(email="curator@net.ru")
    grant_role(curator, town, Role.CURATOR)
    add_totp(curator)
    assert [t.slug for t in access.curated_towns(curator)] == ["zarechny"]
    assert access.access_curated_town(curator, "zarechny") == town
    with pytest.raises(Http404):
        access.access_curated_town(curator, "ozersk")
    with pytest.raises(PermissionDenied):
        access.curated_towns(make_user(email="nobody@net.ru"))


def test_lifecycle_tables_name_each_action_once(practices, town, staff_user):
    assert PLAN.actions() == ["approve", "continue", "change_resources", "stop"]
    draft = practices["draft"]
    with town_scope(town):
        practice_stage_move(practice=draft, to_stage="options", by=staff_user,
                            roles={Role.STAFF})
        assert draft.stage == "options"
        with pytest.raises(PermissionDenied):
            PRACTICE_STAGE.run("initiative", draft, by=staff_user, roles={Role.RESIDENT})
        # An unknown stage is the service's refusal for the field, not a missing action.
        with pytest.raises(ValidationError) as refused:
            practice_stage_move(practice=draft, to_stage="nonsense", by=staff_user)
        assert "to_stage" in refused.value.message_dict
