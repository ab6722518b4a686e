"""Registry endpoints: search with filters and pages, the card (logged), adding a person."""

import pytest
from django.test import Client

from veche.registry.models import CardAccess, Person
from veche.territories.scoping import town_scope

pytestmark = pytest.mark.django_db
URL = "/api/v1/t/zarechny/registry/persons/"


def names(response):
    return [p["full_name"] for p in response.json()["results"]]


def test_staff_search_by_name_district_segment_and_activity(staff_client, town_data):
    r = staff_client.get(URL, {"q": "смирн"})
    assert r.status_code == 200
    assert names(r) == ["Смирнова Анна Ильинична", "Смирнова Вера Петрович"]
    anna = r.json()["results"][0]
    assert anna["phone"] == "+79121234567"
    assert anna["district"]["name"] == "Центральный"
    assert anna["address"] == "ул. Ленина, 5, кв. 12"
    assert anna["segments"] == ["veteran"]
    assert anna["last_active_at"] is not None

    north = town_data["north"].pk
    assert names(staff_client.get(URL, {"district": north})) == [
        "Кузнецов Борис Петрович", "Смирнова Вера Петрович"]
    assert names(staff_client.get(URL, {"segment": town_data["veterans"].pk})) == [
        "Смирнова Анна Ильинична"]
    assert names(staff_client.get(URL, {"active_days": 30})) == ["Смирнова Анна Ильинична"]
    assert names(staff_client.get(URL, {"active_days": 365})) == [
        "Кузнецов Борис Петрович", "Смирнова Анна Ильинична"]


def test_pages_have_count_and_links(staff_client, town_data):
    first = staff_client.get(URL, {"page_size": 2}).json()
    assert first["count"] == 3 and len(first["results"]) == 2
    assert first["previous"] is None
    assert first["next"].startswith("http://testserver" + URL) and "page=2" in first["next"]
    second = staff_client.get(first["next"]).json()
    assert [p["full_name"] for p in second["results"]] == ["Смирнова Вера Петрович"]
    assert second["next"] is None and "page=1" in second["previous"]


def test_bad_filters_are_a_400_in_russian(staff_client, town_data):
    r = staff_client.get(URL, {"page": 0, "active_days": "много"})
    assert r.status_code == 400
    body = r.json()
    assert body["errors"]["page"] == ["Значение должно быть не меньше 1."]
    assert body["errors"]["active_days"] == ["Нужно целое число."]
    assert body["detail"].startswith("Проверьте данные запроса")


def test_list_query_count_does_not_grow_with_rows(staff_client, town, town_data,
                                                  django_assert_max_num_queries):
    # Warm up sessions and the like, then measure with 3 persons and with 23.
    staff_client.get(URL)
    with django_assert_max_num_queries(12) as few:
        staff_client.get(URL)
    with town_scope(town):
        for i in range(20):
            Person.objects.create(territory=town, surname="Петров", given_name=f"Пётр{'а' * i}",
                                  district=town_data["north"])
    with django_assert_max_num_queries(len(few.captured_queries)):
        r = staff_client.get(URL)
    assert r.json()["count"] == 23


def test_card_is_logged_and_shows_actions_and_consents(staff_client, staff_user, town,
                                                       town_data):
    anna = town_data["anna"]
    r = staff_client.get(f"{URL}{anna.pk}", REMOTE_ADDR="10.1.2.3")
    assert r.status_code == 200
    card = r.json()
    assert card["person"]["full_name"] == "Смирнова Анна Ильинична"
    assert card["person"]["last_active_at"] is not None
    assert card["profile"]["total"] == 2
    assert [a["kind"] for a in card["recent_actions"]] == ["ballot", "comment"]
    assert card["recent_actions"][0]["topic"]["name"] == "Благоустройство"
    assert {c["purpose"] for c in card["consents"]} >= {"participation", "analytics"}
    with town_scope(town):
        log = list(CardAccess.objects.filter(person=anna))
    assert len(log) == 1 and log[0].viewer == staff_user and log[0].ip == "10.1.2.3"


def test_card_of_another_towns_person_is_404(staff_client, other_town):
    from veche.registry.factories import make_person

    with town_scope(other_town):
        stranger = make_person(other_town, surname="Чужая")
    r = staff_client.get(f"{URL}{stranger.pk}")
    assert r.status_code == 404
    assert r.json()["detail"] == "Нет такой записи в этом городе."
    with town_scope(other_town):
        assert not CardAccess.objects.exists()


def test_staff_read_the_registry_moderator_and_resident_do_not(town_data, user_with_role,
                                                                 login):
    # A moderator's work (votes' abuse flags) needs nobody's card: refused even after TOTP.
    moderator = login(user_with_role("moderator"), verified=True)
    r = moderator.get(URL)
    assert r.status_code == 403 and "Смирнова" not in r.content.decode()
    staff = login(user_with_role("staff"), verified=True)
    assert staff.get(URL).status_code == 200
    resident = login(user_with_role("resident"))
    r = resident.get(URL)
    assert r.status_code == 403
    assert r.json()["detail"] == "У вас нет доступа к этому разделу в этом городе."


def test_add_person_through_the_service_with_provenance(staff_token, town, town_data, bearer):
    r = Client().post(URL, {
        "surname": "Орлова", "given_name": "Мария", "phone": "8 (912) 765-43-21",
        "email": "maria@example.ru", "birth_date": "1990-03-04",
        "district_id": town_data["centre"].pk, "segments": ["veteran"],
    }, content_type="application/json", **bearer(staff_token))
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["phone"] == "+79127654321" and body["segments"] == ["veteran"]
    with town_scope(town):
        person = Person.objects.get(pk=body["id"])
        assert person.facts.filter(source_kind="import").exists()


def test_bad_person_is_rejected_with_every_problem_and_nothing_saved(staff_client, town,
                                                                     town_data):
    r = staff_client.post(URL, {
        "surname": "<b>Иванов</b>", "given_name": "И" * 10_000, "phone": "12345",
        "email": "не-почта", "birth_date": "2099-01-01",
    }, content_type="application/json")
    assert r.status_code == 400
    errors = r.json()["errors"]
    assert errors["surname"] == ["Поле «Фамилия» может содержать только буквы, пробел, дефис и "
                                 "апостроф."]
    assert "слишком длинное" in errors["given_name"][0]
    assert errors["phone"][0].startswith("Номер «12345» не существует.")
    assert "не похож на email" in errors["email"][0]
    assert errors["birth_date"] == ["Дата рождения не может быть в будущем."]
    with town_scope(town):
        assert Person.objects.count() == 3


def test_unknown_district_and_segment_are_named(staff_client, other_town, town_data):
    from veche.territories.factories import make_district

    with town_scope(other_town):
        foreign = make_district(other_town, "Чужой")
    r = staff_client.post(URL, {"surname": "Орлова", "given_name": "Мария",
                                "district_id": foreign.pk, "segments": ["deputy"]},
                          content_type="application/json")
    assert r.status_code == 400
    assert r.json()["errors"] == {
        "segments": ["Нет сегмента «deputy» в этом городе."],
        "district_id": [f"Нет района с id {foreign.pk} в этом городе."],
    }


def test_missing_body_is_a_clear_400(staff_client, town_data):
    r = staff_client.post(URL, "{не json", content_type="application/json")
    assert r.status_code == 400
    assert r.json()["detail"].startswith("Проверьте данные запроса")
