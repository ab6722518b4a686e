"""Appeal services: 59-FZ dates and statuses, extension and forwarding rules, numbering,
bad input, the ledger."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tests.appeals.conftest import png_bytes
from veche.appeals.factories import make_appeal
from veche.appeals.models import (
    Appeal,
    AppealAttachment,
    AppealEvent,
    AppealNotification,
    AppealStatus,
)
from veche.appeals.services import (
    appeal_answer,
    appeal_create,
    appeal_extend,
    appeal_forward,
    appeal_register,
    appeal_status_change,
    applicant_find_or_create,
)
from veche.ledger.models import Action, ActionKind
from veche.territories.scoping import town_scope

pytestmark = pytest.mark.django_db


def test_web_appeal_waits_for_registration_then_gets_59fz_terms(aw):
    received = timezone.make_aware(dt.datetime(2026, 3, 2, 10, 0))
    with town_scope(aw["town"]):
        appeal = make_appeal(aw["town"], aw["me"], channel="web", register=False,
                             received_at=received, topic=aw["topic"])
        assert appeal.status == AppealStatus.RECEIVED
        assert appeal.registration_due == dt.date(2026, 3, 5)
        assert appeal.answer_due is None
        assert appeal.number == "П-2026-000001"
        appeal_register(appeal=appeal, actor=aw["desk"],
                        at=timezone.make_aware(dt.datetime(2026, 3, 4, 9, 0)))
        assert appeal.answer_due == dt.date(2026, 4, 3)
        events = list(appeal.events.values_list("from_status", "to_status", "actor_id"))
        assert events == [("", "received", None), ("received", "registered", aw["desk"].pk)]


def test_numbers_are_per_town_and_year(aw, other_town):
    with town_scope(aw["town"]):
        a1 = make_appeal(aw["town"], aw["me"])
        a2 = make_appeal(aw["town"], aw["me"], received_at=timezone.make_aware(
            dt.datetime(2025, 12, 30, 12)))
        a3 = make_appeal(aw["town"], aw["me"])
    year = timezone.localdate().year
    assert a1.number == f"П-{year}-000001"
    assert a2.number == "П-2025-000001"
    assert a3.number == f"П-{year}-000002"


def test_appeal_is_a_ledger_action_of_the_applicant(aw):
    with town_scope(aw["town"]):
        appeal = make_appeal(aw["town"], aw["me"], topic=aw["topic"])
        action = Action.objects.get(person=aw["me"], kind=ActionKind.APPEAL)
    assert action.object_type == "appeals.appeal"
    assert action.object_id == str(appeal.pk)
    assert action.topic == aw["topic"]


@pytest.mark.parametrize("text, message", [
    ("", "Заполните поле «Текст обращения»"),
    ("   \n ", "Заполните поле «Текст обращения»"),
    ("я" * 100_000, "100 000 знаков, допускается не более 10 000"),
])
def test_empty_or_huge_text_is_refused_in_russian(aw, text, message):
    with town_scope(aw["town"]), pytest.raises(ValidationError) as exc:
        make_appeal(aw["town"], aw["me"], text=text)
    assert message in " ".join(exc.value.message_dict["text"])
    with town_scope(aw["town"]):
        assert not Appeal.objects.exists()


def test_59fz_requires_surname_and_an_address_or_email(aw):
    with town_scope(aw["town"]), pytest.raises(ValidationError) as exc:
        appeal_create(territory=aw["town"], channel="phone", applicant=aw["other"],
                      text="Нет света", surname="", reply_email="", reply_postal="")
    # The applicant's surname is used when none is typed; the missing address is refused.
    assert "59-ФЗ" in exc.value.message_dict["reply_email"][0]
    with town_scope(aw["town"]), pytest.raises(ValidationError) as exc:
        appeal_create(territory=aw["town"], channel="phone", applicant=aw["other"],
                      text="Нет света", surname="<b>", reply_postal="ул. Ленина, 7")
    assert "только буквы" in exc.value.message_dict["surname"][0]
    with town_scope(aw["town"]):
        ok = appeal_create(territory=aw["town"], channel="letter", applicant=aw["other"],
                           text="Нет света", reply_postal="ул. Ленина, 7, кв. 3")
    assert ok.applicant_surname == "Соседов" and ok.reply_postal.startswith("ул. Ленина")


def test_photos_are_checked_images_only_up_to_10_mb(aw):
    photo = SimpleUploadedFile("двор.png", png_bytes(), content_type="image/png")
    with town_scope(aw["town"]):
        appeal = make_appeal(aw["town"], aw["me"], photos=[photo])
        saved = AppealAttachment.objects.get(appeal=appeal)
    assert (saved.content_type, saved.width, saved.height) == ("image/png", 40, 30)
    assert saved.original_name == "двор.png"

    fake = SimpleUploadedFile("фото.jpg", b"%PDF-1.4 not an image", content_type="image/jpeg")
    with town_scope(aw["town"]), pytest.raises(ValidationError) as exc:
        make_appeal(aw["town"], aw["me"], photos=[fake])
    assert "не фотография" in exc.value.message_dict["photos"][0]

    huge = SimpleUploadedFile("большое.png", png_bytes() + b"\0" * (50 * 1024 * 1024),
                              content_type="image/png")
    with town_scope(aw["town"]), pytest.raises(ValidationError) as exc:
        make_appeal(aw["town"], aw["me"], photos=[huge])
    assert "50,0 МБ" in exc.value.message_dict["photos"][0]
    assert "не более 10 МБ" in exc.value.message_dict["photos"][0]
    with town_scope(aw["town"]):
        assert Appeal.objects.count() == 1


def test_status_path_and_refused_moves(aw):
    with town_scope(aw["town"]):
        appeal = make_appeal(aw["town"], aw["me"], register=False)
        with pytest.raises(ValidationError, match="нельзя перевести"):
            appeal_status_change(appeal=appeal, to_status="closed", actor=aw["desk"])
        with pytest.raises(ValidationError, match="зарегистрируйте"):
            appeal_answer(appeal=appeal, text="Ответ", actor=aw["desk"])
        appeal_register(appeal=appeal, actor=aw["desk"])
        appeal_status_change(appeal=appeal, to_status="in_work", actor=aw["desk"])
        appeal_answer(appeal=appeal, text="Фонарь заменён.", actor=aw["desk"])
        appeal_status_change(appeal=appeal, to_status="closed", actor=aw["desk"])
        path = list(appeal.events.filter(kind="status").values_list("to_status", flat=True))
    assert path == ["received", "registered", "in_work", "answered", "closed"]
    assert appeal.closed_at is not None


def test_extension_needs_reason_is_capped_at_30_days_and_tells_the_applicant(aw):
    with town_scope(aw["town"]):
        appeal = make_appeal(aw["town"], aw["me"])
        due = appeal.answer_due
        with pytest.raises(ValidationError, match="Причина продления"):
            appeal_extend(appeal=appeal, new_due=due + dt.timedelta(days=10), reason=" ",
                          actor=aw["desk"])
        with pytest.raises(ValidationError) as exc:
            appeal_extend(appeal=appeal, new_due=due + dt.timedelta(days=31),
                          reason="Нужна экспертиза", actor=aw["desk"])
        assert "не более чем на 30 дней" in exc.value.message_dict["new_due"][0]
        appeal_extend(appeal=appeal, new_due=due + dt.timedelta(days=20),
                      reason="Нужна экспертиза", actor=aw["desk"])
        # The total stays within 30 days of the first term.
        with pytest.raises(ValidationError):
            appeal_extend(appeal=appeal, new_due=due + dt.timedelta(days=35),
                          reason="Ещё", actor=aw["desk"])
        notices = list(AppealNotification.objects.filter(appeal=appeal, kind="extended")
                       .values_list("channel", "outcome"))
        assert appeal.extensions.get().reason == "Нужна экспертиза"
        assert appeal.events.filter(kind=AppealEvent.Kind.EXTENSION).count() == 1
    assert appeal.answer_due == due + dt.timedelta(days=20)
    # The legal notice goes by e-mail without consent to messages; the cabinet shows it.
    assert set(notices) == {("email", "sent"), ("cabinet", "sent")}


def test_forwarding_is_recorded_and_the_applicant_told(aw, mailoutbox):
    with town_scope(aw["town"]):
        appeal = make_appeal(aw["town"], aw["other"], reply_email="",
                             reply_postal="ул. Мира, 3, кв. 1")
        with pytest.raises(ValidationError) as exc:
            appeal_forward(appeal=appeal, body="", reason="", actor=aw["desk"])
        assert set(exc.value.message_dict) == {"body", "reason"}
        appeal_forward(appeal=appeal, body="Прокуратура ЗАТО", actor=aw["desk"],
                       reason="Вопрос о работе полиции — не компетенция администрации")
        forwarding = appeal.forwardings.get()
        notice = AppealNotification.objects.get(appeal=appeal, kind="forwarded")
    assert appeal.status == AppealStatus.FORWARDED
    assert forwarding.body == "Прокуратура ЗАТО" and forwarding.by == aw["desk"]
    # Only a postal address: the letter is queued for printing, nothing is e-mailed.
    assert (notice.channel, notice.outcome) == ("post", "to_print")
    assert mailoutbox == []


def test_answer_email_carries_a_signed_feedback_link(aw, mailoutbox):
    with town_scope(aw["town"]):
        appeal = make_appeal(aw["town"], aw["me"])
        appeal_answer(appeal=appeal, text="Фонарь заменён 12 мая.", actor=aw["desk"])
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["zhitel@zarechny.ru"]
    assert appeal.number in message.subject
    assert "Фонарь заменён 12 мая." in message.body
    assert f"/t/zarechny/appeals/{appeal.pk}/feedback/?k=" in message.body


def test_the_feedback_link_is_on_the_public_site_and_opens_the_rating_form(aw, mailoutbox,
                                                                            settings, client):
    """Links in e-mails come from VECHE_SITE_URL, not from localhost or a request's host."""
    import re

    settings.VECHE_SITE_URL = "https://veche.zarechny.ru/"
    with town_scope(aw["town"]):
        appeal = make_appeal(aw["town"], aw["me"])
        appeal_answer(appeal=appeal, text="Фонарь заменён 12 мая.", actor=aw["desk"])
    link = re.search(r"https?://\S+", mailoutbox[0].body).group(0)
    assert link.startswith(f"https://veche.zarechny.ru/t/zarechny/appeals/{appeal.pk}/feedback/?k=")
    page = client.get(link.removeprefix("https://veche.zarechny.ru"))
    assert page.status_code == 200
    assert appeal.number in page.content.decode()


