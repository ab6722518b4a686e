"""The registry in the back office: search and filters, adding a person, the person card."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from veche.ledger.services import action_record
from veche.registry.factories import make_person
from veche.registry.models import CardAccess, Person
from veche.territories.scoping import town_scope

pytestmark = pytest.mark.django_db
REGISTRY = reverse("web:office_registry", args=["zarechny"])
NEW = reverse("web:office_person_new", args=["zarechny"])


def card_url(person):
    return reverse("web:office_person", args=["zarechny", person.pk])


def names(html):
    return {n for n in ("Петров", "Сидорова", "Молчанов", "Жителева") if n in html}


def test_search_by_name_fragment(staff_client, world):
    page = staff_client.get(REGISTRY, {"q": "петр"}).content.decode()
    assert names(page) == {"Петров"}
    assert '<span class="badge">ветераны</span>' in page  # the person's segments are listed
    assert names(staff_client.get(REGISTRY, {"q": "анна сидор"}).content.decode()) == {"Сидорова"}


@pytest.mark.parametrize("params,expected", [
    ({"district": "north"}, {"Петров", "Жителева"}),
    ({"segment": "volunteers"}, {"Сидорова"}),
    ({"activity": "30"}, {"Петров", "Сидорова", "Жителева"}),
    ({"activity": "never"}, {"Молчанов"}),
])
def test_filters(staff_client, world, params, expected):
    query = {k: (world[v].pk if v in world else v) for k, v in params.items()}
    assert names(staff_client.get(REGISTRY, query).content.decode()) == expected


def test_bad_filter_is_reported_and_ignored(staff_client, world):
    html = staff_client.get(REGISTRY, {"district": "999999", "q": "петр"}).content.decode()
    assert "Выберите корректный вариант" in html
    assert names(html) == {"Петров"}


def test_live_search_returns_only_the_results_fragment(staff_client, world):
    response = staff_client.get(REGISTRY, {"q": "сидор"}, HTTP_HX_REQUEST="true",
                                HTTP_HX_TARGET="registry-results")
    html = response.content.decode()
    assert "<html" not in html and "Сидорова" in html
    assert 'hx-swap-oob="innerHTML"' in html and "Найдено: 1" in html


def test_registry_is_paginated(staff_client, world):
    with town_scope(world["town"]):
        for _ in range(55):
            make_person(world["town"], surname="Абрамов", given_name="Юрий")
    html = staff_client.get(REGISTRY).content.decode()
    assert "Найдено: 59" in html and "Страница 1 из 2" in html and "Молчанов" not in html
    assert "Молчанов" in staff_client.get(REGISTRY, {"page": 2}).content.decode()


def _more_people(world, count):
    with town_scope(world["town"]):
        for _ in range(count):
            p = make_person(world["town"], surname="Тестов", given_name="Тест",
                            district=world["north"], segments=[world["veterans"]])
            action_record(person=p, kind="ballot", occurred_at=timezone.now())


def test_registry_list_queries_do_not_grow_with_rows(staff_client, world,
                                                     django_assert_max_num_queries):
    with CaptureQueriesContext(connection) as few:
        staff_client.get(REGISTRY)
    _more_people(world, 30)
    with django_assert_max_num_queries(12), CaptureQueriesContext(connection) as many:
        staff_client.get(REGISTRY)
    assert len(many) == len(few)


def test_card_logs_the_access_and_shows_facts_consents_actions(staff_client, world, staff_user):
    response = staff_client.get(card_url(world["petrov"]), REMOTE_ADDR="10.2.3.4")
    html = response.content.decode()
    assert response.status_code == 200
    with town_scope(world["town"]):
        access = CardAccess.objects.get(person=world["petrov"])
    assert access.viewer == staff_user and access.ip == "10.2.3.4"
    assert "Список Совета ветеранов" in html            # where the facts came from
    assert "+79123456789" in html and "ветераны" in html
    assert "Участие в проектах города" in html and "не давалось" in html
    assert "Голос" in html and "Предложение" in html
    assert 'id="person-chart"' in html


def test_card_queries_do_not_grow_with_actions(staff_client, world, django_assert_max_num_queries):
    with CaptureQueriesContext(connection) as few:
        staff_client.get(card_url(world["petrov"]))
    with town_scope(world["town"]):
        for days in range(1, 40):
            action_record(person=world["petrov"], kind="comment",
                          occurred_at=timezone.now() - dt.timedelta(days=days))
    with django_assert_max_num_queries(20), CaptureQueriesContext(connection) as many:
        staff_client.get(card_url(world["petrov"]))
    assert len(many) == len(few)


def test_card_of_another_towns_person_is_404(staff_client, world, other_town):
    with town_scope(other_town):
        stranger = make_person(other_town, surname="Чужаков")
    response = staff_client.get(card_url(stranger))
    assert response.status_code == 404
    assert CardAccess.objects.with_scopes_disabled().count() == 0


GOOD = {"surname": "Кузнецова", "given_name": "Ольга", "patronymic": "Петровна",
        "birth_date": "1961-04-12", "phone": "8 (912) 000-11-22", "email": "olga@mail.ru",
        "apartment": "3", "source_kind": "staff", "verification": "4"}


def test_staff_add_a_person_with_segments_and_source(staff_client, world):
    data = GOOD | {"district": world["north"].pk, "building": world["house"].pk,
                   "segments": [world["veterans"].pk, world["volunteers"].pk],
                   "source_kind": "list", "source_list": world["source"].pk}
    response = staff_client.post(NEW, data)
    assert response.status_code == 302
    with town_scope(world["town"]):
        person = Person.objects.get(surname="Кузнецова")
        assert person.phone == "+79120001122" and person.verification == 4
        assert set(person.segments.all()) == {world["veterans"], world["volunteers"]}
        assert person.facts.filter(source_list=world["source"]).exists()
    assert response["Location"] == card_url(person)


@pytest.mark.parametrize("field,value,message", [
    ("phone", "12345", "не существует"),
    ("phone", "позвонить соседке", "не распознан"),
    ("email", "olga@", "не похож на email"),
    ("birth_date", "2099-01-01", "не может быть в будущем"),
    ("birth_date", (dt.date.today() - dt.timedelta(days=365 * 10)).isoformat(), "с 14 лет"),
    ("birth_date", "32.13.1990", "Укажите дату в виде ДД.ММ.ГГГГ"),
    ("surname", "", "Заполните поле «Фамилия»"),
    ("given_name", "   ", "Заполните поле «Имя»"),
    ("surname", "Я" * 10_000, "слишком длинное"),
    ("surname", "<script>alert(1)</script>", "только буквы"),
])
def test_bad_input_gets_russian_message_keeps_values_saves_nothing(staff_client, world, field,
                                                                    value, message):
    response = staff_client.post(NEW, GOOD | {field: value})
    html = response.content.decode()
    assert response.status_code == 400
    assert message in html
    assert "Запись не сохранена" in html
    kept = {"surname": 'value="Кузнецова"', "email": 'value="olga@mail.ru"',
            "phone": 'value="8 (912) 000-11-22"'}
    assert all(text in html for name, text in kept.items() if name != field)
    assert "<script>alert(1)</script>" not in html
    with town_scope(world["town"]):
        assert not Person.objects.filter(patronymic="Петровна").exists()


def test_building_from_another_district_is_refused(staff_client, world):
    response = staff_client.post(NEW, GOOD | {"district": world["south"].pk,
                                              "building": world["house"].pk})
    assert response.status_code == 400
    assert "Этот дом находится в другом районе" in response.content.decode()


def test_html_in_an_existing_name_is_escaped(staff_client, world):
    """A name that reached the database some other way is still never rendered as markup."""
    with town_scope(world["town"]):
        Person.objects.filter(pk=world["silent"].pk).update(surname="<b>Жирный</b>")
    html = staff_client.get(REGISTRY).content.decode()
    assert "&lt;b&gt;Жирный&lt;/b&gt;" in html and "<b>Жирный</b>" not in html
