"""The consent gate decides every contact and every analysis from its table of purposes, and a
withdrawal is honoured from the moment it is committed (152-FZ; docs/architecture.md «Consent»).
"""

import datetime as dt

import pytest
from django.db.models import Count
from django.utils import timezone

from veche.accounts.sms import LocmemSmsSender
from veche.appeals.factories import make_appeal
from veche.appeals.models import AppealNotification
from veche.appeals.notifications import notify_applicant
from veche.ledger.selectors import engagement_by_district
from veche.ledger.services import action_record
from veche.registry.consent import (
    analysis_basis,
    analysis_persons,
    consent_grant,
    consent_withdraw,
    contact_allowed,
    contacts_allowed,
)
from veche.registry.models import ConsentPurpose, Person
from veche.registry.purposes import RULES, Basis, Purpose
from veche.territories.factories import make_district

pytestmark = pytest.mark.django_db
Kind = AppealNotification.Kind


@pytest.fixture
def people(in_town):
    from veche.registry.factories import make_person

    district = make_district(in_town, "Центральный")
    anna = make_person(in_town, surname="Смирнова", given_name="Анна", email="anna@example.ru",
                       phone="+79120000001", district=district)
    boris = make_person(in_town, surname="Орлов", given_name="Борис", email="boris@example.ru",
                        district=district)
    for person in (anna, boris):
        action_record(person=person, kind="ballot",
                      occurred_at=timezone.now() - dt.timedelta(days=3))
    return anna, boris


def test_every_purpose_names_its_basis_and_law():
    assert set(RULES) == set(Purpose)
    for rule in RULES.values():
        assert rule.law and str(rule.label)
        assert bool(rule.consent) == (rule.basis == Basis.CONSENT)
        assert not rule.consent or rule.consent in ConsentPurpose.values
        assert bool(rule.channels) == (rule.basis == Basis.STATUTE)


def test_a_withdrawal_stops_the_next_message_at_once(people, mailoutbox):
    anna, _ = people
    consent_grant(person=anna, purpose="messages", channel="email")
    appeal = make_appeal(anna.territory, anna, channel="web", register=False)
    notify_applicant(appeal=appeal, kind=Kind.REGISTERED, subject="Зарегистрировано",
                     text="Ваше обращение зарегистрировано.", channels={"email"})
    assert len(mailoutbox) == 1
    consent_withdraw(person=anna, purpose="messages", channel="email")
    records = notify_applicant(appeal=appeal, kind=Kind.REGISTERED, subject="Снова",
                               text="Ещё раз.", channels={"email"})
    assert len(mailoutbox) == 1  # nothing more went out
    assert [(r.channel, r.outcome) for r in records] == [("email", "skipped")]
    assert "нет согласия" in records[0].detail


def test_the_answer_owed_by_law_goes_without_consent_but_sms_needs_it(people, mailoutbox):
    anna, _ = people
    consent_withdraw(person=anna, purpose="messages", channel="email")
    LocmemSmsSender.outbox.clear()
    appeal = make_appeal(anna.territory, anna, channel="web")
    records = notify_applicant(appeal=appeal, kind=Kind.ANSWERED, subject="Ответ",
                               text="Фонарь заменён.", sms_text="Ответ готов",
                               channels={"email", "sms"})
    assert len(mailoutbox) == 1 and mailoutbox[0].to == [appeal.reply_email]
    # 59-FZ names the e-mail and the postal address, not SMS: that still needs consent.
    assert {(r.channel, r.outcome) for r in records} == {("email", "sent"), ("sms", "skipped")}
    assert LocmemSmsSender.outbox == []


def test_contact_allowed_says_on_what_basis(people):
    anna, boris = people
    answer = contact_allowed(anna, Purpose.APPEAL_ANSWER, "post")
    assert answer and answer.basis == Basis.STATUTE
    refused = contact_allowed(anna, Purpose.MESSAGES, "sms")
    assert not refused and "SMS" in refused.reason
    consent_grant(person=anna, purpose="messages", channel="sms")
    granted = contact_allowed(anna, Purpose.MESSAGES, "sms")
    assert granted and granted.basis == Basis.CONSENT
    staff = contact_allowed(None, Purpose.STAFF_WORK, "email")
    assert staff and staff.basis == Basis.OFFICIAL_DUTY
    for wrong in [(None, Purpose.MESSAGES, "email"), (anna, Purpose.STAFF_WORK, "email"),
                  (anna, Purpose.MESSAGES, "pigeon"), (anna, Purpose.STATISTICS, "email"),
                  (anna, "newsletter", "email")]:
        with pytest.raises(ValueError):
            contact_allowed(*wrong)


def test_a_message_to_many_reaches_only_those_who_consented(people):
    anna, boris = people
    consent_grant(person=anna, purpose="messages", channel="email")
    consent_grant(person=boris, purpose="messages", channel="email")
    consent_withdraw(person=boris, purpose="messages", channel="email")
    assert list(contacts_allowed(Person.objects.all(), Purpose.MESSAGES, "email")) == [anna]
    statutory = contacts_allowed(Person.objects.all(), Purpose.APPEAL_ANSWER, "email")
    assert set(statutory) == {anna, boris}


def _analytics_by_district(territory) -> dict:
    """An analysis that names persons: only those who consented to analytics."""
    persons = analysis_persons(Person.objects.filter(territory=territory,
                                                     activity__isnull=False),
                               Purpose.ANALYTICS)
    return dict(persons.values_list("district__name").annotate(n=Count("id")).order_by())


def test_analytics_leaves_out_a_withdrawn_person_at_once_counts_still_count_them(people):
    anna, boris = people
    town = anna.territory
    consent_grant(person=anna, purpose="analytics")
    consent_grant(person=boris, purpose="analytics")
    assert _analytics_by_district(town) == {"Центральный": 2}
    consent_withdraw(person=boris, purpose="analytics")
    assert _analytics_by_district(town) == {"Центральный": 1}
    assert list(analysis_persons(Person.objects.all(), Purpose.ANALYTICS)) == [anna]
    # Statistics name no one: everyone active is counted, whatever their consent to analytics.
    central = next(r for r in engagement_by_district(territory=town, days=30)
                   if r["district"] == "Центральный")
    assert central["active"] == 2


def test_analysis_basis_declares_only_purposes_without_consent():
    assert analysis_basis(Purpose.STATISTICS).basis == Basis.STATISTICS
    assert analysis_basis(Purpose.RECORD).basis == Basis.RECORD
    with pytest.raises(ValueError, match="analysis_persons"):
        analysis_basis(Purpose.ANALYTICS)
    with pytest.raises(ValueError):
        analysis_basis(Purpose.MESSAGES)
