"""Issue 18's staff pages: who may open them, the review screen side by side, the list of
lists with its exports, the merge history with its undo on the person card."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from tests.web.helpers import login
from veche.accounts.factories import grant_role, make_user
from veche.registry.factories import make_person
from veche.registry.merges import person_merge
from veche.registry.models import Person, ReviewCandidate, SourceList
from veche.registry.review import candidate_add
from veche.territories.scoping import town_scope

pytestmark = pytest.mark.django_db
EVIDENCE = [{"field": "surname", "label": "Фамилия", "level": "совпадает", "weight": 6.5,
             "left": "семенов", "right": "семенов"},
            {"field": "birth", "label": "Дата рождения",
             "level": "одна цифра или переставлены цифры", "weight": -1.5,
             "left": "12.04.1948", "right": "12.04.1984"}]


@pytest.fixture
def pair(town):
    with town_scope(town):
        source = SourceList.objects.create(territory=town, name="Совет ветеранов")
        a = make_person(town, surname="Семёнов", given_name="Алексей",
                        birth_date=dt.date(1948, 4, 12), source_kind="list", source_list=source)
        b = make_person(town, surname="Семенов", given_name="Алексей",
                        birth_date=dt.date(1984, 4, 12))
        c = make_person(town, surname="Петров", given_name="Пётр")
        d = make_person(town, surname="Петрова", given_name="Пётр")
        first = candidate_add(territory=town, person=a, other=b, score=0.45, evidence=EVIDENCE)
        second = candidate_add(territory=town, person=c, other=d, score=0.55, evidence=[])
    return a, b, first, second


def url(name, town, *args):
    return reverse(f"web:{name}", args=[town.slug, *args])


def test_pages_need_personal_data_roles_and_the_second_factor(client, town, pair):
    moderator = make_user(email="mod@x.ru")
    grant_role(moderator, town, "moderator")
    login(client, moderator)
    for name in ("registry_review", "registry_lists", "registry_verify"):
        assert client.get(url(name, town)).status_code == 403
    staff = make_user(email="staff2@x.ru")
    grant_role(staff, town, "staff")
    client.force_login(staff)  # no second factor yet
    response = client.get(url("registry_review", town))
    assert response.status_code == 302 and "otp" in response["Location"]


def test_review_side_by_side_decide_and_go_to_the_next(client, staff_user, town, pair):
    a, b, first, second = pair
    login(client, staff_user)
    queue = client.get(url("registry_review", town))
    assert queue.status_code == 200
    assert "Семёнов Алексей" in queue.text and "45%" in queue.text
    page = client.get(url("registry_review_candidate", town, first.pk))
    assert page.status_code == 200
    text = page.text
    assert "Совет ветеранов" in text  # the lists each record came from
    assert re.search(r"за \+6[.,]5", text) and re.search(r"против -1[.,]5", text)  # in words
    assert "Один человек" in text and "Разные люди" in text
    done = client.post(url("registry_review_candidate", town, first.pk), {"same": "1"})
    assert done.status_code == 302
    assert done["Location"] == url("registry_review_candidate", town, second.pk)
    with town_scope(town):
        assert Person.objects.get(pk=b.pk).merged_into_id == a.pk
        assert ReviewCandidate.objects.get(pk=first.pk).status == "same"


def test_person_card_shows_the_merge_and_undoes_it(client, staff_user, town, pair):
    a, b, _first, _second = pair
    with town_scope(town):
        merge = person_merge(survivor=a, absorbed=b)
    login(client, staff_user)
    card = client.get(url("office_person", town, a.pk))
    assert "Объединения записей" in card.text and "Отменить объединение" in card.text
    absorbed_card = client.get(url("office_person", town, b.pk))
    assert "скрыта из реестра" in absorbed_card.text
    undo = client.post(url("registry_merge_undo", town, merge.pk))
    assert undo.status_code == 302
    with town_scope(town):
        assert Person.objects.get(pk=b.pk).merged_into_id is None


def test_list_of_lists_page_owner_and_exports(client, staff_user, town, pair):
    login(client, staff_user)
    page = client.get(url("registry_lists", town))
    assert page.status_code == 200 and "Совет ветеранов" in page.text
    with town_scope(town):
        source = SourceList.objects.get(name="Совет ветеранов")
    client.post(url("registry_lists", town), {"list": source.pk, "owner": "НКО «Ветераны»"})
    with town_scope(town):
        source.refresh_from_db()
    assert source.owner == "НКО «Ветераны»"
    csv = client.get(url("registry_lists_csv", town))
    assert csv.status_code == 200 and "НКО «Ветераны»" in csv.content.decode("utf-8-sig")
    xlsx = client.get(url("registry_lists_xlsx", town))
    assert xlsx.content[:2] == b"PK"


def test_verify_page_sends_and_counts_the_skipped(client, staff_user, town, pair, smtp):
    login(client, staff_user)
    page = client.get(url("registry_verify", town))
    assert page.status_code == 200
    sent = client.post(url("registry_verify", town), {"channel": "email"}, follow=True)
    assert "Пропущено без согласия" in sent.text
    assert smtp.messages == []  # nobody consented to e-mail
