"""An expert logs in, opens an initiative put before the experts, is told what is missing,
scores it on the four criteria, and staff see the aggregate; a conflicted expert is refused."""

import re

import pytest
from playwright.sync_api import expect

from veche.accounts.factories import PASSWORD, grant_role, make_user
from veche.accounts.models import Role
from veche.practices.models import ExpertScore
from veche.practices.projects.factories import make_project
from veche.practices.projects.services import initiative_create
from veche.territories.scoping import town_scope

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _login(page, base: str, email: str, next_url: str):
    page.goto(f"{base}{next_url}")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    page.fill("input[name=username]", email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").first.click()


def test_expert_scores_an_initiative(live_server, new_page, shot, town_data):
    town = town_data["town"]
    expert = make_user(email="expert@zarechny.ru", full_name="Павел Громов")
    grant_role(expert, town, Role.EXPERT)
    with town_scope(town):
        project = make_project(town, 2026)
        initiative = initiative_create(territory=town, project=project, title="Светлый двор",
                                       description="Освещение дворов по заявкам жителей",
                                       author_names="Петров П. И.")
    page = new_page()
    _login(page, live_server.url, "expert@zarechny.ru", "/t/zarechny/expert/")
    expect(page).to_have_url(re.compile(r"/t/zarechny/expert/$"))
    expect(page.locator("#expert-items")).to_contain_text("не оценено")
    page.get_by_role("link", name="Светлый двор").click()
    expect(page.locator("h1")).to_have_text("Светлый двор")

    # Only one criterion chosen: the form comes back with the others marked, nothing lost.
    page.locator("input[name=effect][value='5']").check()
    page.fill("#id_comment", "Нужен расчёт затрат")
    page.get_by_role("button", name="Сохранить оценку").click()
    expect(page.locator(".errorlist").first).to_contain_text("Выберите оценку от 1 до 5")
    expect(page.locator("#id_comment")).to_have_value("Нужен расчёт затрат")
    expect(page.locator("input[name=effect][value='5']")).to_be_checked()
    shot(page, "projects-expert-score-errors")

    for name, value in (("resources", "3"), ("timeframe", "4"), ("fit", "5")):
        page.locator(f"input[name={name}][value='{value}']").check()
    page.get_by_role("button", name="Сохранить оценку").click()
    expect(page).to_have_url(re.compile(r"/t/zarechny/expert/$"))
    expect(page.locator(".message")).to_contain_text("Оценка сохранена")
    expect(page.locator("#expert-items")).to_contain_text("оценено")
    shot(page, "projects-expert-home")
    with town_scope(town):
        score = ExpertScore.objects.get(expert=expert, initiative=initiative)
        assert (score.effect, score.resources, score.timeframe, score.fit) == (5, 3, 4, 5)
        assert score.comment == "Нужен расчёт затрат"


def test_staff_see_the_aggregate_and_the_overlap_warning(live_server, new_page, shot,
                                                          town_data):
    from django_otp.oath import totp

    from veche.practices.tenancy import walk_project_objects

    town = town_data["town"]
    with town_scope(town):
        persons = [town_data["petrov"], town_data["me"]]
        walk_project_objects(territory=town, persons=persons, marker="Заречье")
    page = new_page()
    _login(page, live_server.url, "staff@zarechny.ru", "/t/zarechny/office/project/bodies/")
    device = town_data["device"]
    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
    page.fill("input[name=code]", f"{code:06d}")
    page.locator("main form button[type=submit]").first.click()
    expect(page.locator("#overlap-warning")).to_be_visible()
    shot(page, "projects-bodies-overlap")
    page.get_by_role("navigation", name="Разделы проекта «Лучшие практики»").get_by_role(
        "link", name="Экспертиза").click()
    expect(page.locator("#scores-table")).to_contain_text("Инициатива Заречье")
    shot(page, "projects-expertise")
    page.get_by_role("link", name="Этапы").click()
    expect(page.locator("#stage-1")).to_contain_text("Сформирована рабочая группа")
    shot(page, "projects-stages")

