"""A resident votes on a phone (390×844) from the vote's page to the receipt, one question per
screen; the budget total follows the ticks; a ranking is ordered with buttons. axe finds no
violations on the voting screens, the receipt and the results page."""

import json
import re
import shutil
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import ARTIFACTS
from tests.browser.test_accessibility import log_in, violations
from veche.territories.scoping import town_scope
from veche.votes.factories import make_vote
from veche.votes.models import Ballot, ResultsVisibility, VoteKind
from veche.votes.services import option_add, question_add, vote_open, vote_publish

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}
SHOTS = Path("/tmp/shots")


def keep(page, shot, name: str) -> None:
    shot(page, name)
    SHOTS.mkdir(exist_ok=True)
    shutil.copy(ARTIFACTS / f"{name}.png", SHOTS / f"{name}.png")


def axe(page, where: str, found: dict) -> None:
    bad = violations(page)
    if bad:
        found[where] = bad


@pytest.fixture
def votes(live_server, town_data):
    # The server's first request imports every app's views (tens of seconds on a busy
    # machine): make it here, not inside the browser's 10-second page timeout.
    urllib.request.urlopen(f"{live_server.url}/accounts/login/", timeout=180).read()
    town = town_data["town"]
    with town_scope(town):
        single = make_vote(town, title="Какую территорию благоустроить в 2027 году?",
                           status="draft", results_visibility=ResultsVisibility.LIVE,
                           description="Выбранную территорию благоустроят летом 2027 года.")
        option_add(vote=single, text="Двор на улице Ленина, 7",
                   description="Новые лавочки, освещение и детская площадка.",
                   latitude=56.7392, longitude=60.8021)
        question_add(vote=single, text="Как часто вы бываете в этом месте?", required=True,
                     choices=["Каждый день", "Раз в неделю", "Реже"])
        vote_publish(vote=single)
        vote_open(vote=single)
        budget = make_vote(town, title="Бюджет участия: 1 млн ₽ на дворы",
                           kind=VoteKind.BUDGET, budget_amount=1_000_000,
                           options=("Освещение двора", "Детская площадка", "Тротуар"),
                           costs=[400_000, 700_000, 300_000])
        ranked = make_vote(town, title="Что ремонтировать первым?", kind=VoteKind.RANKED,
                           options=("Дороги", "Дворы", "Освещение"))
    return {"single": single, "budget": budget, "ranked": ranked}


def test_resident_votes_on_a_phone_and_gets_a_receipt(live_server, new_page, shot, town_data,
                                                      votes):
    base, vote, found = live_server.url, votes["single"], {}
    page = new_page(**PHONE)
    log_in(page, base, "resident@zarechny.ru")
    page.goto(f"{base}/t/zarechny/votes/")
    keep(page, shot, "votes-list-phone")
    page.get_by_role("link", name=vote.title).first.click()
    expect(page.locator("h1")).to_have_text(vote.title)
    axe(page, "vote page", found)
    keep(page, shot, "vote-detail-phone")

    page.get_by_role("link", name="Начать голосование").click()
    expect(page.locator(".step-count")).to_have_text("Шаг 1 из 3")
    # «Далее» without a choice: a message, nothing sent.
    page.get_by_role("button", name="Далее").click()
    expect(page.locator("#ballot-errors")).to_contain_text("Выберите один вариант.")
    axe(page, "choice step (error)", found)
    keep(page, shot, "vote-step-error-phone")
    target = page.locator("label.choice", has_text="Двор на улице Ленина, 7")
    box = target.bounding_box()
    assert box["height"] >= 48 and box["width"] >= 300  # a whole-row target on a phone
    target.click()
    keep(page, shot, "vote-step-choice-phone")
    page.get_by_role("button", name="Далее").click()

    expect(page.locator(".step-count")).to_have_text("Шаг 2 из 3")
    expect(page.locator("h1")).to_have_text("Как часто вы бываете в этом месте?")
    page.locator("label.choice", has_text="Раз в неделю").click()
    axe(page, "survey step", found)
    page.get_by_role("button", name="Далее").click()

    expect(page.locator("h1")).to_have_text("Проверьте и отправьте голос")
    expect(page.locator(".review")).to_contain_text("Двор на улице Ленина, 7")
    expect(page.locator(".review")).to_contain_text("Раз в неделю")
    axe(page, "review", found)
    keep(page, shot, "vote-review-phone")
    page.get_by_role("button", name="Отправить голос").dblclick()

    expect(page.locator("h1")).to_have_text("Ваш голос принят")
    code = page.locator("#receipt-code").inner_text()
    assert re.fullmatch(r"[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}", code)
    axe(page, "receipt", found)
    keep(page, shot, "vote-done-phone")
    with town_scope(town_data["town"]):
        assert Ballot.objects.filter(vote=vote).count() == 1  # the double click made one

    # The check goes by POST (the code never in a URL, so never in a server's log).
    page.get_by_role("button", name="Проверить квитанцию").click()
    expect(page.locator("#check-title")).to_contain_text("Бюллетень учтён")
    assert code not in page.url
    axe(page, "receipt check", found)

    page.goto(f"{base}/t/zarechny/votes/{vote.pk}/results/")
    expect(page.locator("h1")).to_have_text("Итоги голосования")
    bars = page.locator("#turnout-district .hbars li")
    expect(bars.first).to_be_visible()
    expect(bars.filter(has_text="Район не указан")).to_contain_text("50,0 %")
    # On a phone the bars fit the screen: nothing scrolls sideways.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    axe(page, "results", found)
    keep(page, shot, "vote-results-phone")
    assert not found, json.dumps(found, ensure_ascii=False, indent=1)


