"""Confirming persons from lists in bulk: the consent gate decides who is written to, the person
confirms data and consent in one step (issue 18, point 4)."""

import re

import pytest

from veche.registry.consent import consent_grant, has_consent
from veche.registry.factories import make_person
from veche.registry.models import Consent, PersonFact, SourceList, VerificationRequest
from veche.registry.verification import (
    unverified_persons,
    verification_counts,
    verification_send,
    verification_status,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(in_town):
    source = SourceList.objects.create(territory=in_town, name="Волонтёры Победы")
    willing = make_person(in_town, surname="Согласова", given_name="Анна",
                          email="anna@example.ru", phone="+79120000011", source_kind="list",
                          source_list=source)
    silent = make_person(in_town, surname="Молчанов", given_name="Олег",
                         email="oleg@example.ru", source_kind="list", source_list=source)
    no_mail = make_person(in_town, surname="Безпочтин", given_name="Иван", source_kind="list",
                          source_list=source)
    done = make_person(in_town, surname="Готов", given_name="Пётр", email="p@example.ru",
                       verification=3)
    consent_grant(person=willing, purpose="messages", channel="email")
    consent_grant(person=willing, purpose="messages", channel="sms")
    return {"source": source, "willing": willing, "silent": silent, "no_mail": no_mail,
            "done": done}


def test_statuses_map_onto_levels():
    assert [verification_status(n) for n in range(5)] == [
        "unverified", "contact", "contact", "esia", "document"]


def test_email_goes_only_with_consent_and_confirming_records_consent(people, in_town, smtp,
                                                                    client):
    chosen = unverified_persons(territory=in_town, source_list_id=people["source"].pk)
    assert set(chosen) == {people["willing"], people["silent"], people["no_mail"]}
    report = verification_send(territory=in_town, persons=chosen, channel="email")
    assert (report.sent, report.no_consent, report.no_contact, report.failed) == (1, 1, 1, 0)
    assert len(smtp.messages) == 1
    to, subject, body = smtp.messages[0]
    assert to == ["anna@example.ru"] and "подтвердите" in subject
    token = re.search(r"https?://\S+/verify/\?k=(\w+)", body).group(1)
    path = f"/t/{in_town.slug}/verify/?k={token}"
    page = client.get(path)
    assert page.status_code == 200
    assert "Согласова" in page.text and "anna@example.ru" in page.text
    refused = client.post(path, {"action": "confirm"})
    assert "Данные верны" in refused.text
    assert refused.status_code == 400  # the box is not ticked
    done = client.post(path, {"action": "confirm", "agree": "1"})
    assert "Данные подтверждены" in done.text
    willing = people["willing"]
    willing.refresh_from_db()
    assert willing.verification == 1
    assert has_consent(willing, "participation")
    assert Consent.objects.filter(person=willing, via="verification", purpose="messages",
                                  channel="email").exists()
    assert PersonFact.objects.filter(person=willing, field="verification",
                                     source_kind="self").exists()
    assert client.get(path).status_code == 404  # used once
    assert verification_counts(territory=in_town)["contact"] == 1


def test_sms_code_can_be_typed_and_a_dispute_confirms_nothing(people, in_town, sms, client):
    report = verification_send(territory=in_town, persons=[people["willing"].pk,
                                                           people["silent"].pk],
                               channel="sms")
    assert (report.sent, report.no_consent, report.no_contact) == (1, 0, 1)
    phone, text = sms[0]
    assert phone == "+79120000011"
    code = re.search(r"Код (\w+)", text).group(1)
    typed = client.post(f"/t/{in_town.slug}/verify/", {"code": code.lower()})
    assert typed.status_code == 302 and typed["Location"].endswith(f"/verify/?k={code}")
    answer = client.post(f"/t/{in_town.slug}/verify/",
                         {"k": code, "action": "dispute", "note": "Телефон не мой"})
    assert answer.status_code == 200
    request = VerificationRequest.objects.get()
    assert request.status == "disputed" and request.note == "Телефон не мой"
    people["willing"].refresh_from_db()
    assert people["willing"].verification == 0
    assert not has_consent(people["willing"], "participation")


def test_already_verified_and_withdrawn_consent_are_skipped(people, in_town, smtp):
    from veche.registry.consent import consent_withdraw

    consent_withdraw(person=people["willing"], purpose="messages", channel="email")
    report = verification_send(territory=in_town, persons=[people["willing"].pk,
                                                           people["done"].pk],
                               channel="email")
    assert (report.sent, report.no_consent, report.already_verified) == (0, 1, 1)
    assert smtp.messages == []
