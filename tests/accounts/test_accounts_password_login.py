"""Login by email (or phone) and password, logout, and the password-path lockout."""

from axes.models import AccessAttempt
from django.urls import reverse

from tests.accounts.helpers import password_login
from veche.accounts.factories import PASSWORD, grant_role, make_user


def test_login_page_has_labelled_fields(client, db):
    html = client.get(reverse("accounts:login")).content.decode()
    assert '<label for="id_username">' in html
    assert '<label for="id_password">' in html
    assert 'autocomplete="current-password"' in html


def test_resident_logs_in_with_email_and_lands_on_next(client, resident_user):
    response = password_login(client, "Resident@Zarechny.ru", next_url="/t/zarechny/")
    assert response.status_code == 302
    assert response["Location"] == "/t/zarechny/"
    assert client.session["_auth_user_id"] == str(resident_user.pk)


def test_next_pointing_off_site_is_ignored(client, resident_user):
    response = password_login(client, resident_user.email, next_url="https://evil.example/")
    assert response["Location"] == "/t/zarechny/"  # the resident's own town, not evil.example


def test_phone_and_password_login(client, town):
    user = make_user(email=None, phone="+79123450001")
    grant_role(user, town, "resident")
    response = password_login(client, "8 (912) 345-00-01")
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_wrong_password_explains_in_russian_and_keeps_login(client, resident_user):
    response = password_login(client, resident_user.email, "not-the-password")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Неверная почта, телефон или пароль" in html
    assert f'value="{resident_user.email}"' in html
    assert "_auth_user_id" not in client.session


def test_garbage_identifier_gets_a_russian_hint(client, db):
    response = password_login(client, "ivanov", "whatever")
    html = response.content.decode()
    assert "Введите адрес электронной почты (name@example.ru) или номер телефона" in html
    assert 'aria-describedby="id_username_error"' in html
    assert 'aria-invalid="true"' in html
    assert 'value="ivanov"' in html


def test_inactive_user_cannot_log_in(client, resident_user):
    resident_user.is_active = False
    resident_user.save()
    response = password_login(client, resident_user.email)
    assert "_auth_user_id" not in client.session
    assert "Неверная почта" in response.content.decode()


def test_logout_is_post_only(client, resident_user):
    password_login(client, resident_user.email)
    page = client.get(reverse("accounts:logout"))
    assert "Выйти из «Вече»?" in page.content.decode()
    assert "_auth_user_id" in client.session  # a GET (a link, an <img>) does not log out
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_password_lockout_after_five_failures(client, resident_user):
    for _ in range(4):
        assert password_login(client, resident_user.email, "wrong").status_code == 200
    locked = password_login(client, resident_user.email, "wrong")
    assert locked.status_code == 429
    assert "Вход временно закрыт" in locked.content.decode()
    assert "15 мин" in locked.content.decode()
    # Even the right password is refused while the lock lasts.
    again = password_login(client, resident_user.email, PASSWORD)
    assert again.status_code == 429
    assert "_auth_user_id" not in client.session
    assert AccessAttempt.objects.filter(username=resident_user.email).exists()


def test_lockout_of_one_account_leaves_others_alone(client, resident_user, staff_user):
    for _ in range(5):
        password_login(client, resident_user.email, "wrong")
    response = password_login(client, staff_user.email)
    assert response.status_code == 302


def test_success_clears_earlier_failures(client, resident_user):
    for _ in range(4):
        password_login(client, resident_user.email, "wrong")
    assert password_login(client, resident_user.email).status_code == 302
    client.post(reverse("accounts:logout"))
    for _ in range(4):
        assert password_login(client, resident_user.email, "wrong").status_code == 200
