"""Events core pages and API as people use them: a resident registers and opens the ticket
with its QR, staff scan it in (JSON for the scanner's script and the plain form), another
town's staff get nothing, the enterprise manages only its events, the API's check-in codes."""

import json

import pytest
from django.test import Client
from django.urls import reverse

from veche.events.models import OrganiserKind, Registration
from veche.events.qr import ticket_token
from veche.territories.scoping import town_scope

pytestmark = pytest.mark.django_db


def _url(name, *args):
    return reverse(f"web:{name}", args=["zarechny", *args])


def test_resident_sees_announced_event_registers_and_opens_ticket(ew, as_user, make_event):
    with town_scope(ew["town"]):
        draft = make_event(ew["town"], title="Черновик секретный")
    anon = Client()
    page = anon.get(_url("events_list")).content.decode()
    assert "Встреча с жителями" in page and "Черновик секретный" not in page
    assert anon.get(_url("events_detail", draft.pk)).status_code == 404
    client = as_user(ew["resident"], verified=False)
    detail = client.get(_url("events_detail", ew["event"].pk)).content.decode()
    assert "Зарегистрироваться" in detail and "В здании администрации" not in detail
    response = client.post(_url("events_register", ew["event"].pk), follow=True)
    page = response.content.decode()
    assert "Вы зарегистрированы" in page and "<svg" in page
    with town_scope(ew["town"]):
        reg = Registration.objects.get(event=ew["event"], person=ew["me"])
    assert reg.code in page
    again = client.post(_url("events_register", ew["event"].pk), follow=True)
    assert "Вы уже зарегистрированы на это мероприятие." in again.content.decode()
    svg = client.get(_url("events_ticket_qr", reg.pk))
    assert svg["Content-Type"] == "image/svg+xml"
    # Someone else's ticket is not found.
    assert as_user(ew["staff"]).get(_url("events_ticket", reg.pk)).status_code == 404


def test_staff_scanner_checks_in_once(ew, as_user):
    with town_scope(ew["town"]):
        reg = Registration.objects.create(territory=ew["town"], event=ew["event"],
                                          person=ew["me"])
        token = ticket_token(reg)
    staff = as_user(ew["staff"])
    page = staff.get(_url("events_scanner", ew["event"].pk)).content.decode()
    assert "scanner.js" in page and 'name="code"' in page
    first = staff.post(_url("events_checkin", ew["event"].pk), {"code": token},
                       HTTP_ACCEPT="application/json").json()
    second = staff.post(_url("events_checkin", ew["event"].pk), {"code": reg.code},
                        HTTP_ACCEPT="application/json").json()
    assert first == {"code": "checked_in", "message": "Отмечен: Иванова А. П.", "ok": True,
                     "name": "Иванова А. П.", "count": "Отмечено 1 из 1",
                     "checked_in_at": first["checked_in_at"]}
    assert second["code"] == "already_checked_in" and second["count"] == "Отмечено 1 из 1"
    form = staff.post(_url("events_checkin", ew["event"].pk), {"code": "nonsense!"})
    assert "Не найдено" in form.content.decode()


def test_qr_url_opened_by_a_camera_app(ew, as_user):
    with town_scope(ew["town"]):
        reg = Registration.objects.create(territory=ew["town"], event=ew["event"],
                                          person=ew["me"])
        token = ticket_token(reg)
    anon = Client().get(_url("events_ticket_scan", token)).content.decode()
    assert "Иванова" not in anon and "Отметить на входе" not in anon
    staff = as_user(ew["staff"]).get(_url("events_ticket_scan", token)).content.decode()
    assert "Отметить на входе" in staff


def test_other_towns_staff_and_residents_get_no_office(ew, as_user):
    from veche.accounts.factories import grant_role, make_user

    stranger = make_user(email="staff@ozersk.ru")
    grant_role(stranger, ew["other_town"], "staff")
    client = as_user(stranger)
    for name in ("events_office", "events_new"):
        assert client.get(_url(name)).status_code == 403
    for name in ("events_office_detail", "events_scanner", "events_registrations"):
        assert client.get(_url(name, ew["event"].pk)).status_code == 403
    resident = as_user(ew["resident"], verified=False)
    assert resident.get(_url("events_office")).status_code == 403


