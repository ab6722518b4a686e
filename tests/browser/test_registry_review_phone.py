"""On a phone (390×844): staff open the review queue of doubtful pairs, look at two records
side by side with the evidence for and against, decide «one person» (the records merge), find
the merge on the survivor's card and undo it. No page is wider than the phone's screen."""

import re

import pytest
from django_otp.oath import totp
from playwright.sync_api import expect

from veche.accounts.factories import PASSWORD
from veche.registry.factories import make_person
from veche.registry.models import Person, ReviewCandidate
from veche.registry.review import candidate_add
from veche.territories.scoping import town_scope

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
EVIDENCE = [{"field": "surname", "label": "Фамилия", "level": "совпадает", "weight": 6.5,
             "left": "семенов", "right": "семенов"},
            {"field": "phone", "label": "Телефон", "level": "другой", "weight": -2.0,
             "left": "+79120000001", "right": "+79120000002"}]


def _fits_the_phone(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_staff_decide_a_pair_and_undo_the_merge_on_a_phone(live_server, new_page, shot,
                                                           town_data):
    town = town_data["town"]
    with town_scope(town):
        a = make_person(town, surname="Семёнов", given_name="Алексей", patronymic="Петрович",
                        phone="+79120000001")
        b = make_person(town, surname="Семенов", given_name="Алексей", patronymic="Петрович",
                        phone="+79120000002")
        candidate_add(territory=town, person=a, other=b, score=0.62, evidence=EVIDENCE)
    device = town_data["device"]
    page = new_page(**PHONE)
    page.goto(f"{live_server.url}/t/zarechny/office/registry/review/")
    page.fill("input[name=username]", "staff@zarechny.ru")
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    page.fill("input[name=code]",
              f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}")
    page.locator("main form button[type=submit]").first.click()
    expect(page).to_have_url(re.compile(r"/office/registry/review/$"))
    expect(page.locator("main")).to_contain_text("Семёнов")
    _fits_the_phone(page)
    page.locator("main a[href*='/registry/review/']").filter(has_text="Семёнов").first.click()
    expect(page.locator("h1")).to_have_text("Один человек или двое?")
    expect(page.locator("main")).to_contain_text("62%")
    expect(page.locator("#side-left")).to_contain_text("Семёнов")
    expect(page.locator("#side-right")).to_contain_text("Семенов")
    evidence = page.locator("main table.data tbody tr")
    expect(evidence).to_have_count(2)
    expect(evidence.nth(0)).to_contain_text("за +6,5")
    expect(evidence.nth(1)).to_contain_text("против -2,0")
    _fits_the_phone(page)
    shot(page, "registry-review-phone")

    page.get_by_role("button", name="Один человек").click()
    expect(page.locator(".messages")).to_contain_text("Решение записано")
    with town_scope(town):
        assert ReviewCandidate.objects.get().status == ReviewCandidate.Status.SAME
        absorbed = Person.objects.get(merged_into__isnull=False)
        survivor = absorbed.merged_into
    page.goto(f"{live_server.url}/t/zarechny/office/registry/{survivor.pk}/")
    undo = page.get_by_role("button", name=re.compile("Отменить объединение"))
    expect(undo).to_be_visible()
    _fits_the_phone(page)
    shot(page, "registry-review-merged-card-phone")
    undo.click()
    expect(page.locator(".messages")).to_contain_text("Объединение отменено")
    with town_scope(town):
        assert not Person.objects.filter(merged_into__isnull=False).exists()
        assert ReviewCandidate.objects.get().status == ReviewCandidate.Status.DIFFERENT
