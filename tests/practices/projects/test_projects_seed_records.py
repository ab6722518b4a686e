"""Seed 004 stage results that were staff ticks or counted the wrong thing (issue 14, points
6, 7 and 9): each now follows from a record, and each test quotes the seed's line."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from veche.ledger.models import Action, ActionKind
from veche.practices.models import Body, CityProblem, ExpertRound, Practice
from veche.practices.projects.bodies import (
    body_create,
    body_session_create,
    passport_selection_record,
)
from veche.practices.projects.checklist import stage_checklist
from veche.practices.projects.expert import (
    expert_score_set,
    shortlist_approve,
    shortlist_winners_set,
)
from veche.practices.projects.services import initiative_create, problem_create
from veche.practices.projects.supports import (
    problem_support,
    problem_support_withdraw,
    problems_ranked,
)

pytestmark = pytest.mark.django_db


def _results(project) -> dict[str, bool]:
    return {r["result"].code: r["done"] for s in stage_checklist(project=project)
            for m in s["meetings"] for r in m["results"]}


# --- point 9: residents prioritise problems ------------------------------------------------

def test_residents_support_problems_once_each_and_the_ranking_follows(project, people):
    """Seed 004, «Правила игры»: «Концентрировать ресурсы нужно на самой важной проблеме».
    The most important problem is the one most residents support, each once, as themselves."""
    town = project.territory
    dark = problem_create(territory=town, project=project, text="Нет освещения во дворах")
    roads = problem_create(territory=town, project=project, text="Ямы на дорогах")
    for person in people[:3]:
        problem_support(problem=roads, person=person)
    problem_support(problem=dark, person=people[3])
    assert [p.text for p in problems_ranked(project=project)] == [
        "Ямы на дорогах", "Нет освещения во дворах"]
    assert CityProblem.objects.get(pk=roads.pk).supports == 3

    with pytest.raises(ValidationError) as err:
        problem_support(problem=roads, person=people[0])
    assert err.value.error_dict["problem"][0].code == "support_duplicate"

    # Each support is the person's action in the ledger.
    assert Action.objects.filter(kind=ActionKind.SUPPORT,
                                 object_type="practices.cityproblem").count() == 4

    # Withdrawn: the count drops, the ledger keeps the action; a renewed support adds none.
    problem_support_withdraw(problem=roads, person=people[0])
    problem_support_withdraw(problem=roads, person=people[1])
    problem_support(problem=dark, person=people[0])
    assert [p.supports for p in problems_ranked(project=project)] == [2, 1]
    problem_support(problem=roads, person=people[0])
    assert CityProblem.objects.get(pk=roads.pk).supports == 2
    assert Action.objects.filter(kind=ActionKind.SUPPORT).count() == 5


def test_staff_cannot_type_the_support_count(project):
    """The count is residents' supports, «never typed in» (DESIGN: figures from the ledger)."""
    with pytest.raises(TypeError):
        problem_create(territory=project.territory, project=project, text="Пробки",
                       votes=500)  # type: ignore[call-arg]


def test_another_towns_person_cannot_support(project, other_town):
    from veche.registry.factories import make_person
    from veche.territories.scoping import all_towns

    problem = problem_create(territory=project.territory, project=project, text="Нет парка")
    with all_towns():
        stranger = make_person(other_town, surname="Чужой", given_name="Иван")
        with pytest.raises(ValidationError):
            problem_support(problem=problem, person=stranger)


# --- point 6: own practices selected for passports by a recorded decision -------------------

def test_own_practices_for_passports_need_a_bodys_recorded_decision(project):
    """Seed 004, stage 3, «Заседание Экспертного Совета сообщества»: «Утвержден перечень
    собственных (реализованных) лучших практик (не менее трех), отобранных для
    паспортизации». Three practices in the bank are not a decision."""
    town = project.territory
    own = [Practice.objects.create(territory=town, title=f"Практика {n}") for n in range(3)]
    assert not _results(project)["3-own-approved"]  # drafts in the bank tick nothing

    council = body_create(territory=town, kind=Body.Kind.EXPERT_COUNCIL, name="Совет")
    public = body_create(territory=town, kind=Body.Kind.PUBLIC_COUNCIL, name="Общественный")
    session = body_session_create(body=council, held_on=dt.date(2026, 4, 2), title="Отбор",
                                  project=project, meeting_code="3-council")
    other = body_session_create(body=public, held_on=dt.date(2026, 4, 3), title="Сбор")
    with pytest.raises(ValidationError) as err:
        passport_selection_record(project=project, session=other, practices=own,
                                  decision="Отобрать", by=None)
    assert err.value.error_dict["session"][0].code == "selection_body_kind"

    passport_selection_record(project=project, session=session, practices=own[:2],
                              decision="Протокол № 2: отобрать две практики", by=None)
    assert not _results(project)["3-own-approved"]  # two are fewer than three
    passport_selection_record(project=project, session=session, practices=own[1:],
                              decision="Протокол № 3: дополнить перечень", by=None)
    assert _results(project)["3-own-approved"]


