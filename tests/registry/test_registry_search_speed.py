"""The registry search finds every person whose name holds each word of the query, in registry
order, whichever plan it takes (on PostgreSQL: the order index for spread matches, the town's
name directory for fragments found only in surnames, the trigram index otherwise), also for
persons added or renamed after the directory was filled; a bulk load ends with the upkeep
that keeps the search's plans right."""

import pytest
from django.db import connection

from veche.registry.factories import make_person
from veche.registry.maintenance import registry_after_bulk_load
from veche.registry.models import Person
from veche.registry.selectors import persons_search

pytestmark = pytest.mark.django_db


def _key(p):
    return (p.surname, p.given_name, p.patronymic, p.pk)


def _expected(town, q):
    words = q.lower().replace("ё", "е").split()
    return sorted(_key(p) for p in Person.objects.filter(territory=town, is_erased=False)
                   if all(w in p.search_name for w in words))


@pytest.fixture
def registry(in_town):
    for i, given in enumerate(["Анна", "Борис", "Вера", "Глеб"] * 15):
        female = given in ("Анна", "Вера")
        make_person(in_town, surname="Абрамова" if female else "Абрамов", given_name=given,
                    patronymic="Петровна" if female else "Ильич")
        make_person(in_town, surname="Соколова" if female else "Соколов", given_name=given,
                    patronymic="Олеговна" if female else "Олегович")
        if i < 4:
            make_person(in_town, surname="Белосоколова", given_name="Жанна",
                        patronymic="Ивановна")
            make_person(in_town, surname="Ёлкина", given_name="Анна", patronymic="Ивановна")
    return in_town


@pytest.mark.parametrize("q", ["соколов", "Сокол", "соколова анна", "кол", "олег", "жанна",
                               "елк", "Ёлкина анна", "ива", "абрамов ильич", "нет-такого", "ов"])
def test_every_match_in_registry_order(registry, q):
    found = [_key(p) for p in persons_search(territory=registry, q=q)]
    assert found == _expected(registry, q)


def test_persons_added_and_renamed_later_are_found(registry):
    added = make_person(registry, surname="Ястребов", given_name="Олег", patronymic="Ильич")
    renamed = Person.objects.filter(surname="Абрамова").first()
    renamed.surname = "Ястребова"
    renamed.save()
    found = [p.pk for p in persons_search(territory=registry, q="ястреб")]
    assert sorted(found) == sorted([added.pk, renamed.pk])
    # A bulk UPDATE (a data fix, not the services) reaches the directory too.
    assert Person.objects.filter(surname="Ястребова").update(
        surname="Коршунова", search_name="коршунова анна петровна") == 1
    assert [p.pk for p in persons_search(territory=registry, q="коршун")] == [renamed.pk]


def test_another_towns_names_do_not_leak_into_the_search(registry, other_town):
    from veche.territories.scoping import town_scope

    with town_scope(other_town):
        make_person(other_town, surname="Журавлёва", given_name="Анна")
    assert list(persons_search(territory=registry, q="журавл")) == []


def test_upkeep_after_a_bulk_load(registry):
    done = registry_after_bulk_load(registry)
    # Inside the test's transaction VACUUM may not run: the statistics are refreshed.
    assert done == ("analyze" if connection.vendor == "postgresql" else "")


@pytest.mark.django_db(transaction=True)
def test_upkeep_vacuums_outside_a_transaction(town):
    if connection.vendor != "postgresql":
        pytest.skip("VACUUM is PostgreSQL's")
    assert registry_after_bulk_load(town) == "vacuum"
    with connection.cursor() as cursor:
        cursor.execute("SELECT last_vacuum IS NOT NULL FROM pg_stat_user_tables "
                       "WHERE relname = 'registry_person'")
        assert cursor.fetchone()[0]


def test_an_erased_persons_name_leaves_the_search_and_its_directory(registry):
    from veche.registry.services import person_erase

    for person in Person.objects.filter(territory=registry, surname="Белосоколова"):
        person_erase(person=person)
    assert not [p for p in persons_search(territory=registry, q="белосокол")]
    if connection.vendor == "postgresql":  # the name directory exists on PostgreSQL only
        with connection.cursor() as cursor:
            cursor.execute("SELECT value FROM registry_namepart WHERE territory_id = %s",
                           [registry.pk])
            kept = {row[0] for row in cursor.fetchall()}
        assert not {"Белосоколова", "Жанна"} & kept  # borne by nobody else
        assert {"Соколова", "Ивановна"} <= kept  # still borne by others (Ёлкина Анна Ивановна)
