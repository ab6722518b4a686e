"""The town's clock and calendar in meetings: a meeting planned on a public holiday is flagged;
a town in Krasnoyarsk time shows and prints its meetings in local time, labelled."""

import datetime as dt

import pytest

from veche.territories.scoping import town_scope

pytestmark = pytest.mark.django_db


def test_a_meeting_planned_on_a_holiday_is_flagged(mw, as_user):
    head = as_user(mw["head"])
    response = head.post("/t/zarechny/office/meetings/", {
        "day": "2027-01-04", "time": "12:00", "building": mw["yard"].pk,
        "head_name": "Климанов Олег Владимирович", "duration_minutes": 60}, follow=True)
    page = response.content.decode()
    assert response.status_code == 200
    assert "нерабочий праздничный день (Новогодние каникулы)" in page
    # an ordinary working day gets no such flag
    response = head.post("/t/zarechny/office/meetings/", {
        "day": "2027-01-12", "time": "18:00", "building": mw["yard"].pk,
        "head_name": "Климанов Олег Владимирович", "duration_minutes": 60}, follow=True)
    assert "нерабочий праздничный день" not in response.content.decode()


def test_a_krasnoyarsk_town_shows_and_prints_its_own_time(mw, as_user, client):
    from tests.appeals.meetings.pdftext import pdf_text
    from veche.appeals.models import HeadMeeting

    town, meeting = mw["town"], mw["meeting"]
    head = as_user(mw["head"])
    page = head.get("/t/zarechny/office/time-zone/")
    assert page.status_code == 200 and "Часовой пояс города" in page.content.decode()
    bad = head.post("/t/zarechny/office/time-zone/", {"time_zone": "Mars/Olympus"})
    assert bad.status_code == 400
    assert head.post("/t/zarechny/office/time-zone/",
                     {"time_zone": "Asia/Krasnoyarsk"}).status_code == 302
    town.refresh_from_db()
    assert town.time_zone == "Asia/Krasnoyarsk"
    # 11:00 UTC is 18:00 in Krasnoyarsk (14:00 in Moscow)
    with town_scope(town):
        HeadMeeting.objects.filter(pk=meeting.pk).update(
            starts_at=dt.datetime(2027, 1, 12, 11, 0, tzinfo=dt.UTC))
    public = client.get(f"/t/zarechny/meetings/{meeting.pk}/").content.decode()
    assert "18:00" in public and "время местное, МСК+4" in public and "14:00" not in public
    poster = " ".join(pdf_text(client.get(f"/t/zarechny/meetings/{meeting.pk}/poster.pdf")
                               .content).split())
    assert "18:00" in poster and "время местное, МСК+4" in poster
    # a resident's role does not reach the setting
    assert as_user(mw["resident"]).get("/t/zarechny/office/time-zone/").status_code in (302, 403)
