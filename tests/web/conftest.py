"""Fixtures for the web pages: a town with people, actions, topics and segments, and clients
logged in as a resident, as verified staff and as a curator."""

import datetime as dt

import pytest
from django.utils import timezone

from tests.web.helpers import login
from veche.accounts.factories import add_totp, grant_role, make_user
from veche.ledger.models import ActionKind
from veche.ledger.services import action_record
from veche.registry.consent import consent_grant
from veche.registry.factories import make_person
from veche.registry.models import Segment, SourceList
from veche.registry.services import person_create
from veche.territories.factories import make_building, make_district, make_topic
from veche.territories.scoping import town_scope


@pytest.fixture
def world(town, resident_user):
    """Заречный with two districts, segments, a source list, topics, a few persons with actions
    and the resident's own person with consents."""
    with town_scope(town):
        north = make_district(town, "Северный", population_14_plus=8000)
        south = make_district(town, "Южный", population_14_plus=12000)
        house = make_building(town, north, street="ул. Ленина", house="7")
        veterans = Segment.objects.create(territory=town, code="veteran", name="ветераны")
        volunteers = Segment.objects.create(territory=town, code="volunteer", name="волонтёры")
        source = SourceList.objects.create(territory=town, name="Список Совета ветеранов")
        roads = make_topic(town, "Дороги")
        parks = make_topic(town, "Благоустройство")
        petrov = person_create(territory=town, surname="Петров", given_name="Пётр",
                               patronymic="Ильич", birth_date=dt.date(1950, 2, 3),
                               phone="+79123456789", district=north, building=house,
                               apartment="12", segments=[veterans], source_kind="list",
                               source_list=source)
        sidorova = make_person(town, surname="Сидорова", given_name="Анна", patronymic="",
                               district=south, segments=[volunteers])
        silent = make_person(town, surname="Молчанов", given_name="Олег", patronymic="",
                             district=south)
        me = make_person(town, surname="Жителева", given_name="Мария", patronymic="Ивановна",
                         user=resident_user, district=north)
        now = timezone.now()
        for days, person, kind, topic in [
            (3, petrov, ActionKind.BALLOT, roads), (40, petrov, ActionKind.PROPOSAL, parks),
            (5, sidorova, ActionKind.VOLUNTEER_HOURS, parks),
            (200, sidorova, ActionKind.COMMENT, None),
            (10, me, ActionKind.APPEAL, roads),
        ]:
            action_record(person=person, kind=kind, topic=topic, object_title="Сквер у школы",
                          occurred_at=now - dt.timedelta(days=days))
        consent_grant(person=me, purpose="participation")
        consent_grant(person=me, purpose="messages", channel="email")
    return {
        "town": town, "north": north, "south": south, "house": house, "veterans": veterans,
        "volunteers": volunteers, "source": source, "roads": roads, "parks": parks,
        "petrov": petrov, "sidorova": sidorova, "silent": silent, "me": me,
    }


@pytest.fixture
def staff_client(client, staff_user):
    return login(client, staff_user)


@pytest.fixture
def resident_client(client, resident_user):
    return login(client, resident_user, verified=False)


@pytest.fixture
def curator_user(town, other_town):
    user = make_user(email="curator@network.ru", full_name="Куратор Сети")
    grant_role(user, town, "curator")
    grant_role(user, other_town, "curator")
    add_totp(user)
    return user
