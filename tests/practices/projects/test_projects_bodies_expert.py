"""Bodies' member overlap, conflicts of interest, weighted aggregation with spread, shortlist."""

import pytest
from django.core.exceptions import ValidationError

from veche.accounts.factories import make_user
from veche.practices.models import Body, ExpertScore, Initiative
from veche.practices.projects.bodies import bodies_overlap, body_create, body_member_add
from veche.practices.projects.expert import (
    aggregate_scores,
    conflict_declare,
    expert_score_set,
    shortlist_approve,
    shortlist_for_vote,
    shortlist_vote_link,
)
from veche.practices.projects.services import initiative_create, project_weights_set
from veche.registry.factories import make_person

pytestmark = pytest.mark.django_db


def test_overlap_flags_people_in_several_bodies(in_town, people, expert):
    wg = body_create(territory=in_town, kind=Body.Kind.WORKING_GROUP, name="Рабочая группа")
    council = body_create(territory=in_town, kind=Body.Kind.EXPERT_COUNCIL, name="Совет")
    public = body_create(territory=in_town, kind=Body.Kind.PUBLIC_COUNCIL, name="Общественный")
    for p in people:
        body_member_add(body=wg, person=p)
    body_member_add(body=wg, name="Пятый Член Группы")
    body_member_add(body=council, person=people[0])
    body_member_add(body=council, person=people[1])
    body_member_add(body=council, name="Независимый Эксперт Иванович")
    body_member_add(body=public, name="Совсем Другой Человек")
    # The expert's login and their registry person are one human.
    make_person(in_town, surname="Экспертов", given_name="Эксперт", user=expert)
    body_member_add(body=council, user=expert)
    body_member_add(body=public, user=expert)

    found = bodies_overlap(territory=in_town)
    names = {p["name"]: p["count"] for p in found["people"]}
    assert names == {"Петров Пётр Петрович": 2, "Сидорова Анна Петрович": 2,
                     "Экспертов Эксперт Петрович": 2}
    by_body = {r["body"].name: r for r in found["bodies"]}
    assert by_body["Совет"]["shared"] == 3 and by_body["Совет"]["members"] == 4
    assert by_body["Совет"]["warning"]  # 3 of 4 sit elsewhere
    assert by_body["Рабочая группа"]["share"] == 0.4
    assert not by_body["Рабочая группа"]["warning"]  # 2 of 5 sit elsewhere: below half
    assert found["warning"]


def test_the_same_person_cannot_join_a_body_twice(in_town, people):
    wg = body_create(territory=in_town, kind=Body.Kind.WORKING_GROUP, name="РГ")
    body_member_add(body=wg, person=people[0])
    with pytest.raises(ValidationError) as err:
        body_member_add(body=wg, person=people[0])
    assert "уже в составе" in str(err.value)


def _initiatives(project, n=2):
    return [initiative_create(territory=project.territory, project=project,
                              title=f"Инициатива {i}", author_names="Автор") for i in range(n)]


def test_a_conflicted_expert_cannot_score_and_an_earlier_score_is_withdrawn(project, expert):
    first, second = _initiatives(project)
    expert_score_set(project=project, expert=expert, initiative=first, effect=5, resources=5,
                     timeframe=5, fit=5)
    conflict_declare(project=project, expert=expert, initiative=first,
                     reason="Автор — мой родственник")
    assert not ExpertScore.objects.filter(initiative=first).exists()
    with pytest.raises(ValidationError) as err:
        expert_score_set(project=project, expert=expert, initiative=first, effect=4,
                         resources=4, timeframe=4, fit=4)
    assert "конфликт интересов" in str(err.value)
    # Other items are still open to them.
    expert_score_set(project=project, expert=expert, initiative=second, effect=4, resources=4,
                     timeframe=4, fit=4)
    assert aggregate_scores(project=project)[f"initiative:{first.pk}"]["conflicts"] == 1


