"""Issue 14, point 4: cut-offs 2 and 8 are judged event by event; the cut-off names the events
that lack what the seed asks; a month without events is reported as such."""

import datetime as dt

import pytest

from tests.api.conftest import login_client
from veche.accounts.factories import make_user
from veche.practices.models import EventReport, ScorecardMonth
from veche.practices.scorecard.compute import scorecard_recompute
from veche.practices.scorecard.params import scorecard_settings_change
from veche.practices.scorecard.services import event_report_create

pytestmark = pytest.mark.django_db
MAY, JUNE = dt.date(2026, 5, 1), dt.date(2026, 6, 1)


@pytest.fixture
def may(in_town):
    staff = make_user(email="ev@zarechny.ru")
    event_report_create(territory=in_town, held_on=dt.date(2026, 5, 5), title="Форум",
                        by=staff, announcement_url="https://zarechny.ru/a",
                        release_url="https://zarechny.ru/r", speakers=["Иванов"],
                        participants_list="40 человек", photo_urls=["https://zarechny.ru/1.jpg"])
    event_report_create(territory=in_town, held_on=dt.date(2026, 5, 19), title="Дворовая встреча",
                        by=staff, announcement_url="https://zarechny.ru/a2")
    scorecard_recompute(territories=[in_town], months=[MAY, JUNE])
    return ScorecardMonth.objects.get(territory=in_town, month=MAY)


def test_every_event_needs_an_announcement_and_a_release(may):
    """Seed 004, cut-off «2. Отсутствие анонса и релиз по мероприятию»: one complete event no
    longer clears the month when another lacks its release; the cut-off names that event."""
    c2 = may.cutoffs["2"]
    assert c2["failed"] is True and c2["source"] == "data"
    meeting = EventReport.objects.get(title="Дворовая встреча")
    assert [e["id"] for e in c2["lacking"]] == [meeting.pk]
    assert f"мероприятие 19.05 (№ {meeting.pk})" in c2["why"] and "1 из 2" in c2["why"]


def test_every_event_needs_lists_and_photos(may):
    """Seed 004, cut-off «8. Нет отчета о мероприятиях: списков и фото»: each event's report
    must have its list of participants and photos."""
    c8 = may.cutoffs["8"]
    assert c8["failed"] is True
    assert [e["held_on"] for e in c8["lacking"]] == ["2026-05-19"]


def test_a_month_without_events_is_said_to_be_one(may, in_town, curator,
                                                  django_capture_on_commit_callbacks):
    """The seed does not say how a month without any event scores on cut-offs 2 and 8: it is
    reported as «в месяце не было мероприятий», and the network's setting says whether it fails
    (by default it does: the project is expected to hold events every month)."""
    june = ScorecardMonth.objects.get(territory=in_town, month=JUNE)
    for code in ("2", "8"):
        assert june.cutoffs[code]["no_events"] is True
        assert june.cutoffs[code]["failed"] is True
        assert june.cutoffs[code]["why"].startswith("в месяце не было мероприятий")
        assert may.cutoffs[code]["no_events"] is False  # a failing month is not mixed in
    with django_capture_on_commit_callbacks(execute=True):
        scorecard_settings_change(by=curator, no_events_fails=False,
                                  reason="Летом мероприятия не обязательны")
    june = ScorecardMonth.objects.get(territory=in_town, month=JUNE)
    assert june.cutoffs["2"]["failed"] is False and june.cutoffs["2"]["no_events"] is True


def test_the_page_names_the_events(may, in_town):
    staff = make_user(email="page@zarechny.ru")
    from veche.accounts.factories import grant_role

    grant_role(staff, in_town, "staff")
    page = login_client(staff, verified=True).get("/t/zarechny/office/scorecard/")
    text = page.content.decode()
    assert page.status_code == 200
    assert "«Дворовая встреча» (19.05)" in text  # titles on the town's own page
    assert "в месяце не было мероприятий" in text
    assert "семя 004" in text  # the legend
