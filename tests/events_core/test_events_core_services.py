"""Events core services: the lifecycle, registration and check-in with every bad input the
issue names (twice, expired, another town's QR, cancelled, registering twice, capacity full,
end before start, a point outside the town), and the ledger helper's counters."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from veche.events.lifecycle import EVENT
from veche.events.models import Event, EventStatus
from veche.events.qr import ticket_read, ticket_token
from veche.events.services import checkin as svc
from veche.events.services.events import (
    event_decision_add,
    event_link_add,
    event_update,
)
from veche.events.services.ledger import record_event_action
from veche.ledger.models import Action
from veche.registry.factories import make_person
from veche.territories.scoping import town_scope

pytestmark = pytest.mark.django_db


def codes(exc: ValidationError) -> set[str]:
    if hasattr(exc, "error_dict"):
        return {e.code for errors in exc.error_dict.values() for e in errors}
    return {e.code for e in exc.error_list}


def test_end_before_start_is_refused_on_the_end_field(ew, make_event):
    with town_scope(ew["town"]):
        now = timezone.now()
        with pytest.raises(ValidationError) as exc:
            make_event(ew["town"], starts_at=now, ends_at=now - dt.timedelta(hours=1))
    assert "ends_at" in exc.value.message_dict
    assert "Окончание должно быть позже начала." in exc.value.message_dict["ends_at"]


def test_a_point_outside_the_town_is_refused(ew, make_event):
    town = ew["town"]  # Заречный at 53.20, 45.17
    with town_scope(town):
        with pytest.raises(ValidationError) as exc:
            make_event(town, latitude=55.76, longitude=60.71)  # Озёрск
        assert "point_outside_town" in codes(exc.value)
        assert "за пределами города" in exc.value.message_dict["latitude"][0]
        inside = make_event(town, latitude=53.201, longitude=45.171)
    assert inside.pk


def test_lifecycle_announce_hold_report_and_cancel(ew, make_event):
    with town_scope(ew["town"]):
        event = make_event(ew["town"], registration_open=False)
        assert EVENT.allowed(event) and event.status == EventStatus.DRAFT
        EVENT.run("announce", event, by=ew["staff"])
        EVENT.run("hold", event, by=ew["staff"], actual_participants=42)
        EVENT.run("report", event, by=ew["staff"])
        event.refresh_from_db()
        assert (event.status, event.actual_participants) == (EventStatus.REPORTED, 42)
        with pytest.raises(ValidationError):
            EVENT.run("cancel", event, by=ew["staff"])
        future = make_event(ew["town"], starts_at=timezone.now() + dt.timedelta(days=3),
                           ends_at=timezone.now() + dt.timedelta(days=3, hours=2))
        EVENT.run("announce", future, by=None)
        with pytest.raises(ValidationError) as exc:
            EVENT.run("hold", future, by=None)
        assert "not_started" in codes(exc.value)


def test_register_twice_is_refused(ew):
    with town_scope(ew["town"]):
        svc.registration_create(event=ew["event"], person=ew["me"])
        with pytest.raises(ValidationError) as exc:
            svc.registration_create(event=ew["event"], person=ew["me"])
    assert codes(exc.value) == {"already_registered"}
    assert "уже зарегистрированы" in exc.value.messages[0]


def test_capacity_full(ew):
    with town_scope(ew["town"]):
        event_update(event=ew["event"], capacity=1)
        svc.registration_create(event=ew["event"], person=ew["me"])
        with pytest.raises(ValidationError) as exc:
            svc.registration_create(event=ew["event"], person=ew["other"])
    assert codes(exc.value) == {"capacity_full"}
    assert "Мест больше нет" in exc.value.messages[0]


def test_a_draft_or_no_registration_event_takes_no_registration(ew, make_event):
    with town_scope(ew["town"]):
        draft = make_event(ew["town"])
        with pytest.raises(ValidationError) as exc:
            svc.registration_create(event=draft, person=ew["me"])
        assert codes(exc.value) == {"registration_closed"}


def test_scan_checks_in_once_then_says_already(ew):
    with town_scope(ew["town"]):
        reg = svc.registration_create(event=ew["event"], person=ew["me"])
        token = ticket_token(reg)
        first = svc.checkin_scan(event=ew["event"], text=token, by=ew["staff"])
        second = svc.checkin_scan(event=ew["event"], text=f"https://x/t/zarechny/events/ticket/{token}/")
        by_code = svc.checkin_scan(event=ew["event"], text=reg.code)
        assert svc.checked_in_count(ew["event"]) == 1
    assert (first.code, first.message) == ("checked_in", "Отмечен: Иванова А. П.")
    assert second.code == by_code.code == "already_checked_in"
    assert second.message.startswith("Уже отмечен в ")
    # Presence is not an action: nothing in the ledger.
    with town_scope(ew["town"]):
        assert not Action.objects.filter(person=ew["me"]).exists()


def test_scan_of_another_towns_qr(ew):
    with town_scope(ew["other_town"]):
        far_reg = svc.registration_create(event=ew["far_event"], person=ew["far"])
        token = ticket_token(far_reg)
    with town_scope(ew["town"]):
        result = svc.checkin_scan(event=ew["event"], text=token)
    assert (result.code, result.message) == ("other_town", "QR-код другого города.")


def test_scan_of_an_expired_qr(ew):
    with town_scope(ew["town"]):
        reg = svc.registration_create(event=ew["event"], person=ew["me"])
        token = ticket_token(reg)
        later = ew["event"].ends_at + dt.timedelta(hours=7)
        result = svc.checkin_scan(event=ew["event"], text=token, now=later)
    assert (result.code, result.message) == ("expired", "Срок QR-кода истёк.")


def test_scan_of_a_cancelled_registration(ew):
    with town_scope(ew["town"]):
        reg = svc.registration_create(event=ew["event"], person=ew["me"])
        svc.registration_cancel(registration=reg)
        result = svc.checkin_scan(event=ew["event"], text=ticket_token(reg))
    assert result.code == "cancelled"
    assert result.message.startswith("Регистрация отменена")


def test_scan_of_garbage_a_forged_token_and_another_event(ew, make_event):
    with town_scope(ew["town"]):
        reg = svc.registration_create(event=ew["event"], person=ew["me"])
        token = ticket_token(reg)
        forged = token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB")
        other = make_event(ew["town"], title="Другая")
        EVENT.run("announce", other, by=None)
        assert svc.checkin_scan(event=ew["event"], text="").code == "not_found"
        assert svc.checkin_scan(event=ew["event"], text="<script>").code == "not_found"
        assert svc.checkin_scan(event=ew["event"], text=forged).code == "not_found"
        assert svc.checkin_scan(event=other, text=token).code == "other_event"
        assert svc.checkin_scan(event=other, text=reg.code).code == "other_event"
    assert svc.checkin_scan(event=ew["event"], text="x" * 5000).message == \
        "Не найдено: такого билета нет."


def test_the_token_names_town_event_and_expiry(ew):
    with town_scope(ew["town"]):
        reg = svc.registration_create(event=ew["event"], person=ew["me"])
        ticket = ticket_read(ticket_token(reg))
    assert (ticket.town_id, ticket.event_id, ticket.code) == (ew["town"].pk, ew["event"].pk,
                                                              reg.code)
    assert ticket.expires_at == (ew["event"].ends_at + dt.timedelta(hours=6)).replace(
        microsecond=0)


def test_door_registration_checks_in_past_capacity(ew):
    with town_scope(ew["town"]):
        event_update(event=ew["event"], capacity=1)
        svc.registration_create(event=ew["event"], person=ew["other"])
        result = svc.door_register(event=ew["event"], person=ew["me"], by=ew["staff"])
        again = svc.door_register(event=ew["event"], person=ew["me"], by=ew["staff"])
    assert result.ok and result.message == "Отмечен: Иванова А. П."
    assert again.code == "already_checked_in"


def test_record_event_action_counts_actions_and_newcomers(ew):
    with town_scope(ew["town"]):
        record_event_action(event=ew["event"], person=ew["me"], kind="proposal")
        record_event_action(event=ew["event"], person=ew["me"], kind="feedback")
        action = record_event_action(event=ew["event"], person=ew["other"], kind="feedback",
                                     source="qr")
        event = Event.objects.get(pk=ew["event"].pk)
        with pytest.raises(ValidationError):
            record_event_action(event=ew["event"], person=ew["far"], kind="feedback")
    assert (event.actions_recorded, event.newcomers) == (3, 2)
    assert (action.object_type, action.object_id, action.source) == (
        "events.event", str(event.pk), "qr")


def test_decisions_and_links(ew):
    from veche.votes.factories import make_vote

    with town_scope(ew["town"]):
        with pytest.raises(ValidationError) as exc:
            event_decision_add(event=ew["event"], text="  ")
        assert "text" in exc.value.message_dict
        d = event_decision_add(event=ew["event"], text="Отремонтировать двор", responsible="ЖКХ",
                               due_on=dt.date(2030, 1, 1))
        assert d.pk
        vote = make_vote(ew["town"])
        link = event_link_add(event=ew["event"], object_type="votes.vote", object_id=vote.pk)
        assert link.title == vote.title
        with pytest.raises(ValidationError) as exc:
            event_link_add(event=ew["event"], object_type="votes.vote", object_id=vote.pk)
        assert codes(exc.value) == {"link_exists"}
        with pytest.raises(ValidationError) as exc:
            event_link_add(event=ew["event"], object_type="votes.vote", object_id=999999)
        assert "link_not_found" in codes(exc.value)
        with pytest.raises(ValidationError):
            event_link_add(event=ew["event"], object_type="auth.user", object_id=1)


def test_another_towns_person_cannot_register(ew):
    with town_scope(ew["town"]):
        stranger = make_person(ew["town"], surname="Местный")
        assert stranger.pk
        with pytest.raises(ValidationError) as exc:
            svc.registration_create(event=ew["event"], person=ew["far"])
    assert codes(exc.value) == {"other_town"}
