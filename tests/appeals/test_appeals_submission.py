"""One submission makes one appeal, on the resident's form and on the API: a second tap, a
resent page, a retried request (by its key or by the same words within minutes) answer with the
appeal already received — a friendly message or 200, never a second appeal or an error page."""

import pytest
from django.urls import reverse

from veche.appeals.models import Appeal
from veche.ledger.models import Action
from veche.territories.scoping import town_scope

pytestmark = pytest.mark.django_db
NEW = reverse("web:appeals_new", args=["zarechny"])
API = "/api/v1/t/zarechny/my/appeals/"
TEXT = "Во дворе дома 7 по ул. Ленина третий день не горит фонарь."


def form_key(client) -> str:
    """The hidden key of a freshly drawn form."""
    html = client.get(NEW).content.decode()
    marker = 'name="submission_key" value="'
    assert marker in html
    return html.split(marker, 1)[1].split('"', 1)[0]


def form(key: str, text: str = TEXT, **extra) -> dict:
    return {"text": text, "surname": "Жителева", "given_name": "Мария Ивановна",
            "reply_email": "zhitel@zarechny.ru", "submission_key": key, **extra}


def appeals(town) -> list[Appeal]:
    with town_scope(town):
        return list(Appeal.objects.order_by("id"))


def test_the_same_form_sent_twice_is_one_appeal_with_a_friendly_answer(aw, as_user):
    me = as_user(aw["resident"], verified=False)
    key = form_key(me)
    first = me.post(NEW, form(key))
    assert first.status_code == 302
    second = me.post(NEW, form(key), follow=True)
    assert second.status_code == 200
    (appeal,) = appeals(aw["town"])
    assert second.redirect_chain[-1][0] == first["Location"]
    assert f"Это обращение уже принято, номер {appeal.number}" in second.content.decode()
    with town_scope(aw["town"]):
        assert Action.objects.filter(kind="appeal").count() == 1  # one action in the ledger


def test_a_form_opened_twice_with_the_same_words_is_still_one_appeal(aw, as_user):
    me = as_user(aw["resident"], verified=False)
    me.post(NEW, form(form_key(me)))
    # Spacing aside, the same text within minutes: the same appeal, whatever the key.
    again = me.post(NEW, form(form_key(me), text=TEXT.replace(" ", "  ") + "\n"))
    assert again.status_code == 302
    assert len(appeals(aw["town"])) == 1
    other = me.post(NEW, form(form_key(me), text="Не вывозят мусор с площадки у дома 7."))
    assert other.status_code == 302
    assert len(appeals(aw["town"])) == 2


def test_a_sent_form_changed_and_sent_again_keeps_the_text_and_files_it_next_time(aw, as_user):
    me = as_user(aw["resident"], verified=False)
    key = form_key(me)
    me.post(NEW, form(key))
    (first,) = appeals(aw["town"])
    changed = "Фонарь у дома 7 не горит, и во дворе нет освещения у детской площадки."
    response = me.post(NEW, form(key, text=changed))
    html = response.content.decode()
    assert response.status_code == 400
    assert f"Эта форма уже отправлена: обращение {first.number} принято" in html
    assert changed in html  # nothing typed is lost
    new_key = html.split('name="submission_key" value="', 1)[1].split('"', 1)[0]
    assert new_key != key
    assert me.post(NEW, form(new_key, text=changed)).status_code == 302
    assert [a.text for a in appeals(aw["town"])] == [TEXT, changed]


def test_api_replays_by_idempotency_key_and_by_the_same_words(aw, as_user):
    me = as_user(aw["resident"], verified=False)
    body = {"text": TEXT, "reply_email": "zhitel@zarechny.ru"}
    key = {"HTTP_IDEMPOTENCY_KEY": "3f0b9c1e-7a55-4a8e-9d0c-2b1f6a7e8d90"}
    created = me.post(API, body, content_type="application/json", **key)
    assert created.status_code == 201 and "Idempotent-Replayed" not in created
    replay = me.post(API, body, content_type="application/json", **key)
    assert replay.status_code == 200 and replay["Idempotent-Replayed"] == "true"
    assert replay.json()["id"] == created.json()["id"]
    # No key, the same words: the same appeal.
    keyless = me.post(API, body, content_type="application/json")
    assert keyless.status_code == 200 and keyless.json()["id"] == created.json()["id"]
    assert len(appeals(aw["town"])) == 1
    # The key again with other words: refused, with the number already given.
    reused = me.post(API, {**body, "text": "Другое обращение про лавочку."},
                     content_type="application/json", **key)
    assert reused.status_code == 400 and reused.json()["code"] == "submission_key_reused"
    assert created.json()["number"] in reused.json()["detail"]
    bad = me.post(API, body, content_type="application/json", HTTP_IDEMPOTENCY_KEY="короткий")
    assert bad.status_code == 400 and bad.json()["code"] == "submission_key_invalid"
    fresh = me.post(API, {**body, "text": "Другое обращение про лавочку."},
                    content_type="application/json")
    assert fresh.status_code == 201
    assert len(appeals(aw["town"])) == 2


def test_the_desk_entering_one_letter_twice_makes_one_appeal_two_letters_two(aw, as_user):
    desk = as_user(aw["desk"])
    url = reverse("web:appeals_register_new", args=["zarechny"])
    html = desk.get(url).content.decode()
    key = html.split('name="submission_key" value="', 1)[1].split('"', 1)[0]
    letter = {"channel": "letter", "text": "Прошу спилить аварийный тополь у дома.",
              "surname": "Тополев", "given_name": "Аркадий",
              "reply_postal": "ул. Ленина, 7, кв. 12", "submission_key": key}
    first = desk.post(url, letter)
    assert first.status_code == 302
    second = desk.post(url, letter, follow=True)
    (appeal,) = appeals(aw["town"])
    assert second.redirect_chain[-1][0] == first["Location"]
    assert f"Это обращение уже зарегистрировано: {appeal.number}" in second.content.decode()
    # A neighbour's letter in the same words is another appeal: the desk is judged by key only.
    neighbour = {**letter, "surname": "Соседов", "given_name": "Иван",
                 "submission_key": "a" * 32}
    assert desk.post(url, neighbour).status_code == 302
    assert len(appeals(aw["town"])) == 2


def test_the_desk_api_replays_by_idempotency_key(aw, as_user):
    desk = as_user(aw["desk"])
    body = {"text": "Не вывозят мусор с площадки", "surname": "Новикова",
            "given_name": "Ольга", "reply_email": "nov@example.ru", "channel": "phone"}
    key = {"HTTP_IDEMPOTENCY_KEY": "desk-call-2026-0001"}
    url = "/api/v1/t/zarechny/appeals/"
    created = desk.post(url, body, content_type="application/json", **key)
    assert created.status_code == 201
    replay = desk.post(url, body, content_type="application/json", **key)
    assert replay.status_code == 200 and replay["Idempotent-Replayed"] == "true"
    assert replay.json()["id"] == created.json()["id"]
    assert desk.post(url, body, content_type="application/json").status_code == 201
    assert len(appeals(aw["town"])) == 2
