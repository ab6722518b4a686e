"""The meetings pages: staff only behind office/, residents and strangers refused; public
pages show time, place and outcomes but never a name; the phone form records a question as an
appeal and keeps what was typed when something is wrong; the ask-in-advance form."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone
from django.utils.formats import date_format

from veche.appeals.meetings.questions import question_publish_set, question_record
from veche.appeals.meetings.services import meeting_mark_held, meeting_report
from veche.appeals.models import Appeal, MeetingQuestion, TemplateSolution
from veche.territories.scoping import town_scope

pytestmark = pytest.mark.django_db
T = "/t/zarechny/"


def _staff_urls(mw):
    m = mw["meeting"].pk
    return [f"{T}office/meetings/", f"{T}office/meetings/plan/", f"{T}office/meetings/{m}/",
            f"{T}office/meetings/{m}/record/", f"{T}office/meetings/{m}/minutes.docx",
            f"{T}office/meetings/{m}/minutes.pdf", f"{T}office/meetings/recurring/",
            f"{T}office/meetings/solutions/", f"{T}office/meetings/figures/",
            f"{T}office/meetings/figures.xlsx"]


def test_staff_pages_open_for_staff_and_head(mw, as_user):
    for user in (mw["desk"], mw["head"]):
        client = as_user(user)
        for url in _staff_urls(mw):
            assert client.get(url).status_code == 200, url


def test_staff_pages_refuse_residents_anonymous_and_unverified_staff(mw, as_user):
    resident = as_user(mw["resident"], verified=False)
    unverified = as_user(mw["desk"], verified=False)
    for url in _staff_urls(mw):
        assert resident.get(url).status_code == 403, url
        assert Client().get(url).status_code == 302, url
        assert unverified.get(url).status_code == 302, url  # to the second-factor step


def _reported_meeting(mw):
    with town_scope(mw["town"]):
        meeting = mw["meeting"]
        q = question_record(meeting=meeting, text="Кузнецова из 14 кв.: течёт крыша",
                            surname="Кузнецова", given_name="Нина", apartment="14",
                            email="kuz@example.ru")
        meeting_mark_held(meeting=meeting, participants_count=61)
        question_publish_set(question=q, public_text="Протечки кровли",
                             public_outcome="Кровля отремонтирована")
        meeting_report(meeting=meeting, results_summary="Все вопросы в работе.")
    return meeting


def test_public_pages_show_results_without_personal_data(mw):
    meeting = _reported_meeting(mw)
    client = Client()
    for url in (f"{T}meetings/", f"{T}meetings/{meeting.pk}/",
                f"{T}meetings/{meeting.pk}/results.pdf", "/api/v1/t/zarechny/meetings/",
                f"/api/v1/t/zarechny/meetings/{meeting.pk}"):
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode("utf-8", errors="replace")
        for secret in ("Кузнецова", "kuz@example.ru", "течёт крыша", "14 кв"):
            assert secret not in body, (url, secret)
    page = client.get(f"{T}meetings/{meeting.pk}/").content.decode()
    assert "Кровля отремонтирована" in page and "61" in page
    # «12 октября 2026, понедельник, 18:30»: the weekday mid-sentence is in lower case.
    weekday = date_format(timezone.localtime(meeting.starts_at), "l")
    assert f", {weekday.lower()}, " in page and f", {weekday}, " not in page


def test_planned_meeting_is_not_public(mw):
    with town_scope(mw["town"]):
        from veche.appeals.meetings.factories import make_meeting
        draft = make_meeting(mw["town"], building=mw["far"], status="planned")
    assert Client().get(f"{T}meetings/{draft.pk}/").status_code == 404
    assert Client().get(f"{T}meetings/{draft.pk}/poster.pdf").status_code == 404


def test_town_home_lists_upcoming_meetings(mw):
    page = Client().get(T).content.decode()
    assert "Встречи Главы с жителями" in page and "ул. Победы, 12" in page


def test_poster_download(mw):
    response = Client().get(f"{T}meetings/{mw['meeting'].pk}/poster.pdf")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")


def test_record_question_on_the_phone_page(mw, as_user):
    client = as_user(mw["desk"])
    url = f"{T}office/meetings/{mw['meeting'].pk}/record/"
    form = {"what": "question", "surname": "Орлова", "given_name": "Мария", "apartment": "7",
            "text": "", "task": "Заменить лампы", "client_key": "abc"}
    bad = client.post(url, form)
    assert bad.status_code == 400
    html = bad.content.decode()
    assert "Орлова" in html and "Заменить лампы" in html  # nothing typed is lost
    assert 'id="id_text_error"' in html
    form.update(text="Не горит фонарь у подъезда", department=mw["dept_zhkh"].pk,
                deadline=(timezone.localdate() + dt.timedelta(days=10)).isoformat())
    ok = client.post(url, form)
    assert ok.status_code == 302
    again = client.post(url, form)  # the same form sent twice (a double tap)
    assert again.status_code == 302
    with town_scope(mw["town"]):
        appeal = Appeal.objects.get()
        assert appeal.channel == "head_meeting" and appeal.assignments.count() == 1
        assert MeetingQuestion.objects.count() == 1


def test_headcount_and_participant_on_the_phone_page(mw, as_user):
    client = as_user(mw["desk"])
    url = f"{T}office/meetings/{mw['meeting'].pk}/record/"
    assert client.post(url, {"what": "participant", "name": "", "apartment": ""}
                       ).status_code == 400
    assert client.post(url, {"what": "participant", "name": "Сидоров Пётр"}).status_code == 302
    assert client.post(url, {"what": "headcount", "count": "много"}).status_code == 400
    assert client.post(url, {"what": "headcount", "count": "52"}).status_code == 302
    mw["meeting"].refresh_from_db()
    assert mw["meeting"].participants_count == 52


def test_ask_in_advance_page(mw):
    client = Client()
    url = f"{T}meetings/{mw['meeting'].pk}/ask/"
    assert client.get(url).status_code == 200
    bad = client.post(url, {"surname": "Петрова", "text": "Когда починят лифт?"})
    assert bad.status_code == 400
    assert "59-ФЗ" in bad.content.decode() and "Когда починят лифт?" in bad.content.decode()
    ok = client.post(url, {"surname": "Петрова", "given_name": "Анна", "apartment": "21",
                           "text": "Когда починят лифт?"})
    assert ok.status_code == 200 and "принят как обращение" in ok.content.decode()
    # The thank-you page reloaded (the browser sends the form again): still one question.
    again = client.post(url, {"surname": "Петрова", "given_name": "Анна", "apartment": "21",
                              "text": "Когда  починят лифт?"})
    assert again.status_code == 200
    with town_scope(mw["town"]):
        q = MeetingQuestion.objects.get()
        assert q.in_advance and "ул. Победы, 12, кв. 21" in q.appeal.reply_postal
        assert q.appeal.number in again.content.decode()


def test_solution_create_and_network_solution_read_only(mw, as_user):
    client = as_user(mw["desk"])
    bad = client.post(f"{T}office/meetings/solutions/", {"title": "Освещение двора"})
    assert bad.status_code == 400 and "Опишите проблему" in bad.content.decode()
    ok = client.post(f"{T}office/meetings/solutions/", {
        "title": "Освещение двора", "problem": "Не горят фонари",
        "steps": "1. Заявка владельцу сетей\n2) Замена ламп\n- Проверка вечером",
        "is_published": "on", "doc_title": "Заявление", "doc_body": "Прошу заменить лампы"})
    assert ok.status_code == 302
    with town_scope(mw["town"]):
        s = TemplateSolution.objects.get(title="Освещение двора")
        assert s.steps == ["Заявка владельцу сетей", "Замена ламп", "Проверка вечером"]
        assert s.documents.get().body == "Прошу заменить лампы"
        network = TemplateSolution.objects.create(territory=None, title="Общее",
                                                  problem="p", steps=["a"])
    assert client.get(f"{T}office/meetings/solutions/{network.pk}/").status_code == 200
    assert client.post(f"{T}office/meetings/solutions/{network.pk}/",
                       {"title": "x"}).status_code == 404
    suggest = client.post(f"{T}office/meetings/solutions/suggest/",
                          {"text": "во дворе темно, не горят фонари"})
    assert "Освещение двора" in suggest.content.decode()


def test_plan_page_creates_a_series(mw, as_user):
    with town_scope(mw["town"]):
        from veche.appeals.services import appeal_create
        from veche.registry.factories import make_person
        p = make_person(mw["town"], surname="Жалобин", given_name="Фёдор", email="z@ex.ru")
        appeal_create(territory=mw["town"], channel="phone", applicant=p, text="Яма",
                      reply_email="z@ex.ru", building=mw["far"])
    client = as_user(mw["desk"])
    page = client.get(f"{T}office/meetings/plan/")
    html = page.content.decode()
    assert page.status_code == 200 and f'data-building="{mw["far"].pk}"' in html
    # The busiest courtyard is named on the map, and the period in use is in the form.
    assert 'class="map-label">ул. Конституции, 5</text>' in html
    assert f'value="{timezone.localdate().isoformat()}"' in html
    bad = client.post(f"{T}office/meetings/plan/", {"title": "Весна", "buildings": [],
                                                     "first_day": "2099-01-01"})
    assert bad.status_code == 400
    ok = client.post(f"{T}office/meetings/plan/", {
        "title": "Весна во дворах", "buildings": [mw["far"].pk], "every_days": "7",
        "first_day": (timezone.localdate() + dt.timedelta(days=3)).isoformat(),
        "at_time": "18:30", "head_name": "Глава"})
    assert ok.status_code == 302
