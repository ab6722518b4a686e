"""«Мои поручения» opens on everything the executor has to do: a new assignment with a term in
a week is not overdue yet, and must not hide behind an «overdue» default."""

import datetime as dt

import pytest
from django.utils import timezone

from veche.appeals.factories import make_appeal
from veche.appeals.services import assignment_create
from veche.territories.scoping import town_scope

pytestmark = pytest.mark.django_db


def test_a_new_assignment_is_on_the_executors_first_screen(aw, as_user):
    with town_scope(aw["town"]):
        appeal = make_appeal(aw["town"], aw["me"], topic=aw["topic"])
        assignment_create(appeal=appeal, task="Заменить лампу у подъезда",
                          deadline=timezone.localdate() + dt.timedelta(days=7),
                          actor=aw["desk"], department=aw["d_zhkh"], executor=aw["zhkh"])
    page = as_user(aw["zhkh"]).get("/t/zarechny/office/appeals/mine/").content.decode()
    assert "Заменить лампу у подъезда" in page
    assert '<option value="active" selected>' in page
    # the head's control view still opens on what is overdue, and says so in its select
    control = as_user(aw["head"]).get("/t/zarechny/office/appeals/control/").content.decode()
    assert '<option value="overdue" selected>' in control
    assert "Заменить лампу у подъезда" not in control