def test_enterprise_manages_only_its_events(ew, as_user, make_event):
    rep = as_user(ew["rep"], verified=False)
    assert rep.get(_url("events_office")).status_code == 200
    assert rep.get(_url("events_edit", ew["event"].pk)).status_code == 403
    assert rep.get(_url("events_registrations", ew["event"].pk)).status_code == 403
    with town_scope(ew["town"]):
        own = make_event(ew["town"], organiser_kind=OrganiserKind.ENTERPRISE, title="Завод")
    assert rep.get(_url("events_edit", own.pk)).status_code == 200
    response = rep.post(_url("events_action", own.pk), {"action": "announce"}, follow=True)
    assert "Мероприятие объявлено." in response.content.decode()


def test_staff_creates_event_with_bad_dates_and_sees_the_message(ew, as_user):
    staff = as_user(ew["staff"])
    response = staff.post(_url("events_new"), {
        "kind": "discussion", "title": "Обсуждение сквера", "organiser_kind": "administration",
        "format": "offline", "venue_kind": "administration", "starts_at": "2030-05-01T18:00",
        "ends_at": "2030-05-01T17:00"})
    assert "Окончание должно быть позже начала." in response.content.decode()
    response = staff.post(_url("events_new"), {
        "kind": "discussion", "title": "Обсуждение сквера", "organiser_kind": "administration",
        "format": "offline", "venue_kind": "administration", "starts_at": "2030-05-01T18:00",
        "ends_at": "2030-05-01T20:00", "latitude": "53.2", "longitude": "45.17"}, follow=True)
    page = response.content.decode()
    assert "Мероприятие создано" in page and "В здании администрации" in page
    assert "event-map-point" in page


def test_api_checkin_codes_and_registration(ew, as_user):
    with town_scope(ew["other_town"]):
        far = Registration.objects.create(territory=ew["other_town"], event=ew["far_event"],
                                          person=ew["far"])
        far_token = ticket_token(far)
    resident = as_user(ew["resident"], verified=False)
    api = f"/api/v1/t/zarechny/events/{ew['event'].pk}"
    created = resident.post(api + "/registration", content_type="application/json")
    assert created.status_code == 201, created.content
    ticket = created.json()
    twice = resident.post(api + "/registration", content_type="application/json")
    assert twice.status_code == 400 and twice.json()["code"] == "already_registered"
    staff = as_user(ew["staff"])

    def scan(code):
        return staff.post(api + "/checkin", data=json.dumps({"code": code}),
                          content_type="application/json").json()

    assert scan(ticket["ticket_url"])["code"] == "checked_in"
    assert scan(ticket["code"])["code"] == "already_checked_in"
    assert scan(far_token)["code"] == "other_town"
    assert scan("")["code"] == "not_found"
    public = Client().get("/api/v1/t/zarechny/events/").json()
    assert [e["title"] for e in public["results"]] == ["Встреча с жителями"]
    bad = staff.post("/api/v1/t/zarechny/events/", data=json.dumps({
        "kind": "meeting", "title": "X", "organiser_kind": "administration",
        "venue_kind": "public", "starts_at": "2030-01-01T10:00:00+03:00",
        "ends_at": "2030-01-01T09:00:00+03:00"}), content_type="application/json")
    assert bad.status_code == 400 and "ends_at" in bad.json()["errors"]


def test_link_by_url_shows_on_both_pages(ew, as_user):
    from veche.votes.factories import make_vote

    with town_scope(ew["town"]):
        vote = make_vote(ew["town"], title="Какой сквер благоустроить")
    staff = as_user(ew["staff"])
    url = f"http://testserver/t/zarechny/votes/{vote.pk}/"
    page = staff.post(_url("events_link_add", ew["event"].pk), {"url": url},
                      follow=True).content.decode()
    assert "Связь добавлена." in page and "Какой сквер благоустроить" in page
    bad = staff.post(_url("events_link_add", ew["event"].pk), {"url": "https://ya.ru/"},
                     follow=True).content.decode()
    assert "Не удалось распознать ссылку" in bad
    vote_page = Client().get(reverse("web:votes_detail", args=["zarechny", vote.pk]))
    assert "Связанные мероприятия" in vote_page.content.decode()
    assert "Встреча с жителями" in vote_page.content.decode()