def test_only_experts_score_and_scores_are_1_to_5(project, expert):
    item = _initiatives(project, 1)[0]
    stranger = make_user(email="nobody@zarechny.ru")
    with pytest.raises(ValidationError) as err:
        expert_score_set(project=project, expert=stranger, initiative=item, effect=3,
                         resources=3, timeframe=3, fit=3)
    assert "эксперт" in str(err.value)
    with pytest.raises(ValidationError) as err:
        expert_score_set(project=project, expert=expert, initiative=item, effect=7,
                         resources="abc", timeframe=3, fit=3)
    assert set(err.value.message_dict) == {"effect", "resources"}


def test_council_member_is_an_expert_too(project, people):
    council = body_create(territory=project.territory, kind=Body.Kind.EXPERT_COUNCIL,
                          name="Совет")
    member = make_user(email="member@zarechny.ru", full_name="Член Совета")
    body_member_add(body=council, user=member)
    item = _initiatives(project, 1)[0]
    expert_score_set(project=project, expert=member, initiative=item, effect=3, resources=3,
                     timeframe=3, fit=3)


def test_aggregate_is_a_weighted_mean_with_spread(project, expert, expert2):
    item = _initiatives(project, 1)[0]
    project_weights_set(project=project, weights={"effect": 3, "resources": 1, "timeframe": 0,
                                                  "fit": 1})
    # Expert 1: (5*3 + 1*1 + 0 + 5*1) / 5 = 4.2 ; expert 2: (1*3 + 5*1 + 0 + 1*1) / 5 = 1.8
    expert_score_set(project=project, expert=expert, initiative=item, effect=5, resources=1,
                     timeframe=1, fit=5)
    expert_score_set(project=project, expert=expert2, initiative=item, effect=1, resources=5,
                     timeframe=5, fit=1)
    agg = aggregate_scores(project=project)[f"initiative:{item.pk}"]
    assert agg["n"] == 2
    assert agg["mean"] == pytest.approx(3.0)
    assert agg["std"] == pytest.approx(1.2)
    assert (agg["min"], agg["max"]) == (pytest.approx(1.8), pytest.approx(4.2))
    assert agg["criteria"]["effect"] == 3.0
    # Scoring again replaces the expert's score instead of adding a second one.
    expert_score_set(project=project, expert=expert2, initiative=item, effect=5, resources=1,
                     timeframe=1, fit=5)
    agg = aggregate_scores(project=project)[f"initiative:{item.pk}"]
    assert (agg["n"], agg["mean"], agg["std"]) == (2, pytest.approx(4.2), 0.0)


def test_weights_are_validated(project):
    with pytest.raises(ValidationError) as err:
        project_weights_set(project=project, weights={"effect": "много"})
    assert "числом" in str(err.value)
    with pytest.raises(ValidationError):
        project_weights_set(project=project, weights={"effect": 0, "resources": 0,
                                                      "timeframe": 0, "fit": 0})


def test_shortlist_for_vote_gives_plain_dicts_and_takes_the_vote_back(project, expert):
    first, second = _initiatives(project)
    expert_score_set(project=project, expert=expert, initiative=first, effect=4, resources=4,
                     timeframe=4, fit=4)
    with pytest.raises(ValidationError):
        shortlist_approve(project=project, items=[f"initiative:{first.pk}"] * 2,
                          decision="Утвердить", by=expert)
    shortlist = shortlist_approve(project=project, items=[f"initiative:{second.pk}",
                                                          f"initiative:{first.pk}"],
                                  decision="Протокол №3: утвердить перечень", by=expert)
    options = shortlist_for_vote(shortlist=shortlist)
    assert [o["title"] for o in options] == ["Инициатива 1", "Инициатива 0"]
    assert options[1] == {"title": "Инициатива 0", "description": "", "practice_ref": "",
                          "initiative_ref": str(first.pk), "score": 4.0}
    first.refresh_from_db()
    assert first.status == Initiative.Status.SHORTLISTED
    shortlist_vote_link(shortlist=shortlist, vote_ref="votes.vote:17")
    with pytest.raises(ValidationError):
        shortlist_vote_link(shortlist=shortlist, vote_ref="votes.vote:18")
