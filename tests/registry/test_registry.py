import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from veche.ledger.selectors import engagement_summary
from veche.ledger.services import action_record
from veche.registry.consent import (
    ConsentRequired,
    consent_grant,
    consent_withdraw,
    has_consent,
    persons_with_consent,
    require_consent,
)
from veche.registry.factories import make_person
from veche.registry.models import Person
from veche.registry.services import person_create, person_erase

pytestmark = pytest.mark.django_db


def test_phone_is_stored_as_e164_and_facts_keep_their_source(in_town):
    person = make_person(in_town, phone="8 (912) 345-67-89", email="Ivan@Mail.RU")
    assert person.phone == "+79123456789"
    assert person.email == "ivan@mail.ru"
    assert {f.field for f in person.facts.all()} >= {"surname", "phone", "email"}


@pytest.mark.parametrize(
    "field,value,message",
    [
        ("phone", "12345", "не существует"),
        ("phone", "телефон", "не распознан"),
        ("email", "ivan@", "не похож на email"),
        ("birth_date", dt.date(2099, 1, 1), "в будущем"),
        ("birth_date", dt.date.today().replace(year=dt.date.today().year - 10), "с 14 лет"),
        ("surname", "", "Заполните поле «Фамилия»"),
        ("surname", "Я" * 10_000, "слишком длинное"),
        ("surname", "<script>alert(1)</script>", "только буквы"),
    ],
)
def test_bad_input_gets_a_russian_message_and_saves_nothing(in_town, field, value, message):
    kwargs = dict(territory=in_town, surname="Петров", given_name="Пётр",
                  birth_date=dt.date(1970, 1, 1))
    kwargs[field] = value
    with pytest.raises(ValidationError) as exc:
        person_create(**kwargs)
    assert message in str(exc.value.message_dict[field])
    assert not Person.objects.exists()


def test_withdrawal_takes_effect_at_once(in_town):
    person = make_person(in_town)
    assert not has_consent(person, "messages", "sms")
    consent_grant(person=person, purpose="messages", channel="sms")
    assert has_consent(person, "messages", "sms")
    assert list(persons_with_consent(Person.objects.all(), "messages", "sms")) == [person]
    consent_withdraw(person=person, purpose="messages", channel="sms")
    assert not has_consent(person, "messages", "sms")
    assert not persons_with_consent(Person.objects.all(), "messages", "sms").exists()
    with pytest.raises(ConsentRequired, match="Нет согласия"):
        require_consent(person, "messages", "sms")


def test_erasure_removes_identity_but_keeps_aggregates(in_town):
    in_town.population_14_plus = 10
    person = make_person(in_town, phone="+79123456789", email="a@b.ru")
    action_record(person=person, kind="ballot")
    person_erase(person=person)
    person.refresh_from_db()
    assert person.full_name == "Удалённый участник"
    assert person.phone == person.email == person.surname == ""
    assert not person.facts.exists()
    assert engagement_summary(territory=in_town)["windows"][0]["active"] == 1
