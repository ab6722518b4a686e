"""Resident sign-up in a town: login, membership, registry person, consent — or a clear refusal."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from veche.accounts.factories import grant_role, make_user
from veche.accounts.models import Membership, User
from veche.registry.consent import has_consent
from veche.registry.factories import make_person
from veche.registry.models import Consent, Person, SourceKind
from veche.territories.scoping import all_towns, town_scope

GOOD = {
    "email": "maria@example.ru", "phone": "", "password1": "Ромашка-на-лугу-7",
    "password2": "Ромашка-на-лугу-7", "surname": "Петрова", "given_name": "Мария",
    "patronymic": "Ивановна", "birth_date": "17.05.1960", "consent": "on",
}


def signup(client, slug="zarechny", **changes):
    return client.post(reverse("accounts:signup", args=[slug]), {**GOOD, **changes},
                       REMOTE_ADDR="10.1.2.3")


def test_signup_form_is_accessible(client, town):
    html = client.get(reverse("accounts:signup", args=["zarechny"])).content.decode()
    for name in ("email", "phone", "password1", "surname", "given_name", "birth_date", "consent"):
        assert f'for="id_{name}"' in html
    assert "Я даю согласие администрации города" in html  # the consent text in force
    assert 'aria-describedby="id_birth_date_help"' in html
    assert 'aria-describedby="consent-text"' in html  # the checkbox is read with its wording


def test_signup_creates_login_membership_person_and_consent(client, town):
    response = signup(client)
    assert response.status_code == 302
    # On to confirm the e-mail (a letter went out), then the town's page.
    assert response["Location"] == "/accounts/confirm/?next=%2Ft%2Fzarechny%2F"
    user = User.objects.get(email="maria@example.ru")
    assert user.check_password(GOOD["password1"])
    assert client.session["_auth_user_id"] == str(user.pk)
    with town_scope(town):
        assert Membership.objects.filter(user=user, territory=town, role="resident").exists()
        person = Person.objects.get(user=user)
        assert (person.surname, person.given_name, person.birth_date) == (
            "Петрова", "Мария", dt.date(1960, 5, 17))
        assert person.email == "maria@example.ru"
        assert has_consent(person, "participation")
        consent = Consent.objects.get(person=person)
        assert consent.ip == "10.1.2.3" and consent.via == "web"


def test_signup_links_the_list_person_with_the_same_phone(client, town):
    with town_scope(town):
        listed = make_person(town, surname="Петрова", given_name="Мария", patronymic="",
                             phone="+79120001122", source_kind=SourceKind.LIST)
    response = signup(client, email="", phone="8 912 000-11-22")
    assert response.status_code == 302
    user = User.objects.get(phone="+79120001122")
    with town_scope(town):
        assert Person.objects.count() == 1
        listed.refresh_from_db()
        assert listed.user == user
        assert listed.patronymic == "Ивановна"  # the gap in the list is filled from the form
        assert has_consent(listed, "participation")


@pytest.mark.parametrize("changes, field, message", [
    ({"birth_date": (timezone.localdate() - dt.timedelta(days=365 * 10)).strftime("%d.%m.%Y")},
     "birth_date", "Участвовать могут жители с 14 лет."),
    ({"birth_date": "01.01.2999"}, "birth_date", "Дата рождения не может быть в будущем."),
    ({"birth_date": "31.02.1970"}, "birth_date", "Введите дату рождения в виде ДД.ММ.ГГГГ"),
    ({"phone": "12345", "email": ""}, "phone", "Номер «12345» не существует"),
    ({"phone": "звоните мне", "email": ""}, "phone", "не распознан"),
    ({"email": "maria(at)mail", "phone": ""}, "email", "не похож на email"),
    ({"email": "", "phone": ""}, "email", "Укажите электронную почту или телефон"),
    ({"consent": ""}, "consent", "Без согласия на обработку данных"),
    ({"password2": "другой-пароль-1"}, "password2", "Пароли не совпадают"),
    ({"password1": "12345678", "password2": "12345678"}, "password1", "пароль"),
    ({"surname": "<script>alert(1)</script>"}, "surname", "может содержать только буквы"),
    ({"surname": "Я" * 10_000}, "surname", "слишком длинное: 10000 знаков"),
    ({"given_name": "   "}, "given_name", "Заполните поле «Имя»."),
])
def test_bad_input_is_explained_and_nothing_is_saved(client, town, changes, field, message):
    response = signup(client, **changes)
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    # The input points at its error message, so a screen reader reads it with the field.
    assert re.search(rf'aria-describedby="[^"]*\bid_{field}_error\b', html)
    assert "Проверьте, пожалуйста, форму" in html
    assert "<script>alert(1)</script>" not in html  # whatever was typed is shown escaped
    # What was typed stays in the form (passwords excepted).
    if field != "surname":
        assert 'value="Петрова"' in html
    assert not User.objects.exists()
    with all_towns():
        assert not Person.objects.exists()
        assert not Membership.objects.exists()


def test_email_already_registered(client, town):
    make_user(email="maria@example.ru")
    html = signup(client).content.decode()
    assert "Этот адрес уже зарегистрирован" in html
    assert User.objects.count() == 1


def test_logged_in_user_joins_another_town(client, town, other_town, resident_user):
    client.force_login(resident_user)
    with town_scope(town):
        make_person(town, surname="Житель", given_name="Города", user=resident_user)
    page = client.get(reverse("accounts:signup", args=["ozersk"])).content.decode()
    assert 'id="id_password1"' not in page  # no second password for a logged-in user
    assert 'value="Житель"' in page  # known names are pre-filled
    data = {k: GOOD[k] for k in ("surname", "given_name", "patronymic", "birth_date", "consent")}
    response = client.post(reverse("accounts:signup", args=["ozersk"]), data)
    assert response.status_code == 302
    with town_scope(other_town):
        assert Person.objects.get(user=resident_user).surname == "Петрова"
        assert Membership.objects.filter(user=resident_user, role="resident").exists()
    # Signing up again in the same town just goes to the town.
    again = client.get(reverse("accounts:signup", args=["ozersk"]))
    assert again["Location"] == "/t/ozersk/"


def test_unknown_town_is_404(client, db):
    assert client.get(reverse("accounts:signup", args=["nowhere"])).status_code == 404


def test_staff_member_signing_up_elsewhere_still_owes_second_factor(client, town, other_town):
    staff = make_user(email="boss@example.ru")
    grant_role(staff, other_town, "head")
    client.force_login(staff)
    response = client.get(reverse("accounts:signup", args=["zarechny"]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:otp_setup"))
