"""Login by phone with a one-time SMS code, the SMS senders, and the phone-code lockout."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.fakes.sms_gateway import FakeSmsGateway
from veche.accounts.factories import grant_role, make_user
from veche.accounts.models import PhoneLoginCode
from veche.accounts.sms import HttpGatewaySmsSender, SmsError
from veche.registry.factories import make_person
from veche.registry.models import VerificationLevel
from veche.territories.scoping import town_scope

PHONE = "+79123456701"


@pytest.fixture
def phone_user(town):
    user = make_user(email=None, phone=PHONE, full_name="Бабушка Нина")
    grant_role(user, town, "resident")
    return user


def ask_code(client, phone="8 912 345-67-01"):
    return client.post(reverse("accounts:phone_login"), {"phone": phone})


def send_code(client, code):
    return client.post(reverse("accounts:phone_login_code"), {"code": code})


def code_from(outbox) -> str:
    return re.search(r"\b(\d{6})\b", outbox[-1][1]).group(1)


def test_code_login_end_to_end(client, phone_user, sms_outbox, town):
    with town_scope(town):
        person = make_person(town, user=phone_user, phone=PHONE)
    response = ask_code(client)
    assert response["Location"] == reverse("accounts:phone_login_code")
    assert sms_outbox[0][0] == PHONE  # normalised to E.164 before sending
    code = code_from(sms_outbox)
    row = PhoneLoginCode.objects.get(phone=PHONE)
    assert code not in row.code_hash  # only a hash is stored
    page = client.get(reverse("accounts:phone_login_code")).content.decode()
    assert "+7 912 ***-**-01" in page
    assert "Проверьте, пожалуйста, форму" not in page  # no errors before anything was typed
    response = send_code(client, code[:3] + " " + code[3:])  # spaces typed by hand are fine
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(phone_user.pk)
    with town_scope(town):
        person.refresh_from_db()
    assert person.verification == VerificationLevel.PHONE  # owning the phone is now proven
    assert PhoneLoginCode.objects.get(phone=PHONE).used_at is not None  # the code is used up


def test_invalid_phone_is_explained(client, db, sms_outbox):
    html = ask_code(client, "12-34").content.decode()
    assert "не существует" in html or "не распознан" in html
    assert 'value="12-34"' in html
    assert sms_outbox == []


def test_unknown_phone_looks_the_same_but_sends_nothing(client, db, sms_outbox):
    response = ask_code(client, "+7 912 999-99-99")
    assert response["Location"] == reverse("accounts:phone_login_code")
    assert sms_outbox == []
    html = send_code(client, "123456").content.decode()
    assert "Неверный код" in html
    assert "_auth_user_id" not in client.session


def test_wrong_code_counts_down(client, phone_user, sms_outbox):
    ask_code(client)
    wrong = "000000" if code_from(sms_outbox) != "000000" else "111111"
    html = send_code(client, wrong).content.decode()
    assert "Неверный код. Осталось попыток: 4." in html
    assert "_auth_user_id" not in client.session
    assert "Код — это 6 цифр" in send_code(client, "12ab").content.decode()


def test_expired_code_is_refused(client, phone_user, sms_outbox):
    ask_code(client)
    PhoneLoginCode.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    html = send_code(client, code_from(sms_outbox)).content.decode()
    assert "Код устарел или уже использован. Запросите новый." in html
    assert "_auth_user_id" not in client.session


def test_resend_is_throttled_and_replaces_the_old_code(client, phone_user, sms_outbox):
    ask_code(client)
    html = client.post(reverse("accounts:phone_login_code"), {"action": "resend"}).content.decode()
    assert "Новый можно запросить через" in html
    assert len(sms_outbox) == 1
    first = code_from(sms_outbox)
    PhoneLoginCode.objects.update(created_at=timezone.now() - timedelta(minutes=2))
    html = client.post(reverse("accounts:phone_login_code"), {"action": "resend"}).content.decode()
    assert "Мы отправили новый код" in html
    assert len(sms_outbox) == 2
    if first != code_from(sms_outbox):
        assert "Неверный код" in send_code(client, first).content.decode()
    assert send_code(client, code_from(sms_outbox)).status_code == 302


def test_five_sends_an_hour_at_most(client, phone_user, sms_outbox):
    for _ in range(5):
        ask_code(client)
        PhoneLoginCode.objects.update(created_at=timezone.now() - timedelta(minutes=2))
    html = ask_code(client).content.decode()
    assert "Слишком много кодов для этого номера за час" in html
    assert len(sms_outbox) == 5


def test_phone_code_lockout_after_five_wrong_codes(client, phone_user, sms_outbox):
    ask_code(client)
    right = code_from(sms_outbox)
    wrong = "000000" if right != "000000" else "111111"
    for _ in range(4):
        assert send_code(client, wrong).status_code == 200
    locked = send_code(client, wrong)
    assert locked.status_code == 429
    assert "Вход временно закрыт" in locked.content.decode()
    # A fresh code does not help while the lock lasts.
    PhoneLoginCode.objects.update(created_at=timezone.now() - timedelta(minutes=2))
    assert ask_code(client).status_code == 429
    assert send_code(client, right).status_code == 429
    assert "_auth_user_id" not in client.session


def test_phone_failures_do_not_lock_password_login(client, town, sms_outbox):
    user = make_user(email="nina@example.ru", phone=PHONE)
    grant_role(user, town, "resident")
    ask_code(client)
    for _ in range(5):
        send_code(client, "000000" if code_from(sms_outbox) != "000000" else "111111")
    response = client.post(reverse("accounts:login"),
                           {"username": "nina@example.ru", "password": "Vече-пароль-2026"})
    assert response.status_code == 302


def test_http_gateway_sender_posts_json(settings):
    with FakeSmsGateway(token="t0k") as gateway:
        HttpGatewaySmsSender(url=gateway.url, token="t0k").send(PHONE, "Код 123456")
        assert gateway.received == [{"phone": PHONE, "text": "Код 123456"}]
        with pytest.raises(SmsError):
            HttpGatewaySmsSender(url=gateway.url, token="wrong").send(PHONE, "x")


def test_gateway_failure_is_reported_in_russian(client, phone_user, settings):
    with FakeSmsGateway(status=503) as gateway:
        settings.VECHE_SMS_SENDER = "veche.accounts.sms.HttpGatewaySmsSender"
        settings.VECHE_SMS_GATEWAY_URL = gateway.url
        html = ask_code(client).content.decode()
        assert "Не удалось отправить SMS" in html
        assert len(gateway.received) == 1


def test_login_through_the_http_gateway(client, phone_user, settings):
    with FakeSmsGateway() as gateway:
        settings.VECHE_SMS_SENDER = "veche.accounts.sms.HttpGatewaySmsSender"
        settings.VECHE_SMS_GATEWAY_URL = gateway.url
        ask_code(client)
        code = re.search(r"\b(\d{6})\b", gateway.received[0]["text"]).group(1)
        assert gateway.received[0]["phone"] == PHONE
        assert send_code(client, code).status_code == 302
