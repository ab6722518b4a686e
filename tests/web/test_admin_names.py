"""The Django admin names every app and model in Russian (no «AXES», «OTP_TOTP», «Task
Results» from third-party packages)."""

import pytest

from tests.web.helpers import login
from veche.accounts.factories import make_user

pytestmark = pytest.mark.django_db


def test_third_party_apps_have_russian_names_in_the_admin(client):
    admin = make_user(email="root@veche.example")
    admin.is_staff = admin.is_superuser = True
    admin.save()
    page = login(client, admin).get("/admin/").content.decode()
    for name in ("Попытки входа и блокировки", "Второй фактор: приложения-генераторы кодов",
                 "Фоновые задачи", "Результаты задач"):
        assert name in page, name
    for raw in ("Axes", "AXES", "Otp_Totp", "OTP_TOTP", "Task Results"):
        assert f">{raw}<" not in page, raw
