"""Who sees what: an executor sees only their department's appeals and assignments, a resident
only their own; the desk and the head see all. Pages and API agree."""

import datetime as dt

import pytest
from django.utils import timezone

from veche.appeals.factories import make_appeal
from veche.appeals.selectors import appeals_visible, assignments_visible, viewer_for
from veche.appeals.services import assignment_create
from veche.territories.scoping import town_scope

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_appeals(aw):
    """A courtyard appeal assigned to ЖКХ and a road appeal assigned to the roads department."""
    soon = timezone.localdate() + dt.timedelta(days=5)
    with town_scope(aw["town"]):
        yard = make_appeal(aw["town"], aw["me"], text="Во дворе сломана качеля")
        road = make_appeal(aw["town"], aw["other"], text="Яма на дороге у школы")
        a1 = assignment_create(appeal=yard, task="Починить качели", deadline=soon,
                               actor=aw["desk"], department=aw["d_zhkh"], executor=aw["zhkh"])
        a2 = assignment_create(appeal=road, task="Засыпать яму", deadline=soon,
                               actor=aw["desk"], department=aw["d_roads"])
    return yard, road, a1, a2


def _visible(aw, user):
    with town_scope(aw["town"]):
        viewer = viewer_for(user, aw["town"])
        return (set(appeals_visible(viewer).values_list("number", flat=True)),
                set(assignments_visible(viewer).values_list("pk", flat=True)))


def test_executors_see_only_their_departments_work(aw, two_appeals):
    yard, road, a1, a2 = two_appeals
    assert _visible(aw, aw["zhkh"]) == ({yard.number}, {a1.pk})
    assert _visible(aw, aw["roads"]) == ({road.number}, {a2.pk})
    assert _visible(aw, aw["desk"]) == ({yard.number, road.number}, {a1.pk, a2.pk})
    assert _visible(aw, aw["head"]) == ({yard.number, road.number}, {a1.pk, a2.pk})
    assert _visible(aw, aw["resident"]) == ({yard.number}, set())


def test_executor_pages_and_api_refuse_another_departments_appeal(aw, two_appeals, as_user):
    yard, road, *_ = two_appeals
    zhkh = as_user(aw["zhkh"])
    assert zhkh.get(f"/t/zarechny/office/appeals/{yard.pk}/").status_code == 200
    page = zhkh.get(f"/t/zarechny/office/appeals/{road.pk}/")
    assert page.status_code == 404
    registry = zhkh.get("/t/zarechny/office/appeals/").content.decode()
    assert yard.number in registry and road.number not in registry
    assert zhkh.get(f"/api/v1/t/zarechny/appeals/{road.pk}").status_code == 404
    listed = zhkh.get("/api/v1/t/zarechny/appeals/").json()
    assert [r["number"] for r in listed["results"]] == [yard.number]
    control = zhkh.get("/api/v1/t/zarechny/appeals-control/").json()
    assert [r["label"] for r in control["by_department"]] == ["Отдел ЖКХ и благоустройства"]
    # Executors do not register, answer or assign: that is the desk's work.
    answer = zhkh.post(f"/api/v1/t/zarechny/appeals/{yard.pk}/answer",
                       {"text": "Готово"}, content_type="application/json")
    assert answer.status_code == 403


def test_resident_sees_only_own_appeals(aw, two_appeals, as_user):
    yard, road, *_ = two_appeals
    me = as_user(aw["resident"], verified=False)
    listing = me.get("/t/zarechny/cabinet/appeals/").content.decode()
    assert yard.number in listing and road.number not in listing
    assert me.get(f"/t/zarechny/cabinet/appeals/{road.pk}/").status_code == 404
    assert me.get(f"/t/zarechny/cabinet/appeals/{yard.pk}/").status_code == 200
    assert me.get("/t/zarechny/office/appeals/").status_code == 403
    assert me.get(f"/api/v1/t/zarechny/my/appeals/{road.pk}").status_code == 404
    mine = me.get("/api/v1/t/zarechny/my/appeals/").json()
    assert [r["number"] for r in mine["results"]] == [yard.number]
    assert me.get("/api/v1/t/zarechny/appeals/").status_code == 403


def test_photos_only_to_those_who_see_the_appeal(aw, as_user):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.appeals.conftest import png_bytes

    with town_scope(aw["town"]):
        appeal = make_appeal(aw["town"], aw["me"], photos=[
            SimpleUploadedFile("a.png", png_bytes(), content_type="image/png")])
        photo = appeal.attachments.get()
    url = f"/t/zarechny/appeals/photos/{photo.pk}/"
    assert as_user(aw["resident"], verified=False).get(url).status_code == 200
    assert as_user(aw["desk"]).get(url).status_code == 200
    assert as_user(aw["roads"]).get(url).status_code == 404
