"""The demo's lists go through the import's own services: three files, one re-imported."""

import datetime as dt
import random
import time
from types import SimpleNamespace

import pytest

from veche.demo.builder import registry_lists
from veche.registry.factories import make_person
from veche.registry.models import ListImport, Person

pytestmark = pytest.mark.django_db


def test_demo_lists_are_imported_without_duplicates(in_town):
    rng = random.Random(3)
    surnames = ["Семенов", "Петров", "Орлова", "Белов", "Зайцев", "Козлова", "Лебедев", "Новиков"]
    persons = [make_person(in_town, surname=surnames[i % 8] + "абвгдежзик"[i // 8 % 10],
                           given_name=["Алексей", "Мария", "Иван", "Ольга"][i % 4],
                           patronymic="Петрович" if i % 4 in (0, 2) else "Ивановна",
                           birth_date=dt.date(1940 + i % 60, 1 + i % 12, 1 + i % 28),
                           phone=f"+7912{i:07d}")
               for i in range(60)]
    town = SimpleNamespace(town=in_town, is_main=True, persons=persons)
    before = Person.objects.count()
    started = time.perf_counter()
    summary = registry_lists.create(rng, town)
    assert time.perf_counter() - started < 15
    assert summary.startswith("3 списка")
    imports = list(ListImport.objects.order_by("created_at"))
    assert [i.status for i in imports] == ["done"] * 3, [i.message for i in imports]
    first, volunteers, again = imports
    assert first.created_count == 0 and first.rejected_count == 1  # all 20 were in the registry
    assert volunteers.created_count == 5 and volunteers.rejected_count == 1
    assert again.created_count == 1 and again.matched_count == 20  # the newcomer only
    assert Person.objects.count() == before + 6