def test_staff_find_the_applicant_or_create_one(aw):
    with town_scope(aw["town"]):
        found = applicant_find_or_create(territory=aw["town"], surname="Соседов",
                                         given_name="Иван", email="SOSED@example.ru")
        new = applicant_find_or_create(territory=aw["town"], surname="Новикова",
                                       given_name="Ольга", phone="+79125550011",
                                       recorded_by=aw["desk"])
        with pytest.raises(ValidationError):
            applicant_find_or_create(territory=aw["town"], surname="", given_name="")
    assert found == aw["other"]
    assert new.pk != aw["other"].pk and new.phone == "+79125550011"


def test_registration_is_shown_in_the_cabinet_and_mailed_only_with_consent(aw, mailoutbox):
    from veche.registry.consent import consent_grant

    with town_scope(aw["town"]):
        first = make_appeal(aw["town"], aw["me"], channel="web", register=False)
        appeal_register(appeal=first, actor=aw["desk"])
        notices = {(n.channel, n.outcome) for n in first.notifications.filter(kind="registered")}
        assert notices == {("cabinet", "sent"), ("email", "skipped")}
        assert not mailoutbox
        consent_grant(person=aw["me"], purpose="messages", channel="email")
        second = make_appeal(aw["town"], aw["me"], channel="web", register=False)
        appeal_register(appeal=second, actor=aw["desk"])
    assert len(mailoutbox) == 1 and second.number in mailoutbox[0].body
    assert f"{second.answer_due:%d.%m.%Y}" in mailoutbox[0].body
