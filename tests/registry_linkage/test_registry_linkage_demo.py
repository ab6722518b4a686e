"""The demo module leaves open pairs, decided ones, a merge with its undo and verified persons,
all through the services (issue 18, point 6)."""

import datetime as dt
import random

import pytest
from django.test.utils import override_settings

from veche.accounts.factories import grant_role, make_user
from veche.demo.builder.capabilities import DemoTown, attach_users
from veche.demo.builder.registry_linkage import create
from veche.registry.consent import consent_grant
from veche.registry.factories import make_person
from veche.registry.models import Person, PersonMerge, ReviewCandidate, SourceList

pytestmark = pytest.mark.django_db
NAMES = ["Семенов", "Кузнецова", "Петров", "Смирнова", "Васильев", "Николаева", "Федоров",
         "Морозова", "Волков", "Алексеева"]
GIVEN = ["Алексей", "Татьяна", "Сергей", "Елена", "Николай", "Ольга", "Дмитрий", "Мария",
         "Владимир", "Ирина"]


LOCMEM = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend",
                      "OPTIONS": {}}}


@override_settings(MAILERS=LOCMEM)
def test_demo_registry_linkage(in_town):
    staff = make_user(email="staff@demo.test")
    grant_role(staff, in_town, "staff")
    SourceList.objects.create(territory=in_town, name="Совет ветеранов")
    persons = []
    for i in range(40):
        p = make_person(in_town, surname=NAMES[i % 10] + ("" if i < 10 else "а" * (i // 10)),
                        given_name=GIVEN[i % 10], patronymic="Иванович",
                        birth_date=dt.date(1940 + i, 1 + i % 9, 3 + i % 9),
                        email=f"p{i}@example.ru")
        consent_grant(person=p, purpose="messages", channel="email")
        persons.append(p)
    town = DemoTown(town=in_town, is_main=True, districts=[], buildings=[], topics=[],
                    departments=[], persons=persons, active=persons)
    attach_users(town)
    summary = create(random.Random(1), town)
    assert "подтвердили" in summary
    assert ReviewCandidate.objects.exists()
    if PersonMerge.objects.exists():
        assert PersonMerge.objects.filter(undone_at__isnull=False).count() == 1
    assert Person.objects.filter(verification=1).count() >= 10  # confirmed by e-mail
