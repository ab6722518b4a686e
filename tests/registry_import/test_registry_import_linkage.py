"""The list import on the linkage engine: one person for «Семёнов»/«Семенов», re-import without
duplicates, a changed phone as a new fact, doubtful rows to the review queue, provenance."""

import datetime as dt

import pytest

from veche.registry.factories import make_person
from veche.registry.imports import list_import_create, list_import_run
from veche.registry.models import ListImport, Person, PersonFact, ReviewCandidate

pytestmark = pytest.mark.django_db


def _run(town, text: str, name="list.csv", list_name="Совет ветеранов", encoding="utf-8"):
    record = list_import_create(territory=town, list_name=list_name, file_name=name,
                                data=text.encode(encoding))
    return list_import_run(list_import=record)


VETERANS = ("ФИО;Дата рождения;Телефон;Организация\n"
            "Семёнов Алексей Петрович;12.04.1948;8 912 100-20-30;Совет ветеранов\n"
            "Кузнецова Мария Ивановна;01.02.1950;;\n"
            "Орлов Иван Ильич;03.03.1955;+7 912 333-44-55;\n"
            "Белова Анна Сергеевна;05.05.1960;;\n")


def test_yo_and_ye_with_the_same_birth_date_are_one_person(in_town):
    semenov = make_person(in_town, surname="Семенов", given_name="Алексей",
                          patronymic="Петрович", birth_date=dt.date(1948, 4, 12))
    for i in range(6):  # a registry big enough for the model to learn from
        make_person(in_town, surname=f"Жителев{'аеиоу'[i % 5]}", given_name="Пётр",
                    birth_date=dt.date(1970 + i, 1, 1 + i))
    record = _run(in_town, VETERANS)
    assert record.status == ListImport.Status.DONE, record.message
    assert Person.objects.filter(search_name__startswith="семенов").count() == 1
    row = record.rows.get(number=2)
    assert row.outcome == "matched" and row.person == semenov and row.score >= 0.8
    semenov.refresh_from_db()
    assert semenov.phone == "+79121002030"
    # Provenance of each fact: the list, the very row; the organisation kept as a fact.
    assert semenov.facts.filter(field="phone", import_row=row, source_list__name="Совет ветеранов"
                                ).exists()
    assert semenov.facts.get(field="organisation").value == "Совет ветеранов"


def test_the_same_person_twice_in_one_list_is_one_person(in_town):
    record = _run(in_town, "Фамилия;Имя;Отчество;Дата рождения\n"
                  "Семёнов;Алексей;Петрович;12.04.1948\n"
                  "Кузнецова;Мария;Ивановна;01.02.1950\n"
                  "СЕМЕНОВ;Алексей;Петрович;12.04.1948\n"
                  "Орлов;Иван;Ильич;03.03.1955\n")
    assert (record.created_count, record.matched_count) == (3, 1)
    assert Person.objects.count() == 3


def test_reimporting_an_updated_list_creates_no_duplicates_and_records_the_new_phone(in_town):
    first = _run(in_town, VETERANS)
    assert first.created_count == 4
    updated = VETERANS.replace("8 912 100-20-30", "+7 912 999-88-77") + (
        "Новикова Ольга Павловна;07.07.1962;;\n")
    second = _run(in_town, updated)
    assert second.status == "done", second.message
    assert (second.created_count, second.matched_count) == (1, 4)
    assert Person.objects.count() == 5
    semenov = Person.objects.get(search_name__startswith="семенов")
    assert semenov.phone == "+79129998877"
    phones = list(semenov.facts.filter(field="phone").order_by("id")
                  .values_list("value", flat=True))
    assert phones[-1] == "+79129998877"
    # Each row knows its file, sheet and row number.
    row = second.rows.get(number=6)
    assert row.raw["full_name"] == "Новикова Ольга Павловна" and row.list_import == second


def test_a_doubtful_row_goes_to_the_review_queue(in_town):
    for i in range(8):
        make_person(in_town, surname="Житель" + "абвгдежз"[i], given_name="Пётр", patronymic="",
                    birth_date=dt.date(1960 + i, 2, 1 + i))
    existing = make_person(in_town, surname="Семенов", given_name="Алексей",
                           patronymic="Петрович", birth_date=dt.date(1948, 4, 12))
    # Same name, no date or contact to confirm: neither sure nor plainly someone else.
    record = _run(in_town, "ФИО;Телефон\nСеменов Алексей Петрович;+79125554433\n")
    row = record.rows.get()
    if row.outcome == "review":
        assert row.candidate == existing and record.review_count == 1
        candidate = ReviewCandidate.objects.get(import_row=row)
        assert candidate.person == existing and candidate.evidence
    else:  # the engine was sure either way: still no duplicate made silently of a sure match
        assert row.outcome in ("matched", "created")


def test_every_fact_of_a_new_person_points_at_its_row(in_town):
    record = _run(in_town, VETERANS)
    person = Person.objects.get(search_name__startswith="орлов")
    row = record.rows.get(person=person)
    assert set(PersonFact.objects.filter(person=person).values_list("import_row", flat=True)) == {
        row.pk}


def test_namesakes_in_a_registry_full_of_them_are_not_taken_for_the_list_people(in_town):
    """A town's registry holds many people of the common names. A list's new people who share a
    name with some of them — but not the patronymic or the birth date — are new people, and
    the registry's own people written another way are found: the model is learnt from the
    list's rows against the registry, not from the registry's namesakes with each other."""
    given = ["Анна", "Мария", "Ольга", "Елена"]
    patronymics = ["Ивановна", "Петровна", "Сергеевна", "Николаевна", "Алексеевна"]
    registry = []
    for i in range(120):
        registry.append(make_person(
            in_town, surname=["Иванова", "Смирнова", "Кузнецова"][i % 3],
            given_name=given[i % 4], patronymic=patronymics[i % 5],
            birth_date=dt.date(1950 + i % 40, 1 + i % 12, 1 + i % 28),
            phone=f"+7912{i:07d}"))
    lines = ["ФИО;Дата рождения;Телефон"]
    copies = registry[:15]
    for p in copies:  # the registry's people, written by another clerk: е for ё, 8 (…)
        d = p.phone[-10:]
        lines.append(f"{p.surname} {p.given_name} {p.patronymic};{p.birth_date:%d.%m.%Y};"
                     f"8 ({d[:3]}) {d[3:6]}-{d[6:8]}-{d[8:]}")
    for i, p in enumerate(registry[15:30]):  # namesakes: another patronymic and birth date
        lines.append(f"{p.surname} {p.given_name} Владимировна;"
                     f"{10 + i:02d}.06.{1991 + i % 9};8 (950) 000-00-{i:02d}")
    record = _run(in_town, "\n".join(lines) + "\n")
    assert record.status == ListImport.Status.DONE, record.message
    found = dict(record.rows.values_list("number", "person_id"))
    assert [found[n] for n in range(2, 17)] == [p.pk for p in copies]
    assert record.rows.filter(number__gte=17, outcome="created").count() == 15
    assert record.review_count == 0
