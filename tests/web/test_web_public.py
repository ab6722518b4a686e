"""Public pages: the network home, a town's home and its topic catalogue. No personal data."""

import pytest
from django.urls import reverse

from veche.territories.scoping import town_scope
from veche.territories.services import topic_set_active
from veche.web.hooks import register_open_now, unregister_open_now

pytestmark = pytest.mark.django_db


def test_home_lists_towns_with_their_progress(client, world, other_town):
    response = client.get(reverse("web:home"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Заречный" in html and "Озёрск" in html
    # Заречный: 3 active in a year of 20,000 aged 14+, goal 2,000 → 0.15 % of the way.
    assert "Активных за год: 3" in html
    assert "0,1 %" in html or "0,2 %" in html


def test_town_home_shows_goal_windows_trend_and_open_blocks(client, world):
    response = client.get(reverse("web:town_home", args=["zarechny"]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Участие жителей: ориентир" in html  # the goal is named as a goal, not a result
    assert "Активны за 30 дней" in html and "Активны за 365 дней" in html
    assert 'data-chart="line"' in html and "<svg" in html
    assert "Показать данные таблицей" in html          # the chart's text alternative
    assert "Дороги" in html and "Благоустройство" in html  # the topics block
    assert "Что жители сделали за 30 дней" in html
    assert reverse("accounts:login") in html
    assert reverse("accounts:signup", args=["zarechny"]) in html


def test_town_home_shows_no_personal_data(client, world):
    html = client.get(reverse("web:town_home", args=["zarechny"])).content.decode()
    for private in ("Петров", "Сидорова", "Жителева", "+79123456789"):
        assert private not in html


def test_town_home_runs_a_constant_number_of_queries(client, world, django_assert_max_num_queries):
    url = reverse("web:town_home", args=["zarechny"])
    client.get(url)  # the first visit stores the town's engagement breakdowns
    with django_assert_max_num_queries(8):
        assert client.get(url).status_code == 200


def test_unknown_town_is_a_russian_404(client, db):
    response = client.get("/t/nowhere/")
    assert response.status_code == 404
    assert "Страница не найдена" in response.content.decode()


def test_public_catalogue_hides_deactivated_topics(client, world):
    with town_scope(world["town"]):
        topic_set_active(topic=world["roads"], is_active=False)
    html = client.get(reverse("web:topics", args=["zarechny"])).content.decode()
    assert "Благоустройство" in html
    assert "Дороги" not in html


def test_blocks_registered_by_apps_appear_and_none_hides_them(client, world):
    @register_open_now("test-vote", order=1)
    def vote_block(request, territory):
        return {"title": f"Голосование в городе {territory.name}",
                "template": "web/town/block_topics.html",
                "context": {"topics": [], "more": False}}

    @register_open_now("test-empty", order=2)
    def empty_block(request, territory):
        return None

    try:
        html = client.get(reverse("web:town_home", args=["zarechny"])).content.decode()
    finally:
        unregister_open_now("test-vote")
        unregister_open_now("test-empty")
    assert "Голосование в городе Заречный" in html
    assert 'id="open-test-empty"' not in html
    assert html.index("Голосование в городе") < html.index("Темы и проблемы города")


def test_page_has_skip_link_landmarks_and_language_switcher(client, world):
    html = client.get(reverse("web:town_home", args=["zarechny"])).content.decode()
    assert '<a class="skip-link" href="#main">' in html
    assert '<main id="main"' in html and "<nav" in html and "<footer" in html
    assert 'action="/language/"' in html
    assert '<html lang="ru">' in html


def test_scripts_and_styles_come_from_the_installation(client, world):
    html = client.get(reverse("web:town_home", args=["zarechny"])).content.decode()
    assert "/static/web/vendor/htmx.min.js" in html
    assert "https://" not in html and "http://" not in html.replace("http://www.w3.org", "")


def test_english_is_the_second_locale(client, world):
    response = client.get("/language/", {"language": "en", "next": "/t/zarechny/"})
    assert response.status_code == 302 and response["Location"] == "/t/zarechny/"
    html = client.get(reverse("web:town_home", args=["zarechny"])).content.decode()
    assert '<html lang="en">' in html
    assert "Active in the last 30 days" in html
    assert "What is open now" in html


def test_language_switch_never_redirects_to_another_site(client, db):
    response = client.get("/language/", {"language": "en", "next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_anonymous_town_home_is_served_from_the_page_cache(client, world, settings):
    from django.core.cache import cache

    from veche.ledger.services import action_record

    settings.VECHE_FIGURES_CACHE_SECONDS = 60
    cache.clear()
    url = reverse("web:town_home", args=["zarechny"])
    first = client.get(url)
    assert first["X-Veche-Cache"] == "miss" and not first.cookies  # nothing personal inside
    with town_scope(world["town"]):
        action_record(person=world["silent"], kind="ballot")
    second = client.get(url)
    assert second["X-Veche-Cache"] == "hit" and second.content == first.content
    # English visitors get their own copy; logged-in visitors are never served a cached page.
    client.cookies["django_language"] = "en"
    assert "What is open now" in client.get(url).content.decode()
    client.force_login(world["me"].user)
    assert "X-Veche-Cache" not in client.get(url)


def test_russian_is_the_default_whatever_the_browser_asks(client, world):
    html = client.get(reverse("web:town_home", args=["zarechny"]),
                      headers={"Accept-Language": "en-US,en;q=0.9"}).content.decode()
    assert '<html lang="ru">' in html and "Что открыто сейчас" in html


def test_staff_owing_the_second_factor_can_still_switch_language(client, staff_user):
    client.force_login(staff_user)  # password passed, TOTP code not yet
    response = client.get("/language/", {"language": "en", "next": "/accounts/otp/"})
    assert response.status_code == 302 and response["Location"] == "/accounts/otp/"
    assert client.cookies["django_language"].value == "en"
