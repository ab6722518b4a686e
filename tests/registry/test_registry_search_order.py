"""The registry search returns matches in registry order whichever plan the database takes
(on PostgreSQL: walking the order index for spread matches, sorting for bunched ones), and the
back office's paginator stops counting at its cap."""

from dataclasses import replace

import pytest

from veche.registry.factories import make_person
from veche.registry.paging import CappedPaginator
from veche.registry.selectors import persons_listing, persons_search

pytestmark = pytest.mark.django_db


def _key(p):
    return (p.surname, p.given_name, p.patronymic, p.pk)


def test_spread_and_bunched_fragments_come_back_in_registry_order(in_town):
    for i, given in enumerate(["Анна", "Борис", "Вера"] * 20):
        make_person(in_town, surname="Абрамов" if given == "Борис" else "Абрамова",
                    given_name=given, patronymic="Петровна" if given != "Борис" else "Ильич")
        make_person(in_town, surname="Яковлева", given_name=given, patronymic="Олеговна")
        if i < 3:
            make_person(in_town, surname="Ёлкина", given_name="Анна", patronymic="Ивановна")
    for q, expected in (("яковл", 60), ("анна", 43), ("ов", 123), ("абрамова вера", 20)):
        found = list(persons_search(territory=in_town, q=q))
        assert len(found) == expected, q
        assert [_key(p) for p in found] == sorted(_key(p) for p in found), q


def test_capped_paginator_counts_up_to_the_cap(in_town):
    for _ in range(12):
        make_person(in_town, surname="Смирнова", given_name="Анна", patronymic="Петровна")
    qs = persons_search(territory=in_town, q="смирн")
    capped = CappedPaginator(qs, 5, cap=10)
    assert (capped.count, capped.capped, capped.num_pages) == (10, True, 2)
    assert len(capped.get_page(1).object_list) == 5
    exact = CappedPaginator(qs, 5, cap=20)
    assert (exact.count, exact.capped, exact.num_pages) == (12, False, 3)


@pytest.mark.parametrize("q", ["анна", "ов", "яковл", "абрамова вера", "ёлкина", "нет-такого"])
def test_the_registry_list_pages_through_every_match_once_in_order(in_town, q):
    """The back office's list reads its pages and count the way the search planned (on
    PostgreSQL a walk of the order index fenced from the trigram index, the name directory,
    or a sort): page after page it shows exactly the search's matches, in registry order."""
    for given in ["Анна", "Борис", "Вера"] * 12:
        make_person(in_town, surname="Абрамов" if given == "Борис" else "Абрамова",
                    given_name=given, patronymic="Петровна" if given != "Борис" else "Ильич")
        make_person(in_town, surname="Яковлева", given_name=given, patronymic="Олеговна")
    make_person(in_town, surname="Ёлкина", given_name="Анна", patronymic="Ивановна")
    found = persons_listing(territory=in_town, q=q)
    expected = [p.pk for p in found.rows]
    assert expected == [p.pk for p in sorted(found.rows, key=_key)]
    for listing in (found, replace(found, count_by_walk=found.walk is not None)):
        paginator = CappedPaginator(found.rows, 7, cap=40, count_upto=listing.count_upto,
                                    page_ids=listing.page_ids)
        assert (paginator.count, paginator.capped) == (min(len(expected), 40),
                                                       len(expected) > 40)
        shown = [p.pk for n in paginator.page_range for p in paginator.page(n).object_list]
        assert shown == expected[:40]