def test_other_towns_practice_cannot_be_selected_for_passports(project, other_town):
    from veche.territories.scoping import all_towns

    council = body_create(territory=project.territory, kind=Body.Kind.WORKING_GROUP, name="РГ")
    session = body_session_create(body=council, held_on=dt.date(2026, 4, 2), title="Отбор")
    with all_towns():
        foreign = Practice.objects.create(territory=other_town, title="Чужая")
    with pytest.raises(ValidationError) as err:
        passport_selection_record(project=project, session=session, practices=[foreign],
                                  decision="Отобрать", by=None)
    assert err.value.error_dict["practices"][0].code == "practice_not_own"


# --- point 7: the secondary expertise of the vote's winners ---------------------------------

def test_second_expertise_scores_the_votes_winners_again(project, people, expert):
    """Seed 004, stage 5 «Планирование. Определение приоритетов (вторичная экспертиза)»:
    «Произведена оценка практик и инициатив, прошедших голосование по критериям:
    Эффективность, Ресурсоемкость, Сроки реализации, Соответствие городским потребностям».
    The stage 3 scores do not tick it: a new round on the winners does."""
    town = project.territory
    a = initiative_create(territory=town, project=project, title="Фонари", authors=people[:1])
    b = initiative_create(territory=town, project=project, title="Сквер", authors=people[1:2])
    for item in (a, b):
        expert_score_set(project=project, expert=expert, initiative=item, effect=4,
                         resources=3, timeframe=4, fit=5)
    results = _results(project)
    assert results["3-scored"] and not results["5-criteria"]

    shortlist = shortlist_approve(project=project, items=[f"initiative:{a.pk}",
                                                          f"initiative:{b.pk}"],
                                  decision="В голосование", by=expert)
    with pytest.raises(ValidationError) as err:  # nobody has won yet
        expert_score_set(project=project, expert=expert, initiative=a, effect=5, resources=4,
                         timeframe=4, fit=5, expert_round=ExpertRound.SECONDARY)
    assert err.value.error_dict["item"][0].code == "second_round_not_winner"

    shortlist_winners_set(shortlist=shortlist, keys=[f"initiative:{a.pk}"])
    a.refresh_from_db()
    assert a.status == "selected"
    assert not _results(project)["5-criteria"]  # the winner is not scored again yet
    expert_score_set(project=project, expert=expert, initiative=a, effect=5, resources=4,
                     timeframe=4, fit=5, expert_round=ExpertRound.SECONDARY)
    assert _results(project)["5-criteria"]
    with pytest.raises(ValidationError):  # the loser is not in the second round
        expert_score_set(project=project, expert=expert, initiative=b, effect=5, resources=4,
                         timeframe=4, fit=5, expert_round=ExpertRound.SECONDARY)
    with pytest.raises(ValidationError) as err:
        shortlist_winners_set(shortlist=shortlist, keys=[f"initiative:{b.pk}"])
    assert err.value.error_dict["shortlist"][0].code == "winners_already_taken"


def test_winners_are_taken_only_from_a_final_count(project, expert, people):
    from veche.bridges.project_vote import shortlist_vote_create, shortlist_winners_take

    a = initiative_create(territory=project.territory, project=project, title="Фонари",
                          authors=people[:1])
    shortlist = shortlist_approve(project=project, items=[f"initiative:{a.pk}"],
                                  decision="В голосование", by=expert)
    with pytest.raises(ValidationError) as err:
        shortlist_winners_take(shortlist=shortlist)
    assert err.value.error_dict["vote_ref"][0].code == "vote_not_final"
    shortlist_vote_create(shortlist=shortlist, by=expert)
    with pytest.raises(ValidationError):  # a draft vote has no final count
        shortlist_winners_take(shortlist=shortlist)
