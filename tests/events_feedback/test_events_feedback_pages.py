"""The feedback and criteria pages and API as people use them: a resident answers by the link
once and is told when they did on a second try; a closed form keeps what was typed; staff build
the form, print its poster, read the results, choose criteria and compare events; the bot sends
a resident's answers with an integration token; another town's staff find nothing."""

import pytest

from veche.accounts.factories import add_totp, grant_role, make_user
from veche.accounts.tokens import api_token_create
from veche.events.models import FeedbackResponse
from veche.events.services.feedback import questionnaire_create, questionnaire_set_open
from veche.ledger.models import Action
from veche.territories.scoping import town_scope

pytestmark = pytest.mark.django_db


@pytest.fixture
def form(town, event):
    with town_scope(town):
        return questionnaire_create(event=event)


def _post_data(form, **by_kind):
    with town_scope(form.territory):
        return {f"q{q.pk}": by_kind[q.kind] for q in form.questions.all() if q.kind in by_kind}


def test_resident_answers_once_by_the_link(town, form, anna, as_user):
    me = as_user(anna[0], verified=False)
    url = f"/t/{town.slug}/f/{form.slug}/"
    page = me.get(url + "?src=qr")
    assert page.status_code == 200 and "Как вы оцениваете" in page.content.decode()
    data = {**_post_data(form, rating="5", proposal="Сделать каток во дворе"), "src": "qr"}
    done = me.post(url, data)
    assert done.status_code == 302 and done["Location"].endswith("/thanks/")
    assert "Спасибо" in me.get(done["Location"]).content.decode()
    again = me.post(url, data)
    assert again.status_code == 409
    assert "Вы уже ответили на эту анкету" in again.content.decode()
    with town_scope(town):
        assert FeedbackResponse.objects.get().channel == "qr"
        assert Action.objects.filter(kind="feedback").count() == 1
        assert Action.objects.filter(kind="proposal").count() == 1


def test_closed_form_keeps_the_typed_answers(town, form, anna, as_user):
    with town_scope(town):
        questionnaire_set_open(questionnaire=form, is_open=False)
    me = as_user(anna[0], verified=False)
    response = me.post(f"/t/{town.slug}/f/{form.slug}/",
                       _post_data(form, rating="4", text="Понравилась музыка"))
    page = response.content.decode()
    assert response.status_code == 409 and "Анкета закрыта" in page
    assert "Понравилась музыка" in page


def test_staff_build_print_and_read_results(town, event, anna, staff_user, as_user):
    desk = as_user(staff_user)
    base = f"/t/{town.slug}/office/events/{event.pk}/"
    assert "Создать анкету" in desk.get(base + "feedback/").content.decode()
    assert desk.post(base + "feedback/create/").status_code == 302
    assert desk.post(base + "feedback/questions/", {
        "kind": "choice", "text": "Придёте ещё?", "choices": "да\nнет"}).status_code == 302
    with town_scope(town):
        form = event.questionnaire
        assert form.questions.filter(kind="choice").exists()
    me = as_user(anna[0], verified=False)
    me.post(f"/t/{town.slug}/f/{form.slug}/", {
        **_post_data(form, rating="4", choice="да", help="покрашу скамейки"),
        **{k + "_yes": "on" for k in _post_data(form, help="x")}})
    results = desk.get(base + "feedback/results/").content.decode()
    assert "4,0" in results and "ответов на анкету" in results and "хотят помочь" in results
    assert "svg" in desk.get(base + "feedback/qr.svg").content.decode()
    assert desk.get(base + "feedback/poster.pdf").content.startswith(b"%PDF")
    helpers = desk.get(base + "feedback/helpers/").content.decode()
    assert "Отзывова" in helpers and "покрашу скамейки" in helpers
    assert "нет согласия на сообщения" in helpers


