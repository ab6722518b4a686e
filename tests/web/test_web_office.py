"""The back office: who may enter, the dashboard charts, the ledger, the access log, topics."""

import pytest
from django.urls import reverse

from tests.web.helpers import login
from veche.accounts.factories import add_totp, grant_role, make_user
from veche.registry.services import person_card_open
from veche.territories.models import CityTopic
from veche.territories.scoping import town_scope

pytestmark = pytest.mark.django_db
OFFICE = reverse("web:office", args=["zarechny"])
LEDGER = reverse("web:office_ledger", args=["zarechny"])
TOPICS = reverse("web:office_topics", args=["zarechny"])


def test_anonymous_goes_to_login(client, world):
    response = client.get(OFFICE)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_resident_gets_a_russian_403(resident_client, world):
    response = resident_client.get(OFFICE)
    assert response.status_code == 403
    assert "У вас нет доступа к этому разделу." in response.content.decode()


def test_staff_without_second_factor_is_sent_to_the_code_page(client, world, staff_user):
    login(client, staff_user, verified=False)
    response = client.get(OFFICE)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:otp_verify"))


def test_staff_of_another_town_gets_403(client, world, other_town):
    outsider = make_user(email="staff@ozersk.ru")
    grant_role(outsider, other_town, "staff")
    add_totp(outsider)
    login(client, outsider)
    assert client.get(OFFICE).status_code == 403
    assert client.get(reverse("web:office_registry", args=["zarechny"])).status_code == 403


@pytest.mark.parametrize("role", ["staff", "head", "moderator"])
def test_back_office_roles_see_the_dashboard_charts(client, world, role):
    user = make_user(email=f"{role}@zarechny.ru")
    grant_role(user, world["town"], role)
    login(client, user)
    html = client.get(OFFICE).content.decode()
    for chart in ("by-district", "by-age", "by-segment", "active-chart", "trend-actions"):
        assert f'id="{chart}"' in html
    assert "Северный" in html and "ветераны" in html and "60–74" in html
    assert html.count("Показать данные таблицей") == 5


def test_ledger_lists_actions_with_a_chart_and_filters_by_kind(staff_client, world):
    html = staff_client.get(LEDGER).content.decode()
    assert 'id="ledger-chart"' in html
    assert "Петров Пётр Ильич" in html and "Сидорова Анна" in html
    html = staff_client.get(LEDGER, {"kind": "volunteer_hours"}).content.decode()
    assert "Сидорова Анна" in html and "Петров Пётр Ильич" not in html


def test_ledger_filters_by_topic_and_period(staff_client, world):
    html = staff_client.get(LEDGER, {"topic": world["roads"].pk, "period": "30"}).content.decode()
    assert "Петров Пётр Ильич" in html and "Жителева" in html and "Сидорова" not in html
    html = staff_client.get(LEDGER, {"period": "30"}, HTTP_HX_REQUEST="true",
                            HTTP_HX_TARGET="ledger-results").content.decode()
    assert "<html" not in html and "Сидорова Анна" in html and "Волонтёрские часы" in html
    assert "Комментарий" not in html   # 200 days ago


def test_ledger_rejects_reversed_dates_in_russian(staff_client, world):
    response = staff_client.get(LEDGER, {"date_from": "2026-05-01", "date_to": "2026-04-01"})
    assert "Дата «по» раньше даты «с»" in response.content.decode()
    response = staff_client.get(LEDGER, {"date_from": "31.02.2026"})
    assert "Укажите дату в виде ДД.ММ.ГГГГ" in response.content.decode()


def test_access_log_shows_who_opened_which_card(staff_client, world, staff_user):
    with town_scope(world["town"]):
        person_card_open(person=world["petrov"], viewer=staff_user, ip="10.1.1.1", purpose="звонок")
    html = staff_client.get(reverse("web:office_access_log", args=["zarechny"])).content.decode()
    assert "Сотрудник Отдела" in html and "Петров Пётр Ильич" in html and "10.1.1.1" in html


def test_staff_create_a_topic_and_duplicates_get_a_russian_message(staff_client, world):
    response = staff_client.post(TOPICS, {"name": "  Общественный   транспорт ", "order": "5"})
    assert response.status_code == 302
    with town_scope(world["town"]):
        assert CityTopic.objects.filter(name="Общественный транспорт").exists()
    response = staff_client.post(TOPICS, {"name": "Дороги", "description": "ямы"})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Тема «Дороги» уже есть в каталоге." in html
    assert "ямы</textarea>" in html   # what was typed is kept


@pytest.mark.parametrize("data,message", [
    ({"name": ""}, "Укажите название темы."),
    ({"name": "Т" * 300}, "не более 200 знаков"),
    ({"name": "Парки", "order": "первый"}, "Порядок — целое число"),
])
def test_bad_topic_input_is_explained(staff_client, world, data, message):
    response = staff_client.post(TOPICS, data)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_deactivating_a_topic_by_htmx_swaps_its_row(staff_client, world):
    url = reverse("web:office_topic_active", args=["zarechny", world["roads"].pk])
    response = staff_client.post(url, {"active": "0"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert html.lstrip().startswith(f'<tr id="topic-{world["roads"].pk}"')
    assert "снята" in html and "Вернуть" in html
    with town_scope(world["town"]):
        assert not CityTopic.objects.get(pk=world["roads"].pk).is_active


def test_topic_of_another_town_is_404(staff_client, world, other_town):
    from veche.territories.factories import make_topic

    with town_scope(other_town):
        foreign = make_topic(other_town, "Чужая тема")
    url = reverse("web:office_topic_active", args=["zarechny", foreign.pk])
    assert staff_client.post(url, {"active": "0"}).status_code == 404
