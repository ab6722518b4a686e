"""The practice's figures for a period: counted from meetings, appeals, assignments and
feedback; the same numbers in the XLSX export (read back with openpyxl)."""

import datetime as dt
import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from veche.appeals.meetings.factories import make_meeting
from veche.appeals.meetings.figures import practice_figures
from veche.appeals.meetings.questions import question_record
from veche.appeals.meetings.services import meeting_headcount_set, meeting_mark_held
from veche.appeals.services import appeal_answer, appeal_create
from veche.appeals.services.feedback import feedback_open, feedback_submit
from veche.registry.factories import make_person
from veche.territories.scoping import town_scope

pytestmark = pytest.mark.django_db


@pytest.fixture
def practice(mw):
    """Two held meetings (30 and 45 people) with three questions, one phone appeal that is
    answered and rated 4, and one meeting still ahead."""
    town = mw["town"]
    with town_scope(town):
        today = timezone.localdate()
        held = [make_meeting(town, building=b, days=-3) for b in (mw["yard"], mw["far"])]
        for i, m in enumerate([held[0], held[0], held[1]]):
            question_record(meeting=m, text=f"Вопрос жителей № {i}", surname="Орлов",
                            given_name="Иван", apartment=str(i + 1))
        for count, m in zip((30, 45), held, strict=True):
            # Heads counted at the end: the askers written down are among them.
            meeting_headcount_set(meeting=m, count=count)
            meeting_mark_held(meeting=m)
        person = make_person(town, surname="Звонов", given_name="Пётр", email="z@example.ru")
        appeal = appeal_create(territory=town, channel="phone", applicant=person,
                               text="Не горит фонарь", reply_email="z@example.ru",
                               register=True)
        appeal_answer(appeal=appeal, text="Фонарь заменён.", actor=mw["desk"])
        feedback_submit(feedback=feedback_open(appeal=appeal), solved=True, satisfaction=4)
    return {**mw, "since": today - dt.timedelta(days=30), "until": today}


def test_figures_count_the_period(practice):
    with town_scope(practice["town"]):
        f = practice_figures(territory=practice["town"], since=practice["since"],
                             until=practice["until"])
    assert f["meetings_held"] == 2
    assert f["participants"] == 75
    assert f["appeals_received"] == 4 and f["appeals_from_meetings"] == 3
    assert f["appeals_done"] == 1  # answered, then closed by the applicant's «solved»
    assert f["appeals_open"] == 3 and f["appeals_overdue"] == 0
    assert f["satisfaction"] == 4 and f["feedback_answers"] == 1
    assert f["avg_days_to_solve"] is not None and f["avg_days_to_solve"] < 1
    assert sum(m["meetings"] for m in f["monthly"]) == 2
    assert {r["label"]: r["count"] for r in f["by_channel"]} == {"встреча с Главой": 3,
                                                                  "телефон": 1}


def test_an_empty_period_shows_zeros(practice):
    with town_scope(practice["town"]):
        f = practice_figures(territory=practice["town"], since=dt.date(2001, 1, 1),
                             until=dt.date(2001, 3, 31))
    assert f["meetings_held"] == 0 and f["appeals_received"] == 0
    assert f["satisfaction"] is None and f["avg_days_to_solve"] is None
    assert len(f["monthly"]) == 3


def test_dashboard_page_and_xlsx_show_the_same_numbers(practice, as_user):
    client = as_user(practice["desk"])
    query = {"date_from": practice["since"].isoformat(), "date_to": practice["until"].isoformat()}
    page = client.get("/t/zarechny/office/meetings/figures/", query)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Показатели практики" in html and 'id="fig-meetings"' in html
    response = client.get("/t/zarechny/office/meetings/figures.xlsx", query)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    wb = load_workbook(io.BytesIO(response.content))
    rows = {r[0]: r[1] for r in wb["Показатели"].iter_rows(min_row=5, values_only=True)}
    assert rows["Проведено встреч Главы с жителями"] == 2
    assert rows["Приняло участие во встречах, человек"] == 75
    assert rows["Принято обращений (заявок)"] == 4
    assert rows["Удовлетворённость (1–5)"] == 4
    assert {"По месяцам", "По каналам", "По темам"} <= set(wb.sheetnames)


def test_bad_period_keeps_the_form_with_a_message(practice, as_user):
    client = as_user(practice["desk"])
    page = client.get("/t/zarechny/office/meetings/figures/",
                      {"date_from": "2026-05-10", "date_to": "2026-01-01"})
    assert page.status_code == 200
    assert "Дата «по» раньше даты «с»" in page.content.decode()
    page = client.get("/t/zarechny/office/meetings/figures/", {"date_from": "вчера"})
    assert "ДД.ММ.ГГГГ" in page.content.decode()


def test_a_period_over_ten_years_charts_its_last_ten_and_counts_all(practice, as_user):
    since = practice["until"].replace(year=practice["until"].year - 12)
    with town_scope(practice["town"]):
        f = practice_figures(territory=practice["town"], since=since, until=practice["until"])
    assert len(f["monthly"]) == 120
    assert f["monthly"][-1]["month"] == practice["until"].replace(day=1)  # this month is in
    assert f["monthly_since"] == f["monthly"][0]["month"] > since
    assert sum(m["received"] for m in f["monthly"]) == f["appeals_received"] == 4
    page = as_user(practice["desk"]).get("/t/zarechny/office/meetings/figures/", {
        "date_from": since.isoformat(), "date_to": practice["until"].isoformat()})
    assert "Период длиннее десяти лет" in page.content.decode()