def test_budget_total_follows_the_ticks_and_ranking_uses_buttons(live_server, new_page, shot,
                                                                 town_data, votes):
    base, found = live_server.url, {}
    page = new_page(**PHONE)
    log_in(page, base, "resident@zarechny.ru")
    budget = votes["budget"]
    page.goto(f"{base}/t/zarechny/votes/{budget.pk}/ballot/")
    page.locator("label.choice", has_text="Освещение двора").click()
    expect(page.locator("#budget-box")).to_contain_text("Осталось 600\u00a0000\u00a0₽")
    page.locator("label.choice", has_text="Детская площадка").click()
    expect(page.locator("#budget-box")).to_contain_text("Превышение бюджета на 100\u00a0000")
    keep(page, shot, "vote-budget-over-phone")
    page.get_by_role("button", name="Далее").click()
    expect(page.locator("#ballot-errors")).to_contain_text("а бюджет")
    axe(page, "budget step (over)", found)
    page.locator("label.choice", has_text="Детская площадка").click()
    page.locator("label.choice", has_text="Тротуар").click()
    page.get_by_role("button", name="Далее").click()
    expect(page.locator(".review")).to_contain_text("700\u00a0000\u00a0₽")
    page.get_by_role("button", name="Отправить голос").click()
    expect(page.locator("h1")).to_have_text("Ваш голос принят")

    ranked = votes["ranked"]
    page.goto(f"{base}/t/zarechny/votes/{ranked.pk}/ballot/")
    for name in ("Дороги", "Дворы", "Освещение"):
        page.get_by_role("button", name=f"Добавить: {name}").click()
    page.get_by_role("button", name="Выше: Освещение").click()
    page.get_by_role("button", name="Выше: Освещение").click()
    expect(page.locator(".rank-item").first).to_contain_text("Освещение")
    axe(page, "ranking step", found)
    keep(page, shot, "vote-ranking-phone")
    page.get_by_role("button", name="Далее").click()
    page.get_by_role("button", name="Отправить голос").click()
    expect(page.locator("h1")).to_have_text("Ваш голос принят")
    with town_scope(town_data["town"]):
        order = Ballot.objects.get(vote=ranked).choices
        names = dict(ranked.options.values_list("id", "text"))
    assert [names[o] for o in order] == ["Освещение", "Дороги", "Дворы"]
    assert not found, json.dumps(found, ensure_ascii=False, indent=1)


def test_staff_pages_pass_axe(live_server, new_page, shot, town_data, votes):
    base, found, vote = live_server.url, {}, votes["single"]
    page = new_page()
    log_in(page, base, "staff@zarechny.ru", town_data["device"])
    for name, path in [("office-votes", ""), ("office-vote", f"{vote.pk}/"),
                       ("office-options", f"{vote.pk}/options/"),
                       ("office-paper", f"{vote.pk}/paper/"),
                       ("office-invitations", f"{vote.pk}/invitations/"),
                       ("office-flags", f"{vote.pk}/flags/"),
                       ("office-results", f"{vote.pk}/results/"), ("office-new", "new/")]:
        page.goto(f"{base}/t/zarechny/office/votes/{path}")
        axe(page, name, found)
        keep(page, shot, name)
    page.goto(f"{base}/t/zarechny/office/votes/{vote.pk}/paper/")
    page.fill("#person-q", "Петр")
    expect(page.locator("#person-results")).to_contain_text("Петров Пётр Ильич")
    page.get_by_label(re.compile("Петров Пётр Ильич")).check()
    page.fill("#number", "П-17")
    page.get_by_label(re.compile("Двор на улице Ленина")).check()
    page.get_by_label("Каждый день").check()
    page.get_by_role("button", name="Внести бюллетень").click()
    expect(page.locator(".messages")).to_contain_text("Бумажный бюллетень № П-17 внесён")
    keep(page, shot, "office-paper-done")
    assert not found, json.dumps(found, ensure_ascii=False, indent=1)