def test_criteria_scorecard_and_comparison_pages(town, event, staff_user, as_user):
    desk = as_user(staff_user)
    base = f"/t/{town.slug}/office/events/{event.pk}/criteria/"
    assert desk.post(base + "add/", {"what": "catalogue", "code": "feedback_rate",
                                     "target": "30"}).status_code == 302
    bad = desk.post(base + "add/", {"what": "own", "name": "Мешки мусора", "target": "10",
                                    "manual_value": "12", "value_source": ""})
    assert bad.status_code == 400 and "источник" in bad.content.decode()
    page = desk.get(base).content.decode()
    assert "0 из 1 критерия выполнен" in page
    compare = desk.get(f"/t/{town.slug}/office/events/compare/")
    assert compare.status_code == 200 and event.title in compare.content.decode()
    csv = desk.get(f"/t/{town.slug}/office/events/compare/?format=csv").content.decode()
    assert event.title in csv
    xlsx = desk.get(f"/t/{town.slug}/office/events/compare/?format=xlsx")
    assert xlsx.content[:2] == b"PK"


def test_other_towns_staff_find_nothing(town, other_town, event, form, as_user):
    stranger = make_user(email="staff@ozersk.ru")
    grant_role(stranger, other_town, "staff")
    add_totp(stranger)
    client = as_user(stranger)
    base = f"/t/{town.slug}/office/events/{event.pk}/"
    for url in ("feedback/", "feedback/results/", "criteria/"):
        assert client.get(base + url).status_code in (403, 404)
    assert client.get(f"/t/{other_town.slug}/office/events/{event.pk}/feedback/").status_code \
        == 404


def test_api_resident_bot_and_staff(town, event, form, anna, boris, staff_user, as_user):
    me = as_user(anna[0], verified=False)
    with town_scope(town):
        rating = form.questions.get(kind="rating")
    url = f"/api/v1/t/{town.slug}/feedback/{form.slug}/responses"
    body = {"answers": [{"question_id": rating.pk, "rating": 5}]}
    first = me.post(url, body, content_type="application/json")
    assert first.status_code == 201, first.content
    second = me.post(url, body, content_type="application/json")
    assert second.status_code == 400 and second.json()["code"] == "feedback_already_sent"
    _token, key = api_token_create(user=staff_user, name="бот")
    bot = me.__class__()
    sent = bot.post(f"/api/v1/t/{town.slug}/feedback/{form.slug}/bot-responses",
                    {"person_id": boris[1].pk, "answers": [
                        {"question_id": rating.pk, "rating": 3}]},
                    content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert sent.status_code == 201 and sent.json()["channel"] == "bot"
    with town_scope(town):
        assert set(Action.objects.values_list("source", flat=True)) == {"web", "bot"}
    desk = as_user(staff_user)
    results = desk.get(f"/api/v1/t/{town.slug}/events/{event.pk}/feedback/results").json()
    assert results["responses"] == 2 and results["feedback_rate"] == pytest.approx(2 / 3)
    added = desk.post(f"/api/v1/t/{town.slug}/events/{event.pk}/criteria",
                      {"code": "feedback_rate", "target": 50}, content_type="application/json")
    assert added.status_code == 201 and added.json()["overall"] == "1 из 1 критерия выполнен"
    compared = desk.get(f"/api/v1/t/{town.slug}/events-comparison").json()
    assert compared["count"] == 1 and compared["organisers"][0]["events"] == 1


def test_event_pages_show_the_form_link_and_the_headline(town, event, form, anna, staff_user,
                                                         as_user):
    resident_page = as_user(anna[0], verified=False).get(
        f"/t/{town.slug}/events/{event.pk}/").content.decode()
    assert f"/t/{town.slug}/f/{form.slug}/" in resident_page and "Ответить на анкету" in \
        resident_page
    office = as_user(staff_user).get(f"/t/{town.slug}/office/events/{event.pk}/").content.decode()
    assert "ответов на анкету" in office and "Критерии эффективности" in office
