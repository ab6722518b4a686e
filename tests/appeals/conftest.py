"""Fixtures of the appeals tests: Заречный with an appeals desk, two executor departments,
their staff, the head, a resident with a login and a topic."""

import io

import pytest
from PIL import Image

from tests.web.helpers import login
from veche.accounts.factories import add_totp, grant_role, make_user
from veche.accounts.models import Department, Role
from veche.appeals.models import AppealDesk
from veche.registry.factories import make_person
from veche.territories.factories import make_building, make_district, make_topic
from veche.territories.scoping import town_scope


def png_bytes(size=(40, 30), color=(200, 80, 40)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def aw(town):
    """The appeals world. Staff users are TOTP-enrolled; the resident is not staff."""
    with town_scope(town):
        desk = Department.objects.create(territory=town, name="Общий отдел (обращения граждан)")
        zhkh = Department.objects.create(territory=town, name="Отдел ЖКХ и благоустройства")
        roads = Department.objects.create(territory=town, name="Отдел дорожного хозяйства")
        AppealDesk.objects.create(territory=town, department=desk)
        district = make_district(town, "Центральный")
        house = make_building(town, district, street="ул. Ленина", house="7")
        topic = make_topic(town, "Дворы")
        users = {}
        for key, role, dept, name in [
            ("desk", Role.STAFF, desk, "Кравцов Олег"),
            ("zhkh", Role.STAFF, zhkh, "Лебедева Ирина"),
            ("roads", Role.STAFF, roads, "Дорожкин Пётр"),
            ("head", Role.HEAD, None, "Воронцов Андрей"),
        ]:
            user = make_user(email=f"{key}@zarechny.ru", full_name=name)
            grant_role(user, town, role, dept)
            add_totp(user)
            users[key] = user
        resident = make_user(email="zhitel@zarechny.ru", full_name="Жителева Мария")
        grant_role(resident, town, Role.RESIDENT)
        me = make_person(town, surname="Жителева", given_name="Мария", patronymic="Ивановна",
                         email="zhitel@zarechny.ru", phone="+79121112233", user=resident,
                         building=house)
        other = make_person(town, surname="Соседов", given_name="Иван", email="sosed@example.ru")
    return {"town": town, "d_desk": desk, "d_zhkh": zhkh, "d_roads": roads, "house": house,
            "topic": topic, "resident": resident, "me": me, "other": other, **users}


@pytest.fixture
def as_user():
    """A test client logged in as a user (staff pass the second factor)."""
    from django.test import Client

    def make(user, verified=True):
        return login(Client(), user, verified=verified)
    return make
