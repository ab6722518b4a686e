"""A new account confirms its e-mail (a link from a letter) or its phone (an SMS code) before it
counts as verified and before a vote that asks for confirmation takes its ballot."""

import re

import pytest
from django.urls import reverse

from veche.accounts.factories import grant_role, make_user
from veche.accounts.models import User
from veche.registry.factories import make_person
from veche.registry.models import Person, VerificationLevel
from veche.territories.scoping import town_scope
from veche.votes.factories import make_vote

SIGNUP = {
    "email": "maria@example.ru", "phone": "", "password1": "Ромашка-на-лугу-7",
    "password2": "Ромашка-на-лугу-7", "surname": "Петрова", "given_name": "Мария",
    "patronymic": "", "birth_date": "17.05.1960", "consent": "on",
}
LINK = re.compile(r"https?://\S+/accounts/confirm/email/\S+/")


def _signup(client, follow=False, **changes):
    return client.post(reverse("accounts:signup", args=["zarechny"]), {**SIGNUP, **changes},
                       follow=follow)


def _person(town, user) -> Person:
    with town_scope(town):
        return Person.objects.get(user=user)


def _path(link: str) -> str:
    return "/" + link.split("://", 1)[1].split("/", 1)[1]


@pytest.fixture
def confirm_vote(town):
    with town_scope(town):
        return make_vote(town, min_age=14, min_verification=VerificationLevel.EMAIL)


def test_signup_mails_a_link_and_the_account_stays_unconfirmed_until_it_is_used(
        client, town, confirm_vote, mailoutbox):
    response = _signup(client)
    assert response["Location"] == "/accounts/confirm/?next=%2Ft%2Fzarechny%2F"
    user = User.objects.get(email="maria@example.ru")
    assert _person(town, user).verification == VerificationLevel.NONE
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["maria@example.ru"]
    assert mailoutbox[0].subject == "Подтвердите адрес почты в «Вече»"
    link = LINK.search(mailoutbox[0].body).group(0)

    page = client.get(response["Location"]).content.decode()
    assert "Мы отправили письмо со ссылкой на maria@example.ru" in page
    assert "учётная запись считается неподтверждённой" in page

    # The vote that asks for a confirmed contact refuses, and says where to confirm.
    detail = reverse("web:votes_detail", args=["zarechny", confirm_vote.pk])
    refused = client.get(detail).content.decode()
    assert "нужно подтвердить личность" in refused
    assert f"/accounts/confirm/?next={detail}" in refused
    assert client.get(reverse("web:votes_ballot", args=["zarechny", confirm_vote.pk])
                      ).status_code == 403

    # Opening the link only asks; pressing the button confirms (mail scanners open links too).
    opened = client.get(_path(link))
    assert "Подтвердить адрес" in opened.content.decode()
    assert _person(town, user).verification == VerificationLevel.NONE
    done = client.post(_path(link), follow=True)
    assert "Адрес maria@example.ru подтверждён." in done.content.decode()
    user.refresh_from_db()
    assert user.email_confirmed_at is not None
    assert _person(town, user).verification == VerificationLevel.EMAIL
    assert "нужно подтвердить личность" not in client.get(detail).content.decode()
    assert client.get(reverse("web:votes_ballot", args=["zarechny", confirm_vote.pk])
                      ).status_code == 200

    # The link works once.
    again = client.get(_path(link))
    assert again.status_code == 400 and "Ссылка не действует" in again.content.decode()


def test_a_tampered_link_confirms_nothing(client, town, mailoutbox):
    _signup(client)
    link = _path(LINK.search(mailoutbox[0].body).group(0))
    forged = link[:-3] + ("0" if link[-3] != "0" else "1") + link[-2:]
    response = client.post(forged)
    assert response.status_code == 400
    user = User.objects.get(email="maria@example.ru")
    assert user.email_confirmed_at is None
    assert _person(town, user).verification == VerificationLevel.NONE


