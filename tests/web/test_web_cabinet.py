"""The resident's cabinet: my actions, my consents (one click, at once), my data, erasure."""

import json

import pytest
from django.urls import reverse

from tests.web.helpers import login
from veche.accounts.factories import grant_role, make_user
from veche.registry.consent import has_consent
from veche.registry.models import CardAccess, Person
from veche.registry.services import person_card_open
from veche.territories.scoping import all_towns, town_scope

pytestmark = pytest.mark.django_db
CABINET = reverse("web:cabinet", args=["zarechny"])
CONSENT = reverse("web:cabinet_consent", args=["zarechny"])


def test_anonymous_visitor_is_sent_to_login(client, world):
    response = client.get(CABINET)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_cabinet_shows_my_actions_profile_and_consents(resident_client, world):
    response = resident_client.get(CABINET)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Жителева Мария Ивановна" in html
    assert "Обращение" in html and "Сквер у школы" in html   # my one action
    assert "Петров" not in html                                # nobody else's
    assert 'id="profile-chart"' in html
    assert 'id="consent-participation" data-granted="1"' in html
    assert 'id="consent-analytics" data-granted="0"' in html


def test_withdrawing_a_consent_takes_effect_at_once_and_shows_withdrawn(resident_client, world):
    response = resident_client.post(
        CONSENT, {"purpose": "messages", "channel": "email", "action": "withdraw"},
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<li class="consent" id="consent-messages-email"')
    assert "отозвано" in html and "Дать согласие" in html
    with town_scope(world["town"]):
        assert not has_consent(world["me"], "messages", "email")
        assert has_consent(world["me"], "participation")


def test_granting_without_htmx_redirects_back_with_a_message(resident_client, world):
    page = resident_client.get(reverse("web:cabinet", args=["zarechny"])).content.decode()
    # the wording and its version are on the page before the consent is given
    assert "Текст согласия, версия 1" in page
    response = resident_client.post(CONSENT, {"purpose": "analytics", "channel": "",
                                              "action": "grant", "text_version": "1"},
                                    follow=True)
    assert "Согласие «анализ активности» дано." in response.content.decode()
    with town_scope(world["town"]):
        assert has_consent(world["me"], "analytics")


def test_a_consent_to_a_wording_not_shown_is_not_recorded(resident_client, world):
    from veche.registry.models import ConsentText

    ConsentText.objects.create(purpose="analytics", version=2, text="Новая редакция согласия.")
    stale = resident_client.post(CONSENT, {"purpose": "analytics", "channel": "",
                                           "action": "grant", "text_version": "1"},
                                 HTTP_HX_REQUEST="true")
    html = stale.content.decode()
    assert stale.status_code == 409
    assert "Текст согласия изменился" in html and "Новая редакция согласия." in html
    assert "версия 2" in html
    with town_scope(world["town"]):
        assert not has_consent(world["me"], "analytics")


@pytest.mark.parametrize("data", [
    {"purpose": "messages", "channel": "", "action": "grant"},
    {"purpose": "everything", "channel": "", "action": "grant"},
    {"purpose": "analytics", "channel": "", "action": "delete"},
])
def test_unknown_consent_is_rejected_in_russian(resident_client, world, data):
    response = resident_client.post(CONSENT, data)
    assert response.status_code == 400
    assert "Такого согласия нет" in response.content.decode()


def test_consent_change_needs_post(resident_client, world):
    assert resident_client.get(CONSENT).status_code == 405


def test_export_contains_everything_held_about_me(resident_client, world, staff_user):
    with town_scope(world["town"]):
        person_card_open(person=world["me"], viewer=staff_user, ip="10.0.0.1", purpose="проверка")
    response = resident_client.get(reverse("web:cabinet_export", args=["zarechny"]))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["person"]["surname"] == "Жителева"
    assert {f["field"] for f in data["facts"]} >= {"surname", "given_name", "birth_date"}
    assert [c["purpose"] for c in data["consents"]] == ["участие в проектах города", "сообщения"]
    assert data["actions"][0]["kind"] == "обращение"
    assert data["card_accesses"][0]["viewer"] == "Сотрудник Отдела"
    assert "Петров" not in response.content.decode()


def test_export_includes_my_appeals_in_full_with_answers_and_photos(resident_client, world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.appeals.conftest import png_bytes
    from veche.accounts.factories import make_user
    from veche.appeals.factories import make_appeal
    from veche.appeals.services import appeal_answer

    desk = make_user(email="desk@zarechny.ru")
    with town_scope(world["town"]):
        appeal = make_appeal(world["town"], world["me"], text="Яма у подъезда 3, глубокая.",
                             photos=[SimpleUploadedFile("yama.png", png_bytes(),
                                                        content_type="image/png")])
        appeal_answer(appeal=appeal, text="Яму засыпали 12 мая.", actor=desk)
        photo_id = appeal.attachments.get().pk
    data = json.loads(resident_client.get(
        reverse("web:cabinet_export", args=["zarechny"])).content)
    mine = data["appeals"][0]
    assert mine["number"] == appeal.number and mine["text"] == "Яма у подъезда 3, глубокая."
    assert mine["answer"] == "Яму засыпали 12 мая."
    assert mine["photos"][0]["name"] == "yama.png"
    assert f"/t/zarechny/appeals/photos/{photo_id}/" in mine["photos"][0]["url"]


def test_my_actions_come_a_page_at_a_time_after_consents(resident_client, world):
    from veche.ledger.services import action_record

    with town_scope(world["town"]):
        for _n in range(45):
            action_record(person=world["me"], kind="ballot")
    page = resident_client.get(reverse("web:cabinet", args=["zarechny"])).content.decode()
    assert page.index('id="consents-title"') < page.index('id="actions-title"')
    table = page[page.index('id="actions-title"'):]
    assert table.count("<tr") == 11 and "1 / 5" in table  # a header and 10 rows
    assert "2 / 5" in resident_client.get(
        reverse("web:cabinet", args=["zarechny"]) + "?page=2").content.decode()


def test_erasure_needs_confirmation(resident_client, world):
    url = reverse("web:cabinet_erase", args=["zarechny"])
    response = resident_client.post(url, {})
    assert response.status_code == 400
    assert "Отметьте, что вы понимаете последствия удаления." in response.content.decode()
    with town_scope(world["town"]):
        assert not Person.objects.get(pk=world["me"].pk).is_erased


def test_erasure_removes_identity_keeps_counts_and_logs_out(resident_client, world):
    url = reverse("web:cabinet_erase", args=["zarechny"])
    response = resident_client.post(url, {"confirm": "on"}, follow=True)
    assert "Ваши персональные данные удалены" in response.content.decode()
    with town_scope(world["town"]):
        me = Person.objects.get(pk=world["me"].pk)
        assert me.is_erased and me.surname == "" and me.user is None
        assert me.actions.count() == 1
    assert resident_client.get(CABINET).status_code == 302   # logged out


def test_user_without_a_person_here_sees_a_notice(client, world, other_town):
    stranger = make_user(email="guest@ozersk.ru")
    grant_role(stranger, other_town, "resident")
    login(client, stranger, verified=False)
    html = client.get(CABINET).content.decode()
    assert "пока нет в реестре жителей города Заречный" in html
    assert client.get(reverse("web:cabinet_export", args=["zarechny"])).status_code == 400


def test_my_person_in_another_town_is_not_shown_here(client, world, other_town):
    """The cabinet of Озёрск shows the Озёрск person of the same login, never Заречный's."""
    with all_towns():
        user = world["me"].user
    login(client, user, verified=False)
    html = client.get(reverse("web:cabinet", args=["ozersk"])).content.decode()
    assert "Жителева" not in html and "пока нет в реестре" in html
    assert CardAccess.objects.with_scopes_disabled().count() == 0


def test_export_includes_events_practices_and_the_records_merged_into_mine(resident_client,
                                                                          world):
    """My registrations, feedback and volunteer hours (events), the problems I supported
    (practices), and what a record of mine that a merge absorbed holds: its appeal, its
    actions — all in my download."""
    import datetime as dt

    from django.utils import timezone

    from tests.events_core.conftest import new_event
    from veche.appeals.factories import make_appeal
    from veche.events.services.checkin import registration_create
    from veche.events.services.events import event_announce
    from veche.practices.models import CityProblem
    from veche.practices.projects.supports import problem_support
    from veche.registry.factories import make_person
    from veche.registry.merges import person_merge

    town, me = world["town"], world["me"]
    with town_scope(town):
        event = new_event(town, starts_at=timezone.now() + dt.timedelta(days=2),
                          ends_at=timezone.now() + dt.timedelta(days=2, hours=2))
        event_announce(event=event)
        registration_create(event=event, person=me)
        problem = CityProblem.objects.create(territory=town, text="Тёмный двор у школы")
        problem_support(problem=problem, person=me)
        twin = make_person(town, surname="Жителева", given_name="Мария")
        make_appeal(town, twin, text="Нет скамейки у подъезда 2.")
        person_merge(survivor=me, absorbed=twin)
    data = json.loads(resident_client.get(
        reverse("web:cabinet_export", args=["zarechny"])).content)
    assert [r["event"] for r in data["events"]["registrations"]] == [event.title]
    assert data["practices"]["problem_supports"][0]["problem"] == "Тёмный двор у школы"
    assert any(a["text"] == "Нет скамейки у подъезда 2." for a in data["appeals"])
    assert [r["person"]["surname"] for r in data["merged_records"]] == ["Жителева"]
    assert "обращение" in [a["kind"] for a in data["actions"]]
