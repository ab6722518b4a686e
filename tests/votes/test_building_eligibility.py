"""Seed 002 (Заречный): «Сегодня жителям городов все чаще приходится принимать решения общим
собранием собственников жилья … голосовать за вступление в программу «Комфортная городская
среда», принимать совместное решение о проведении капитального ремонта дома…». A vote may be
limited to the residents of one apartment building (the registry's addresses): an eligibility
rule, not a vote kind."""

import pytest
from django.core.exceptions import ValidationError

from tests.votes.conftest import opts
from veche.territories.factories import make_building, make_district, make_town
from veche.territories.scoping import town_scope
from veche.votes.kinds import KINDS
from veche.votes.selectors.results import vote_turnout
from veche.votes.services import ballot_cast, vote_update

pytestmark = pytest.mark.django_db


@pytest.fixture
def house(votes_town):
    return make_building(votes_town["town"], votes_town["centre"], street="ул. Ленина",
                         house="7")


def test_only_residents_of_the_building_vote_and_others_are_told_why(
        vote_factory, voter_factory, house, votes_town):
    """Seed 002: «…принимать совместное решение о проведении капитального ремонта дома» — a
    resident of another address is refused with a clear message (code not_eligible)."""
    vote = vote_factory(title="Ремонт двора дома 7: какую площадку строим?", building=house)
    mine = voter_factory(building=house)
    stranger = voter_factory()
    ballot_cast(vote=vote, person=mine, answers={"option": opts(vote)[0]})
    with pytest.raises(ValidationError) as refused:
        ballot_cast(vote=vote, person=stranger, answers={"option": opts(vote)[0]})
    assert refused.value.code == "not_eligible"
    assert "только жители дома ул. Ленина" in refused.value.messages[0]


def test_turnout_is_against_the_buildings_residents(vote_factory, voter_factory, house):
    """The seed's owners' decision is the building's: turnout and the eligible count are the
    building's residents in the registry, not the town's."""
    vote = vote_factory(building=house)
    residents = [voter_factory(building=house) for _ in range(4)]
    voter_factory()  # a resident of another house: not counted as eligible
    ballot_cast(vote=vote, person=residents[0], answers={"option": opts(vote)[1]})
    turnout = vote_turnout(vote=vote)
    assert turnout["eligible"] == 4
    assert turnout["population_14_plus"] == 4
    assert turnout["share_of_eligible"] == turnout["share_of_population"]


def test_the_building_must_be_of_the_town_and_is_frozen_while_open(
        vote_factory, house, votes_town):
    """Staff choose the building of their own town; once ballots come in it stays."""
    other_town = make_town(slug="ozersk", name="Озёрск")
    with town_scope(other_town):
        elsewhere = make_building(other_town, make_district(other_town, "Южный"),
                                  street="ул. Мира", house="1")
    draft = vote_factory(status="draft")
    with pytest.raises(ValidationError) as foreign:
        vote_update(vote=draft, building=elsewhere)
    assert foreign.value.error_dict["building"][0].code == "other_town"
    vote = vote_factory()
    with pytest.raises(ValidationError) as frozen:
        vote_update(vote=vote, building=house)
    assert frozen.value.error_dict["building"][0].code == "vote_setting_frozen"


def test_eligibility_is_not_a_kind():
    """The kinds registry is untouched: no «building» kind."""
    assert not any("building" in code for code in KINDS)


def test_staff_choose_the_building_through_the_api(staff_client, votes_town, house):
    """The API's vote form takes the building (of this town only)."""
    made = staff_client.post("/api/v1/t/zarechny/votes/", {
        "title": "Смена управляющей компании дома 7", "building_id": house.pk,
        "options": ["Оставить", "Сменить"]}, content_type="application/json")
    assert made.status_code == 201, made.content
    assert made.json()["building_id"] == house.pk
    bad = staff_client.post("/api/v1/t/zarechny/votes/", {
        "title": "Чужой дом", "building_id": 987654}, content_type="application/json")
    assert bad.status_code == 400 and bad.json()["codes"]["building_id"] == ["building_unknown"]