def test_phone_only_signup_confirms_by_sms_code(client, town, sms_outbox, confirm_vote):
    response = _signup(client, email="", phone="8 912 000-33-44")
    confirm_page = response["Location"]
    user = User.objects.get(phone="+79120003344")
    assert _person(town, user).verification == VerificationLevel.NONE
    assert "Мы пришлём код из 6 цифр на номер +79120003344" in client.get(
        confirm_page).content.decode()

    sent = client.post(confirm_page, {"action": "phone"})
    assert sent["Location"] == reverse("accounts:confirm_phone")
    (phone, text), = sms_outbox
    assert phone == "+79120003344" and "Код для подтверждения телефона" in text
    code = re.search(r"\d{6}", text).group(0)

    wrong = client.post(reverse("accounts:confirm_phone"), {"code": "000000" if code != "000000"
                                                            else "111111"})
    assert "Неверный код" in wrong.content.decode()
    assert _person(town, user).verification == VerificationLevel.NONE

    right = client.post(reverse("accounts:confirm_phone"), {"code": code})
    assert right["Location"] == "/t/zarechny/"  # the next the sign-up asked for
    user.refresh_from_db()
    assert user.phone_confirmed_at is not None
    assert _person(town, user).verification == VerificationLevel.PHONE
    assert client.get(reverse("web:votes_ballot", args=["zarechny", confirm_vote.pk])
                      ).status_code == 200


def test_an_account_without_a_phone_adds_one_by_its_code(client, town, sms_outbox):
    user = make_user(email="ivan@example.ru")
    grant_role(user, town, "resident")
    with town_scope(town):
        make_person(town, surname="Иванов", given_name="Иван", user=user)
    make_user(email="other@example.ru", phone="+79120005566")
    client.force_login(user)

    taken = client.post(reverse("accounts:confirm"), {"action": "phone", "phone": "+79120005566"})
    assert "Этот номер уже привязан к другой учётной записи." in taken.content.decode()
    assert sms_outbox == []

    client.post(reverse("accounts:confirm"), {"action": "phone", "phone": "8 912 000-77-88"})
    code = re.search(r"\d{6}", sms_outbox[-1][1]).group(0)
    client.post(reverse("accounts:confirm_phone"), {"code": code})
    user.refresh_from_db()
    assert user.phone == "+79120007788" and user.phone_confirmed_at is not None
    assert _person(town, user).verification == VerificationLevel.PHONE


def test_confirmation_letters_are_limited(client, town, mailoutbox):
    _signup(client)
    for _ in range(3):
        client.post(reverse("accounts:confirm"), {"action": "email"})
    refused = client.post(reverse("accounts:confirm"), {"action": "email"}, follow=True)
    assert "Письмо уже отправлено несколько раз" in refused.content.decode()
    assert len(mailoutbox) == 4  # the sign-up letter and three more


def test_a_confirmed_contact_carries_to_a_new_town(client, town, other_town, mailoutbox):
    _signup(client)
    client.post(_path(LINK.search(mailoutbox[0].body).group(0)))
    joined = client.post(reverse("accounts:signup", args=["ozersk"]), {
        k: SIGNUP[k] for k in ("surname", "given_name", "birth_date", "consent")})
    assert joined.status_code == 302
    user = User.objects.get(email="maria@example.ru")
    assert _person(other_town, user).verification == VerificationLevel.EMAIL


def test_the_letter_goes_through_a_real_smtp_server(client, town, smtp):
    _signup(client)
    (to, subject, body), = smtp.messages
    assert to == ["maria@example.ru"] and subject == "Подтвердите адрес почты в «Вече»"
    link = LINK.search(body).group(0)
    assert link.startswith("http://127.0.0.1:8000/")  # VECHE_SITE_URL, not the request's host
    client.post(_path(link))
    assert User.objects.get(email="maria@example.ru").email_confirmed_at is not None


def test_a_mail_server_that_is_down_does_not_lose_the_sign_up(client, town, settings):
    settings.MAILERS = {"default": {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {"host": "127.0.0.1", "port": 9, "timeout": 2},
    }}
    page = _signup(client, follow=True).content.decode()
    assert "Не удалось отправить письмо для подтверждения почты" in page
    assert User.objects.filter(email="maria@example.ru").exists()
