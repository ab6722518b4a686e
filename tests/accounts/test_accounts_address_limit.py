"""One password tried on many accounts from one address (a password spray) is stopped too: after
VECHE_LOGIN_ADDRESS_LIMIT different accounts failed, that address gets the lockout page on every
login path, even with a right password; other addresses and a shared address's few typos don't."""

from django.test import Client, override_settings
from django.urls import reverse

from tests.accounts.helpers import password_login
from veche.accounts.factories import PASSWORD

SPRAYER, NEIGHBOUR = "203.0.113.7", "198.51.100.20"


@override_settings(VECHE_LOGIN_ADDRESS_LIMIT=3)
def test_one_password_across_accounts_locks_the_address_not_the_accounts(resident_user):
    sprayer = Client(REMOTE_ADDR=SPRAYER)
    for n in range(3):
        response = password_login(sprayer, f"victim{n}@zarechny.ru", "Лето2026!")
        assert response.status_code == 200  # an ordinary «wrong password» so far
    locked = password_login(sprayer, resident_user.email, PASSWORD)
    assert locked.status_code == 429 and "Вход временно закрыт" in locked.content.decode()
    assert "_auth_user_id" not in sprayer.session
    phone = sprayer.post(reverse("accounts:phone_login"), {"phone": "+79120000000"})
    assert phone.status_code == 429  # the SMS path is closed to that address as well

    neighbour = Client(REMOTE_ADDR=NEIGHBOUR)
    assert password_login(neighbour, resident_user.email).status_code == 302


@override_settings(VECHE_LOGIN_ADDRESS_LIMIT=3)
def test_typos_on_one_account_and_a_success_do_not_lock_a_shared_address(resident_user,
                                                                         staff_user):
    office = Client(REMOTE_ADDR=SPRAYER)
    for _ in range(4):  # one resident mistypes, under Axes' own per-account limit of 5
        assert password_login(office, resident_user.email, "wrong").status_code == 200
    password_login(office, "someone@zarechny.ru", "wrong")
    assert password_login(office, resident_user.email).status_code == 302  # forgets its tries
    other = Client(REMOTE_ADDR=SPRAYER)
    password_login(other, "third@zarechny.ru", "wrong")
    assert password_login(other, staff_user.email).status_code == 302
