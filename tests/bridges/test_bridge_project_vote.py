"""The project→vote bridge as a service (veche/bridges/project_vote.py): the expert council's
shortlist becomes a draft ranked vote whose options point back at the shortlist's items, and
the vote's state comes back to the shortlist — no page or endpoint in between."""

import pytest
from django.core.exceptions import ValidationError

from veche.bridges.project_vote import (
    shortlist_vote_create,
    shortlist_vote_outcome,
    shortlist_vote_summary,
    votes_available,
)
from veche.practices.models import Initiative
from veche.practices.projects.expert import shortlist_approve
from veche.practices.projects.factories import make_project
from veche.practices.projects.services import initiative_create

pytestmark = pytest.mark.django_db


def test_a_shortlist_becomes_a_vote_and_its_outcome_comes_back(in_town, staff_user):
    assert votes_available()
    project = make_project(in_town, 2026)
    park, yard = (initiative_create(territory=in_town, project=project, title=title,
                                    author_names="Иванов") for title in ("Парк у реки",
                                                                         "Двор без машин"))
    shortlist = shortlist_approve(project=project, decision="Вынести на голосование",
                                  items=[f"initiative:{park.pk}", f"initiative:{yard.pk}"],
                                  by=staff_user)
    assert shortlist_vote_outcome(shortlist=shortlist) is None
    assert shortlist_vote_summary(shortlist=shortlist)["status"] == "none"

    vote = shortlist_vote_create(shortlist=shortlist, by=staff_user)
    assert vote.kind == "ranked" and vote.status == "draft"
    assert [(o.text, o.initiative_ref) for o in vote.options.order_by("order")] == [
        ("Парк у реки", str(park.pk)), ("Двор без машин", str(yard.pk))]
    shortlist.refresh_from_db()
    assert shortlist.vote_ref == f"votes.vote:{vote.pk}"
    assert Initiative.objects.get(pk=park.pk).status == Initiative.Status.SHORTLISTED

    outcome = shortlist_vote_outcome(shortlist=shortlist)
    assert outcome["vote_id"] == vote.pk and outcome["status"] == "draft"
    assert outcome["rows"] == [] and outcome["message"]

    with pytest.raises(ValidationError) as twice:
        shortlist_vote_create(shortlist=shortlist, by=staff_user)
    assert "уже создано" in str(twice.value)
    assert twice.value.error_dict["vote_ref"][0].code == "vote_exists"
