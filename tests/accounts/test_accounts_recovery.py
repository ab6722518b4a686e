"""A forgotten password is recovered by e-mail or by a code to the phone; the pages never say
whether an account exists, and both paths are throttled."""

import re

import pytest
from django.urls import reverse

from tests.accounts.helpers import password_login
from veche.accounts.factories import grant_role, make_user
from veche.registry.factories import make_person
from veche.registry.models import Person, VerificationLevel
from veche.territories.scoping import town_scope

NEW = "Новый-пароль-2027"
RESET_LINK = re.compile(r"https?://\S+/accounts/password/reset/\S+/\S+/")


@pytest.fixture
def maria(town):
    user = make_user(email="maria@example.ru", phone="+79120001122", full_name="Мария Петрова")
    grant_role(user, town, "resident")
    with town_scope(town):
        make_person(town, surname="Петрова", given_name="Мария", user=user)
    return user


def _path(link: str) -> str:
    return "/" + link.split("://", 1)[1].split("/", 1)[1]


def _level(town, user):
    with town_scope(town):
        return Person.objects.get(user=user).verification


def test_login_page_offers_recovery(client, db):
    page = client.get(reverse("accounts:login")).content.decode()
    assert f'href="{reverse("accounts:password_reset")}"' in page and "Забыли пароль?" in page


def test_recovery_by_email_sets_a_new_password_and_confirms_the_address(
        client, town, maria, mailoutbox):
    sent = client.post(reverse("accounts:password_reset"), {"email": "Maria@Example.ru"})
    assert sent["Location"] == reverse("accounts:password_reset_done")
    assert "Если этот адрес зарегистрирован" in client.get(sent["Location"]).content.decode()
    (letter,) = mailoutbox
    assert letter.to == ["maria@example.ru"]
    assert letter.subject == "Восстановление пароля в «Вече»"
    link = RESET_LINK.search(letter.body).group(0)
    assert link.startswith("http://127.0.0.1:8000/")  # VECHE_SITE_URL

    form_page = client.get(_path(link), follow=True)
    assert "Придумайте новый пароль" in form_page.content.decode()
    set_url = form_page.redirect_chain[-1][0]
    short = client.post(set_url, {"new_password1": "123", "new_password2": "123"})
    assert "Проверьте, пожалуйста, форму" in short.content.decode()
    done = client.post(set_url, {"new_password1": NEW, "new_password2": NEW}, follow=True)
    assert "Пароль изменён" in done.content.decode()

    assert password_login(client, "maria@example.ru").status_code == 200  # the old one is gone
    assert password_login(client, "maria@example.ru", NEW).status_code == 302
    maria.refresh_from_db()
    assert maria.email_confirmed_at is not None
    assert _level(town, maria) == VerificationLevel.EMAIL
    used = client.get(_path(link), follow=True).content.decode()
    assert "Ссылка не действует" in used


def test_unknown_address_reads_the_same_and_sends_nothing(client, town, maria, mailoutbox):
    known = client.post(reverse("accounts:password_reset"), {"email": "maria@example.ru"})
    unknown = client.post(reverse("accounts:password_reset"), {"email": "nobody@example.ru"})
    assert known["Location"] == unknown["Location"] == reverse("accounts:password_reset_done")
    assert [m.to for m in mailoutbox] == [["maria@example.ru"]]


def test_reset_letters_are_throttled_per_address_and_per_client(client, town, maria,
                                                                mailoutbox):
    for _ in range(5):
        response = client.post(reverse("accounts:password_reset"),
                               {"email": "maria@example.ru"})
        assert response["Location"] == reverse("accounts:password_reset_done")
    assert len(mailoutbox) == 3  # a mailbox is not flooded, and the page still tells nothing
    for i in range(5):
        client.post(reverse("accounts:password_reset"), {"email": f"x{i}@example.ru"})
    refused = client.post(reverse("accounts:password_reset"), {"email": "y@example.ru"})
    assert refused.status_code == 200
    assert "Слишком много запросов с этого устройства" in refused.content.decode()


def test_recovery_by_phone_code(client, town, maria, sms_outbox):
    asked = client.post(reverse("accounts:password_phone"), {"phone": "8 912 000-11-22"})
    assert asked["Location"] == reverse("accounts:password_phone_code")
    (phone, text), = sms_outbox
    assert phone == "+79120001122" and "Код для восстановления пароля" in text
    code = re.search(r"\d{6}", text).group(0)
    wrong = client.post(asked["Location"], {"code": "000000" if code != "000000" else "111111"})
    assert "Неверный код" in wrong.content.decode()
    right = client.post(asked["Location"], {"code": code})
    assert right["Location"] == reverse("accounts:password_phone_set")
    assert "_auth_user_id" not in client.session  # a code alone logs nobody in
    saved = client.post(right["Location"], {"new_password1": NEW, "new_password2": NEW},
                        follow=True)
    assert "Пароль изменён. Войдите с новым паролем." in saved.content.decode()
    assert password_login(client, "+79120001122", NEW).status_code == 302
    maria.refresh_from_db()
    assert maria.phone_confirmed_at is not None
    assert _level(town, maria) == VerificationLevel.PHONE


def test_unknown_phone_reads_the_same_and_gets_no_sms(client, town, maria, sms_outbox):
    asked = client.post(reverse("accounts:password_phone"), {"phone": "+79120009999"})
    assert asked["Location"] == reverse("accounts:password_phone_code")
    page = client.get(asked["Location"]).content.decode()
    assert "Если номер +79120009999 зарегистрирован" in page
    assert sms_outbox == []
    guessed = client.post(asked["Location"], {"code": "123456"})
    assert "Неверный код" in guessed.content.decode()


def test_new_password_page_needs_a_fresh_code(client, town, maria):
    response = client.get(reverse("accounts:password_phone_set"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("accounts:password_phone")
    assert "Время на смену пароля истекло" in response.content.decode()


def test_guessing_the_phone_code_locks_out(client, town, maria, sms_outbox):
    client.post(reverse("accounts:password_phone"), {"phone": "+79120001122"})
    code = re.search(r"\d{6}", sms_outbox[0][1]).group(0)
    wrong = "000000" if code != "000000" else "111111"
    statuses = [client.post(reverse("accounts:password_phone_code"), {"code": wrong}).status_code
                for _ in range(5)]
    assert statuses[-1] == 429
    assert client.post(reverse("accounts:password_phone_code"), {"code": code}).status_code == 429
